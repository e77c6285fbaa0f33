// `go get`: add, upgrade, downgrade or remove dependencies of the main module (go.mod and go.sum).
import { writeGoModFile } from '../modload/gomodwrite.js';
import { addBuildFlags, type BuildFlags } from '../cfg/buildflags.js';
import type { FlagSet, FlagValue, Ref } from '../lib/flags.js';
import * as gover from '../lib/gover.js';
import { errorAs } from '../lib/module.js';
import { FatalError } from '../modfetch/errors.js';
import { fatalModError } from '../modload/forload.js';
import { openModState, workFileInUse } from '../modload/init.js';
import { workspaceModuleRoots } from '../modload/workspace.js';
import { isAppengineImport } from '../modload/import.js';
import { contextFor } from '../load/context.js';
import { scanDir } from '../load/dir.js';
import { GetExit, runGet, type GetWorkspace } from '../modget/get.js';
import type { Command } from './command.js';
import { ExitError } from './command.js';
import type { Config } from '../cfg/config.js';
import { readWorkFile, updateWorkGoVersion, writeWorkFile } from '../modload/workfile.js';
import { needSwitch, switchOrFatal } from '../toolchain/resolve.js';
import { installModOverlay } from './mod/modflags.js';

/** -u and -u=patch (go's upgradeFlag). */
class UpgradeFlag implements FlagValue {
  raw = '';
  version = '';
  set(s: string): void {
    this.raw = s;
    if (s === 'false') this.version = '';
    else if (s === 'true') this.version = 'upgrade';
    else this.version = s;
  }
  toString(): string { return ''; }
  isBoolFlag(): boolean { return true; }
}

/** -d (go's dFlag: deprecated, only true allowed). */
class DFlag implements FlagValue {
  set_ = false;
  value = false;
  set(s: string): void {
    this.set_ = true;
    if (s !== 'true' && s !== 'false' && s !== '1' && s !== '0' && s !== 't' && s !== 'f' && s !== 'T' && s !== 'F' && s !== 'TRUE' && s !== 'FALSE' && s !== 'True' && s !== 'False') {
      throw new Error('parse error');
    }
    this.value = ['true', '1', 't', 'T', 'TRUE', 'True'].includes(s);
  }
  toString(): string { return ''; }
  isBoolFlag(): boolean { return true; }
}

let bf: BuildFlags;
let uFlag: UpgradeFlag;
let dFlag: DFlag;
let tFlag: Ref<boolean>;
let toolFlag: Ref<boolean>;
let fFlag: Ref<boolean>;
let fixFlag: Ref<boolean>;
let mFlag: Ref<boolean>;
let insecureFlag: Ref<boolean>;

export const command: Command = {
  name: 'get',
  usageLine: 'go get [-t] [-u] [-tool] [build flags] [packages]',
  short: 'add dependencies to current module and install them',
  long: `
Get resolves its command-line arguments to packages at specific module versions, updates
go.mod to require those versions, and downloads source code into the module cache.

An argument path@version asks for that version (a query such as latest, upgrade, patch,
>=v1.2.3, a branch or a commit); path@none removes the module and downgrades the modules
that need it. Without a version, @upgrade is meant.

-u also upgrades the modules providing the dependencies of the named packages (-u=patch: to
their latest patch releases). -t considers the packages' tests too. -tool adds (or with @none
removes) a tool line for each named package. -x prints the commands run, -v more detail.
`,
  flags(fs: FlagSet) {
    bf = addBuildFlags(fs, 'get');
    uFlag = new UpgradeFlag();
    dFlag = new DFlag();
    fs.var(dFlag, 'd');
    fs.var(uFlag, 'u');
    fFlag = fs.bool('f');
    fixFlag = fs.bool('fix');
    mFlag = fs.bool('m');
    tFlag = fs.bool('t');
    insecureFlag = fs.bool('insecure');
    toolFlag = fs.bool('tool');
  },
  async run(ctx, args) {
    const stderr = (s: string): void => void ctx.stderr.write(s);
    if (!['', 'upgrade', 'patch'].includes(uFlag.version)) throw new ExitError(`go: unknown upgrade flag -u=${uFlag.raw}`, 1);
    if (dFlag.set_) {
      if (!dFlag.value) throw new ExitError('go: -d flag may not be set to false', 1);
      stderr('go: -d flag is deprecated. -d=true is a no-op\n');
    }
    if (fFlag.value) stderr('go: -f flag is a no-op\n');
    if (fixFlag.value) stderr('go: -fix flag is a no-op\n');
    if (mFlag.value) throw new ExitError('go: -m flag is no longer supported', 1);
    if (insecureFlag.value) throw new ExitError('go: -insecure flag is no longer supported; use GOINSECURE instead', 1);
    if (!ctx.config.modulesEnabled) throw new ExitError("go: modules disabled by GO111MODULE=off; see 'go help modules'", 1);
    try {
      // go's modload.Init installs -overlay: go.mod and go.sum are read through it, never written.
      installModOverlay(ctx.config, ctx.cwd, bf.overlay);
      for (const w of ctx.config.modWarnings) stderr(w + '\n');
      if (ctx.config.gomod === '' || ctx.config.gomod === '/dev/null') {
        throw new ExitError("go: go.mod file not found in current directory or any parent directory.\n\t'go get' is no longer supported outside a module.\n\tTo build and install a command, use 'go install' with a version,\n\tlike 'go install example.com/cmd@latest'\n\tFor more information, see https://golang.org/doc/go-get-install-deprecation\n\tor run 'go help get' or 'go help install'.", 1);
      }
      const { st, fetcher } = openModState(ctx.config, ctx.cwd, { cmdName: 'get', buildMod: 'mod', modFile: bf.modfile, trace: bf.x, stderr });
      if (!fetcher) throw new Error('go get: no module fetcher');
      const ctxt = contextFor(ctx.config, bf.tags);
      // A directory with no files for this configuration has no imports here (go's ErrNoGo, not reported by go get).
      // "C" and the legacy App Engine imports are dropped, as go's modload.scanDir drops them.
      const kept = (i: string): boolean => i !== 'C' && !isAppengineImport(i);
      const scanBuild = (dir: string): Promise<{ imports: string[]; testImports: string[] }> => scanDir(ctxt, dir).then(
        (d) => ({ imports: d.imports.filter(kept), testImports: [...new Set([...d.testImports, ...d.xTestImports])].filter(kept).sort() }),
        () => ({ imports: [], testImports: [] }),
      );
      const workspace = getWorkspace(ctx.config, ctx.cwd, st.main.path, { trace: bf.x, stderr });
      const res = await runGet(st, fetcher, args, { getU: uFlag.version, t: tFlag.value, tool: toolFlag.value, v: bf.v, stderr, needSwitch: (errs) => needSwitch(ctx.config, errs), scanBuild, ...(workspace ? { workspace } : {}) });
      if (res.goMod !== undefined && res.goMod !== st.main.data) {
        // replaceFile keeps the file's permissions, as go's lockedfile.Transform does.
        writeGoModFile(st.main.goModFile, res.goMod);
      }
      await fetcher.writeGoSum((m) => res.keep.has(`${m.path} ${m.version}`), false);
      stderr(res.report);
      if (res.goMod !== undefined) raiseWorkGoVersion(ctx.config, res.goMod);
      return res.code;
    } catch (e) {
      if (e instanceof ExitError) throw e;
      if (e instanceof GetExit) return e.code;
      // go's SwitchOrFatal: a newer Go needed (by a module, or by the go line being written) may switch toolchains.
      if (e instanceof Error) await switchOrFatal(ctx.config, e, stderr);
      if (e instanceof gover.TooNewError) throw new ExitError(`go: ${e.message}`, 1);
      const fatal = errorAs(e, FatalError);
      if (fatal) throw new ExitError(fatal.message, 1);
      fatalModError(e);
    }
  },
};

/** The go.work around the main module, which go get consults but does not edit (go's modget loadWorkspace). */
function getWorkspace(config: Config, cwd: string, mainPath: string, o: { trace: boolean; stderr: (s: string) => void }): GetWorkspace | undefined {
  const gowork = workFileInUse(config);
  if (gowork === '') return undefined;
  const modules = workspaceModuleRoots(gowork, { cwd, goroot: config.goroot, localGo: config.localGo, gotoolchain: config.getenv('GOTOOLCHAIN'), cmdName: 'get' });
  if (!modules) return undefined;
  return {
    modules,
    enter(mainFile) {
      const { st, fetcher } = openModState(config, cwd, { cmdName: 'get', workFile: gowork, modFileOverrides: new Map([[mainPath, mainFile]]), trace: o.trace, stderr: o.stderr });
      if (!fetcher) throw new Error('go get: no module fetcher for the workspace');
      return { st, fetcher };
    },
  };
}

/** go get's last step: a go.work in use gets a go line at least the main module's (go's UpdateWorkGoVersion). */
function raiseWorkGoVersion(config: Config, goMod: string): void {
  const gowork = config.gowork;
  if (gowork === '' || gowork === 'off') return;
  const goVers = gover.goModLookup(goMod, 'go');
  let wf;
  try {
    wf = readWorkFile(gowork, { cwd: config.cwd, localGo: config.localGo, gotoolchain: config.getenv('GOTOOLCHAIN'), cmdName: 'get' });
  } catch {
    return; // as go: an unreadable go.work is left alone here
  }
  if (updateWorkGoVersion(wf, goVers)) writeWorkFile(gowork, wf);
}
