// Script conditions ([GOOS:linux], [cgo], [exec:git], [short], ...) evaluated honestly for this
// machine. External network ([net:*]) is always off: only our own loopback servers are used.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Cond } from './cmd.js';
import type { State } from './state.js';
import {
  KNOWN_ARCH, KNOWN_OS, asanSupported, buildModeSupported, enabledExperiments, experimentNames, fuzzInstrumented,
  fuzzSupported, internalLinkPIESupported, msanSupported, mustLinkExternal, raceSupported,
} from './platform.js';

export interface HostFacts {
  goos: string;
  goarch: string;
  /** GOHOSTOS/GOHOSTARCH of the toolchain (same as goos/goarch unless cross). */
  hostOS: string;
  hostArch: string;
  goroot: string;
  cgoEnabled: boolean;
  short: boolean;
  verbose: boolean;
  /** PATH of the harness process, for [exec:name]. */
  hostPath: string;
}

/** Finds an executable in a PATH list; returns its path or null. */
export function findInPath(name: string, pathList: string): string | null {
  if (name.includes('/')) return isExecutable(name) ? name : null;
  for (const dir of pathList.split(':')) {
    if (dir === '') continue;
    const p = join(dir, name);
    if (isExecutable(p)) return p;
  }
  return null;
}

function isExecutable(p: string): boolean {
  try {
    const st = statSync(p);
    return st.isFile() && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** Whether cgo is enabled by default on this host, as 'go env CGO_ENABLED' would say. */
export function defaultCgoEnabled(env: NodeJS.ProcessEnv, goos: string, goarch: string, hostOS: string, hostArch: string): boolean {
  if (env.CGO_ENABLED !== undefined && env.CGO_ENABLED !== '') return env.CGO_ENABLED === '1';
  if (goos !== hostOS || goarch !== hostArch) return false;
  const cc = (env.CC ?? '').trim().split(/\s+/)[0] || 'gcc';
  return findInPath(cc, env.PATH ?? '') !== null;
}

function once<T>(f: () => T): () => T {
  let done = false;
  let v: T;
  return () => {
    if (!done) {
      v = f();
      done = true;
    }
    return v;
  };
}

function gitVersion(hostPath: string): [number, number] | null {
  const git = findInPath('git', hostPath);
  if (!git) return null;
  try {
    const out = execFileSync(git, ['version'], { encoding: 'utf8' });
    const m = /git version\s+(\d+)\.(\d+)/.exec(out);
    return m ? [Number(m[1]), Number(m[2])] : null;
  } catch {
    return null;
  }
}

function isCaseSensitive(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'case-sensitive'));
  try {
    writeFileSync(join(dir, 'FILE'), '');
    try {
      readFileSync(join(dir, 'file'));
      return false;
    } catch {
      return true;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function scriptConditions(h: HostFacts): Map<string, Cond> {
  const conds = new Map<string, Cond>();
  const bool = (summary: string, v: boolean | (() => boolean)): Cond => ({
    summary,
    prefix: false,
    eval: () => (typeof v === 'function' ? v() : v),
  });
  const stateBool = (summary: string, f: (s: State) => boolean): Cond => ({ summary, prefix: false, eval: f });
  const prefix = (summary: string, f: (s: State, suffix: string) => boolean): Cond => ({ summary, prefix: true, eval: f });
  const target = (s: State): [string, string] => [s.lookupEnv('GOOS') ?? h.goos, s.lookupEnv('GOARCH') ?? h.goarch];
  const sys = (flag: string, f: (goos: string, goarch: string) => boolean, needsCgo: boolean): Cond =>
    stateBool(`GOOS/GOARCH supports ${flag}`, (s) => {
      const [goos, goarch] = target(s);
      const cross = h.hostOS !== goos || h.hostArch !== goarch;
      return (!needsCgo || (h.cgoEnabled && !cross)) && f(goos, goarch);
    });

  // script.DefaultConds
  conds.set('GOOS', prefix('runtime.GOOS == <suffix>', (_s, v) => {
    if (v === h.goos) return true;
    if (!KNOWN_OS.has(v)) throw new Error(`unrecognized GOOS ${JSON.stringify(v)}`);
    return false;
  }));
  conds.set('GOARCH', prefix('runtime.GOARCH == <suffix>', (_s, v) => {
    if (v === h.goarch) return true;
    if (!KNOWN_ARCH.has(v)) throw new Error(`unrecognized GOOS ${JSON.stringify(v)}`);
    return false;
  }));
  conds.set('compiler', prefix('runtime.Compiler == <suffix>', (_s, v) => {
    if (v === 'gc') return true;
    if (v === 'gccgo') return false;
    throw new Error(`unrecognized compiler ${JSON.stringify(v)}`);
  }));
  conds.set('root', bool('os.Geteuid() == 0', process.geteuid?.() === 0));

  // scripttest.DefaultConds
  const execCache = new Map<string, boolean>();
  conds.set('exec', prefix("<suffix> names an executable in the test binary's PATH", (_s, name) => {
    let v = execCache.get(name);
    if (v === undefined) {
      v = findInPath(name, h.hostPath) !== null;
      execCache.set(name, v);
    }
    return v;
  }));
  conds.set('short', bool('testing.Short()', h.short));
  conds.set('verbose', bool('testing.Verbose()', h.verbose));

  // scripttest.AddToolChainScriptConditions
  conds.set('asan', sys('-asan', asanSupported, true));
  conds.set('buildmode', prefix('go supports -buildmode=<suffix>', (s, mode) => {
    const [goos, goarch] = target(s);
    return buildModeSupported(mode, goos, goarch);
  }));
  conds.set('cgo', bool('host CGO_ENABLED', h.cgoEnabled));
  conds.set('cgolinkext', stateBool('platform requires external linking for cgo', (s) => mustLinkExternal(...target(s), true)));
  conds.set('cross', bool('cmd/go GOOS/GOARCH != GOHOSTOS/GOHOSTARCH', h.hostOS !== h.goos || h.hostArch !== h.goarch));
  conds.set('fuzz', sys('-fuzz', fuzzSupported, false));
  conds.set('fuzz-instrumented', sys('-fuzz with instrumentation', fuzzInstrumented, false));
  conds.set('GODEBUG', prefix('GODEBUG contains <suffix>', (s, v) => (s.lookupEnv('GODEBUG') ?? '').split(',').some((p) => p.trim() === v)));
  const expNames = once(() => experimentNames(h.goroot));
  conds.set('GOEXPERIMENT', prefix('GOEXPERIMENT <suffix> is enabled', (s, v) => {
    const [goos, goarch] = target(s);
    const flags = enabledExperiments(expNames(), goos, goarch, s.lookupEnv('GOEXPERIMENT') ?? '');
    for (const [name, on] of flags) {
      if (v === name) return on;
      if (v.replace(/^no/, '') === name) return false;
    }
    throw new Error(`unrecognized GOEXPERIMENT ${JSON.stringify(v)}`);
  }));
  conds.set('go-builder', bool('GO_BUILDER_NAME is non-empty', (process.env.GO_BUILDER_NAME ?? '') !== ''));
  conds.set('link', bool('testenv.HasLink()', true));
  conds.set('msan', sys('-msan', msanSupported, true));
  conds.set('mustlinkext', stateBool('platform always requires external linking', (s) => mustLinkExternal(...target(s), false)));
  conds.set('pielinkext', stateBool('platform requires external linking for PIE', (s) => !internalLinkPIESupported(...target(s))));
  conds.set('race', sys('-race', raceSupported, true));
  conds.set('symlink', bool('testenv.HasSymlink()', true));

  // cmd/go's own conditions
  conds.set('abscc', stateBool('default $CC path is absolute and exists', () => false));
  conds.set('bzr', bool("the 'bzr' executable exists and provides the standard CLI", once(() => {
    const bzr = findInPath('bzr', h.hostPath);
    if (!bzr) return false;
    try {
      execFileSync(bzr, ['help'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })));
  conds.set('case-sensitive', bool('$WORK filesystem is case-sensitive', once(isCaseSensitive)));
  conds.set('cc', prefix('go env CC = <suffix> (ignoring the go/env file)', (s, want) => {
    const cc = s.lookupEnv('CC') ?? '';
    return cc !== '' ? cc === want : want === 'gcc';
  }));
  conds.set('git', bool("the 'git' executable exists and provides the standard CLI", once(() => findInPath('git', h.hostPath) !== null)));
  conds.set('git-sha256', bool("the local 'git' version is recent enough to support sha256 object/commit hashes", once(() => {
    const v = gitVersion(h.hostPath);
    return v !== null && (v[0] > 2 || (v[0] === 2 && v[1] >= 29));
  })));
  conds.set('net', prefix('can connect to external network host <suffix>', () => false));
  conds.set('trimpath', bool('test binary was built with -trimpath', false));
  return conds;
}
