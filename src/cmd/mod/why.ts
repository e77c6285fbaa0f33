// `go mod why`: the shortest import chain from the main module to each package (or module with -m).
import type { FlagSet, Ref } from '../../lib/flags.js';
import * as gover from '../../lib/gover.js';
import { fatalModError } from '../../modload/forload.js';
import { openModState } from '../../modload/init.js';
import { loadPackageGraph, mainModulePackages, whyDepth, whyText, type PkgGraph } from '../../modload/pkggraph.js';
import { cleanPatterns, matchPattern } from '../../load/pkgpattern.js';
import type { Config } from '../../cfg/config.js';
import { contextFor } from '../../load/context.js';
import { Loader, type LoadConfig } from '../../load/load.js';
import { packageIndexFor } from '../../load/pkgindex.js';
import { expandPatterns } from '../../load/search.js';
import { loadMainModuleOf, loadWithModules } from '../../modload/resolver.js';
import type { ModState } from '../../modload/state.js';
import type { Command } from '../command.js';
import { ExitError } from '../command.js';
import { addOverlayFlag, installModOverlay } from './modflags.js';

let mFlag: Ref<boolean>;
let modfileFlag: Ref<string>;
let overlayFlag: Ref<string>;
let modcacherwFlag: Ref<boolean>;
let vendorFlag: Ref<boolean>;

export const command: Command = {
  name: 'why',
  usageLine: 'go mod why [-m] [-vendor] packages...',
  short: 'explain why packages or modules are needed',
  long: `
Why shows a shortest path in the import graph from the main module to each listed package,
as a stanza starting "# package" followed by one package per line. A package the main module
does not need gets a parenthesized note instead.

-m treats the arguments as modules and shows the path to any package in each module.
-vendor leaves out imports of tests of dependencies.
`,
  flags(fs: FlagSet) {
    mFlag = fs.bool('m');
    vendorFlag = fs.bool('vendor');
    // go's AddModCommonFlags (GOFLAGS=-modfile reaches these commands too).
    modcacherwFlag = fs.bool('modcacherw');
    modfileFlag = fs.string('modfile');
    overlayFlag = addOverlayFlag(fs);
  },
  async run(ctx, args) {
    installModOverlay(ctx.config, ctx.cwd, overlayFlag.value);
    const vendoring = vendorFlag.value ? ' to vendor' : '';
    if (mFlag.value) {
      for (const a of args) if (a.includes('@')) throw new ExitError(`go: ${a}: 'go mod why' requires a module path, not a version query`, 1);
    }
    try {
      const { st } = openModState(ctx.config, ctx.cwd, { cmdName: 'mod why', modFile: modfileFlag.value, modcacherw: modcacherwFlag.value, stderr: (s) => ctx.stderr.write(s) });
      if (mFlag.value && whyModulesNeedGraph(st, args)) await st.loadGraph();
      // As go: tests of every package in "all" unless -vendor; before go 1.16 "all" also takes in their imports.
      const closesOverTests = !vendorFlag.value && gover.compare(st.main.goVersion || gover.DEFAULT_GO_MOD_VERSION, '1.16') < 0;
      // A load of "all": go.mod tools are roots too (go's MainModules.Tools(), every workspace module's).
      // In a workspace every module go.work uses is a main module: all their packages are roots.
      const roots = st.mains.flatMap((m) => mainModulePackages(m.path, m.dir, undefined, st.o.scanner));
      const g = await loadPackageGraph(st, roots, { tests: !vendorFlag.value, closesOverTests, all: true });
      let out = '';
      let sep = '';
      if (mFlag.value) {
        const byModule = new Map<string, string[]>();
        for (const [path, n] of g.pkgs) {
          if (!n.mod) continue;
          const l = byModule.get(n.mod.path);
          if (l) l.push(path);
          else byModule.set(n.mod.path, [path]);
        }
        for (const m of await whyModuleArgs(st, args)) {
          let best = '';
          let bestDepth = 1e9;
          for (const path of (byModule.get(m) ?? []).sort()) {
            const d = whyDepth(g, path);
            if (d > 0 && d < bestDepth) {
              best = path;
              bestDepth = d;
            }
          }
          const why = best === '' ? '' : whyText(g, best);
          out += `${sep}# ${m}\n${why || `(main module does not need${vendoring} module ${m})\n`}`;
          sep = '\n';
        }
      } else {
        for (const path of await whyPackageArgs(ctx.config, ctx.cwd, st, g, args, (w) => ctx.stderr.write(w))) {
          const why = whyText(g, path);
          out += `${sep}# ${path}\n${why || `(main module does not need${vendoring} package ${path})\n`}`;
          sep = '\n';
        }
      }
      ctx.stdout.write(out);
    } catch (e) {
      if (e instanceof ExitError) throw e;
      fatalModError(e);
    }
    return 0;
  },
};

/**
 * The packages the arguments name, in order, as go's LoadPackages matches them: directories and
 * wildcards become import paths, "all" the packages in "all", and no arguments means ".". A pattern
 * whose match failed (a directory that is no package) names nothing, silently, as go mod why
 * silences package errors; one that matched no packages gets go's warning.
 */
async function whyPackageArgs(config: Config, cwd: string, st: ModState, g: PkgGraph, args: readonly string[], stderr: (s: string) => void): Promise<string[]> {
  const patterns = cleanPatterns(args);
  const ctxt = contextFor(config);
  const lc: LoadConfig = { ctxt, cwd, gobin: config.gobin, toolchainVersion: config.localGo, mainModule: loadMainModuleOf(st) };
  const index = packageIndexFor(config);
  if (index) lc.index = index;
  const matches = await loadWithModules(st, (resolver) => expandPatterns(new Loader(lc, { resolver }), patterns));
  const out: string[] = [];
  for (const m of matches) {
    if (m.all) {
      out.push(...[...g.inAll].filter((n) => !n.testOf).map((n) => n.path).sort());
      continue;
    }
    for (const p of m.pkgs) if (!p.error) out.push(p.path);
    if (m.warn) stderr(`go: warning: "${m.pattern}" matched no packages\n`);
  }
  return out;
}

/**
 * Checks -m's arguments as go's ListModules does (no backslashes, no relative paths) and says whether
 * the whole module graph is needed: only for patterns and for modules not among go.mod's roots (or
 * the main modules) in a pruned graph. Naming only main modules in a workspace thus reads no other
 * module's go.mod, so an unpublished requirement between workspace modules is no error.
 */
function whyModulesNeedGraph(st: ModState, args: readonly string[]): boolean {
  let need = false;
  for (const arg of args) {
    if (arg.includes('\\')) throw new ExitError('go: module paths never use backslash', 1);
    if (arg === '.' || arg === '..' || arg.startsWith('./') || arg.startsWith('../')) {
      throw new ExitError(`go: cannot use relative path ${arg} to specify module`, 1);
    }
    if (arg === 'all' || arg.includes('...') || st.reqs.rootSelected(arg) === undefined || st.reqs.pruning === 'unpruned') need = true;
  }
  return need;
}

/**
 * The module paths -m names: "all" and "..." patterns expand over the build list (as go's ListModules
 * does); no arguments name the main modules.
 */
async function whyModuleArgs(st: ModState, args: readonly string[]): Promise<string[]> {
  if (args.length === 0) return st.mains.map((m) => m.path).filter((p) => !gover.isToolchain(p));
  if (!args.some((a) => a === 'all' || a.includes('...'))) return [...args];
  const list = (await st.reqs.expandedGraph()).graph.buildList();
  const out: string[] = [];
  const seen = new Set<string>();
  for (const arg of args) {
    if (arg !== 'all' && !arg.includes('...')) {
      out.push(arg);
      continue;
    }
    const mp = arg === 'all' ? () => true : matchPattern(arg);
    let n = 0;
    for (const m of list) {
      if (gover.isToolchain(m.path) || !mp(m.path) || seen.has(m.path)) continue;
      seen.add(m.path);
      out.push(m.path);
      n++;
    }
    if (n === 0) process.stderr.write(`warning: pattern ${JSON.stringify(arg)} matched no module dependencies\n`);
  }
  return out;
}
