// The go command's configuration: defaults, $GOROOT/go.env, the user's go env file, the environment.
import { existsSync, readFileSync, statSync, mkdirSync, rmSync } from 'node:fs';
import { join, isAbsolute, dirname, normalize, delimiter } from 'node:path';
import { readEnvFile } from './envfile.js';
import { findGOROOT, readGoVersion, lookPath } from './goroot.js';
import { selfExecutable } from './selfexe.js';
import { userConfigDir, userCacheDir, homeVar, type Env } from './userdirs.js';
import {
  archEnv, cgoSupported, defaultCC, defaultCXX, hostGOARCH, hostGOOS, DEFAULT_CFLAGS, DEFAULT_PKG_CONFIG,
} from './platform.js';
import { splitQuoted, joinQuotedOrPlain } from '../lib/quoted.js';
import { ExitError } from '../base/errors.js';
import { gccSupportsFlag, type ProbeOptions } from './ccprobe.js';
import { parseGOEXPERIMENT, type Experiments } from './experiment.js';
import { newWorkDir } from './workdir.js';
import { testHooks } from './testhooks.js';
import { fromToolchain } from '../lib/gover.js';
import { overlay, statPath } from '../base/fsys.js';
import { noPromptEnv } from '../base/noprompt.js';

/** One `go env` variable: its effective value and whether it differs from the default. */
export interface EnvVar {
  name: string;
  value: string;
  changed: boolean;
}

/** Variables that affect the go command (internal/cfg.KnownEnv); `go env -w` accepts only these. */
export const KNOWN_ENV: ReadonlySet<string> = new Set(
  ('AR CC CGO_CFLAGS CGO_CFLAGS_ALLOW CGO_CFLAGS_DISALLOW CGO_CPPFLAGS CGO_CPPFLAGS_ALLOW ' +
    'CGO_CPPFLAGS_DISALLOW CGO_CXXFLAGS CGO_CXXFLAGS_ALLOW CGO_CXXFLAGS_DISALLOW CGO_ENABLED CGO_FFLAGS ' +
    'CGO_FFLAGS_ALLOW CGO_FFLAGS_DISALLOW CGO_LDFLAGS CGO_LDFLAGS_ALLOW CGO_LDFLAGS_DISALLOW CXX FC GCCGO ' +
    'GO111MODULE GO386 GOAMD64 GOARCH GOARM GOARM64 GOAUTH GOBIN GOCACHE GOCACHEPROG GOENV GOEXE ' +
    'GOEXPERIMENT GOFIPS140 GOFLAGS GOGCCFLAGS GOHOSTARCH GOHOSTOS GOINSECURE GOMIPS GOMIPS64 GOMODCACHE ' +
    'GONOPROXY GONOSUMDB GOOS GOPATH GOPPC64 GOPRIVATE GOPROXY GORISCV64 GOROOT GOSUMDB GOTMPDIR ' +
    'GOTOOLCHAIN GOTOOLDIR GOVCS GOWASM GOWORK GO_EXTLINK_ENABLED PKG_CONFIG').split(' '),
);

/** gocmd's own remote-cache settings (environment only), which go env shows when they are set. */
export const REMOTE_CACHE_ENV: readonly string[] = [
  'GOCMD_REMOTE_CACHE', 'GOCMD_REMOTE_CACHE_READONLY', 'GOCMD_REMOTE_CACHE_HEADER', 'GOCMD_REMOTE_CACHE_MAX_SIZE', 'GOCMD_REMOTE_CACHE_TIMEOUT',
];

/** Variables whose computation runs the C compiler or the like (go's ExtraEnvVarsCostly). */
export const COSTLY_ENV: ReadonlySet<string> = new Set([
  'CGO_CFLAGS', 'CGO_CPPFLAGS', 'CGO_CXXFLAGS', 'CGO_FFLAGS', 'CGO_LDFLAGS', 'PKG_CONFIG', 'GOGCCFLAGS',
]);

export interface LoadOptions {
  /** The process environment (default process.env). */
  env?: Record<string, string | undefined>;
  /** The working directory (default process.cwd()). */
  cwd?: string;
  /** Where to look for GOROOT when nothing names one (default /usr/local/go, /usr/lib/go). */
  fallbackGoroots?: string[];
  /** The path gocmd was started by, tried for GOROOT as go tries its executable (default: the launcher's). */
  exe?: string;
}

/** os.Getwd on Unix: $PWD when it is absolute and names the current directory (symlinks kept), else the real path. */
export function getwd(env: Env): string {
  const pwd = env.PWD ?? '';
  if (pwd.startsWith('/')) {
    try {
      const dot = statSync('.', { bigint: true });
      const d = statSync(pwd, { bigint: true });
      if (d.dev === dot.dev && d.ino === dot.ino) return pwd;
    } catch { /* fall back to the kernel's answer */ }
  }
  return process.cwd();
}

/** Cleans a path as filepath.Clean does (no trailing slash, "." for empty). */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  let c = normalize(p);
  if (c.length > 1 && c.endsWith('/')) c = c.slice(0, -1);
  return c;
}

interface ModInfo {
  gomod: string;
  gowork: string;
  modRoot: string;
  modulesEnabled: boolean;
  warnings: string[];
  /** A go.mod go ignores with a warning (temp root, $GOPATH): commands needing a main module refuse to run. */
  rootRefused?: boolean;
}

/** The go command's configuration, computed once per process from its layers. */
/** How gccCmd (GOGCCFLAGS) asks the C compiler about its optional flags. */
export interface GccCmdOptions {
  /** -n: print the probes and assume no optional flag is supported. */
  dryRun?: boolean;
  /** -x/-n line sink. */
  show?: (line: string) => void;
  /**
   * Answers gccSupportsFlag in place of a fresh probe (go keeps the answers in GOCACHE; the
   * build cache lives above cfg, so commands that have it pass it in here).
   */
  supportsFlag?: (compiler: readonly string[], flag: string) => boolean;
}

/** go/env in the user configuration directory (GOENV unset), or "" and why there is none. */
export function defaultEnvFile(env: Env, goos: string): { file: string; err: string } {
  const d = userConfigDir(env, goos);
  if (d.dir === undefined) return { file: '', err: d.err };
  if (d.dir === '') return { file: '', err: 'missing user-config dir' };
  return { file: join(d.dir, 'go/env'), err: '' };
}

export class Config {
  /** The process environment gocmd started with. */
  readonly osEnv: Env;
  readonly cwd: string;
  /** The user env file ($GOENV or <UserConfigDir>/go/env), "" when GOENV=off or unknown. */
  readonly envFile: string;
  readonly envFileChanged: boolean;
  /** Why envFile is "" ("GOENV=off", "missing user-config dir", or the config-dir error). */
  readonly envFileErr: string;
  /** Values from the user env file (file) and $GOROOT/go.env (gorootFile), merged: file wins. */
  private readonly fileVars: Map<string, string>;
  private readonly gorootVars: Map<string, string>;

  readonly goroot: string;
  /** gover.LocalToolchain: "go1.26.8", from $GOROOT/VERSION (cmd/go's harness may fake it: TESTGO_VERSION). */
  readonly goVersion: string;
  /** gover.Local: the Go version of goVersion ("1.26.8"). */
  readonly localGo: string;
  /** runtime.Version() of the toolchain in GOROOT ("go1.26.8"), whatever the test hooks say. */
  readonly runtimeVersion: string;
  /** What builds record as the toolchain version (runtimeVersion, or TESTGO_TOOLCHAIN_VERSION under the harness). */
  readonly toolchainVersion: string;
  readonly gohostos: string;
  readonly gohostarch: string;
  readonly goos: string;
  readonly goarch: string;
  /** ".exe" for windows targets. */
  readonly exeSuffix: string;
  /** $GOROOT/pkg/tool/<GOHOSTOS>_<GOHOSTARCH>, or "" without a GOROOT. */
  readonly toolDir: string;
  readonly gopath: string;
  readonly gopathChanged: boolean;
  /** Set when GOPATH has no default ("HOME is not set", "cannot set GOROOT as GOPATH"). */
  readonly gopathError: string;
  readonly gobin: string;
  readonly gomodcache: string;
  readonly gomodcacheChanged: boolean;
  /** The build cache directory, or "off" (see gocacheErr). */
  readonly gocache: string;
  readonly gocacheChanged: boolean;
  readonly gocacheErr: string;
  readonly cgoEnabled: boolean;
  readonly cgoChanged: boolean;

  /** What GOTOOLCHAIN selection saw (set by cli/run.ts; see toolchain/select.ts), for "requires go >=" errors. */
  toolchainStartup?: { autoFile: string; autoGoVersion: string; autoToolchain: string };

  private envVarsMemo?: EnvVar[];
  private experimentsMemo?: Experiments;
  private costlyMemo?: EnvVar[];
  private modMemo?: ModInfo;
  private toolEnvMemo?: Record<string, string>;

  constructor(opts: LoadOptions = {}) {
    const env: Env = opts.env ?? process.env;
    this.osEnv = env;
    this.cwd = opts.cwd ?? getwd(env);
    this.gohostos = hostGOOS();
    this.gohostarch = hostGOARCH();

    // The user env file.
    const goenv = env.GOENV ?? '';
    if (goenv !== '') {
      if (goenv === 'off') {
        this.envFile = '';
        this.envFileErr = 'GOENV=off';
      } else {
        this.envFile = goenv;
        this.envFileErr = '';
      }
      this.envFileChanged = goenv !== 'off';
    } else {
      const d = defaultEnvFile(env, this.gohostos);
      this.envFile = d.file;
      this.envFileErr = d.err;
      this.envFileChanged = false;
    }
    this.fileVars = readEnvFile(this.envFile);

    // GOROOT: the user file's GOROOT, else $GOROOT, else discovery; then $GOROOT/go.env.
    const found = findGOROOT(this.fileVars.get('GOROOT') || env.GOROOT || '', env.PATH, opts.fallbackGoroots, opts.exe ?? selfExecutable());
    const cleanFound = found === '' ? '' : cleanPath(found);
    this.gorootVars = readEnvFile(cleanFound ? join(cleanFound, 'go.env') : '');
    for (const [k, v] of this.gorootVars) if (!this.fileVars.has(k)) this.fileVars.set(k, v);
    this.fileVars.set('GOROOT', cleanFound);
    this.goroot = this.getenv('GOROOT');
    // go's own version is built into its binary, whatever $GOROOT says; gocmd's is that of the
    // GOROOT it would find itself when $GOROOT names one without a version (go's mod_goroot_errors).
    this.runtimeVersion = readGoVersion(this.goroot) || readGoVersion(findGOROOT('', env.PATH, opts.fallbackGoroots, opts.exe ?? selfExecutable()));
    const hooks = testHooks(env);
    // gover.local: a name that is no release ("go1.21actual", a devel build) stands for its language version.
    const claimed = hooks.version || this.runtimeVersion;
    this.localGo = fromToolchain(claimed) || devLang(this.runtimeVersion);
    this.goVersion = fromToolchain(claimed) !== '' ? claimed : 'go' + this.localGo;
    this.toolchainVersion = hooks.toolchainVersion || this.runtimeVersion;
    this.toolDir = this.goroot ? join(this.goroot, 'pkg', 'tool', `${this.gohostos}_${this.gohostarch}`) : '';

    this.goos = this.getenv('GOOS') || this.gohostos;
    this.goarch = this.getenv('GOARCH') || this.gohostarch;
    this.exeSuffix = this.goos === 'windows' ? '.exe' : '';

    // GOPATH: go/build's default is $HOME/go (unless that is GOROOT); the os env one counts as default.
    const home = env[homeVar(this.gohostos)] ?? '';
    let defGopath = env.GOPATH ?? '';
    let gopathError = '';
    if (defGopath === '') {
      if (home !== '') {
        const def = join(home, 'go');
        if (cleanPath(def) === cleanPath(this.goroot || '/nonexistent-goroot')) gopathError = 'cannot set GOROOT as GOPATH';
        else defGopath = def;
      } else {
        gopathError = `${homeVar(this.gohostos)} is not set`;
      }
    }
    [this.gopath, this.gopathChanged] = this.envOrAndChanged('GOPATH', defGopath);
    this.gopathError = gopathError;
    this.gobin = this.getenv('GOBIN');
    const first = this.gopath.split(delimiter)[0] ?? '';
    [this.gomodcache, this.gomodcacheChanged] = this.envOrAndChanged('GOMODCACHE', first ? join(first, 'pkg/mod') : '');

    // GOCACHE.
    const cd = userCacheDir(env, this.gohostos);
    let gocache = cd.dir !== undefined ? join(cd.dir, 'go-build') : 'off';
    let gocacheErr = cd.err !== undefined ? `GOCACHE is not defined and ${cd.err}` : '';
    let gocacheChanged = false;
    const gc = this.getenv('GOCACHE');
    if (gc !== '') {
      gocacheErr = '';
      gocacheChanged = gc !== gocache;
      gocache = gc;
      if (!isAbsolute(gc) && gc !== 'off') {
        gocache = 'off';
        gocacheErr = 'GOCACHE is not an absolute path';
      }
    }
    this.gocache = gocache;
    this.gocacheChanged = gocacheChanged;
    this.gocacheErr = gocacheErr;

    // CGO_ENABLED: on for native builds when a C compiler is found, off when cross-compiling.
    let defCgo = false;
    if (this.goos === this.gohostos && this.goarch === this.gohostarch) {
      defCgo = cgoSupported(this.goos, this.goarch);
      if (defCgo && !env.CC) {
        if (!lookPath(defaultCC(this.goos), env.PATH)) defCgo = false;
      }
    }
    let cgo = defCgo;
    const ce = this.getenv('CGO_ENABLED');
    if (ce === '0' || ce === '1') cgo = ce === '1';
    this.cgoEnabled = cgo;
    this.cgoChanged = cgo !== defCgo;
  }

  /** cfg.Getenv: a non-empty OS environment value, else the go env files' value, else "". */
  getenv(key: string): string {
    const v = this.osEnv[key];
    if (v) return v;
    return this.fileVars.get(key) ?? '';
  }

  /** Whether key is a variable go knows (or one present in an env file). */
  canGetenv(key: string): boolean {
    return this.fileVars.has(key) || KNOWN_ENV.has(key);
  }

  /** cfg.EnvOrAndChanged: the value (or def) and whether it differs from the default. */
  envOrAndChanged(name: string, def: string): [string, boolean] {
    const val = this.getenv(name);
    if (val === '') return [def, false];
    const g = this.gorootVars.get(name);
    return [val, g !== undefined ? val !== g : val !== def];
  }

  /** The value of a variable as `go env NAME` prints it ("" for unknown names). */
  get(name: string): string {
    for (const list of [this.envVars(), this.modEnvVars()]) {
      const e = list.find((x) => x.name === name);
      if (e) return e.value;
    }
    if (COSTLY_ENV.has(name)) return this.costlyEnvVars().find((x) => x.name === name)!.value;
    return this.canGetenv(name) ? this.getenv(name) : '';
  }

  /** GOEXPERIMENT as the user set it. */
  get goexperiment(): string {
    return this.getenv('GOEXPERIMENT');
  }

  /** The experiments in effect (GOEXPERIMENT over the GOOS/GOARCH baseline); throws ExperimentError. */
  experiments(): Experiments {
    this.experimentsMemo ??= parseGOEXPERIMENT(this.goos, this.goarch, this.goexperiment);
    return this.experimentsMemo;
  }

  /** Path of a toolchain tool in GOTOOLDIR, e.g. tool("compile"). */
  tool(name: string): string {
    return join(this.toolDir, name + (this.gohostos === 'windows' ? '.exe' : ''));
  }

  /** GOFLAGS as set (split with go's quoting by the driver). */
  get goflags(): string {
    return this.getenv('GOFLAGS');
  }

  /** The GO<ARCH> variable for goarch (e.g. GOAMD64) and its effective value, if goarch has one. */
  archVar(goarch = this.goarch): { name: string; value: string; changed: boolean } | undefined {
    const a = archEnv(goarch);
    if (!a) return undefined;
    const [value, changed] = this.envOrAndChanged(a.name, a.def);
    return { name: a.name, value, changed };
  }

  /** The telemetry mode ("local" by default) and directory, as go env prints them. */
  telemetry(): { mode: string; dir: string } {
    const d = userConfigDir(this.osEnv, this.gohostos);
    if (d.dir === undefined) return { mode: 'off', dir: '' };
    const dir = join(d.dir, 'go', 'telemetry');
    let mode = 'local';
    try {
      const text = readFileSync(join(dir, 'mode'), 'utf8').trim();
      const sp = text.indexOf(' ');
      mode = sp >= 0 ? text.slice(0, sp) : text;
    } catch {
      // no mode file: the default
    }
    return { mode, dir };
  }

  /** The CC command (CC or the default for GOOS) split into words. */
  ccCommand(): string[] {
    return splitQuoted(this.getenv('CC') || defaultCC(this.goos));
  }

  /** The main env list (go's MkEnv), in go's order before sorting. */
  envVars(): EnvVar[] {
    if (this.envVarsMemo) return this.envVarsMemo;
    const v = (name: string, value: string, changed = false): EnvVar => ({ name, value, changed });
    const nonEmpty = (name: string): EnvVar => {
      const value = this.getenv(name);
      return v(name, value, value !== '');
    };
    const tel = this.telemetry();
    const go111 = this.getenv('GO111MODULE');
    const list: EnvVar[] = [
      v('GO111MODULE', go111, go111 !== 'on' && go111 !== ''),
      v('GOARCH', this.goarch, this.goarch !== this.gohostarch),
      v('GOAUTH', ...this.envOrAndChanged('GOAUTH', 'netrc')),
      nonEmpty('GOBIN'),
      v('GOCACHE', this.gocache, this.gocacheChanged),
      v('GOCACHEPROG', ...this.envOrAndChanged('GOCACHEPROG', '')),
      v('GODEBUG', this.osEnv.GODEBUG ?? '', (this.osEnv.GODEBUG ?? '') !== ''),
      v('GOENV', this.envFile, this.envFileChanged),
      v('GOEXE', this.exeSuffix),
      nonEmpty('GOEXPERIMENT'),
      v('GOFIPS140', ...this.envOrAndChanged('GOFIPS140', 'off')),
      nonEmpty('GOFLAGS'),
      v('GOHOSTARCH', this.gohostarch),
      v('GOHOSTOS', this.gohostos),
      nonEmpty('GOINSECURE'),
      v('GOMODCACHE', this.gomodcache, this.gomodcacheChanged),
      v('GONOPROXY', ...this.envOrAndChanged('GONOPROXY', this.getenv('GOPRIVATE'))),
      v('GONOSUMDB', ...this.envOrAndChanged('GONOSUMDB', this.getenv('GOPRIVATE'))),
      v('GOOS', this.goos, this.goos !== this.gohostos),
      v('GOPATH', this.gopath, this.gopathChanged),
      nonEmpty('GOPRIVATE'),
      v('GOPROXY', ...this.envOrAndChanged('GOPROXY', '')),
      v('GOROOT', this.goroot),
      v('GOSUMDB', ...this.envOrAndChanged('GOSUMDB', '')),
      v('GOTELEMETRY', tel.mode),
      v('GOTELEMETRYDIR', tel.dir),
      nonEmpty('GOTMPDIR'),
      v('GOTOOLCHAIN', ...this.envOrAndChanged('GOTOOLCHAIN', '')),
      v('GOTOOLDIR', this.toolDir),
      nonEmpty('GOVCS'),
      v('GOVERSION', this.runtimeVersion),
    ];
    const gccgoName = this.getenv('GCCGO') || 'gccgo';
    const gccgoBin = lookPath(gccgoName, this.osEnv.PATH);
    list.push(gccgoBin ? v('GCCGO', gccgoBin, true) : v('GCCGO', gccgoName, gccgoName !== 'gccgo'));
    const arch = this.archVar();
    if (arch) list.push(v(arch.name, arch.value, arch.changed));
    const cc = this.getenv('CC');
    const cxx = this.getenv('CXX');
    list.push(v('AR', ...this.envOrAndChanged('AR', 'ar')));
    list.push(v('CC', cc || defaultCC(this.goos), cc !== ''));
    list.push(v('CXX', cxx || defaultCXX(this.goos), cxx !== ''));
    list.push(v('CGO_ENABLED', this.cgoEnabled ? '1' : '0', this.cgoChanged));
    // gocmd's remote build cache (beyond go): listed only when set, so that go env otherwise matches go's.
    // Header values are credentials: only their names are shown.
    for (const name of REMOTE_CACHE_ENV) {
      const val = this.osEnv[name] ?? '';
      if (val === '') continue;
      list.push(v(name, name.endsWith('_HEADER') ? val.split('\n').map((h) => h.replace(/:.*/s, ': ***')).join('\n') : val, true));
    }
    this.envVarsMemo = list;
    return list;
  }

  /** Finds go.mod and go.work again: an -overlay installed after startup can add or hide them. */
  overlayInstalled(): void {
    this.modMemo = undefined;
  }

  private modInfo(): ModInfo {
    if (this.modMemo) return this.modMemo;
    const warnings: string[] = [];
    const info: ModInfo = { gomod: '', gowork: '', modRoot: '', modulesEnabled: false, warnings };
    // As in go, GO111MODULE is checked first (modload.Init), then GOWORK (InitWorkfile).
    const go111 = this.getenv('GO111MODULE');
    if (!['', 'on', 'auto', 'off'].includes(go111)) {
      throw new ExitError(`go: unknown environment setting GO111MODULE=${go111}`);
    }
    const gw = this.getenv('GOWORK');
    if (gw === 'off') info.gowork = 'off';
    else if (gw === '' || gw === 'auto') info.gowork = findWorkFile(this.cwd, this.goroot);
    else if (!isAbsolute(gw)) throw new ExitError('go: invalid GOWORK: not an absolute path');
    else info.gowork = gw;
    this.modMemo = info;
    if (go111 === 'off') return info;
    const mustUse = go111 !== 'auto';
    const root = findUp(this.cwd, 'go.mod');
    const tmp = cleanPath(this.osEnv.TMPDIR || '/tmp');
    // A go.work in use means module mode (go's Init), even under GO111MODULE=auto.
    const inWorkspace = info.gowork !== '' && info.gowork !== 'off';
    if (root === '') {
      if (!mustUse && !inWorkspace) return info;
    } else if (root === tmp) {
      warnings.push(`go: warning: ignoring go.mod in system temp root ${this.osEnv.TMPDIR || '/tmp'}`);
      info.rootRefused = true;
      if (!mustUse) return info;
    } else {
      info.modRoot = root;
    }
    info.modulesEnabled = true;
    info.gomod = info.modRoot !== '' ? join(info.modRoot, 'go.mod') : '/dev/null';
    const first = this.gopath.split(delimiter)[0] ?? '';
    if (first !== '' && existsSync(join(first, 'go.mod'))) {
      warnings.push(`go: warning: ignoring go.mod in $GOPATH ${first}`);
      info.rootRefused = true;
    }
    return info;
  }

  /** Warnings go prints when it settles the main module (go.mod in the temp root or in $GOPATH). */
  get modWarnings(): string[] {
    return this.modInfo().warnings;
  }

  /** Path of the main module's go.mod, "/dev/null" in module mode outside a module, "" in GOPATH mode. */
  get gomod(): string {
    return this.modInfo().gomod;
  }

  /** go.mod was found but go ignores it with a warning (temp root, $GOPATH): no main module for tidy and the like. */
  get modRootRefused(): boolean {
    return this.modInfo().rootRefused === true;
  }

  /** Path of the go.work file in use, "off" when GOWORK=off, or "". */
  get gowork(): string {
    return this.modInfo().gowork;
  }

  /** Whether GO111MODULE and the directory tree put the go command in module mode. */
  get modulesEnabled(): boolean {
    return this.modInfo().modulesEnabled;
  }

  /** GOMOD and GOWORK (go's ExtraEnvVars). */
  modEnvVars(): EnvVar[] {
    return [
      { name: 'GOMOD', value: this.gomod, changed: false },
      { name: 'GOWORK', value: this.gowork, changed: false },
    ];
  }

  /** The cgo flag variables (CGO_*FLAGS with their defaults applied), CGO_CFLAGS as words. */
  cgoFlags(name: 'CPPFLAGS' | 'CFLAGS' | 'CXXFLAGS' | 'FFLAGS' | 'LDFLAGS'): string[] {
    return splitQuoted(this.getenv('CGO_' + name) || (name === 'CPPFLAGS' ? '' : DEFAULT_CFLAGS));
  }

  /**
   * CGO_* flags, PKG_CONFIG and GOGCCFLAGS (go's ExtraEnvVarsCostly). GOGCCFLAGS names workDir
   * (go's $WORK); without one a temporary directory is made and removed.
   */
  costlyEnvVars(workDir?: string, opts: GccCmdOptions = {}): EnvVar[] {
    if (this.costlyMemo) return this.costlyMemo;
    const list: EnvVar[] = [];
    for (const n of ['CFLAGS', 'CPPFLAGS', 'CXXFLAGS', 'FFLAGS', 'LDFLAGS'] as const) {
      const value = joinQuotedOrPlain(this.cgoFlags(n));
      list.push({ name: 'CGO_' + n, value, changed: n === 'CPPFLAGS' ? value !== '' : value !== DEFAULT_CFLAGS });
    }
    const pkgConfig = splitQuoted(this.getenv('PKG_CONFIG') || DEFAULT_PKG_CONFIG)[0] ?? '';
    list.push({ name: 'PKG_CONFIG', value: pkgConfig, changed: pkgConfig !== DEFAULT_PKG_CONFIG });
    let wd = workDir;
    if (wd === undefined) wd = this.makeWorkDir();
    try {
      list.push({ name: 'GOGCCFLAGS', value: joinQuotedOrPlain(this.gccCmd('.', wd, opts).slice(3)), changed: false });
    } finally {
      if (workDir === undefined) rmSync(wd, { recursive: true, force: true });
    }
    this.costlyMemo = list;
    return list;
  }

  /**
   * The C compiler command line prefix go uses (Builder.compilerCmd): CC, -I incdir, then the
   * default flags for the target, probing the compiler for the optional ones. workDir is go's
   * $WORK (it must exist unless dryRun). With dryRun (-n) no compiler runs and optional flags are
   * left out; show receives the -x/-n lines.
   */
  gccCmd(incdir: string, workDir: string, opts: GccCmdOptions = {}): string[] {
    const compiler = this.ccCommand();
    const a = [...compiler, '-I', incdir];
    if (this.goos !== 'windows') a.push('-fPIC');
    a.push(...gccArchArgs(this.goos, this.goarch, this.archVar()?.value ?? ''));
    if (this.cgoEnabled) a.push(this.goos === 'windows' ? '-mthreads' : '-pthread');
    if (this.goos === 'aix') a.push('-mcmodel=large');
    const probe: ProbeOptions = {
      workDir, env: this.env, cflags: this.cgoFlags('CFLAGS'), ldflags: this.cgoFlags('LDFLAGS'),
      dryRun: opts.dryRun, show: opts.show,
    };
    const supports = (flag: string): boolean => opts.supportsFlag?.(compiler, flag) ?? gccSupportsFlag(compiler, flag, probe);
    if (supports('-fno-caret-diagnostics')) a.push('-fno-caret-diagnostics');
    if (supports('-Qunused-arguments')) a.push('-Qunused-arguments');
    if (supports('-Wl,--no-gc-sections')) a.push('-Wl,--no-gc-sections');
    a.push('-fmessage-length=0');
    if (supports('-fdebug-prefix-map=a=b')) {
      const wd = workDir.replace(/\/+$/, '');
      if (supports('-ffile-prefix-map=a=b')) a.push(`-ffile-prefix-map=${wd}=/tmp/go-build`);
      else a.push(`-fdebug-prefix-map=${wd}=/tmp/go-build`);
    }
    if (supports('-gno-record-gcc-switches')) a.push('-gno-record-gcc-switches');
    if (this.goos === 'darwin' || this.goos === 'ios') a.push('-fno-common');
    return a;
  }

  /**
   * The environment for the toolchain's tools: the process environment with every go env variable
   * go exports to its children (GOROOT, GOOS, GOARCH, GOCACHE, CGO_ENABLED, …) set to its value, and in
   * module mode git's prompts turned off, as go's modload.Init does to its own environment (noPromptEnv).
   */
  get env(): Record<string, string> {
    if (this.toolEnvMemo) return this.toolEnvMemo;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.osEnv)) if (v !== undefined) out[k] = v;
    if (this.getenv('GO111MODULE') !== 'off') Object.assign(out, noPromptEnv(this.osEnv));
    for (const e of this.envVars()) {
      if ((out[e.name] ?? '') !== e.value) out[e.name] = e.value;
    }
    this.toolEnvMemo = out;
    return out;
  }

  /** Makes a fresh temporary work directory go-build<digits> under GOTMPDIR (or the OS temp dir), like go's $WORK. */
  makeWorkDir(): string {
    return newWorkDir(this.getenv('GOTMPDIR'), this.osEnv.TMPDIR || '/tmp');
  }
}

/** Builder.gccArchArgs. */
export function gccArchArgs(goos: string, goarch: string, archValue: string): string[] {
  switch (goarch) {
    case '386': return ['-m32'];
    case 'amd64': return goos === 'darwin' ? ['-arch', 'x86_64', '-m64'] : ['-m64'];
    case 'arm64': return goos === 'darwin' ? ['-arch', 'arm64'] : [];
    case 'arm': return ['-marm'];
    case 's390x': return ['-m64', '-march=z13'];
    case 'mips64': case 'mips64le':
      return archValue === 'hardfloat' ? ['-mabi=64', '-mhard-float'] : archValue === 'softfloat' ? ['-mabi=64', '-msoft-float'] : [];
    case 'mips': case 'mipsle':
      return archValue === 'hardfloat'
        ? ['-mabi=32', '-march=mips32', '-mhard-float', '-mfp32', '-mno-odd-spreg']
        : archValue === 'softfloat' ? ['-mabi=32', '-march=mips32', '-msoft-float'] : [];
    case 'loong64': return ['-mabi=lp64d'];
    case 'ppc64': return goos === 'aix' ? ['-maix64'] : [];
  }
  return [];
}

function isFile(p: string): boolean {
  try {
    return !statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The nearest directory at or above dir holding a regular file name, or "". */
export function findUp(dir: string, name: string): string {
  let d = cleanPath(dir);
  for (;;) {
    const f = join(d, name);
    // -overlay may add or hide the file (go's findModuleRoot stats through fsys).
    if (overlay() ? statPath(f)?.isFile === true : isFile(f)) return d;
    const parent = dirname(d);
    if (parent === d) return '';
    d = parent;
  }
}

/** go's findWorkspaceFile: the nearest go.work at or above dir, not crossing GOROOT. */
export function findWorkFile(dir: string, goroot: string): string {
  let d = cleanPath(dir);
  for (;;) {
    const f = join(d, 'go.work');
    if (overlay() ? statPath(f)?.isFile === true : isFile(f)) return f;
    const parent = dirname(d);
    if (parent === d) return '';
    if (goroot && parent === goroot) return '';
    d = parent;
  }
}

let processConfig: Config | undefined;

/**
 * Loads the configuration. Without options it is computed once for the process (after `-C`);
 * with options (tests) a fresh Config is built each time.
 */
export function loadConfig(opts?: LoadOptions): Config {
  if (opts) return new Config(opts);
  processConfig ??= new Config();
  return processConfig;
}

/** "1.N" for a toolchain version that names no release (go's "Dev" version): N from the name, else "1.0". */
function devLang(runtimeVersion: string): string {
  const m = /^go1\.(\d+)/.exec(runtimeVersion);
  return m ? `1.${m[1]}` : fromToolchain(runtimeVersion) || '1.0';
}

/** Forgets the process-wide Config (after a chdir). */
export function resetConfig(): void {
  processConfig = undefined;
}

/** The one-line message for a missing toolchain. */
export function noToolchainMessage(): string {
  return 'go: cannot find a Go toolchain: set GOROOT to a Go installation (a directory with pkg/tool), or install Go in /usr/local/go';
}

/** Reports whether the configured GOROOT exists and is a directory. */
export function gorootExists(c: Config): boolean {
  return c.goroot !== '' && existsSync(c.goroot) && statSync(c.goroot).isDirectory();
}

