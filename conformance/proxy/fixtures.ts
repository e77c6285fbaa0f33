// The modules the test proxy serves: cmd/go's testdata/mod txtar archives, named path_version.txt.
//
// Each archive holds ".info" and ".mod" (served as such) and the module's files (served as the zip,
// each name prefixed with "path@version/" unless it starts with "/"). Decisions here are pure
// given the directory listing and file contents; reading files is cached per archive.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { hash1, hashGoMod } from '../../src/lib/dirhash.js';
import { escapePath, escapeVersion, unescapePath, unescapeVersion } from '../../src/lib/module.js';
import { parse as parseTxtar, type Archive } from '../../src/lib/txtar.js';
import { writeZip } from '../../src/lib/zip.js';

/** A module version the proxy knows. */
export interface ModVersion {
  path: string;
  version: string;
}

/** Parses the module list from directory entry names, in go's (bytewise) directory order. */
export function parseModList(names: readonly string[]): { mods: ModVersion[]; errors: string[] } {
  const mods: ModVersion[] = [];
  const errors: string[] = [];
  for (const file of [...names].sort()) {
    if (!file.endsWith('.txt')) continue;
    const name = file.slice(0, -'.txt'.length);
    const i = name.lastIndexOf('_v');
    if (i < 0) continue;
    const encPath = name.slice(0, i).replaceAll('_', '/');
    let path: string;
    try {
      path = unescapePath(encPath);
    } catch (e) {
      if (encPath !== 'example.com/invalidpath/v1') errors.push((e as Error).message);
      continue;
    }
    let version: string;
    try {
      version = unescapeVersion(name.slice(i + 1));
    } catch (e) {
      errors.push((e as Error).message);
      continue;
    }
    mods.push({ path, version });
  }
  return { mods, errors };
}

/** The archive file name for a module version: escaped path with "/" → "_", then "_" and the escaped version. */
export function archiveName(path: string, version: string): string {
  return `${escapePath(path).replaceAll('/', '_')}_${escapeVersion(version)}.txt`;
}

/** The zip the proxy serves for an archive: every non-dot file, named path@version/name ("/name" kept verbatim). */
export function buildZip(path: string, version: string, a: Archive): Buffer {
  const files = a.files
    .filter((f) => f.name !== '.info' && f.name !== '.mod' && f.name !== '.zip')
    .map((f) => ({ name: f.name.startsWith('/') ? f.name.slice(1) : `${path}@${version}/${f.name}`, data: f.data }));
  return writeZip(files);
}

/** The two go.sum lines for an archive, hashed as cmd/go's test proxy hashes them. */
export function goSumLines(path: string, version: string, a: Archive): Buffer {
  const files = new Map<string, Buffer>();
  let gomod: Buffer = Buffer.alloc(0);
  for (const f of a.files) {
    if (f.name.startsWith('.')) {
      if (f.name === '.mod') gomod = f.data;
      continue;
    }
    files.set(`${path}@${version}/${f.name}`, f.data);
  }
  const h1 = hash1([...files.keys()], (name) => files.get(name)!);
  return Buffer.from(`${path} ${version} ${h1}\n${path} ${version}/go.mod ${hashGoMod(gomod)}\n`);
}

/** Reads and caches archives from a testdata/mod directory. */
export class FixtureStore {
  readonly mods: ModVersion[];
  readonly errors: string[];
  private readonly archives = new Map<string, Archive | undefined>();
  private readonly zips = new Map<string, Buffer>();

  constructor(readonly dir: string) {
    ({ mods: this.mods, errors: this.errors } = parseModList(readdirSync(dir)));
  }

  /** The archive of path@version, or undefined if there is none (or path/version cannot be escaped). */
  archive(path: string, version: string): Archive | undefined {
    let name: string;
    try {
      name = archiveName(path, version);
    } catch {
      return undefined;
    }
    if (this.archives.has(name)) return this.archives.get(name);
    let a: Archive | undefined;
    try {
      a = parseTxtar(readFileSync(join(this.dir, name)));
    } catch {
      a = undefined;
    }
    this.archives.set(name, a);
    return a;
  }

  /** The module zip of path@version (cached), or undefined. */
  zip(path: string, version: string): Buffer | undefined {
    const key = `${path}@${version}`;
    const cached = this.zips.get(key);
    if (cached) return cached;
    const a = this.archive(path, version);
    if (!a) return undefined;
    const z = buildZip(path, version, a);
    this.zips.set(key, z);
    return z;
  }

  /** The go.sum lines of path@version, or undefined if the proxy has no such archive. */
  goSum(path: string, version: string): Buffer | undefined {
    const a = this.archive(path, version);
    return a && goSumLines(path, version, a);
  }
}
