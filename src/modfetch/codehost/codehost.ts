// The code-host layer shared by the version control tools: revision info, the errors that mean
// "not found", and the VCS work directories under $GOMODCACHE/cache/vcs (go's codehost.WorkDir).
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdirAll } from '../../base/mkdirall.js';
import { dirname, join } from 'node:path';
import { lockFile } from '../lock.js';
import type { Origin } from '../revinfo.js';

export const MAX_GO_MOD = 16 << 20;
export const MAX_LICENSE = 16 << 20;
export const MAX_ZIP_FILE = 500 << 20;

/** A revision as the code host knows it. */
export interface CodeRevInfo {
  origin?: Origin;
  /** The full commit hash. */
  name: string;
  /** The shortened hash used in pseudo-versions. */
  short: string;
  /** The revision asked for, or the full hash. */
  version: string;
  /** Commit time, Unix seconds. */
  time: number;
  tags: string[];
}

export interface Tag {
  name: string;
  hash: string;
}

export interface Tags {
  origin: Origin;
  list: Tag[];
}

/** What the module layer needs from a repository. */
export interface CodeRepo {
  tags(prefix: string): Promise<Tags>;
  stat(rev: string): Promise<CodeRevInfo>;
  latest(): Promise<CodeRevInfo>;
  /** The file's content at rev; rejects with a not-exist error when it is absent. */
  readFile(rev: string, file: string, maxSize: number): Promise<Buffer>;
  /** `git archive`-style zip of the tree at rev (only subdir, if given), every name under one top directory. */
  readZip(rev: string, subdir: string, maxSize: number): Promise<Buffer>;
  recentTag(rev: string, prefix: string, allowed: (tag: string) => boolean): Promise<string>;
  descendsFrom(rev: string, tag: string): Promise<boolean>;
  /** go's CheckReuse: resolves when old still describes the repository (subdir is the module's directory). */
  checkReuse?(old: Origin, subdir: string): Promise<void>;
}

/** "unknown revision X" (counts as not-exist). */
export class UnknownRevisionError extends Error {
  readonly notExist = true;
  /** Origin information known despite the failure (the repo's refs). */
  origin?: Origin;
  constructor(readonly rev: string) {
    super(`unknown revision ${rev}`);
    this.name = 'UnknownRevisionError';
  }
}

/** "no commits" (counts as not-exist). */
export class NoCommitsError extends Error {
  readonly notExist = true;
  constructor() {
    super('no commits');
    this.name = 'NoCommitsError';
  }
}

/** A file missing at a revision (go returns fs.ErrNotExist). */
export class FileNotExistError extends Error {
  readonly notExist = true;
  constructor() {
    super('file does not exist');
    this.name = 'FileNotExistError';
  }
}

/** An error wrapped to count as not-exist, keeping its text. */
export class NotExistWrap extends Error {
  readonly notExist = true;
  constructor(readonly err: Error) {
    super(err.message, { cause: err });
    this.name = 'NotExistWrap';
  }
}

/** An error from setting up a VCS repository (go's VCSError: passed on without a "lookup" prefix). */
export class VCSError extends Error {
  constructor(readonly err: Error) {
    super(err.message, { cause: err });
    this.name = 'VCSError';
  }
}

export const allHex = (rev: string): boolean => /^[0-9a-f]*$/.test(rev);

/** The first 12 digits of a full SHA-1 hash; other revisions unchanged. */
export const shortenSHA1 = (rev: string): string => (allHex(rev) && rev.length === 40 ? rev.slice(0, 12) : rev);

/** The work directory for a remote: $GOMODCACHE/cache/vcs/<sha256(type:name)>, with its .info and .lock beside it. */
export function workDirPath(gomodcache: string, typ: string, name: string): { dir: string; lock: string; key: string } {
  const key = `${typ}:${name}`;
  const dir = join(gomodcache, 'cache/vcs', createHash('sha256').update(key).digest('hex'));
  return { dir, lock: dir + '.lock', key };
}

/**
 * go's WorkDir: makes (or reuses) the work directory for typ:name under its lock. A directory whose
 * .info names another key is an error; a missing or half-made one is made afresh.
 */
export async function workDir(gomodcache: string, typ: string, name: string, trace?: (l: string) => void): Promise<{ dir: string; lock: string }> {
  if (gomodcache === '') throw new Error('neither GOPATH nor GOMODCACHE are set');
  if (typ.includes(':')) throw new Error('codehost.WorkDir: type cannot contain colon');
  const { dir, lock, key } = workDirPath(gomodcache, typ, name);
  trace?.(`mkdir -p ${dirname(dir)} # ${typ} ${name}`);
  mkdirAll(dirname(dir));
  trace?.(`# lock ${lock}`);
  let unlock;
  try {
    unlock = await lockFile(lock);
  } catch (e) {
    throw new Error(`codehost.WorkDir: can't find or create lock file: ${(e as Error).message}`);
  }
  try {
    let data: string | undefined;
    let isDir = false;
    try {
      data = readFileSync(dir + '.info', 'utf8');
      isDir = statSync(dir).isDirectory();
    } catch {
      // made below
    }
    if (data !== undefined && isDir) {
      const have = data.replace(/\n$/, '');
      if (have !== key) throw new Error(`${dir}.info exists with wrong content (have ${JSON.stringify(have)} want ${JSON.stringify(key)})`);
      trace?.(`# ${dir} for ${typ} ${name}`);
      return { dir, lock };
    }
    trace?.(`mkdir -p ${dir} # ${typ} ${name}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirAll(dir);
    try {
      writeFileSync(dir + '.info', key, { mode: 0o666 });
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    return { dir, lock };
  } finally {
    await unlock();
  }
}
