// The build-context-independent facts about one source file (header, constraint lines, Go header info), as the package index stores them.
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { actual, overlay, readDir } from '../base/fsys.js';
import { readGoFile, type GoFileInfo } from './gofile.js';
import { cmpStr, fileListForExt, nameExt, parseFileHeader, trimSpaceBytes } from './header.js';
import { errnoText } from '../lib/oserror.js';
import { fileDocSynopsis } from './listjson.js';

/**
 * What go/build learns from reading a file, before any build context is applied.
 * Only files that could be part of a build are read (see isCandidate).
 */
export interface RawFile {
  name: string;
  /** The file could not be read: go's message ("read <f>: open <f>: no such file or directory"). */
  readErr?: string;
  /** The header is invalid regardless of context (go's text, without the "<name>: " prefix). */
  headerErr?: string;
  /** The //go:build line, if any. */
  goBuild?: string;
  /** Without a //go:build line: the leading comment lines mentioning +build, trimmed, in order. */
  plusBuild?: string[];
  /** //go:binary-only-package was seen in the header. */
  binaryOnly: boolean;
  /** For .go files: package clause, imports, embeds, directives, parse error. */
  go?: GoFileInfo;
  /**
   * For .go files: the synopsis of the package doc comment (list's Doc) or null when there is none (or it
   * is empty), so that list need not read the file again. Undefined: not determined (list reads the file).
   */
  doc?: string | null;
}

/** Whether go/build would ever read a file of this name (not hidden, a known source extension, not .syso). */
export function isCandidate(name: string): boolean {
  if (name.startsWith('_') || name.startsWith('.')) return false;
  const ext = nameExt(name);
  if (ext === '.syso') return false;
  return ext === '.go' || fileListForExt(ext) !== undefined;
}

const HEAD_CHUNK = 4 * 1024;
const headBuf = Buffer.allocUnsafe(HEAD_CHUNK);

/**
 * Reads the first chunk of a file (latin1), reporting whether the file is longer.
 * Synchronous on purpose: for many small cached reads it is much cheaper than FileHandle round trips.
 */
function readHead(file: string): { data: string; truncated: boolean } {
  const fd = openSync(file, 'r');
  try {
    const n = readSync(fd, headBuf, 0, HEAD_CHUNK, 0);
    return { data: headBuf.toString('latin1', 0, n), truncated: n === HEAD_CHUNK };
  } finally {
    closeSync(fd);
  }
}

/** The leading white space and comments of a non-Go file (go/build's readComments). */
function leadingComments(s: string): string {
  let i = 0;
  for (;;) {
    while (i < s.length && ' \t\r\n;'.includes(s[i]!)) i++;
    if (s.startsWith('//', i)) {
      const nl = s.indexOf('\n', i);
      i = nl < 0 ? s.length : nl;
      continue;
    }
    if (s.startsWith('/*', i)) {
      const e = s.indexOf('*/', i + 2);
      if (e < 0) return s;
      i = e + 2;
      continue;
    }
    return s.slice(0, i);
  }
}

/** Reads dir/name and records everything go/build's matchFile needs from its content. Never throws. */
export function readRawFile(dir: string, name: string): RawFile {
  const full = join(dir, name);
  const ext = nameExt(name);
  const raw: RawFile = { name, binaryOnly: false };
  let data: string;
  let truncated: boolean;
  // Under -overlay the content comes from the replacement; names and messages stay the file's.
  const src = overlay() ? actual(full) : full;
  if (src === '') {
    raw.readErr = `read ${full}: open ${full}: deleted in overlay`;
    return raw;
  }
  try {
    ({ data, truncated } = readHead(src));
  } catch (e) {
    raw.readErr = `read ${full}: open ${full}: ${errnoText(e)}`;
    return raw;
  }
  let header: string;
  try {
    if (ext === '.go') {
      let go = readGoFile(full, data);
      if (truncated && (go.stopEnd >= data.length || go.hasEmbed || go.parseError)) {
        data = readFileSync(src).toString('latin1');
        go = readGoFile(full, data);
      }
      if (go.readError !== undefined) {
        // go/build's matchFile stops at its reader's error, before build constraints.
        raw.readErr = `read ${full}: ${go.readError}`;
        return raw;
      }
      raw.go = go;
      header = data;
      raw.doc = fileDocSynopsis(src, data, truncated);
    } else {
      header = leadingComments(data);
      if (truncated && header.length >= data.length - 2) {
        data = readFileSync(src).toString('latin1');
        header = leadingComments(data);
      }
    }
  } catch (e) {
    raw.readErr = (e as Error).message;
    return raw;
  }
  let h: ReturnType<typeof parseFileHeader>;
  try {
    h = parseFileHeader(header);
  } catch (e) {
    raw.headerErr = (e as Error).message;
    return raw;
  }
  raw.binaryOnly = h.binaryOnly;
  if (h.goBuild !== undefined) {
    raw.goBuild = h.goBuild;
  } else {
    const lines: string[] = [];
    for (const l of h.trimmed.split('\n')) {
      const line = trimSpaceBytes(l);
      if (line.startsWith('//') && line.includes('+build')) lines.push(line);
    }
    if (lines.length > 0) raw.plusBuild = lines;
  }
  return raw;
}

/** Lists a directory's entries as go/build sees them: sorted names, with directories (and symlinks to them) dropped. */
export function listFiles(dir: string): string[] {
  let ents;
  try {
    ents = overlay() ? readDir(dir) : readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new Error(`open ${dir}: ${errnoText(e)}`);
  }
  const names: string[] = [];
  for (const d of ents) {
    if (d.isDirectory()) continue;
    if (d.isSymbolicLink()) {
      try {
        if (statSync(join(dir, d.name)).isDirectory()) continue;
      } catch { /* dangling link: treat as file */ }
    }
    names.push(d.name);
  }
  return names.sort(cmpStr);
}
