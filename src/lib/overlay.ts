// The -overlay file's model (go's cmd/go/internal/fsys, without the I/O): which paths the JSON
// replaces, deletes, or implies as directories. Paths are absolute and clean (POSIX).
import { isAbsolute, join, normalize } from 'node:path/posix';
import { goJSONSyntaxError } from './gojsonsyntax.js';

/** A bad overlay file; message is go's text. */
export class OverlayError extends Error {
  override name = 'OverlayError';
}

/** One replaced path: from is absolute and clean; to is "" for a deletion. */
export interface Replacement {
  from: string;
  to: string;
}

/** What the overlay says about one path (go's fsys info). */
export interface OverlayInfo {
  abs: string;
  /** The path is deleted (or lies under a replaced file). */
  deleted: boolean;
  /** The overlay says something about the path: a replacement file, or a directory it implies. */
  replaced: boolean;
  /** The path must be a directory (an overlaid path lies below it). */
  dir: boolean;
  /** The path is a replaced file. */
  file: boolean;
  /** Where to read: the replacement file, or the path itself. */
  actual: string;
}

/** go's overlay order: like byte order, but "/" sorts before every other byte, so x/a comes before x.go. */
export function overlayCmp(x: string, y: string): number {
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    let a = x.charCodeAt(i);
    let b = y.charCodeAt(i);
    if (a === 0x2f) a = -1;
    if (b === 0x2f) b = -1;
    if (a !== b) return a - b;
  }
  return x.length - y.length;
}

/** Whether path is prefix or below it (go's str.HasFilePathPrefix, POSIX). */
function hasPathPrefix(path: string, prefix: string): boolean {
  if (!path.startsWith(prefix)) return false;
  if (path.length === prefix.length) return true;
  if (prefix.endsWith('/')) return true;
  return path[prefix.length] === '/';
}

function absPath(cwd: string, p: string): string {
  if (p === '') return '';
  if (isAbsolute(p)) return cleanPath(p);
  return cleanPath(join(cwd, p));
}

function cleanPath(p: string): string {
  const n = normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/** The first index whose from is >= target in overlay order, and whether it is equal. */
function search(list: readonly Replacement[], target: string): [number, boolean] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (overlayCmp(list[mid]!.from, target) < 0) lo = mid + 1;
    else hi = mid;
  }
  return [lo, lo < list.length && list[lo]!.from === target];
}

/**
 * Reads the overlay JSON ({"Replace": {"path": "replacement" or "" to delete}}), with relative
 * paths taken from cwd. Throws OverlayError with go's messages for an unusable file.
 */
export function parseOverlay(text: string, cwd: string): Overlay {
  const replace = decodeReplace(text);
  const seen = new Map<string, string>();
  const list: Replacement[] = [];
  for (const from of [...replace.keys()].sort(byteCmp)) {
    if (from === '') throw new OverlayError('empty string key in overlay map');
    const afrom = absPath(cwd, from);
    const old = seen.get(afrom);
    if (old !== undefined) throw new OverlayError(`duplicate paths ${old} and ${from} in overlay map`);
    seen.set(afrom, from);
    list.push({ from: afrom, to: absPath(cwd, replace.get(from)!) });
  }
  list.sort((a, b) => overlayCmp(a.from, b.from));
  // A replaced file cannot also have replaced files below it.
  for (let i = 0; i < list.length; i++) {
    const r = list[i]!;
    if (r.to === '') continue;
    const prefix = r.from + '/';
    for (const next of list.slice(i + 1)) {
      if (!next.from.startsWith(prefix)) break;
      if (next.to !== '') throw new OverlayError(`inconsistent files ${r.from} and ${next.from} in overlay map`);
    }
  }
  return new Overlay(list, cwd);
}

function byteCmp(a: string, b: string): number {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
}

/**
 * The Replace map of the JSON as Go's encoding/json decodes it into struct{ Replace map[string]string }:
 * the field name matches case-insensitively, other fields are ignored, null is an empty map.
 */
function decodeReplace(text: string): Map<string, string> {
  const syntax = goJSONSyntaxError(text);
  if (syntax !== undefined) throw new OverlayError(`parsing overlay JSON: ${syntax}`);
  const v: unknown = JSON.parse(text);
  const out = new Map<string, string>();
  if (v === null) return out;
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw new OverlayError(`parsing overlay JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type fsys.overlayJSON`);
  }
  const obj = v as Record<string, unknown>;
  // Go prefers the exact field name, then any case-insensitive match (the last one wins as a later
  // key overwrites an earlier one while decoding).
  let value: unknown = undefined;
  for (const [k, x] of Object.entries(obj)) {
    if (k.toLowerCase() === 'replace') value = x;
  }
  if (value === undefined || value === null) return out;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new OverlayError(`parsing overlay JSON: json: cannot unmarshal ${jsonKind(value)} into Go struct field overlayJSON.Replace of type map[string]string`);
  }
  for (const [k, x] of Object.entries(value as Record<string, unknown>)) {
    if (x === null) { out.set(k, ''); continue; }
    if (typeof x !== 'string') {
      throw new OverlayError(`parsing overlay JSON: json: cannot unmarshal ${jsonKind(x)} into Go struct field overlayJSON.Replace of type string`);
    }
    out.set(k, x);
  }
  return out;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  return 'object';
}

/** The parsed overlay: lookups answer as go's fsys does. */
export class Overlay {
  constructor(readonly list: readonly Replacement[], readonly cwd: string) {}

  abs(path: string): string {
    return absPath(this.cwd, path);
  }

  /** What the overlay says about path (go's fsys.stat). */
  stat(path: string): OverlayInfo {
    const apath = this.abs(path);
    const none = { deleted: false, replaced: false, dir: false, file: false };
    if (path === '') return { abs: apath, ...none, actual: path };
    const [i, exact] = search(this.list, apath);
    if (exact) {
      const r = this.list[i]!;
      if (r.to === '') return { abs: apath, ...none, deleted: true, actual: '' };
      return { abs: apath, ...none, replaced: true, file: true, actual: r.to };
    }
    if (i < this.list.length && hasPathPrefix(this.list[i]!.from, apath)) {
      // Something below path is overlaid: path is a directory.
      return { abs: apath, ...none, replaced: true, dir: true, actual: path };
    }
    if (i > 0 && hasPathPrefix(apath, this.list[i - 1]!.from)) {
      // A parent is a replaced (or deleted) file, so nothing lives below it.
      return { abs: apath, ...none, deleted: true, actual: '' };
    }
    return { abs: apath, ...none, actual: path };
  }

  /** The children the overlay implies for directory info, sorted by name (go's info.children). */
  children(info: OverlayInfo): { name: string; info: OverlayInfo }[] {
    const out: { name: string; info: OverlayInfo }[] = [];
    const prefix = info.abs === '/' ? '/' : info.abs + '/';
    const seen = new Set<string>();
    for (const r of this.list) {
      if (!r.from.startsWith(prefix) || r.from === info.abs) continue;
      const rest = r.from.slice(prefix.length);
      const slash = rest.indexOf('/');
      // A deletion deeper down does not imply the directory between.
      if (slash >= 0 && r.to === '') continue;
      const name = slash >= 0 ? rest.slice(0, slash) : rest;
      if (seen.has(name)) continue;
      seen.add(name);
      const dir = slash >= 0;
      const deleted = !dir && r.to === '';
      out.push({
        name,
        // As go's children: file is not set (callers look at dir, deleted and actual).
        info: { abs: join(info.abs, name), deleted, replaced: !deleted, dir, file: false, actual: dir ? '' : r.to },
      });
    }
    return out.sort((a, b) => byteCmp(a.name, b.name));
  }

  /** The file to read for name; "" when the overlay deletes it (go's fsys.Actual). */
  actual(name: string): string {
    const info = this.stat(name);
    if (info.deleted) return '';
    if (info.dir || info.replaced) return info.actual;
    return name;
  }

  /** Whether the overlay replaces or deletes the file name (go's fsys.Replaced). */
  replaced(name: string): boolean {
    const info = this.stat(name);
    return info.deleted || (info.replaced && !info.dir);
  }

  /**
   * The overlaid path that is name, under it or above it, if any (go's DirContainsReplacement:
   * GOMODCACHE may not be overlaid).
   */
  dirContainsReplacement(name: string): string | undefined {
    const apath = this.abs(name);
    const [i, exact] = search(this.list, apath);
    if (exact) return this.list[i]!.from;
    if (i < this.list.length && hasPathPrefix(this.list[i]!.from, apath)) return this.list[i]!.from;
    if (i > 0 && hasPathPrefix(apath, this.list[i - 1]!.from)) return this.list[i - 1]!.from;
    return undefined;
  }
}
