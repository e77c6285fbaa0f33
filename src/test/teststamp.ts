// The no-op stamp for a cached `go test` (see work/noopcheck.ts for the build's): when every test result
// came from the cache and nothing was built or stored, the run's stdout is recorded with everything it
// depended on, and an identical later run whose inputs are unchanged prints it again without loading.
// Inputs beyond a build's: the vet tool, go clean -testcache's testexpire.txt, and each test's own
// inputs from its test log (files and directories it opened or stat'd inside its module; the environment
// is part of the stamp's name).
import { readdirSync, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { dirname, isAbsolute, join } from 'node:path';
import type { Writable } from 'node:stream';
import { Cache } from '../cache/cache.js';
import type { BuildFlags } from '../cfg/buildflags.js';
import type { Package } from '../load/types.js';
import { actionList, type Action } from '../work/action.js';
import { gocmdFiles, STAMP_VERSION, VOLATILE_ENV, type NoopStamp, type Stamp } from '../work/noopcheck.js';
import { writeStamp } from '../work/noop.js';
import { isRacy, RACY_MS } from '../work/noopfp.js';
import { collectInputs, NoStamp } from '../work/noopinputs.js';
import { inDir, TESTLOG_MAGIC } from './testcache.js';
import type { TestFlags } from './testflag.js';

/** Why a `go test` with these flags never uses a stamp: its output is not a pure replay, or it writes files. */
export function testStampWhy(f: TestFlags, bf: BuildFlags): string | undefined {
  if (f.pkgArgs.length === 0) return 'local directory mode';
  if (f.json || f.vJSON) return '-json'; // events carry the time they were printed
  if (f.c || f.o !== '') return '-c/-o';
  if (f.coverprofile !== '' || f.profile !== '' || bf.cover) return 'coverage or profile';
  if (f.fuzz !== '' || f.bench !== '') return '-fuzz/-bench';
  if (f.exec.length > 0) return '-exec';
  if (bf.n || bf.x || bf.work) return '-n/-x/-work';
  return undefined;
}

/**
 * What a test log makes a cached result depend on, as go's computeTestInputsID walks it: paths stat'd or
 * opened inside the package's root (and their directories, whose entry for them may change), directories
 * opened (whose entries' states count too), and environment variables read. Undefined for a malformed log.
 */
export function testlogInputs(pkgDir: string, pkgRoot: string, log: string): { paths: string[]; dirs: string[]; env: string[] } | undefined {
  if (log.startsWith(TESTLOG_MAGIC)) log = log.slice(TESTLOG_MAGIC.length);
  const paths: string[] = [], dirs: string[] = [], env: string[] = [];
  let pwd = pkgDir;
  for (const line of log.split('\n')) {
    if (line === '') continue;
    const sp = line.indexOf(' ');
    if (sp < 0) return undefined;
    const op = line.slice(0, sp);
    let name = line.slice(sp + 1);
    if (op === 'getenv') { env.push(name); continue; }
    if (op === 'chdir') { pwd = name; paths.push(name); continue; }
    if (op !== 'stat' && op !== 'open') return undefined;
    if (!isAbsolute(name)) name = join(pwd, name);
    if (pkgRoot === '' || !inDir(name, pkgRoot)) continue;
    paths.push(name, dirname(name));
    if (op === 'open') dirs.push(name);
  }
  return { paths, dirs, env };
}

/** What a finished `go test` tells its stamp. */
export interface TestRunFacts {
  root: Action;
  pkgs: readonly Package[];
  /** The package arguments: the patterns whose directory walks the stamp records. */
  pkgArgs: readonly string[];
  /** The build's work directory: packages generated there (test mains) are made from recorded inputs. */
  workDir: string;
  cache: Cache | undefined;
  exit: number;
  /** Test binaries started (a run whose result came from the cache starts none). */
  ran: number;
  /** The cached results used: each package's directory, root and stored test log. */
  hits: readonly { dir: string; root: string; log: string }[];
  /** Everything printed on stdout, and whether anything went elsewhere. */
  stdout: string;
  otherOutput: boolean;
  vcsStamped: boolean;
}

/** Records the stamp after a fully cached, successful run; returns why not (GOCMD_NOOPDEBUG=1 prints it). */
export function recordTestStamp(s: NoopStamp, r: TestRunFacts): string | undefined {
  let why: string | undefined;
  try {
    why = s.why ?? writeStamp(s, JSON.stringify(makeTestStamp(s, r)));
  } catch (e) {
    if (!(e instanceof NoStamp)) throw e;
    why = e.message;
  }
  if (why !== undefined && s.config.osEnv.GOCMD_NOOPDEBUG === '1') process.stderr.write(`gocmd: test stamp not recorded: ${why}\n`);
  return why;
}

function makeTestStamp(s: NoopStamp, r: TestRunFacts): Stamp {
  const { config } = s;
  if (r.exit !== 0) throw new NoStamp('failed');
  if (r.otherOutput) throw new NoStamp('printed to stderr');
  if (r.ran > 0) throw new NoStamp('ran tests');
  const c = r.cache;
  // Only the disk cache: a cache program or remote cache may answer differently next time.
  if (!c?.usage || Object.getPrototypeOf(c) !== Cache.prototype) throw new NoStamp('not the disk cache');
  if (c.usage.puts > 0) throw new NoStamp('stored cache entries');
  if (r.vcsStamped) throw new NoStamp('VCS stamping');
  if (!config.modulesEnabled) throw new NoStamp('GOPATH mode');
  const configFiles = [config.envFile, ...gocmdFiles()];
  const gowork = config.getenv('GOWORK');
  if (gowork !== '' && gowork !== 'off') configFiles.push(gowork);
  const pkgs = new Set<Package>(r.pkgs);
  for (const a of actionList(r.root)) if (a.pkg) pkgs.add(a.pkg);
  for (const p of pkgs) if (inDir(p.dir, r.workDir)) pkgs.delete(p);
  const inp = collectInputs({
    cwd: s.cwd, args: r.pkgArgs, goroot: config.goroot, gomodcache: config.gomodcache, toolDir: config.toolDir,
    configFiles, pkgs: [...pkgs], trustGoroot: !config.goVersion.startsWith('devel') && config.goVersion !== '',
  });
  inp.add(join(config.toolDir, 'vet'));
  inp.add(join(c.dir, 'testexpire.txt'));
  for (const h of r.hits) {
    const t = testlogInputs(h.dir, h.root, h.log);
    if (!t) throw new NoStamp('malformed test log');
    for (const name of t.env) if (VOLATILE_ENV.has(name)) throw new NoStamp(`test reads $${name}`);
    for (const p of t.paths) inp.add(p);
    for (const d of t.dirs) {
      let isDir = false;
      try { isDir = statSync(d).isDirectory(); } catch { /* absent: its fingerprint says so */ }
      if (!isDir) continue;
      let names: string[];
      try { names = readdirSync(d); } catch { throw new NoStamp(`cannot read ${d}`); }
      for (const n of names) inp.add(join(d, n));
    }
  }
  const since = s.startMs - RACY_MS;
  for (const [path, fp] of inp.fps) if (isRacy(fp, since)) throw new NoStamp(`racy ${path}`);
  return { v: STAMP_VERSION, fps: [...inp.fps], cache: [...c.usage.used], targets: [], out: r.stdout };
}

/**
 * Captures what is written to stdout and notes any write to the other streams, until stop; a stamp
 * replays stdout only, so a run that wrote elsewhere records none.
 */
export function captureOutput(stdout: Writable, others: Writable[]): { text(): string; other(): boolean; stop(): void } {
  const chunks: string[] = [];
  let other = false;
  const all = [...new Set([stdout, ...others])];
  const saved = all.map((w) => w.write);
  for (const w of all) {
    const orig = w.write;
    // write is overloaded (chunk, encoding?, callback?); forward whatever it was given.
    w.write = function (this: Writable, ...a: unknown[]): boolean {
      const chunk = a[0];
      if (w === stdout) {
        if (typeof chunk === 'string') chunks.push(typeof a[1] === 'string' && a[1] !== 'utf8' ? Buffer.from(chunk, a[1] as BufferEncoding).toString('utf8') : chunk);
        // A stamp keeps text: a test's output that is not UTF-8 could not be replayed byte for byte, so no stamp.
        else if (chunk instanceof Uint8Array) {
          if (isUtf8(chunk)) chunks.push(Buffer.from(chunk).toString('utf8'));
          else other = true;
        }
        else other = true;
      } else if (chunk !== undefined && (chunk as { length?: number }).length !== 0) other = true;
      return (orig as (...x: unknown[]) => boolean).apply(this, a);
    } as Writable['write'];
  }
  return {
    text: () => chunks.join(''),
    other: () => other,
    stop: () => { all.forEach((w, i) => { w.write = saved[i]!; }); },
  };
}
