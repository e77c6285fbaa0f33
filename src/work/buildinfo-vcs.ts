// The VCS part of build info: finding the repository, git status/revision/time, and the main module version from tags.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import type { Package } from '../load/types.js';
import * as semver from '../lib/semver.js';
import { isPseudoVersion, pseudoVersion } from '../lib/pseudo.js';
import { escapePath, matchPathMajor, pathMajorPrefix, splitPathVersion } from '../lib/module.js';
import { modulePath } from '../lib/modfile/module-path.js';
import type { BuildSetting } from './buildinfo.js';

interface VCSKind {
  name: string; // "Git"
  cmd: string; // "git"
  roots: { file: string; isDir: boolean }[];
}

/** go's vcsList order: hg, git, svn, bzr, fossil. */
export const VCS_LIST: VCSKind[] = [
  { name: 'Mercurial', cmd: 'hg', roots: [{ file: '.hg', isDir: true }] },
  { name: 'Git', cmd: 'git', roots: [{ file: '.git', isDir: true }] },
  { name: 'Subversion', cmd: 'svn', roots: [{ file: '.svn', isDir: true }] },
  { name: 'Bazaar', cmd: 'bzr', roots: [{ file: '.bzr', isDir: true }] },
  { name: 'Fossil', cmd: 'fossil', roots: [{ file: '.fslckout', isDir: false }, { file: '_FOSSIL_', isDir: false }] },
];

function isVCSRoot(dir: string, k: VCSKind): boolean {
  return k.roots.some((r) => {
    try {
      return statSync(join(dir, r.file)).isDirectory() === r.isDir;
    } catch {
      return false;
    }
  });
}

/** vcs.FromDir: the innermost repository containing dir; rejects a different VCS in a parent (VCS injection guard). */
export function vcsFromDir(dir: string, allowMultiple = false): { repoDir: string; vcs: VCSKind } | { notFound: true } | { error: string } {
  dir = normalize(dir);
  let found: { repoDir: string; vcs: VCSKind } | undefined;
  for (;;) {
    for (const k of VCS_LIST) {
      if (!isVCSRoot(dir, k)) continue;
      if (!found) {
        found = { repoDir: dir, vcs: k };
        if (allowMultiple) return found;
        continue;
      }
      if (found.vcs.cmd === 'git' && k.cmd === 'git') continue;
      return { error: `multiple VCS detected: ${found.vcs.cmd} in "${found.repoDir}", and ${k.cmd} in "${dir}"` };
    }
    const parent = dirname(dir);
    if (parent.length >= dir.length) break;
    dir = parent;
  }
  return found ?? { notFound: true };
}

/** str.HasFilePathPrefix. */
export function hasFilePathPrefix(s: string, prefix: string): boolean {
  if (s.length === prefix.length) return s === prefix;
  if (prefix === '') return true;
  if (s.length > prefix.length) {
    if (prefix.endsWith(sep)) return s.startsWith(prefix);
    return s[prefix.length] === sep && s.startsWith(prefix);
  }
  return false;
}

function lookPath(cmd: string, env: NodeJS.ProcessEnv): boolean {
  for (const d of (env['PATH'] ?? '').split(':')) {
    if (d === '') continue;
    try {
      const st = statSync(join(d, cmd));
      if (st.isFile() && (st.mode & 0o111) !== 0) return true;
    } catch {
      // keep looking
    }
  }
  return false;
}

export interface VCSStatus {
  revision: string;
  /** Commit time, seconds since the epoch; undefined for an empty repository. */
  commitTime?: number;
  uncommitted: boolean;
}

export interface VCSOptions {
  /** -buildvcs */
  buildvcs: 'auto' | 'true' | 'false';
  /** Whether this command stamps VCS info by default (go build/install/run of a main package). */
  autoVCS: boolean;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  isTestOnly?: boolean;
  /** -x tracing of the VCS commands ("cd dir" / "git status --porcelain"). */
  trace?: (line: string) => void;
  /** -v: show failing VCS command output. */
  verbose?: boolean;
  stderr?: (s: string) => void;
  /** GOPROXY and GOMODCACHE: with GOPROXY=off, go reuses a pseudo-version cached for the commit. */
  goproxy?: string;
  gomodcache?: string;
}

/**
 * modfetch.readDiskStatByHash: the highest pseudo-version recorded in the module download cache for
 * revision rev of modPath (go consults it instead of re-reading tags when GOPROXY=off).
 */
export function cachedPseudoVersion(gomodcache: string, modPath: string, rev: string): string | undefined {
  if (gomodcache === '' || !/^[0-9a-f]{12,}$/.test(rev)) return undefined;
  let names: string[];
  try {
    names = readdirSync(join(gomodcache, 'cache', 'download', escapePath(modPath), '@v'));
  } catch {
    return undefined;
  }
  const suffix = `-${rev.slice(0, 12)}.info`;
  let max = '';
  for (const n of names) {
    if (!n.endsWith(suffix)) continue;
    const v = n.slice(0, -'.info'.length);
    if (isPseudoVersion(v) && semver.compare(v, max) > 0) max = v;
  }
  return max === '' ? undefined : max;
}

class VCSCommandError extends Error {}

function runVCS(k: VCSKind, dir: string, args: string[], o: VCSOptions): string {
  const env = o.env ?? process.env;
  if (!lookPath(k.cmd, env)) {
    (o.stderr ?? ((s) => process.stderr.write(s)))(`go: missing ${k.name} command. See https://golang.org/s/gogetcmd\n`);
    throw new VCSCommandError(`exec: "${k.cmd}": executable file not found in $PATH`);
  }
  if (o.trace) o.trace(`cd ${dir}\n${k.cmd} ${args.join(' ')}\n`);
  const r = spawnSync(k.cmd, args, { cwd: dir, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0 || r.error) {
    if (o.verbose) {
      (o.stderr ?? ((s) => process.stderr.write(s)))(`# cd ${dir}; ${k.cmd} ${args.join(' ')}\n${r.stderr || ''}`);
    }
    throw new VCSCommandError(r.error ? r.error.message : r.signal ? `signal: ${r.signal}` : `exit status ${r.status}`);
  }
  return r.stdout;
}

/** Per-process memo of repository status, as go's vcsStatusCache. */
const statusCache = new Map<string, VCSStatus | Error>();

/** Forgets memoised repository status (tests, long-running processes). */
export function resetVCSStatusCache(): void {
  statusCache.clear();
}

/** vcs git Status: `git status --porcelain` and `git log -1 --format=%H:%ct` (tolerating an empty repo). */
export function gitStatus(repoDir: string, o: VCSOptions): VCSStatus {
  const git = VCS_LIST[1]!;
  const uncommitted = runVCS(git, repoDir, ['status', '--porcelain'], o).length > 0;
  let out: string;
  try {
    out = runVCS(git, repoDir, ['-c', 'log.showsignature=false', 'log', '-1', '--format=%H:%ct'], o);
  } catch (err) {
    if (!uncommitted) throw err;
    return { revision: '', uncommitted };
  }
  const t = out.trim();
  const i = t.indexOf(':');
  if (i < 1) throw new Error('unrecognized VCS tool output');
  const secs = t.slice(i + 1);
  if (!/^[+-]?[0-9]+$/.test(secs)) throw new Error(`unrecognized VCS tool output: strconv.ParseInt: parsing "${secs}": invalid syntax`);
  return { revision: t.slice(0, i), commitTime: Number(secs), uncommitted };
}

/** vcs hg Status: `hg log -r. -T {node}:{date|hgdate}` then `hg status -S` (untracked files count as modified). */
export function hgStatus(repoDir: string, o: VCSOptions): VCSStatus {
  const hg = VCS_LIST[0]!;
  let out = runVCS(hg, repoDir, ['log', '-r.', '-T', '{node}:{date|hgdate}'], o);
  let revision = '';
  let commitTime: number | undefined;
  if (out.length > 0) {
    const sp = out.indexOf(' ');
    if (sp > 0) out = out.slice(0, sp);
    const t = out.trim();
    const i = t.indexOf(':');
    if (i < 1) throw new Error('unrecognized VCS tool output');
    const secs = t.slice(i + 1);
    if (!/^[+-]?[0-9]+$/.test(secs)) throw new Error(`unrecognized VCS tool output: strconv.ParseInt: parsing "${secs}": invalid syntax`);
    revision = t.slice(0, i);
    commitTime = Number(secs);
  }
  const uncommitted = runVCS(hg, repoDir, ['status', '-S'], o).length > 0;
  return commitTime === undefined ? { revision, uncommitted } : { revision, commitTime, uncommitted };
}

/** time.Time.UTC().Format(time.RFC3339Nano) for whole seconds. */
export function rfc3339(secs: number): string {
  return new Date(secs * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

// ---------------------------------------------------------------- main module version from tags

function isMajor(mpath: string, pathMajor: string): boolean {
  if (mpath === '') return false;
  const s = splitPathVersion(mpath);
  if (!s.ok) return false;
  if (pathMajor === '') {
    const p = pathMajorPrefix(s.pathMajor);
    return p === '' || p === 'v0' || p === 'v1';
  }
  if (s.pathMajor === '') return false;
  return pathMajor.slice(1) === s.pathMajor.slice(1);
}

function gitOut(repoDir: string, args: string[], o: VCSOptions): string | undefined {
  const r = spawnSync('git', args, { cwd: repoDir, env: o.env ?? process.env, encoding: 'utf8', maxBuffer: 64 << 20 });
  return r.status === 0 ? r.stdout : undefined;
}

/**
 * What codeRepo.Stat(revision) reports as the version of module modPath at rev in the local repository
 * (tag at the commit, else a pseudo-version on the most recent ancestor tag); undefined when go would omit it.
 */
export function versionFromTags(repoDir: string, codeRoot: string, modPath: string, rev: string, commitTime: number, o: VCSOptions): string | undefined {
  const sp = splitPathVersion(modPath);
  if (!sp.ok) return undefined;
  const pathPrefix = codeRoot === modPath ? modPath : sp.prefix;
  const pathMajor = sp.pathMajor;
  const pseudoMajor = pathMajorPrefix(pathMajor);
  let codeDir = '';
  if (codeRoot !== modPath) {
    if (!(pathPrefix === codeRoot || pathPrefix.startsWith(codeRoot + '/'))) return undefined;
    codeDir = pathPrefix.slice(codeRoot.length).replace(/^\/+|\/+$/g, '');
  }
  // findDir: the go.mod at this revision must declare a compatible module path.
  const show = (f: string): string | undefined => gitOut(repoDir, ['show', `${rev}:${f}`], o);
  const file1 = codeDir === '' ? 'go.mod' : `${codeDir}/go.mod`;
  const gomod1 = show(file1);
  let ok = gomod1 !== undefined && isMajor(modulePath(gomod1), pathMajor);
  if (!ok && pathMajor !== '' && codeRoot !== modPath && !pathMajor.startsWith('.')) {
    const gomod2 = show(`${codeDir === '' ? '' : codeDir + '/'}${pathMajor.slice(1)}/go.mod`);
    ok = gomod2 !== undefined && isMajor(modulePath(gomod2), pathMajor);
  }
  if (!ok && gomod1 === undefined && codeDir === '' && (pathMajor === '' || pathMajor.startsWith('.'))) ok = true;
  if (!ok) return undefined;

  const tagPrefix = codeDir === '' ? '' : codeDir + '/';
  const tagToVersion = (tag: string): { v: string; canonical: boolean } => {
    if (!tag.startsWith(tagPrefix)) return { v: '', canonical: false };
    const trimmed = tag.slice(tagPrefix.length);
    if (isPseudoVersion(tag)) return { v: '', canonical: false };
    const v = semver.canonical(trimmed);
    if (v === '' || !trimmed.startsWith(v)) return { v: '', canonical: false };
    return { v, canonical: v === trimmed };
  };
  const allowed = (v: string): boolean => matchPathMajor(v, pathMajor);
  // codeRepo's canUseIncompatible: a v2+ tag of a module without a major suffix, at a revision with no go.mod.
  const incompatibleOk = codeDir === '' && pathMajor === '' && gomod1 === undefined;
  const asIncompatible = (v: string): string => (incompatibleOk && semver.build(v) === '' && !['v0', 'v1'].includes(semver.major(v)) ? v + '+incompatible' : '');

  const pointsAt = (gitOut(repoDir, ['tag', '--points-at', rev], o) ?? '').split('\n').map((s) => s.trim()).filter(Boolean);
  let highest = '';
  for (const t of pointsAt) {
    const { v, canonical } = tagToVersion(t);
    if (!canonical) continue;
    const use = allowed(v) ? v : asIncompatible(v);
    if (use !== '' && semver.compare(highest, use) < 0) highest = use;
  }
  if (highest !== '') return highest;

  let pseudoBase = '';
  const merged = (gitOut(repoDir, ['for-each-ref', '--format=%(refname)', `--merged=${rev}`, 'refs/tags'], o) ?? '').split('\n');
  let best = '';
  for (let line of merged) {
    line = line.trim();
    if (!line.startsWith('refs/tags/')) continue;
    const tag = line.slice('refs/tags/'.length);
    if (!tag.startsWith(tagPrefix)) continue;
    const { v } = tagToVersion(tag);
    if (v === '' || !allowed(v)) continue;
    const semtag = tag.slice(tagPrefix.length);
    if (semver.compare(semtag, best) > 0) best = semtag;
  }
  if (best !== '') pseudoBase = tagToVersion(tagPrefix + best).v;
  return pseudoVersion(pseudoMajor, pseudoBase, new Date(commitTime * 1000), rev.slice(0, 12));
}

// ---------------------------------------------------------------- the setBuildInfo VCS block

export type VCSResult =
  | { settings: BuildSetting[]; mainVersion?: string }
  | { error: string }
  | undefined;

const vcsError = (msg: string): { error: string } => ({
  error: `error obtaining VCS status: ${msg}\n\tUse -buildvcs=false to disable VCS stamping.`,
});

/**
 * The VCS settings (vcs, vcs.revision, vcs.time, vcs.modified) and main-module version go stamps for main
 * package p, following -buildvcs; `{error}` is the package error go would set, undefined means "omit".
 */
export function vcsBuildInfo(p: Package, o: VCSOptions): VCSResult {
  const want = o.buildvcs === 'true' || (o.buildvcs === 'auto' && o.autoVCS && !o.isTestOnly);
  const mod = p.module;
  if (!want || !mod || mod.version || p.standard || !mod.dir) return undefined;
  const allowMultiple = /(^|,)allowmultiplevcs=1(,|$)/.test((o.env ?? process.env)['GODEBUG'] ?? '');
  const here = vcsFromDir(o.cwd, allowMultiple);
  if ('error' in here) return vcsError(here.error);
  if ('notFound' in here) return undefined;
  const { repoDir, vcs } = here;
  if (!hasFilePathPrefix(mod.dir, repoDir) && !hasFilePathPrefix(repoDir, mod.dir)) return undefined;
  if (o.buildvcs === 'auto' && !lookPath(vcs.cmd, o.env ?? process.env)) return undefined;
  const pkgRepo = vcsFromDir(p.dir, allowMultiple);
  if ('error' in pkgRepo) return vcsError(pkgRepo.error);
  const pkgRepoDir = 'repoDir' in pkgRepo ? pkgRepo.repoDir : '';
  if (pkgRepoDir !== repoDir) {
    if ('notFound' in pkgRepo) return vcsError(`directory "${normalize(p.dir)}" is not using a known version control system`);
    if (o.buildvcs !== 'auto') return vcsError(`main package is in repository "${pkgRepoDir}" but current directory is in repository "${repoDir}"`);
    return undefined;
  }
  const modRepo = vcsFromDir(mod.dir, allowMultiple);
  if ('error' in modRepo) return vcsError(modRepo.error);
  const modRepoDir = 'repoDir' in modRepo ? modRepo.repoDir : '';
  if (modRepoDir !== repoDir) {
    if ('notFound' in modRepo) return vcsError(`directory "${normalize(mod.dir)}" is not using a known version control system`);
    if (o.buildvcs !== 'auto') return vcsError(`main module is in repository "${modRepoDir}" but current directory is in repository "${repoDir}"`);
    return undefined;
  }
  // git and hg status are implemented; svn, bzr and fossil checkouts are left unstamped.
  if (vcs.cmd !== 'git' && vcs.cmd !== 'hg') return undefined;
  let st = statusCache.get(repoDir);
  if (!st) {
    try {
      st = vcs.cmd === 'git' ? gitStatus(repoDir, o) : hgStatus(repoDir, o);
    } catch (err) {
      st = err as Error;
    }
    statusCache.set(repoDir, st);
  }
  if (st instanceof Error) return vcsError(st.message);
  const settings: BuildSetting[] = [{ key: 'vcs', value: vcs.cmd }];
  if (st.revision) settings.push({ key: 'vcs.revision', value: st.revision });
  if (st.commitTime !== undefined) settings.push({ key: 'vcs.time', value: rfc3339(st.commitTime) });
  settings.push({ key: 'vcs.modified', value: String(st.uncommitted) });
  let rootGoMod: string;
  try {
    rootGoMod = readFileSync(join(repoDir, 'go.mod'), 'utf8');
  } catch {
    return { settings };
  }
  const rootModPath = modulePath(rootGoMod);
  // Deriving the version from tags is implemented for git (go's local-repository lookup).
  if (vcs.cmd !== 'git' || rootModPath === '' || !st.revision || st.commitTime === undefined) return { settings };
  const sp = splitPathVersion(rootModPath);
  if (!sp.ok) return { settings };
  let vers = o.goproxy === 'off' && o.gomodcache ? cachedPseudoVersion(o.gomodcache, mod.path, st.revision) : undefined;
  vers ??= versionFromTags(repoDir, sp.prefix, mod.path, st.revision, st.commitTime, o);
  if (!vers) return { settings };
  if (st.uncommitted) vers += vers.endsWith('+incompatible') ? '.dirty' : '+dirty';
  return { settings, mainVersion: vers };
}
