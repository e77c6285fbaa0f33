// Summaries of dependency go.mod files (requirements, go line, retractions), read through replacements.
import { readFile } from '../base/fsys.js';
import { join } from 'node:path';
import * as gover from '../lib/gover.js';
import { ModuleError, versionError, versionString, type Version } from '../lib/module.js';
import { graphRequirements, pruningForGoVersion, toolchainModSummary, type Pruning } from '../lib/mvs.js';
import { parseModFile, type VersionInterval } from '../lib/modfile/index.js';
import { haveSum, type GoSum } from '../lib/gosum.js';
import { shortPath } from '../load/errors.js';
import { MissingSumError } from './errors.js';
import { quickParseModFile } from './quickmod.js';
import type { Excludes, Replacements } from './replace.js';
import type { ModuleSource } from './source.js';

/** What modload keeps from a dependency's go.mod. */
export interface ModFileSummary {
  module: Version;
  goVersion: string;
  toolchain: string;
  /** Requirements as written plus go@V for go >= 1.21 (excluded versions dropped). */
  require: Version[];
  pruning: Pruning;
  retract: (VersionInterval & { rationale: string })[];
  deprecated?: string;
  /** The go.mod's ignore directives (wildcard patterns skip those directories of the module). */
  ignore?: string[];
  /** The go.mod needs a newer go than the running one (reported when the graph is used). */
  tooNew?: Error;
}

export interface SummaryOptions {
  source: ModuleSource;
  replace: Replacements;
  exclude: Excludes;
  cwd: string;
  /** The running toolchain's Go version ("1.26.8"). */
  localGo: string;
  gotoolchain: string;
  /** What GOTOOLCHAIN selection saw (the go.mod/go.work and line that chose), for "requires go >=" errors. */
  startup?: { autoFile?: string; autoGoVersion?: string; autoToolchain?: string };
  /** go.sum, when go.mod hashes must be present (-mod=readonly). */
  requireSums?: GoSum;
  /** go.sum as read and GOMODCACHE, for the server's graph memo (graphmemo.ts), which checks both on reuse. */
  goSum?: GoSum;
  gomodcache?: string;
}

/** Parsed go.mod texts of module versions, by path, version, name and text; shared by every Summaries of the process. */
const parsedSummaries = new Map<string, ModFileSummary>();
/** A bound far above any real graph (a few thousand modules), so a long-lived process's memo stays small. */
const MAX_PARSED_SUMMARIES = 20_000;

/** The key of module version m in the summaries' maps. */
function versionKey(m: Version): string {
  return `${m.path}\u0000${m.version}`;
}

/** Reads go.mod summaries once each (go's goModSummary / rawGoModSummary). */
export class Summaries {
  private readonly raw = new Map<string, Promise<ModFileSummary>>();

  constructor(readonly o: SummaryOptions) {}

  /** The go.mod data of m (a filesystem replacement when m.version is ""), and its name for messages. */
  async rawData(m: Version): Promise<{ name: string; data: string }> {
    if (m.version === '') {
      const name = join(this.o.replace.dir(m), 'go.mod');
      try {
        return { name, data: readFile(name).toString('utf8') };
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        const why = err.code === 'ENOENT' ? `open ${name}: no such file or directory` : err.message;
        throw new ModuleError(m.path, m.version, new Error(`reading ${shortPath(this.o.cwd, name)}: ${why}`));
      }
    }
    try {
      return { name: 'go.mod', data: Buffer.from(await this.o.source.goMod(m.path, m.version)).toString('utf8') };
    } catch (e) {
      throw versionError(m, e instanceof Error ? e : new Error(String(e)));
    }
  }

  /** The summary of m's own go.mod (no replacement applied, no excludes). */
  rawSummary(m: Version): Promise<ModFileSummary> {
    const k = versionKey(m);
    let p = this.raw.get(k);
    if (!p) {
      p = this.readRaw(m);
      this.raw.set(k, p);
    }
    return p;
  }

  /**
   * The summary of m's own go.mod if it can be had without waiting (already read, or its go.mod cached
   * and vouched for by go.sum); undefined sends the caller to rawSummary, which reports any error.
   */
  rawSummarySync(m: Version): ModFileSummary | undefined {
    const k = versionKey(m);
    const done = this.rawDone.get(k);
    if (done || m.version === '' || gover.isToolchain(m.path) || this.raw.has(k)) return done;
    const data = this.o.source.goModSync?.(m.path, m.version);
    if (!data) return undefined;
    let s: ModFileSummary;
    try {
      s = this.summarize(m, 'go.mod', Buffer.from(data).toString('utf8'));
    } catch {
      return undefined;
    }
    this.raw.set(k, Promise.resolve(s));
    this.rawDone.set(k, s);
    return s;
  }

  /** Summaries read successfully, for rawSummarySync. */
  private readonly rawDone = new Map<string, ModFileSummary>();

  /** The summary of module version m's own go.mod if this run has read it successfully. */
  readSummary(m: Version): ModFileSummary | undefined {
    return this.rawDone.get(versionKey(m));
  }

  /**
   * Takes s as module version m's summary, read by an earlier run from a go.mod file that is unchanged
   * since and that go.sum still vouches for (the server's graph memo checked both, graphmemo.ts): this
   * run then neither reads nor hashes that file again.
   */
  adoptSummary(m: Version, s: ModFileSummary): void {
    const k = versionKey(m);
    if (m.version === '' || this.raw.has(k)) return;
    this.raw.set(k, Promise.resolve(s));
    this.rawDone.set(k, s);
  }

  private async readRaw(m: Version): Promise<ModFileSummary> {
    if (gover.isToolchain(m.path)) {
      const s = toolchainModSummary(m);
      return { module: m, goVersion: '', toolchain: '', require: [...s.require], pruning: 'pruned', retract: [] };
    }
    const { name, data } = await this.rawData(m);
    const s = this.summarize(m, name, data);
    this.rawDone.set(versionKey(m), s);
    return s;
  }

  private summarize(m: Version, name: string, data: string): ModFileSummary {
    // A module version's go.mod never changes, but the memo is keyed by its text all the same, so a
    // process running many commands (the resident server) needs no invalidation for it.
    const key = m.version === '' ? '' : `${m.path}\u0000${m.version}\u0000${name}\u0000${data}`;
    let s = key === '' ? undefined : parsedSummaries.get(key);
    if (s) s = { ...s };
    else {
      s = this.parseSummary(m, name, data);
      if (key !== '') {
        if (parsedSummaries.size >= MAX_PARSED_SUMMARIES) parsedSummaries.clear();
        parsedSummaries.set(key, { ...s });
      }
    }
    const goVersion = s.goVersion;
    if (goVersion !== '' && gover.compare(goVersion, gover.GO_STRICT_VERSION) >= 0 && gover.compare(goVersion, this.o.localGo) > 0) {
      s.tooNew = new gover.TooNewError('module ' + versionString(m), goVersion, this.o.localGo, gover.tooNewExplain({ gotoolchain: this.o.gotoolchain, ...this.o.startup }));
    }
    return s;
  }

  /** The summary of a go.mod's text, apart from the running toolchain's verdict on its go line. */
  private parseSummary(m: Version, name: string, data: string): ModFileSummary {
    // Most dependency go.mod files are plain module/go/require lines: read those without the full
    // parser (a large module graph spends most of its time parsing otherwise).
    const q = quickParseModFile(data);
    let s: ModFileSummary;
    if (q) {
      s = {
        module: { path: q.modulePath, version: m.version },
        goVersion: q.goVersion,
        toolchain: q.toolchain,
        require: graphRequirements(q.require, q.goVersion),
        pruning: q.goVersion === '' ? 'unpruned' : pruningForGoVersion(q.goVersion),
        retract: [],
      };
    } else {
      let f;
      try {
        f = parseModFile(name, data, { lax: true });
      } catch (e) {
        throw new ModuleError(m.path, m.version, new Error(`parsing ${shortPath(this.o.cwd, name)}: ${(e as Error).message}`));
      }
      const goVersion = f.go?.version ?? '';
      s = {
        module: { path: f.module?.path ?? '', version: m.version },
        goVersion,
        toolchain: f.toolchain?.name ?? '',
        require: graphRequirements(f.require.map((r) => ({ path: r.path, version: r.version })), goVersion),
        pruning: goVersion === '' ? 'unpruned' : pruningForGoVersion(goVersion),
        retract: f.retract.map((r) => ({ low: r.low, high: r.high, rationale: r.rationale })),
      };
      if (f.module?.deprecated !== undefined) s.deprecated = f.module.deprecated;
      if (f.ignore.length > 0) s.ignore = f.ignore.map((i) => i.path);
    }
    return s;
  }

  /**
   * The summary of dependency m as the module graph uses it (go's goModSummary): read from its
   * replacement, checked against the path it was required as, with excluded requirements dropped.
   */
  async summary(m: Version): Promise<ModFileSummary> {
    if (gover.isToolchain(m.path)) return this.rawSummary(m);
    const actual = this.o.replace.resolve(m);
    if (this.o.requireSums && actual.version !== '' && !haveSum(this.o.requireSums, { path: actual.path, version: actual.version + '/go.mod' })) {
      throw new ModuleError(actual.path, actual.version, new MissingSumError(`missing go.sum entry for go.mod file; to add it:\n\tgo mod download ${m.path}`));
    }
    const s = await this.rawSummary(actual);
    if (actual.version !== '') {
      if (s.module.path === '') throw new ModuleError(actual.path, actual.version, new Error('parsing go.mod: missing module line'));
      if (s.module.path !== m.path && s.module.path !== actual.path) {
        throw new ModuleError(
          actual.path,
          actual.version,
          new Error(`parsing go.mod:\n\tmodule declares its path as: ${s.module.path}\n\t        but was required as: ${m.path}`),
        );
      }
    }
    if (s.tooNew) throw s.tooNew;
    if (this.o.exclude.size > 0 && s.require.some((r) => this.o.exclude.has(r))) {
      return { ...s, require: s.require.filter((r) => !this.o.exclude.has(r)) };
    }
    return s;
  }
}
