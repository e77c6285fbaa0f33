// go's fixVersion for the main go.mod: a version that is not canonical semver (a commit hash, a
// branch, "v1", "v1.2", "latest") is resolved with a module query while the file is read, and the
// file then counts as changed (written back under -mod=mod, "updates to go.mod needed" otherwise).
//
// Parsing go.mod stays synchronous: the fixer looks each such version up in a table of answers.
// A version not answered yet is recorded, and the reader throws a VersionFixRequest listing them;
// the command is then run again once the queries have answered (see cli/run.ts). Canonical
// versions (the common case) never query.
import * as gover from '../lib/gover.js';
import { canonicalVersion, checkPathMajor, InvalidVersionError, ModuleError, splitPathVersion, versionError, type Version } from '../lib/module.js';
import type { VersionFixer } from '../lib/modfile/index.js';
import { goQuote } from '../lib/goquote.js';

/** A query's answer for path@vers: the version to use, or the error to report in its place. */
export type FixAnswer = { version: string } | { err: Error };

/** Answers of the version queries made so far in this process, by "path@vers". */
const answers = new Map<string, FixAnswer>();

const key = (path: string, vers: string): string => `${path}@${vers}`;

/** Records a query's answer for path@vers (tests and the resolving step). */
export function recordFixAnswer(path: string, vers: string, a: FixAnswer): void {
  answers.set(key(path, vers), a);
}

/** Forgets every recorded answer (tests). */
export function clearFixAnswers(): void {
  answers.clear();
}

/**
 * Thrown by the main go.mod's reader when versions in it need module queries before it can be
 * read. Not a modload error: commands let it through to the command runner, which answers the
 * queries and runs the command again.
 */
export class VersionFixRequest extends Error {
  constructor(
    /** The go.mod file being read (its go.sum is used for the queries). */
    readonly goModFile: string,
    /** The path@version pairs to query, in file order, without repeats. */
    readonly pending: Version[],
  ) {
    super(`${goModFile}: versions to resolve: ${pending.map((m) => `${m.path}@${m.version}`).join(', ')}`);
    this.name = 'VersionFixRequest';
  }
}

/** What a main go.mod's fixer saw while parsing. */
export interface FixState {
  /** A version was replaced by a different one (go's dataNeedsFix). */
  fixed: boolean;
  /** Versions that need a query not answered yet. */
  pending: Version[];
}

/**
 * go's fixVersion decision for one version: the version to use, or a thrown error (a ModuleError
 * becomes "verb path: <inner>" in the parse error). lookup answers the queries; undefined means
 * not asked yet, which is recorded in state.pending (the version is kept as written meanwhile).
 */
export function fixOneVersion(path: string, vers: string, lookup: (path: string, vers: string) => FixAnswer | undefined, state: FixState): string {
  // go's special case: drop the old -gopkgin- prefix of gopkg.in versions.
  if (path.startsWith('gopkg.in/') && vers.includes('-gopkgin-')) vers = vers.slice(vers.indexOf('-gopkgin-') + '-gopkgin-'.length);
  const sp = splitPathVersion(path);
  if (!sp.ok) throw new ModuleError(path, '', new InvalidVersionError(vers, new Error(`malformed module path ${goQuote(path)}`)));
  if (vers !== '' && canonicalVersion(vers) === vers) {
    const err = checkPathMajor(vers, sp.pathMajor);
    if (err) throw versionError({ path, version: vers }, err);
    return vers;
  }
  const a = lookup(path, vers);
  if (a === undefined) {
    if (!state.pending.some((m) => m.path === path && m.version === vers)) state.pending.push({ path, version: vers });
    return vers;
  }
  if ('err' in a) throw a.err;
  state.fixed = true;
  return a.version;
}

/** A fixer for reading a main go.mod, answering from this process's recorded queries. */
export function mainModFixer(state: FixState): VersionFixer {
  return (path, vers) => {
    // The go and toolchain lines are never fixed this way.
    if (gover.isToolchain(path)) return vers;
    return fixOneVersion(path, vers, (p, v) => answers.get(key(p, v)), state);
  };
}

/**
 * Answers a VersionFixRequest: runs query(path, vers) for each pending version (go's Query with
 * no current version and no allowed check) and records the version found or the error.
 */
export async function answerVersionFixes(req: VersionFixRequest, query: (path: string, vers: string) => Promise<string>): Promise<void> {
  for (const m of req.pending) {
    try {
      recordFixAnswer(m.path, m.version, { version: await query(m.path, m.version) });
    } catch (e) {
      recordFixAnswer(m.path, m.version, { err: e instanceof Error ? e : new Error(String(e)) });
    }
  }
}
