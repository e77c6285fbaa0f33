// A persistent memo in GOCACHE of facts about files keyed by their stat (file sha256s, tool IDs), saved at exit.
import { readFileSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { writeBytesAtomic } from './atomic.js';
import { mkdirAll } from '../base/mkdirall.js';
import { statFacts } from '../base/filefacts.js';

/** git's racy window: an entry whose file changed this close to the save is not kept. */
const RACY_MS = 2000;
// Lines rather than JSON: JSON.parse of a ~2.5 MB memo (12k entries, an array each) cost ~85 ms CPU at the
// first lookup of every build or list; splitting lines into a Map of strings costs a few ms.
// (The JSON memo of earlier releases, stat.json, is left alone: an older gocmd sharing the cache still uses it.)
const MEMO_FILE = 'stat.txt';
const HEADER = 'gocmd stat memo 2';
// About 200 bytes an entry: a few projects and the standard library, a few MB at most.
const MAX_FILES = 30_000;

type Kind = 'files' | 'tools';

/**
 * path (files) or tool name (tools) → "statkey\tvalue": the stat key an entry was computed under and
 * the value (a hex sha256 or a tool ID). Kept as one string, split only when looked up.
 */
interface MemoData {
  files: Map<string, string>;
  tools: Map<string, string>;
}

/** Line prefixes of the two kinds in the memo file. */
const KIND_TAG: Record<Kind, string> = { files: 'f', tools: 't' };

/** The stat a memo entry is valid for, as the caller describes it, and when the file last changed (ms). */
export interface StatKey {
  key: string;
  changedMs: number;
}

/** The StatKey of a bigint stat: (dev, ino, size, mtime, ctime). */
export function statKeyOf(st: BigIntStats): StatKey {
  return {
    key: statFacts(st),
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

const empty = (): MemoData => ({ files: new Map(), tools: new Map() });

/**
 * The saved memo, read on first use: commands that open the build cache without hashing a file (go env,
 * go list -m) never pay for it.
 */
function savedData(s: State): MemoData {
  return (s.saved ??= read(s.file));
}

/**
 * The memo file's entries: after the header line, one "f|t TAB path TAB statkey TAB value" line each.
 * Missing, corrupt or of another version: empty. A malformed line is skipped.
 */
function read(file: string): MemoData {
  const d = empty();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return d;
  }
  const lines = text.split('\n');
  if (lines[0] !== HEADER) return d;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const kind = line.startsWith('f\t') ? d.files : line.startsWith('t\t') ? d.tools : undefined;
    const tab = kind ? line.indexOf('\t', 2) : -1;
    if (tab < 0 || line.indexOf('\t', tab + 1) < 0) continue;
    kind!.set(line.slice(2, tab), line.slice(tab + 1));
  }
  return d;
}

/** The memo file's text: fields holding a tab or newline (never in real stat keys or IDs) are left out. */
function format(d: MemoData): string {
  const out = [HEADER];
  for (const k of ['files', 'tools'] as const) {
    for (const [path, e] of d[k]) if (!/[\t\n]/.test(path) && e.indexOf('\n') < 0) out.push(`${KIND_TAG[k]}\t${path}\t${e}`);
  }
  return out.join('\n') + '\n';
}

/** The value of entry e ("statkey\tvalue") if it was computed under key. */
function valueUnder(e: string | undefined, key: string): string | undefined {
  return e !== undefined && e.length > key.length && e.charCodeAt(key.length) === 9 && e.startsWith(key) ? e.slice(key.length + 1) : undefined;
}

/**
 * Opens the memo in gocache (once per process; later calls are ignored). Files under trustedRoot are
 * remembered under trustedKey (e.g. GOROOT and its VERSION) without a stat; '' trusts nothing.
 * Set GOCMD_STATMEMO=0 to disable.
 */
export function openStatMemo(gocache: string, trustedRoot = '', trustedKey = ''): void {
  if (gocache === '' || gocache === 'off' || process.env.GOCMD_STATMEMO === '0') return;
  const file = join(gocache, 'gocmd-memo', MEMO_FILE);
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

function lookup(kind: Kind, path: string, st: StatKey | undefined): string | undefined {
  const key = keyFor(path, st);
  if (key === undefined) return undefined;
  return valueUnder(state!.added[kind].get(path) ?? savedData(state!)[kind].get(path), key);
}

function remember(kind: Kind, path: string, st: StatKey | undefined, value: string): void {
  const key = keyFor(path, st);
  if (key === undefined) return;
  if (valueUnder(savedData(state!)[kind].get(path), key) === value) return;
  state!.added[kind].set(path, `${key}\t${value}`);
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
  return valueUnder(state.added.tools.get(name) ?? savedData(state).tools.get(name), st.key);
}

export function rememberToolID(name: string, st: StatKey, id: string): void {
  if (!state) return;
  state.added.tools.set(name, `${st.key}\t${id}`);
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
  if (kinds.every((k) => s.added[k].size === 0)) return;
  const cutoff = Date.now() - RACY_MS;
  let cur = read(s.file);
  // Entries for files long gone accumulate: start over when the memo grows past any real build's needs.
  if (cur.files.size > MAX_FILES) cur = empty();
  for (const k of kinds) {
    for (const [path, e] of s.added[k]) {
      const t = s.times.get(`${k}\0${path}`);
      if (t !== undefined && t >= cutoff) continue;
      cur[k].set(path, e);
    }
  }
  try {
    mkdirAll(join(s.file, '..'));
    writeBytesAtomic(s.file, format(cur));
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

