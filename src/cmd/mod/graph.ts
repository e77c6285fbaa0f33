// `go mod graph`: print the module requirement graph, one "module requirement" edge per line.
import type { FlagSet, Ref } from '../../lib/flags.js';
import * as gover from '../../lib/gover.js';
import { fatalModError } from '../../modload/forload.js';
import { openModState } from '../../modload/init.js';
import type { Command } from '../command.js';
import { ExitError } from '../command.js';
import { goVersionFlag } from './goflag.js';
import { addOverlayFlag, installModOverlay } from './modflags.js';

let goFlag: Ref<string>;
let modfileFlag: Ref<string>;
let overlayFlag: Ref<string>;
let modcacherwFlag: Ref<boolean>;
let xFlag: Ref<boolean>;

export const command: Command = {
  name: 'graph',
  usageLine: 'go mod graph [-go=version] [-x]',
  short: 'print module requirement graph',
  long: `
Graph prints the module requirement graph (with replacements applied) as text. Each line has
two space-separated fields: a module and one of its requirements, written as path@version
(the main module has no @version).

The -go flag loads the graph as the given Go version would, instead of the version named by
the go directive in go.mod.

The -x flag prints the commands graph runs.
`,
  flags(fs: FlagSet) {
    goFlag = goVersionFlag(fs);
    xFlag = fs.bool('x', false);
    // go's AddModCommonFlags (GOFLAGS=-modfile reaches these commands too).
    modcacherwFlag = fs.bool('modcacherw');
    modfileFlag = fs.string('modfile');
    overlayFlag = addOverlayFlag(fs);
  },
  async run(ctx, args) {
    installModOverlay(ctx.config, ctx.cwd, overlayFlag.value);
    if (args.length > 0) throw new ExitError("go: 'go mod graph' accepts no arguments", 1);
    const goVersion = goFlag.value;
    const local = ctx.config.localGo;
    if (goVersion !== '' && gover.compare(local, goVersion) < 0) {
      const explain = gover.tooNewExplain({ gotoolchain: ctx.config.getenv('GOTOOLCHAIN') });
      throw new ExitError(`go: ${new gover.TooNewError('-go flag', goVersion, local, explain).message}`, 1);
    }
    try {
      const { st } = openModState(ctx.config, ctx.cwd, { cmdName: 'mod graph', modFile: modfileFlag.value, modcacherw: modcacherwFlag.value, trace: xFlag.value, stderr: (s) => ctx.stderr.write(s) });
      const { graph, error } = goVersion !== '' ? await st.reqs.graphForGo(goVersion) : await st.reqs.expandedGraph();
      if (error) throw error;
      ctx.stdout.write(graph.formatEdges());
    } catch (e) {
      if (e instanceof Error && e.message.startsWith('requested Go version')) throw new ExitError(`go: ${e.message}`, 1);
      fatalModError(e);
    }
    return 0;
  },
};
