// The test result cache, keyed as go's (test ID from the binary and cacheable flags, then the inputs the test read).
import { lstatSync, readdirSync, statSync, type BigIntStats } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { CacheHash, subkey, toHex } from '../cache/index.js';
import { goQuote } from '../lib/goquote.js';

/** The first line of a test log (testing/internal/testdeps writes it). */
export const TESTLOG_MAGIC = '# test log\n';

/** Flags that may vary between cached runs: part of the key (go's cacheable test flags). */
const CACHEABLE = new Set(['-test.benchtime', '-test.cpu', '-test.list', '-test.parallel', '-test.run', '-test.short', '-test.skip',
  '-test.timeout', '-test.failfast', '-test.v', '-test.fullpath']);
/** Flags that do not prevent caching and are not part of the key. */
const IGNORED = new Set(['-test.coverprofile', '-test.outputdir']);

/** How one test argument counts for the cache: part of the key, left out of it, or a bar to caching. */
function argKind(arg: string): 'key' | 'ignored' | 'uncacheable' {
  const i = arg.indexOf('=');
  if (i < 0 || !arg.startsWith('-test.')) return 'uncacheable';
  const name = arg.slice(0, i);
  return CACHEABLE.has(name) ? 'key' : IGNORED.has(name) ? 'ignored' : 'uncacheable';
}

/** The test arguments that go into the key, or the first argument that makes the run uncacheable. */
export function cacheArgs(testArgs: string[]): { args: string[] } | { uncacheable: string } {
  const out: string[] = [];
  for (const arg of testArgs) {
    const kind = argKind(arg);
    if (kind === 'uncacheable') return { uncacheable: arg };
    if (kind === 'key') out.push(arg);
  }
  return { args: out };
}

/** Every argument that makes a run uncacheable (cacheArgs stops at the first), for GOCMD_EXPLAIN. */
export function uncacheableArgs(testArgs: string[]): string[] {
  return testArgs.filter((arg) => argKind(arg) === 'uncacheable');
}

/** fmt's %q of a []string: ["a" "b"]. */
export function quoteList(l: string[]): string {
  return '[' + l.map((s) => goQuote(s)).join(' ') + ']';
}

/** go's test ID: the test binary's (link action or content) ID, the cacheable args and -exec. */
export function testID(binaryID: string, args: string[], execCmd: string[]): Buffer {
  const h = new CacheHash('testResult');
  h.write(`test binary ${binaryID} args ${quoteList(args)} execcmd ${quoteList(execCmd)}`);
  return h.sum();
}

/** The key of the output for a test ID and the hash of its inputs. */
export function testAndInputKey(id: Uint8Array, inputsID: Uint8Array): Buffer {
  return subkey(id, `inputs:${toHex(inputsID)}`);
}

/** Files younger than this are not trusted as test inputs (their mtime may not change on the next write). */
const MOD_TIME_CUTOFF_MS = 2000;

export class TestInputsError extends Error {}

/** go's FileMode bits from a stat mode. */
function goFileMode(st: BigIntStats): bigint {
  const mode = Number(st.mode);
  let m = BigInt(mode & 0o777);
  const fmt = mode & 0o170000;
  if (fmt === 0o040000) m |= 1n << 31n;
  else if (fmt === 0o120000) m |= 1n << 27n;
  else if (fmt === 0o010000) m |= 1n << 25n;
  else if (fmt === 0o140000) m |= 1n << 24n;
  else if (fmt === 0o060000) m |= 1n << 26n;
  else if (fmt === 0o020000) m |= (1n << 26n) | (1n << 21n);
  if (mode & 0o4000) m |= 1n << 23n;
  if (mode & 0o2000) m |= 1n << 22n;
  if (mode & 0o1000) m |= 1n << 20n;
  return m;
}

/** time.Time's String() of a file's mtime in the local zone: "2006-01-02 15:04:05.999999999 -0700 MST". */
export function goTimeString(ns: bigint): string {
  const ms = Number(ns / 1000000n);
  const d = new Date(ms);
  const offMin = -d.getTimezoneOffset();
  const local = new Date(ms + offMin * 60000);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  let frac = String(((ns % 1000000000n) + 1000000000n) % 1000000000n).padStart(9, '0').replace(/0+$/, '');
  if (frac) frac = '.' + frac;
  const sign = offMin < 0 ? '-' : '+';
  const abs = Math.abs(offMin);
  const zone = offMin === 0 ? 'UTC' : zoneName(d) ?? `${sign}${p(Math.floor(abs / 60))}${p(abs % 60)}`;
  return `${local.getUTCFullYear()}-${p(local.getUTCMonth() + 1)}-${p(local.getUTCDate())} ${p(local.getUTCHours())}:${p(local.getUTCMinutes())}:${p(local.getUTCSeconds())}${frac} ${sign}${p(Math.floor(abs / 60))}${p(abs % 60)} ${zone}`;
}

function zoneName(d: Date): string | undefined {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(d).find((x) => x.type === 'timeZoneName');
    return part?.value;
  } catch {
    return undefined;
  }
}

function statLine(st: BigIntStats): string {
  return `stat ${st.size} ${goFileMode(st).toString(16)} ${goTimeString(st.mtimeNs)} ${st.isDirectory()}\n`;
}

/** The text go prints for a failed stat ("stat NAME: no such file or directory"). */
function statErr(op: string, name: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const text = code === 'ENOENT' ? 'no such file or directory' : code === 'ENOTDIR' ? 'not a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
  return `err ${op} ${name}: ${text}\n`;
}

function hashGetenv(name: string, env: Readonly<Record<string, string | undefined>>): Buffer {
  const h = new CacheHash('getenv');
  const v = env[name];
  if (v === undefined) h.write(Buffer.from([0]));
  else { h.write(Buffer.from([1])); h.write(v); }
  return h.sum();
}

function hashStat(name: string): Buffer {
  const h = new CacheHash('stat');
  try { h.write(statLine(statSync(name, { bigint: true }))); } catch (e) { h.write(statErr('stat', name, e)); }
  try { h.write(statLine(lstatSync(name, { bigint: true }))); } catch (e) { h.write(statErr('lstat', name, e)); }
  return h.sum();
}

function hashOpen(name: string, nowMs: number): Buffer {
  const h = new CacheHash('open');
  let st: BigIntStats;
  try {
    st = statSync(name, { bigint: true });
  } catch (e) {
    h.write(statErr('stat', name, e));
    return h.sum();
  }
  h.write(statLine(st));
  if (st.isDirectory()) {
    let names: string[] = [];
    try {
      names = readdirSync(name).sort();
    } catch (e) {
      h.write(statErr('open', name, e));
    }
    for (const f of names) {
      h.write(`file ${f} `);
      try { h.write(statLine(lstatSync(join(name, f), { bigint: true }))); } catch (e) { h.write(statErr('lstat', join(name, f), e)); }
    }
  } else if (st.isFile()) {
    if (nowMs - Number(st.mtimeNs / 1000000n) < MOD_TIME_CUTOFF_MS) throw new TestInputsError('file used as input is too new');
  }
  return h.sum();
}

/** Whether name lies in dir (go's search.InDir, without its symlink evaluation). */
export function inDir(name: string, dir: string): boolean {
  const r = relative(dir, name);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/**
 * go's computeTestInputsID: the hash of the environment variables and files the test log names, as they
 * are now. Throws TestInputsError when the log is malformed or an input cannot be trusted.
 */
export function computeTestInputsID(pkgDir: string, pkgRoot: string, testlog: string, env: Readonly<Record<string, string | undefined>>, nowMs = Date.now(), capture?: string[]): Buffer {
  if (testlog.startsWith(TESTLOG_MAGIC)) testlog = testlog.slice(TESTLOG_MAGIC.length);
  const hashed = new CacheHash('testInputs');
  // capture (GOCMD_EXPLAIN's record) keeps each hashed line, without its newline.
  const h = capture ? { write: (s: string): void => { hashed.write(s); capture.push(s.slice(0, -1)); } } : hashed;
  h.write(`env GODEBUG ${toHex(hashGetenv('GODEBUG', env))}\n`);
  let pwd = pkgDir;
  for (const line of testlog.split('\n')) {
    if (line === '') continue;
    const sp = line.indexOf(' ');
    if (sp < 0) throw new TestInputsError('input list malformed');
    const op = line.slice(0, sp);
    let name = line.slice(sp + 1);
    switch (op) {
      case 'getenv':
        h.write(`env ${name} ${toHex(hashGetenv(name, env))}\n`);
        break;
      case 'chdir':
        pwd = name;
        h.write(`chdir ${name} ${toHex(hashStat(name))}\n`);
        break;
      case 'stat':
        if (!isAbsolute(name)) name = join(pwd, name);
        if (pkgRoot === '' || !inDir(name, pkgRoot)) break;
        h.write(`stat ${name} ${toHex(hashStat(name))}\n`);
        break;
      case 'open':
        if (!isAbsolute(name)) name = join(pwd, name);
        if (pkgRoot === '' || !inDir(name, pkgRoot)) break;
        h.write(`open ${name} ${toHex(hashOpen(name, nowMs))}\n`);
        break;
      default:
        throw new TestInputsError('input list malformed');
    }
  }
  return hashed.sum();
}

/**
 * A cached test output made into what go prints for a hit: the last line's time replaced by "(cached)".
 * Undefined when the output is not a passing result.
 */
export function cachedResult(data: string): string | undefined {
  if (data.length === 0 || !data.endsWith('\n')) return undefined;
  const i = data.lastIndexOf('\n', data.length - 2) + 1;
  if (!data.startsWith('ok  \t', i)) return undefined;
  let j = data.indexOf('\t', i + 5);
  if (j < 0) return undefined;
  j++;
  let k = j;
  while (k < data.length && /[0-9.s]/.test(data[k]!)) k++;
  return data.slice(0, j) + '(cached)' + data.slice(k);
}

/** go's coverProfileAndInputKey: where a cached run's -coverprofile fragment is kept (covMeta: -coverpkg's meta hash). */
export function coverProfileAndInputKey(id: Uint8Array, inputsID: Uint8Array, covMeta?: Uint8Array): Buffer {
  let key = testAndInputKey(id, inputsID);
  if (covMeta) key = subkey(key, `coverdeps:${toHex(covMeta)}`);
  return subkey(key, 'coverprofile');
}

/** go's actionID(buildID): the part of a build ID before its first slash. */
export function actionIDOfBuildID(buildID: string): string {
  const i = buildID.indexOf('/');
  return i < 0 ? buildID : buildID.slice(0, i);
}

/**
 * go's covMeta: a hash of the build IDs of the -coverpkg packages behind the meta-data files, so a cached
 * result (and its profile) no longer applies once a covered package changes.
 */
export function coverMetaID(buildIDs: readonly string[]): Buffer {
  const h = new CacheHash('covermeta');
  for (const id of buildIDs) {
    const aid = actionIDOfBuildID(id);
    if (aid !== '') h.write(`dep ${aid}\n`);
  }
  return h.sum();
}
