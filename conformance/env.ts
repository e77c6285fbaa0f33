// The environment each script starts with, built as cmd/go's script_test.go builds it, and the
// per-script directories ($WORK, $WORK/tmp, $WORK/gopath/src) it sets up before extracting files.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { State } from './engine/state.js';

export interface HarnessEnv {
  /** Directory holding the link named 'go' to the binary under test. */
  testBin: string;
  goPath: string;
  goroot: string;
  goos: string;
  goarch: string;
  gocache: string;
  proxyURL: string;
  sumdb: string;
  short: boolean;
  /** The host environment (only a few of its variables pass through). */
  hostEnv: NodeJS.ProcessEnv;
  /** The vcs-test servers (vcstest/server.ts), when running. */
  vcsTest?: { host: string; tlsHost: string; certFile: string };
}

/** The public verifier key of cmd/go's test checksum database (from cmd/go/proxy_test.go). */
export const TEST_SUMDB_VERIFIER_KEY = 'localhost.localdev/sumdb+00000c67+AcTrnkbUA+TU4heY3hkjiSES/DSQniBqIeQ/YppAUtK6';

const EXTRA_ENV_KEYS = ['SYSTEMROOT', 'WINDIR', 'LD_LIBRARY_PATH', 'LIBRARY_PATH', 'C_INCLUDE_PATH', 'CC', 'GO_TESTING_GOTOOLS', 'GCCGO', 'GCCGOTOOLDIR'];

/** The Go version of a GOROOT ("1.26.8"), from its VERSION file. */
export function gorootVersion(goroot: string): string {
  try {
    const first = readFileSync(join(goroot, 'VERSION'), 'utf8').split('\n')[0]!.trim();
    return first.replace(/^go/, '');
  } catch {
    return '';
  }
}

/** The initial environment shared by all scripts, in cmd/go's order. */
export function scriptEnv(h: HarnessEnv): [string, string][] {
  const e = h.hostEnv;
  const env: [string, string][] = [
    ['PATH', h.testBin + ':' + (e.PATH ?? '')],
    ['HOME', '/no-home'],
    ['CCACHE_DISABLE', '1'],
    ['GOARCH', h.goarch],
    ['TESTGO_GOHOSTARCH', h.goarch],
    ['GOCACHE', h.gocache],
    ['GOCOVERDIR', e.GOCOVERDIR ?? ''],
    ['GODEBUG', e.GODEBUG ?? ''],
    ['GOEXE', ''],
    ['GOEXPERIMENT', e.GOEXPERIMENT ?? ''],
    ['GOOS', h.goos],
    ['TESTGO_GOHOSTOS', h.goos],
    ['GOPROXY', h.proxyURL],
    ['GOPRIVATE', ''],
    ['GOROOT', h.goroot],
    ['GOTRACEBACK', 'system'],
    ['TESTGONETWORK', 'panic'],
    ['TESTGO_GOROOT', h.goroot],
    ['TESTGO_EXE', h.goPath],
    ...(h.vcsTest
      ? ([
          ['TESTGO_VCSTEST_HOST', h.vcsTest.host],
          ['TESTGO_VCSTEST_TLS_HOST', h.vcsTest.tlsHost],
          ['TESTGO_VCSTEST_CERT', h.vcsTest.certFile],
          ['TESTGONETWORK', 'panic'],
        ] as [string, string][])
      : []),
    ['GOSUMDB', h.sumdb],
    ['GONOPROXY', ''],
    ['GONOSUMDB', ''],
    ['GOVCS', '*:all'],
    ['devnull', '/dev/null'],
    ['goversion', gorootVersion(h.goroot)],
    ['CMDGO_TEST_RUN_MAIN', 'true'],
    ['HGRCPATH', ''],
    ['GOTOOLCHAIN', 'auto'],
    ['newline', '\n'],
  ];
  if (h.short) env.push(['TESTGOVCSREMOTE', 'panic']);
  if (e.CGO_ENABLED !== undefined && e.CGO_ENABLED !== '') env.push(['CGO_ENABLED', e.CGO_ENABLED]);
  for (const k of EXTRA_ENV_KEYS) {
    const v = e[k];
    if (v !== undefined) env.push([k, v]);
  }
  return env;
}

/** Sets WORK, TEST_TELEMETRY_DIR, TMPDIR and GOPATH, creates their directories and enters $GOPATH/src. */
export function initScriptDirs(s: State): void {
  const work = s.pwd;
  s.setenv('WORK', work);
  mkdirSync(join(work, 'telemetry'), { recursive: true });
  s.setenv('TEST_TELEMETRY_DIR', join(work, 'telemetry'));
  mkdirSync(join(work, 'tmp'), { recursive: true });
  s.setenv('TMPDIR', join(work, 'tmp'));
  const gopath = join(work, 'gopath');
  s.setenv('GOPATH', gopath);
  mkdirSync(join(gopath, 'src'), { recursive: true });
  s.chdir(join(gopath, 'src'));
}
