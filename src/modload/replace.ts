// The main module's replace and exclude directives: lookups and where replacement directories live.
import { isAbsolute, join } from 'node:path';
import type { Version } from '../lib/module.js';
import * as gover from '../lib/gover.js';
import type { ModFile } from '../lib/modfile/index.js';

const key = (path: string, version: string): string => `${path}\u0000${version}`;

/** Replacements by old module version ("path\0version" or "path\0" for every version). */
export class Replacements {
  private readonly map = new Map<string, Version>();

  constructor(file: ModFile | undefined, readonly modRoot: string) {
    for (const r of file?.replace ?? []) {
      this.map.set(key(r.old.path, r.old.version ?? ''), { path: r.new.path, version: r.new.version ?? '' });
    }
  }

  /** Replacements from explicit (old, new) pairs, later pairs winning; relative directories are taken from modRoot. */
  static fromEntries(entries: readonly [Version, Version][], modRoot: string): Replacements {
    const r = new Replacements(undefined, modRoot);
    for (const [o, n] of entries) r.map.set(key(o.path, o.version), n);
    return r;
  }

  get size(): number {
    return this.map.size;
  }

  /** The replacement for m (exact version first, then the all-versions one), if any. */
  lookup(m: Version): Version | undefined {
    return this.map.get(key(m.path, m.version)) ?? this.map.get(key(m.path, ''));
  }

  /** The module actually used for m: its replacement, or m itself. */
  resolve(m: Version): Version {
    if (m.version === '') return m; // main modules are never replaced
    return this.lookup(m) ?? m;
  }

  /** Module path → its highest replaced version ("" if only replaced for every version), go's HighestReplaced. */
  highest(): Map<string, string> {
    const out = new Map<string, string>();
    for (const k of this.map.keys()) {
      const i = k.indexOf('\u0000');
      const path = k.slice(0, i);
      const v = k.slice(i + 1);
      const cur = out.get(path);
      if (cur === undefined || (v !== '' && (cur === '' || gover.modCompare(path, cur, v) < 0))) out.set(path, v);
    }
    return out;
  }

  /** The versions of path that have a replacement of their own (not the all-versions one). */
  versionsOf(path: string): string[] {
    const out: string[] = [];
    for (const k of this.map.keys()) {
      const i = k.indexOf('\u0000');
      if (k.slice(0, i) === path && i + 1 < k.length) out.push(k.slice(i + 1));
    }
    return out;
  }

  /** Whether path has a replacement for some version (go's "replaced but not required"). */
  replacedPath(path: string): Version | undefined {
    for (const [k, v] of this.map) {
      if (k.slice(0, k.indexOf('\u0000')) === path) return v;
    }
    return undefined;
  }

  /** The directory of a filesystem replacement (version ""), relative paths taken from the module root. */
  dir(r: Version): string {
    return isAbsolute(r.path) ? r.path : join(this.modRoot, r.path);
  }

  /** Every replacement as text (with the root relative directories are taken from), for the graph memo's key. */
  keyText(): string {
    return JSON.stringify([this.modRoot, [...this.map].map(([k, v]) => [k, v.path, v.version])]);
  }
}

/** The main module's exclude directives (in a workspace, every main module's). */
export class Excludes {
  private readonly set = new Set<string>();

  constructor(files: ModFile | readonly ModFile[] | undefined) {
    for (const file of Array.isArray(files) ? files : files ? [files] : []) {
      for (const e of (file as ModFile).exclude) this.set.add(key(e.path, e.version));
    }
  }

  has(m: Version): boolean {
    return this.set.has(key(m.path, m.version));
  }

  get size(): number {
    return this.set.size;
  }

  /** Every excluded version as text, for the graph memo's key. */
  keyText(): string {
    return JSON.stringify([...this.set]);
  }
}
