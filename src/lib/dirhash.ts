// Directory hashes as go.sum records them: "h1:" + base64(SHA-256 of "<sha256 hex>  <name>\n" lines).
//
// The lines are sorted by file name (bytewise, as go sorts strings). Hash1 and hashZip are pure;
// hashDir, dirFiles and hashZipFile are the thin file-system wrappers.

import { createHash, hash } from 'node:crypto';
import { lstat, readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readZip, type ZipEntry } from './zip.js';

export class DirhashError extends Error {
  override name = 'DirhashError';
}

/** Sorts names bytewise by their UTF-8 encoding, as go's slices.Sort does for strings. */
function sortBytewise(names: readonly string[]): string[] {
  return names
    .map((n) => [Buffer.from(n, 'utf8'), n] as const)
    .sort((a, b) => Buffer.compare(a[0], b[0]))
    .map(([, n]) => n);
}

// One-shot hashing (crypto.hash, Node >= 20.12) costs a fraction of createHash's set-up per call,
// which dominates for small files such as go.mod (about 9 us against 40 us per pair). Looked up at each
// call, not at load: the bundle loads node:crypto only when something hashes (scripts/bundle.mjs).
const sha256 = (data: Uint8Array | string, enc: 'hex' | 'base64'): string =>
  typeof hash === 'function' ? hash('sha256', data, enc) : createHash('sha256').update(data).digest(enc);

/** The summary text hashed by Hash1, given each file's content digest. */
function summaryLine(name: string, content: Uint8Array): string {
  if (name.includes('\n')) throw new DirhashError('dirhash: filenames with newlines are not supported');
  return `${sha256(content, 'hex')}  ${name}\n`;
}

/** The "h1:" hash of the named files, reading each with read. */
export function hash1(files: readonly string[], read: (name: string) => Uint8Array): string {
  const h = createHash('sha256');
  for (const name of sortBytewise(files)) h.update(summaryLine(name, read(name)));
  return 'h1:' + h.digest('base64');
}

/** hash1 with an asynchronous reader (files are read one at a time, in hash order). */
export async function hash1Async(files: readonly string[], read: (name: string) => Promise<Uint8Array>): Promise<string> {
  const h = createHash('sha256');
  for (const name of sortBytewise(files)) h.update(summaryLine(name, await read(name)));
  return 'h1:' + h.digest('base64');
}

/** The "h1:" hash of a go.mod file's content, as go.sum's "/go.mod" lines record it. */
export function hashGoMod(content: Uint8Array): string {
  // hash1 of the single file "go.mod", with one-shot digests (thousands of go.mod files per run).
  return 'h1:' + sha256(`${sha256(content, 'hex')}  go.mod\n`, 'base64');
}

/** The hash of a zip archive's contents: entry names and data only (compression, times ignored). */
export function hashZip(zip: Uint8Array): string {
  return hashZipEntries(readZip(zip));
}

/**
 * hashZip over an archive's parsed entries. onData, if given, sees each entry's checked content as it
 * is hashed (a caller that extracts the archive next need not decompress it a second time).
 */
export function hashZipEntries(entries: readonly ZipEntry[], onData?: (entry: ZipEntry, data: Buffer) => void): string {
  const byName = new Map(entries.map((e) => [e.name, e]));
  return hash1(
    entries.map((e) => e.name),
    (name) => {
      const e = byName.get(name)!;
      const data = e.data();
      onData?.(e, data);
      return data;
    },
  );
}

/** hashZip of a zip file on disk. */
export async function hashZipFile(path: string): Promise<string> {
  return hashZip(await readFile(path));
}

/** The files under dir (recursively), named with dir replaced by prefix, with forward slashes. */
export async function dirFiles(dir: string, prefix: string): Promise<string[]> {
  const st = await stat(dir);
  if (!st.isDirectory()) throw new DirhashError(`${dir} is not a directory`);
  const files: string[] = [];
  const walk = async (d: string, rel: string): Promise<void> => {
    const names = sortBytewise(await readdir(d)); // filepath.Walk's lexical order
    for (const name of names) {
      const full = join(d, name);
      const r = rel === '' ? name : `${rel}/${name}`;
      if ((await lstat(full)).isDirectory()) await walk(full, r); // like filepath.Walk, symlinks are not followed
      else files.push(prefix === '' ? r : `${prefix}/${r}`);
    }
  };
  await walk(dir, '');
  return files;
}

/** The hash of directory dir, with dir's name replaced by prefix in the hashed file names. */
export async function hashDir(dir: string, prefix: string): Promise<string> {
  const files = await dirFiles(dir, prefix);
  const strip = prefix === '' ? 0 : prefix.length + 1;
  return hash1Async(files, (name) => readFile(join(dir, ...name.slice(strip).split('/'))));
}

