// GOCMD_EXPLAIN (beyond go): why an action ran again. Every action whose cache lookup misses records the inputs
// of its action ID in $GOCACHE/gocmd-explain/, one file per action kind, package and target; with
// GOCMD_EXPLAIN=1 the builder first compares them with the recorded ones (lib/explaindiff.ts) and says what
// changed. Hits never come here.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeBytesAtomic } from '../cache/atomic.js';
import { trimSideDir } from '../cache/sidetrim.js';
import { mkdirAll } from '../base/mkdirall.js';
import { packageDesc } from '../load/pgo.js';
import type { Package } from '../load/types.js';
import type { ActionKind } from '../lib/explaindiff.js';

/** gocmd's directory inside GOCACHE for the recorded inputs. */
export const EXPLAIN_DIR = 'gocmd-explain';
/** First line of a record: its format and the action ID it was recorded for. */
const RECORD_VERSION = 'gocmd-explain v1';
const HOUR_MS = 3600 * 1000;
/** Records older than this whose cache entry is gone are removed (go trims its entries after 5 days unused). */
export const RECORD_MAX_AGE_MS = 5 * 24 * HOUR_MS;

/** Whether GOCMD_EXPLAIN asks for the lines. */
export function explainEnabled(env: Readonly<Record<string, string | undefined>>): boolean {
  const v = env['GOCMD_EXPLAIN'];
  return v !== undefined && v !== '' && v !== '0';
}

/** What a missed action records once it succeeds: its record's key, its action ID (hex) and the inputs' text. */
export interface PendingRecord { key: string; id: string; inputs: string }

/** Why an action with unchanged inputs ran again, when its result was kept in the cache. */
export const ENTRY_GONE = 'the cache entry is gone (trimmed or cleaned)';

/** What places one build of a package, besides the package: never its inputs, which the record compares. */
export interface ExplainTarget {
  goos: string;
  goarch: string;
  buildmode: string;
  /** -race, -msan, -asan: a build of its own rather than a change to the plain one. */
  instrument: string;
}

/**
 * The record's name for one action: its kind, the package (a test variant is its own), the directory of a
 * package in a main module or outside any module (two modules may share an import path; a dependency's
 * directory changes with its version, which is an input), and the target.
 */
export function explainKey(kind: ActionKind | 'test', p: Package, t: ExplainTarget): string {
  const dir = p.standard || (p.module !== undefined && p.module.main !== true) ? '' : p.internal.explainDir ?? p.dir;
  const text = [kind, packageDesc(p), dir, t.goos, t.goarch, t.buildmode, t.instrument].join('\x00');
  return createHash('sha256').update(text).digest('hex');
}

/** The recorded inputs under key, or undefined when none are (or the file is not ours). */
export function readRecord(cacheDir: string, key: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(cacheDir, EXPLAIN_DIR, key), 'utf8');
  } catch {
    return undefined;
  }
  const nl = text.indexOf('\n');
  if (nl < 0 || !text.startsWith(RECORD_VERSION + ' ')) return undefined;
  return text.slice(nl + 1);
}

/** Directories made in this process (one mkdir check per build, not per record). */
const madeDirs = new Set<string>();

/**
 * Records an action's inputs under key (temp file and rename: concurrent builds each write a whole record),
 * and at most once a day trims old records. Best effort: a read-only or full cache loses only explanations.
 */
export function writeRecord(cacheDir: string, key: string, actionIDHex: string, inputs: string, entryExists: (actionIDHex: string) => boolean): void {
  const dir = join(cacheDir, EXPLAIN_DIR);
  try {
    if (!madeDirs.has(dir)) {
      mkdirAll(dir);
      madeDirs.add(dir);
      trimRecords(dir, Date.now(), entryExists);
    }
    writeBytesAtomic(join(dir, key), `${RECORD_VERSION} ${actionIDHex}\n${inputs}`);
  } catch {
    // Nothing to explain with next time; the build itself is unaffected.
  }
}

/**
 * Removes records older than RECORD_MAX_AGE_MS whose cache entry go's trim has removed, at most once a day
 * (trim.txt). A package that is not rebuilt keeps its record while its entry is in use, so its next rebuild
 * can say what changed; the directory holds at most about one record per live cache entry and those of the
 * last few days.
 */
export function trimRecords(dir: string, nowMs: number, entryExists: (actionIDHex: string) => boolean): void {
  trimSideDir(dir, nowMs, (file, mtimeMs) => {
    if (nowMs - mtimeMs <= RECORD_MAX_AGE_MS) return false;
    const head = readFileSync(file, 'utf8').slice(0, RECORD_VERSION.length + 66);
    const id = head.startsWith(RECORD_VERSION + ' ') ? head.slice(RECORD_VERSION.length + 1, RECORD_VERSION.length + 65) : '';
    return id === '' || !entryExists(id);
  });
}
