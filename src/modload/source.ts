// Where modload gets modules from: the ModuleSource interface, plus an in-memory source for tests.
import { writeFileSync, existsSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { escapePath, escapeVersion } from '../lib/module.js';
import { mkdirAll } from '../base/mkdirall.js';

/**
 * What modload needs from the module fetcher (modfetch implements it over GOPROXY and GOMODCACHE).
 * Errors are thrown with go's message text for the failing module (e.g. "reading .../@v/v1.0.0.mod: 404 Not Found").
 */
export interface ModuleSource {
  /** Known versions of path, unsorted (the proxy's @v/list). */
  list(path: string): Promise<string[]>;
  /** Canonical version and time of a query or version (the proxy's .info). */
  info(path: string, version: string): Promise<{ version: string; time?: string }>;
  /** The go.mod file of path@version, as stored (not parsed). */
  goMod(path: string, version: string): Promise<Uint8Array>;
  /** Downloads and extracts path@version, returning its directory in the module cache. */
  zipDir(path: string, version: string): Promise<string>;
  /**
   * The directory of path@version when it is already extracted and verified without waiting (no network);
   * undefined sends the caller to zipDir, which reports any problem.
   */
  cachedDir?(path: string, version: string): string | undefined;
  /** The go.mod of path@version when the cache has it and go.sum vouches for it; undefined sends the caller to goMod. */
  goModSync?(path: string, version: string): Uint8Array | undefined;
  /**
   * go's DownloadDir: the directory of path@version when its extraction is complete, without the
   * go.sum check a download does (for naming a directory's package, not for building from it).
   */
  downloadDir?(path: string, version: string): string | undefined;
  /** The h1: hash of path@version's zip, when known locally (the cache's .ziphash). */
  zipSum?(path: string, version: string): string | undefined;
}

/** The directory go extracts path@version into: GOMODCACHE/<escaped path>@<escaped version>. */
export function modCacheDir(gomodcache: string, path: string, version: string): string {
  return join(gomodcache, `${escapePath(path)}@${escapeVersion(version)}`);
}

/** The download-cache file GOMODCACHE/cache/download/<escaped path>/@v/<escaped version>.<ext>. */
export function downloadFile(gomodcache: string, path: string, version: string, ext: string): string {
  // Only the root needs join's cleaning: an escaped module path has no empty, "." or ".." element and an
  // escaped version is one file name. (join over all six parts cost ~35 µs a call in the resident server's
  // warm worker, 1.5 ms of each go list -m -json all over gopls.)
  return `${join(gomodcache, 'cache', 'download')}/${escapePath(path)}/@v/${escapeVersion(version)}.${ext}`;
}

/** A module held in memory: its go.mod text and files (path relative to the module root → content). */
export interface MemModule {
  path: string;
  version: string;
  goMod: string;
  files?: Record<string, string>;
  time?: string;
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** An in-memory ModuleSource (tests): files are written to a temporary directory on zipDir. */
export class MemSource implements ModuleSource {
  private readonly mods = new Map<string, MemModule>();
  private root?: string;
  /** Every goMod/zipDir request, "path@version.mod" / "path@version.zip", in order. */
  readonly requests: string[] = [];

  constructor(mods: MemModule[] = []) {
    for (const m of mods) this.add(m);
  }

  add(m: MemModule): void {
    this.mods.set(`${m.path}@${m.version}`, m);
  }

  private get(path: string, version: string, ext: string): MemModule {
    const m = this.mods.get(`${path}@${version}`);
    if (!m) throw new NotFoundError(`${path}@${version}: reading ${path}/@v/${version}.${ext}: 404 Not Found`);
    return m;
  }

  async list(path: string): Promise<string[]> {
    return [...this.mods.values()].filter((m) => m.path === path).map((m) => m.version);
  }

  async info(path: string, version: string): Promise<{ version: string; time?: string }> {
    const m = this.get(path, version, 'info');
    return m.time ? { version: m.version, time: m.time } : { version: m.version };
  }

  async goMod(path: string, version: string): Promise<Uint8Array> {
    this.requests.push(`${path}@${version}.mod`);
    return Buffer.from(this.get(path, version, 'mod').goMod);
  }

  private dirFor(path: string, version: string): string {
    this.root ??= mkdtempSync(join(tmpdir(), 'modload-mem-'));
    return modCacheDir(this.root, path, version);
  }

  cachedDir(path: string, version: string): string | undefined {
    if (!this.root) return undefined;
    const d = this.dirFor(path, version);
    return existsSync(d) ? d : undefined;
  }

  async zipDir(path: string, version: string): Promise<string> {
    this.requests.push(`${path}@${version}.zip`);
    const m = this.get(path, version, 'zip');
    const dir = this.dirFor(path, version);
    if (!existsSync(dir)) {
      mkdirAll(dir);
      writeFileSync(join(dir, 'go.mod'), m.goMod);
      for (const [name, content] of Object.entries(m.files ?? {})) {
        mkdirAll(dirname(join(dir, name)));
        writeFileSync(join(dir, name), content);
      }
    }
    return dir;
  }

  /** The temporary directory holding extracted modules, if any was made. */
  get dir(): string | undefined {
    return this.root;
  }
}
