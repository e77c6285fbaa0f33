// `go mod tidy`: make go.mod and go.sum match the source: add missing requirements, drop unused ones.
import { replaced } from '../../base/fsys.js';
import { GO_MOD_OVERLAID, writeGoModFile } from '../../modload/gomodwrite.js';
import type { FlagSet, Ref } from '../../lib/flags.js';
import * as gover from '../../lib/gover.js';
import { unifiedDiff } from '../../lib/diff.js';
import { errorAs, type Version } from '../../lib/module.js';
import { FatalError } from '../../modfetch/errors.js';
import { ModloadError, NoMainModulesError } from '../../modload/errors.js';
import { fatalModError } from '../../modload/forload.js';
import { openModState } from '../../modload/init.js';
import { tidy } from '../../modload/tidy.js';
import type { Command } from '../command.js';
import { ExitError } from '../command.js';
import { goVersionFlag } from './goflag.js';
import { addOverlayFlag, installModOverlay } from './modflags.js';
import { switchOrFatal } from '../../toolchain/resolve.js';

let eFlag: Ref<boolean>;
let modfileFlag: Ref<string>;
let overlayFlag: Ref<string>;
let modcacherwFlag: Ref<boolean>;
let vFlag: Ref<boolean>;
let xFlag: Ref<boolean>;
let diffFlag: Ref<boolean>;
let goFlag: Ref<string>;
let compatFlag: Ref<string>;

export const command: Command = {
  name: 'tidy',
  usageLine: 'go mod tidy [-e] [-v] [-x] [-diff] [-go=version] [-compat=version]',
  short: 'add missing and remove unused modules',
  long: `
Tidy makes go.mod match the source code in the module: it adds the modules needed to build
the module's packages and tests (and the tests of the packages they import), and removes
requirements on modules that provide nothing relevant. It also adds the go.sum entries those
modules need and removes the ones that are no longer needed.

-v prints the modules removed. -e goes on despite errors loading packages. -diff prints the
changes as unified diffs instead of writing them, and exits 1 if there are any. -go sets the
go directive's version; -compat names the oldest Go version whose go command must select the
same module versions (by default the version before the go directive's). -x prints the
commands run.
`,
  flags(fs: FlagSet) {
    eFlag = fs.bool('e');
    vFlag = fs.bool('v');
    xFlag = fs.bool('x');
    diffFlag = fs.bool('diff');
    goFlag = goVersionFlag(fs);
    compatFlag = goVersionFlag(fs, 'compat');
    // go's AddModCommonFlags (GOFLAGS=-modfile reaches these commands too).
    modcacherwFlag = fs.bool('modcacherw');
    modfileFlag = fs.string('modfile');
    overlayFlag = addOverlayFlag(fs);
  },
  async run(ctx, args) {
    installModOverlay(ctx.config, ctx.cwd, overlayFlag.value);
    if (args.length > 0) throw new ExitError("go: 'go mod tidy' accepts no arguments", 1);
    const goVersion = goFlag.value;
    const local = ctx.config.localGo;
    if (goVersion !== '' && gover.compare(local, goVersion) < 0) {
      const explain = gover.tooNewExplain({ gotoolchain: ctx.config.getenv('GOTOOLCHAIN') });
      throw new ExitError(`go: ${new gover.TooNewError('-go flag', goVersion, local, explain).message}`, 1);
    }
    const stderr = (s: string): void => void ctx.stderr.write(s);
    try {
      for (const w of ctx.config.modWarnings) stderr(w + '\n');
      // A go.mod in the system temp root or in $GOPATH is no main module for tidy (go's NeedRoot).
      if (ctx.config.modulesEnabled && (ctx.config.gomod === '/dev/null' || ctx.config.modRootRefused)) {
        throw new NoMainModulesError();
      }
      const { st, fetcher } = openModState(ctx.config, ctx.cwd, { cmdName: 'mod tidy', modFile: modfileFlag.value, modcacherw: modcacherwFlag.value, buildMod: 'mod', trace: xFlag.value, stderr });
      if (!fetcher) throw new Error('go mod tidy: no module fetcher');
      const res = await tidy(st, fetcher, { goVersion, compat: compatFlag.value, stderr, allowErrors: eFlag.value, ...(xFlag.value ? { trace: (l: string) => stderr(l + '\n') } : {}) });
      for (const e of res.errors) stderr(`go: ${e}\n`);
      if (res.errors.length > 0 && !eFlag.value) return 1;
      if (vFlag.value) for (const p of res.unused) stderr(`unused ${p}\n`);
      for (const e of res.compatErrors) stderr(`go: ${e}\n`);
      stderr(res.compatHints);
      if (res.compatErrors.length > 0 && !eFlag.value) return 1;
      const keep = (m: Version): boolean => res.keep.has(`${m.path} ${m.version}`);
      if (diffFlag.value) {
        fetcher.trimGoSum(keep);
        const sums = fetcher.tidyGoSum(keep);
        let code = 0;
        const modDiff = unifiedDiff('current/go.mod', res.goModBefore, 'tidy/go.mod', res.goModAfter);
        if (modDiff !== '') {
          ctx.stdout.write(modDiff + '\n');
          code = 1;
        }
        const sumDiff = unifiedDiff('current/go.sum', sums.current, 'tidy/go.sum', sums.tidy);
        if (sumDiff !== '') {
          ctx.stdout.write(sumDiff + '\n');
          code = 1;
        }
        return code;
      }
      // go's commitRequirements: an overlaid go.mod is never written, and go.sum is then left alone too.
      if (replaced(st.main.goModFile)) {
        if (res.goModAfter !== st.main.data) throw new ModloadError(GO_MOD_OVERLAID);
        return 0;
      }
      fetcher.trimGoSum(keep);
      await fetcher.writeGoSum(keep, false);
      if (res.goModAfter !== st.main.data) writeGoModFile(st.main.goModFile, res.goModAfter);
    } catch (e) {
      if (e instanceof ExitError) throw e;
      // A go.sum mismatch is printed as it is, without "go: " (go's base.Fatalf in modfetch).
      const fatal = errorAs(e, FatalError);
      if (fatal) throw new ExitError(fatal.message, 1);
      // go's loader hands its errors to a toolchain Switcher: a module needing a newer Go may switch.
      if (e instanceof Error) await switchOrFatal(ctx.config, e, stderr);
      fatalModError(e);
    }
    // With -e the errors were printed and tidy went on: go exits 0.
    return 0;
  },
};
