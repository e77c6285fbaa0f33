// The go.sum state of one command run: sums read from go.sum (and workspace go.sums), which were used or added, and writing them back.
import { readFileSync } from 'node:fs';
import { parseGoSum, unknownHashesWarning, type GoSum, keyVersion } from '../lib/gosum.js';
import { compareVersions, type Version } from '../lib/module.js';
import { FatalError } from './errors.js';

const goSumMismatch = `

SECURITY ERROR
This download does NOT match an earlier download recorded in go.sum.
The bits may have been replaced on the origin server, or an attacker may
have intercepted the download attempt.

For more information, see 'go help module-auth'.
`;

interface Status {
  used: boolean;
  dirty: boolean;
}

const mkey = (m: Version): string => `${m.path} ${m.version}`;
const skey = (m: Version, h: string): string => `${m.path} ${m.version} ${h}`;

/** Reads go.sum lines into dst in file order, keeping duplicates (go's readGoSum). */
export function readGoSumInto(dst: GoSum, file: string, data: string, skipMalformed: boolean): void {
  // parseGoSum validates and drops the old empty-go.mod hash; we keep its order.
  const parsed = parseGoSum(file, data, { skipMalformed });
  for (const [k, hs] of parsed) {
    const list = dst.get(k);
    if (list) list.push(...hs);
    else dst.set(k, [...hs]);
  }
}

/** What GoSumState needs of -overlay (go's fsys.Replaced and fsys.Actual). */
export interface SumOverlay {
  replaced(file: string): boolean;
  /** The file to read instead ("" when the overlay deletes it). */
  actual(file: string): string;
}

export class GoSumState {
  /** go.sum content, or undefined before it is read. */
  private m?: GoSum;
  private w = new Map<string, GoSum>();
  private status = new Map<string, Status>();
  private overwrite = false;
  private enabled = false;

  constructor(
    /** Path of go.sum ("" when there is no main module: sums are then not recorded). */
    readonly goSumFile: string,
    readonly workspaceGoSumFiles: readonly string[] = [],
    /** Running `go mod tidy` (malformed lines are skipped instead of fatal). */
    private readonly tidy = false,
    private readonly warn: (msg: string) => void = (m) => process.stderr.write(m),
    /** -overlay as it applies to go.sum files (reads go to the replacement; writes are refused). */
    readonly overlay?: SumOverlay,
  ) {}

  private read(file: string): string {
    try {
      // go's readGoSumFile: an overlaid go.sum is read from its replacement ("" when deleted).
      if (this.overlay?.replaced(file)) {
        const a = this.overlay.actual(file);
        return a === '' ? '' : readFileSync(a, 'utf8');
      }
      return readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw e;
    }
  }

  /** Loads go.sum on first use; reports whether sums are in use. */
  init(): boolean {
    if (this.goSumFile === '') return false;
    if (this.m) return true;
    const m: GoSum = new Map();
    try {
      for (const fn of this.workspaceGoSumFiles) {
        const w: GoSum = new Map();
        readGoSumInto(w, fn, this.read(fn), this.tidy);
        this.w.set(fn, w);
      }
      readGoSumInto(m, this.goSumFile, this.read(this.goSumFile), this.tidy);
    } catch (e) {
      throw new FatalError((e as Error).message.replace(/\n$/, ''));
    }
    this.m = m;
    this.enabled = true;
    return true;
  }

  private st(m: Version, h: string): Status {
    return this.status.get(skey(m, h)) ?? { used: false, dirty: false };
  }

  /** "path version" (version ending in /go.mod for a go.mod) of every sum checked or added since the last write. */
  checkedVersions(): Set<string> {
    return new Set([...this.status.keys()].map((k) => k.slice(0, k.lastIndexOf(' '))));
  }

  /** Whether go.sum has a usable (h1:, not dirty) hash for mod. */
  haveSum(mod: Version): boolean {
    if (!this.init()) return false;
    for (const sums of [...this.w.values(), this.m!]) {
      for (const h of sums.get(mkey(mod)) ?? []) {
        if (h.startsWith('h1:') && !this.st(mod, h).dirty) return true;
      }
    }
    return false;
  }

  /** The recorded h1: sum of mod; undefined if none or conflicting. */
  recordedSum(mod: Version): string | undefined {
    if (!this.init()) return undefined;
    let found = '';
    for (const sums of [...this.w.values(), this.m!]) {
      for (const h of sums.get(mkey(mod)) ?? []) {
        if (!h.startsWith('h1:') || this.st(mod, h).dirty) continue;
        if (found !== '' && found !== h) return undefined;
        found = h;
      }
    }
    return found === '' ? undefined : found;
  }

  /** haveModSumLocked: whether mod,h is listed; a conflicting h1: line is a fatal SECURITY ERROR. */
  private have(mod: Version, h: string): boolean {
    for (const vh of this.m!.get(mkey(mod)) ?? []) {
      if (h === vh) return true;
      if (vh.startsWith('h1:')) {
        const sumFileName = this.goSumFile.endsWith('go.work.sum') ? 'go.work.sum' : 'go.sum';
        throw new FatalError(`verifying ${mod.path}@${mod.version}: checksum mismatch\n\tdownloaded: ${h}\n\t${sumFileName}:     ${vh}` + goSumMismatch);
      }
    }
    if (this.w.size === 0) return false;
    let found = false;
    for (const [file, sums] of this.w) {
      for (const vh of sums.get(mkey(mod)) ?? []) {
        if (h === vh) found = true;
        else if (vh.startsWith('h1:')) {
          throw new FatalError(`verifying ${mod.path}@${mod.version}: checksum mismatch\n\tdownloaded: ${h}\n\t${file}:     ${vh}` + goSumMismatch);
        }
      }
    }
    return found;
  }

  /**
   * checkModSum: if mod,h is in go.sum, marks it used and returns true. Otherwise returns false
   * (the caller consults the checksum database, then calls add).
   */
  checkListed(mod: Version, h: string): boolean {
    const inited = this.init();
    const done = inited && this.have(mod, h);
    if (inited) this.mark(mod, h).used = true;
    return done;
  }

  /** Records a newly verified mod,h (dirty: to be written to go.sum). */
  add(mod: Version, h: string): void {
    if (!this.m) return;
    this.addLocked(mod, h);
    this.mark(mod, h).dirty = true;
  }

  /** The status entry of mod,h, created on first use (updated in place: thousands per run). */
  private mark(m: Version, h: string): Status {
    const k = skey(m, h);
    let st = this.status.get(k);
    if (!st) {
      st = { used: false, dirty: false };
      this.status.set(k, st);
    }
    return st;
  }

  private addLocked(mod: Version, h: string): void {
    if (this.have(mod, h)) return;
    const list = this.m!.get(mkey(mod));
    if (list && list.length > 0) this.warn(unknownHashesWarning(mod, list, h));
    if (list) list.push(h);
    else this.m!.set(mkey(mod), [h]);
  }

  private inWorkspace(m: Version): boolean {
    for (const sums of this.w.values()) if (sums.has(mkey(m))) return true;
    return false;
  }

  /** Whether writeGoSum would change go.sum. */
  dirty(keep: (m: Version) => boolean): boolean {
    if (!this.enabled) return false;
    for (const [k, hs] of this.m!) {
      const m = keyVersion(k);
      for (const h of hs) {
        const st = this.st(m, h);
        if (st.dirty && (!st.used || keep(m))) return true;
      }
    }
    return false;
  }

  /** tidyGoSum: the go.sum text to write, merging what another process may have added meanwhile. */
  tidyText(current: string, keep: (m: Version) => boolean): string {
    if (!this.overwrite) {
      const m: GoSum = new Map();
      readGoSumInto(m, this.goSumFile, current, true);
      this.m = m;
      for (const [k, st] of this.status) {
        if (!st.used) continue;
        const sp = k.lastIndexOf(' ');
        const mod = keyVersion(k.slice(0, sp));
        if (!this.inWorkspace(mod)) this.addLocked(mod, k.slice(sp + 1));
      }
    }
    const mods = [...this.m!.keys()].map(keyVersion).sort(compareVersions);
    let out = '';
    for (const m of mods) {
      const list = [...new Set(this.m!.get(mkey(m)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (const h of list) {
        const st = this.st(m, h);
        if ((!st.dirty || (st.used && keep(m))) && !this.inWorkspace(m)) out += `${m.path} ${m.version} ${h}\n`;
      }
    }
    return out;
  }

  /** After writing go.sum: everything is clean again. */
  written(): void {
    this.status = new Map();
    this.overwrite = false;
  }

  /** TrimGoSum: marks sums of modules not kept for removal. */
  trim(keep: (m: Version) => boolean): void {
    if (!this.init()) return;
    for (const [k, hs] of this.m!) {
      const m = keyVersion(k);
      if (keep(m)) continue;
      for (const h of hs) this.status.set(skey(m, h), { used: false, dirty: true });
      this.overwrite = true;
    }
  }
}
