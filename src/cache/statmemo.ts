// A persistent memo in GOCACHE of facts about files keyed by their stat (file sha256s, tool IDs), saved at exit.
import { readFileSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { writeBytesAtomic } from './atomic.js';
import { mkdirAll } from '../base/mkdirall.js';

/** git's racy window: an entry whose file changed this close to the save is not kept. */
const RACY_MS = 2000;
const VERSION = 1;
// About 150 bytes an entry: a few projects and the standard library, a few MB at most.
const MAX_FILES = 30_000;

/** What is remembered for a path: the stat key it was computed under and the value. */
type Entry = [key: string, value: string];

interface MemoData {
  v: number;
  /** path → [stat key, hex sha256]. */
  files: Record<string, Entry>;
  /** tool path (and -toolexec prefix) → [stat key, tool ID]. */
  tools: Record<string, Entry>;
}

/** The stat a memo entry is valid for, as the caller describes it, and when the file last changed (ms). */
export interface StatKey {
  key: string;
  changedMs: number;
}

/** The StatKey of a bigint stat: (dev, ino, size, mtime, ctime). */
export function statKeyOf(st: BigIntStats): StatKey {
  return {
    key: `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`,
    changedMs: Number((st.mtimeNs > st.ctimeNs ? st.mtimeNs : st.ctimeNs) / 1_000_000n),
  };
}

/** The key used for files under a trusted root (a release GOROOT): its identity, not the file's stat. */
const TRUSTED_PREFIX = 'T:';

interface State {
  file: string;
  /** The memo as saved, read at the first lookup (a ~2 MB JSON file costs 30-90 ms to parse). */
  saved: MemoData | undefined;
  /** Entries added or changed in this process, written back at exit. */
  added: MemoData;
  trustedRoot: string;
  trustedKey: string;
  /** Stat times per added entry, for the racy rule at save time. */
  times: Map<string, number>;
}

let state: State | undefined;

const empty = (): MemoData => ({ v: VERSION, files: {}, tools: {} });

/**
 * The saved memo, read on first use: commands that open the build cache without hashing a file (go env,
 * go list -m) never pay for it.
 */
function savedData(s: State): MemoData {
  return (s.saved ??= read(s.file));
}

function read(file: string): MemoData {
  try {
    const d = JSON.parse(readFileSync(file, 'utf8')) as MemoData;
    if (d && d.v === VERSION && typeof d.files === 'object' && typeof d.tools === 'object') return d;
  } catch {
    // Missing or corrupt: start empty.
  }
  return empty();
}

/**
 * Opens the memo in gocache (once per process; later calls are ignored). Files under trustedRoot are
 * remembered under trustedKey (e.g. GOROOT and its VERSION) without a stat; '' trusts nothing.
 * Set GOCMD_STATMEMO=0 to disable.
 */
export function openStatMemo(gocache: string, trustedRoot = '', trustedKey = ''): void {
  if (gocache === '' || gocache === 'off' || process.env.GOCMD_STATMEMO === '0') return;
  const file = join(gocache, 'gocmd-memo', 'stat.json');
  const root = trustedRoot === '' ? '' : trustedRoot.replace(/\/?$/, '/');
  if (state) {
    // A process that runs several commands (the resident server) keeps the memo while it describes the
    // same cache and trusted root, and starts over when either changed.
    if (state.file === file && state.trustedRoot === root && state.trustedKey === trustedKey) return;
    saveStatMemo();
    closeStatMemo();
  }
  state = { file, saved: undefined, added: empty(), trustedRoot: trustedRoot === '' ? '' : trustedRoot.replace(/\/?$/, '/'), trustedKey, times: new Map() };
  process.once('exit', saveStatMemo);
}

/** Whether path is under the trusted root (its facts need no stat). */
export function isTrusted(path: string): boolean {
  return state !== undefined && state.trustedRoot !== '' && path.startsWith(state.trustedRoot);
}

function keyFor(path: string, st: StatKey | undefined): string | undefined {
  if (!state) return undefined;
  if (isTrusted(path)) return TRUSTED_PREFIX + state.trustedKey;
  return st?.key;
}

function lookup(kind: 'files' | 'tools', path: string, st: StatKey | undefined): string | undefined {
  const key = keyFor(path, st);
  if (key === undefined) return undefined;
  const e = state!.added[kind][path] ?? savedData(state!)[kind][path];
  return e && e[0] === key ? e[1] : undefined;
}

function remember(kind: 'files' | 'tools', path: string, st: StatKey | undefined, value: string): void {
  const key = keyFor(path, st);
  if (key === undefined) return;
  const prev = savedData(state!)[kind][path];
  if (prev && prev[0] === key && prev[1] === value) return;
  state!.added[kind][path] = [key, value];
  if (st && !key.startsWith(TRUSTED_PREFIX)) state!.times.set(`${kind}\0${path}`, st.changedMs);
}

/** The remembered sha256 (hex) of path under its stat (undefined: trusted paths only). */
export function memoFileHash(path: string, st: StatKey | undefined): string | undefined {
  return lookup('files', path, st);
}

export function rememberFileHash(path: string, st: StatKey | undefined, hex: string): void {
  remember('files', path, st, hex);
}

/** The remembered tool ID for a tool binary (name: its path and any -toolexec prefix), never trusted without a stat. */
export function memoToolID(name: string, st: StatKey): string | undefined {
  if (!state) return undefined;
  const e = state.added.tools[name] ?? savedData(state).tools[name];
  return e && e[0] === st.key ? e[1] : undefined;
}

export function rememberToolID(name: string, st: StatKey, id: string): void {
  if (!state) return;
  state.added.tools[name] = [st.key, id];
  state.times.set(`tools\0${name}`, st.changedMs);
}

/**
 * Writes entries added by this process back (merged with the file as it is now, so concurrent builds keep
 * each other's entries), dropping any whose file changed within RACY_MS of now. Atomic; errors ignored.
 */
export function saveStatMemo(): void {
  const s = state;
  if (!s) return;
  const kinds = ['files', 'tools'] as const;
  if (kinds.every((k) => Object.keys(s.added[k]).length === 0)) return;
  const cutoff = Date.now() - RACY_MS;
  let cur = read(s.file);
  // Entries for files long gone accumulate: start over when the memo grows past any real build's needs.
  if (Object.keys(cur.files).length > MAX_FILES) cur = empty();
  for (const k of kinds) {
    for (const [path, e] of Object.entries(s.added[k])) {
      const t = s.times.get(`${k}\0${path}`);
      if (t !== undefined && t >= cutoff) continue;
      cur[k][path] = e;
    }
  }
  try {
    mkdirAll(join(s.file, '..'));
    writeBytesAtomic(s.file, JSON.stringify(cur));
  } catch {
    // A read-only cache: nothing remembered.
  }
  s.added = empty();
  s.saved = cur;
}

/** Forgets the open memo (tests). */
export function closeStatMemo(): void {
  state = undefined;
  process.removeListener('exit', saveStatMemo);
}

