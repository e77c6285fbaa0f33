// The C toolchain as the build sees it: compiler identity for action IDs (go's gccToolID and
// gccCompilerID), flag probes cached in GOCACHE (gccSupportsFlag), and the compiler command prefix.
// Entries are keyed as go keys them, so go and gocmd share the probes' answers in one GOCACHE.
import { statSync } from 'node:fs';
import { CacheHash, subkey, type Cache } from '../cache/index.js';
import { gccArchArgs } from '../cfg/config.js';
import { lookPath } from '../cfg/goroot.js';
import { envList as envListOf } from './cgoflags.js';
import { joinUnambiguously } from './quote.js';

function spawnSync(...args: Parameters<typeof import('node:child_process').spawnSync>): ReturnType<typeof import('node:child_process').spawnSync> {
  return process.getBuiltinModule('node:child_process').spawnSync(...args);
}

export interface CToolchainEnv {
  goos: string;
  goarch: string;
  cgoEnabled: boolean;
  /** cfg.Getenv: the process environment over the go env file. */
  getenv(key: string): string;
  /** The process environment the compiler runs with. */
  env: NodeJS.ProcessEnv;
  /** -toolexec prefix ([] for none). */
  toolexec: string[];
  /** $WORK: where probes run ("$WORK" under -n). */
  workDir: string;
  dryRun: boolean;
  cache: Cache | undefined;
  /** Prints a -x/-n line "as run in dir" (the build's background shell). */
  show?: (dir: string, cmd: string) => void;
  /** The GOARCH variant's value (GOMIPS, GOMIPS64, ...), which changes the arch arguments. */
  archValue?: string;
}


/** go's Time.String() for a file's mtime (UTC only; another zone just misses the validation). */
function goTimeString(ms: bigint): string {
  const ns = ms % 1_000_000_000n;
  const d = new Date(Number(ms / 1_000_000n));
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  let frac = ns === 0n ? '' : '.' + String(ns).padStart(9, '0').replace(/0+$/, '');
  if (frac === '.') frac = '';
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}${frac} +0000 UTC`;
}

/** go's statString for a regular file or directory (os.Stat). */
export function statString(file: string): string {
  const st = statSync(file, { bigint: true });
  const perm = Number(st.mode & 0o777n);
  let mode = BigInt(perm);
  if (st.isDirectory()) mode |= 1n << 31n;
  return `stat ${st.size} ${mode.toString(16)} ${goTimeString(st.mtimeNs)} ${st.isDirectory()}\n`;
}

/** Parses `cc -### -x lang -c -` output into the tool ID go uses (the version line of a release compiler). */
export function parseGccToolID(name: string, out: string): { id: string; exe: string } | { error: string } {
  const lines = out.split('\n');
  let version = '';
  for (const line of lines) {
    const fields = line.split(/\s+/).filter((f) => f !== '');
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      if (f.endsWith(':')) break;
      if (f === 'version' && i < fields.length - 1 && /^[0-9]/.test(fields[i + 1]!)) {
        version = line;
        break;
      }
    }
    if (version !== '') break;
  }
  if (version === '') return { error: `${name}: can not find version number in ${JSON.stringify(out)}` };
  if (!version.includes('experimental')) return { id: version, exe: '' };
  // A development compiler: go identifies it by the compiler proper's build ID; gocmd does not read those.
  return { error: `${name}: development C compilers are not supported yet by gocmd` };
}

/**
 * Compiler IDs known to this process, under the compiler's path and its statString: go's own GOCACHE
 * record of an ID is validated by exactly that stat, but go's check never matches (it splits the record
 * into an odd number of fields), so every go run probes the compiler again. A long-lived process (the
 * resident server's) keeps the ID instead, revalidated by the same stat, and so skips the probe and the
 * cache write each `go env` and build would repeat.
 */
const knownCompilerIDs = new Map<string, Buffer>();

/** The C toolchain of one build: memoized probes, GOCACHE-backed as go's. */
export class CToolchain {
  private readonly toolIDs = new Map<string, { id: string; exe: string } | { error: string }>();
  private readonly compilerIDs = new Map<string, Buffer | undefined>();
  private readonly flags = new Map<string, boolean>();

  constructor(readonly e: CToolchainEnv) {}

  ccExe(): string[] { return envListOf('CC', ['darwin', 'ios', 'freebsd', 'openbsd'].includes(this.e.goos) ? 'clang' : 'gcc', this.e.getenv); }
  cxxExe(): string[] { return envListOf('CXX', ['darwin', 'ios', 'freebsd', 'openbsd'].includes(this.e.goos) ? 'clang++' : 'g++', this.e.getenv); }
  fcExe(): string[] { return envListOf('FC', 'gfortran', this.e.getenv); }

  /** go's gccToolID: the compiler's version line (for action IDs), or an error text. */
  gccToolID(name: string, language: string): { id: string; exe: string } | { error: string } {
    const key = name + '.' + language;
    let r = this.toolIDs.get(key);
    if (r) return r;
    const cmd = [...this.e.toolexec, name, '-###', '-x', language, '-c', '-'];
    const res = spawnSync(cmd[0]!, cmd.slice(1), { env: { ...this.e.env, LC_ALL: 'C' }, input: '', maxBuffer: 64 << 20 });
    const out = (res.stdout?.toString('utf8') ?? '') + (res.stderr?.toString('utf8') ?? '');
    if (res.error) r = { error: `${name}: exec: ${JSON.stringify(name)}: executable file not found in $PATH; output: ""` };
    else if (res.status !== 0) r = { error: `${name}: exit status ${res.status}; output: ${JSON.stringify(out)}` };
    else r = parseGccToolID(name, out);
    this.toolIDs.set(key, r);
    return r;
  }

  /** go's gccCompilerID: a GOCACHE key naming this compiler, validated by stat; undefined when unknown. */
  gccCompilerID(compiler: string): Buffer | undefined {
    if (this.e.dryRun) {
      this.e.show?.(this.e.workDir, `${joinUnambiguously([compiler, '--version'])} || true`);
      return undefined;
    }
    if (this.compilerIDs.has(compiler)) return this.compilerIDs.get(compiler);
    const id = this.computeCompilerID(compiler);
    this.compilerIDs.set(compiler, id);
    return id;
  }

  private computeCompilerID(compiler: string): Buffer | undefined {
    const exe = compiler.includes('/') ? compiler : lookPath(compiler, this.e.env['PATH'] ?? '');
    if (!exe) return undefined;
    // toolexec changes the probe's command (and so may change its answer): no process-wide memo then.
    let memoKey: string | undefined;
    if (this.e.toolexec.length === 0) {
      try { memoKey = `${exe}\x00${statString(exe)}`; } catch { return undefined; }
      const known = knownCompilerIDs.get(memoKey);
      if (known) return known;
    }
    const id = this.probeCompilerID(exe, compiler);
    if (id && memoKey !== undefined) knownCompilerIDs.set(memoKey, id);
    return id;
  }

  private probeCompilerID(exe: string, compiler: string): Buffer | undefined {
    const h = new CacheHash('gccCompilerID');
    h.write(`gccCompilerID ${JSON.stringify(exe)}`);
    const key = h.sum();
    const c = this.e.cache;
    const got = c?.getBytes(key);
    if (got && got.data.length > 32) {
      const stats = got.data.subarray(0, got.data.length - 32).toString('utf8').split('\x00');
      let ok = stats.length % 2 === 0;
      for (let i = 0; ok && i + 2 <= stats.length; i++) {
        // go's loop steps by one, so a record is checked against the next one too: keep its exact rule.
        try { if (statString(stats[i]!) !== stats[i + 1]) ok = false; } catch { ok = false; }
      }
      if (ok) return Buffer.from(got.data.subarray(got.data.length - 32));
    }
    const tid = this.gccToolID(compiler, 'c');
    if ('error' in tid) return undefined;
    const exes = [exe, tid.exe].filter((x, i, a) => i === 0 || x !== a[i - 1]);
    h.write(`gccCompilerID [${exes.map((x) => JSON.stringify(x)).join(' ')}] ${JSON.stringify(tid.id)}\n`);
    const id = h.sum();
    const parts: Buffer[] = [];
    for (const x of exes) {
      if (x === '') continue;
      try { parts.push(Buffer.from(x + '\x00' + statString(x) + '\x00', 'utf8')); } catch { return undefined; }
    }
    parts.push(id);
    try { c?.putBytes(key, Buffer.concat(parts)); } catch { /* a cache that cannot be written: probe again next time */ }
    return id;
  }

  /** go's gccSupportsFlag: does compiler accept flag? Cached in GOCACHE under the compiler's ID. */
  supportsFlag(compiler: string[], flag: string): boolean {
    const q = this.flagQuery(compiler, flag);
    if (typeof q === 'boolean') return q;
    this.e.show?.(this.e.workDir, `${joinUnambiguously(q.args)} || true`);
    const res = spawnSync(q.args[0]!, q.args.slice(1), { cwd: this.e.workDir, env: { ...this.e.env, LC_ALL: 'C' }, input: '' });
    return this.flagAnswer(q, (res.stdout?.toString('utf8') ?? '') + (res.stderr?.toString('utf8') ?? ''));
  }

  /**
   * Answers, ahead of the cgo compiles, the flag probes that compilerCmd and a C compile of compiler ask,
   * in go's order, running the unanswered ones through run (the build's tool starter: no fork of the
   * driver, and the main thread keeps scheduling while a probe runs, where supportsFlag blocks it).
   * Not for -n/-x, whose output shows each probe where go runs it.
   */
  async probeCompileFlags(compiler: string[], run: (args: string[], cwd: string, env: string[]) => Promise<string>): Promise<void> {
    if (this.e.dryRun) return;
    const probe = async (flag: string): Promise<boolean> => {
      const q = this.flagQuery(compiler, flag);
      if (typeof q === 'boolean') return q;
      return this.flagAnswer(q, await run(q.args, this.e.workDir, ['LC_ALL=C']));
    };
    for (const flag of ['-fno-caret-diagnostics', '-Qunused-arguments', '-Wl,--no-gc-sections']) await probe(flag);
    if (await probe('-fdebug-prefix-map=a=b')) await probe('-ffile-prefix-map=a=b');
    await probe('-gno-record-gcc-switches');
    await probe('-frandom-seed=1');
  }

  /** The known answer for flag (memo or GOCACHE), or what running the probe needs. */
  private flagQuery(compiler: string[], flag: string): boolean | { args: string[]; key: string; flagID: Buffer | undefined } {
    const args = [...compiler, flag];
    if (flag.startsWith('-Wl,')) args.push(...envListOf('CGO_LDFLAGS', '-O2 -g', this.e.getenv));
    else args.push(...envListOf('CGO_CFLAGS', '-O2 -g', this.e.getenv), '-c');
    args.push('-x', 'c', '-', '-o', '/dev/null');
    if (this.e.dryRun) {
      this.e.show?.(this.e.workDir, `${joinUnambiguously(args)} || true`);
      return false;
    }
    const compilerID = this.gccCompilerID(compiler[0]!);
    const key = compiler[0]! + '\x00' + flag;
    const memo = this.flags.get(key);
    if (memo !== undefined) return memo;
    const flagID = compilerID ? subkey(compilerID, 'gccSupportsFlag ' + flag) : undefined;
    if (flagID) {
      const got = this.e.cache?.getBytes(flagID);
      if (got) {
        const ok = got.data.toString('utf8') === 'true';
        this.flags.set(key, ok);
        return ok;
      }
    }
    return { args, key, flagID };
  }

  /** Records a probe's answer from the compiler's output (memo and GOCACHE). */
  private flagAnswer(q: { key: string; flagID: Buffer | undefined }, out: string): boolean {
    const supported = !['unrecognized', 'unknown', 'unrecognised', 'is not supported', 'not recognized', 'unsupported'].some((w) => out.includes(w));
    if (q.flagID) {
      try { this.e.cache?.putBytes(q.flagID, supported ? 'true' : 'false'); } catch { /* best effort */ }
    }
    this.flags.set(q.key, supported);
    return supported;
  }

  /** go's gccArchArgs (cfg's, shared with go env's GOGCCFLAGS). */
  archArgs(): string[] {
    return gccArchArgs(this.e.goos, this.e.goarch, this.e.archValue ?? '');
  }

  /** go's compilerCmd: the compiler with the flags every C compile and link of the build gets. */
  compilerCmd(compiler: string[], incdir: string, workdir: string): string[] {
    const a = [...compiler, '-I', incdir];
    if (this.e.goos !== 'windows') a.push('-fPIC');
    a.push(...this.archArgs());
    if (this.e.cgoEnabled) a.push(this.e.goos === 'windows' ? '-mthreads' : '-pthread');
    if (this.e.goos === 'aix') a.push('-mcmodel=large');
    if (this.supportsFlag(compiler, '-fno-caret-diagnostics')) a.push('-fno-caret-diagnostics');
    if (this.supportsFlag(compiler, '-Qunused-arguments')) a.push('-Qunused-arguments');
    if (this.supportsFlag(compiler, '-Wl,--no-gc-sections')) a.push('-Wl,--no-gc-sections');
    a.push('-fmessage-length=0');
    if (this.supportsFlag(compiler, '-fdebug-prefix-map=a=b')) {
      const wd = (workdir || this.e.workDir).replace(/\/+$/, '');
      a.push((this.supportsFlag(compiler, '-ffile-prefix-map=a=b') ? '-ffile-prefix-map=' : '-fdebug-prefix-map=') + wd + '=/tmp/go-build');
    }
    if (this.supportsFlag(compiler, '-gno-record-gcc-switches')) a.push('-gno-record-gcc-switches');
    if (this.e.goos === 'darwin' || this.e.goos === 'ios') a.push('-fno-common');
    return a;
  }
}
