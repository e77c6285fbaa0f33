// FetchSettings: everything modfetch reads from the configuration, gathered once (from cfg.Config or by tests).
import * as gover from '../lib/gover.js';
import { join, delimiter } from 'node:path';
import type { Config } from '../cfg/config.js';
import { noPromptEnv } from '../base/noprompt.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface FetchSettings {
  gomodcache: string;
  goproxy: string;
  gonoproxy: string;
  gosumdb: string;
  gonosumdb: string;
  goinsecure: string;
  goauth: string;
  govcs: string;
  goprivate: string;
  goroot: string;
  /** GOPATH/pkg/sumdb, where the checksum database's latest signed tree head is kept. */
  sumdbDir: string;
  gopathError: string;
  /** -modcacherw: leave extracted module directories writable. */
  modcacherw: boolean;
  /** The running Go version ("1.26.8"), for "requires go >= X" checks on downloaded modules. */
  goVersion: string;
  /** What "requires go >= X (running go Y...)" adds after Y: GOTOOLCHAIN and the go.mod that chose (gover.tooNewExplain). */
  tooNewExplain?: string;
  /** Environment for HTTP(S)_PROXY, NO_PROXY, NETRC, HOME. */
  env: Env;
  /** The command running, as go names it ("mod download" prints no "go: downloading" lines). */
  cmdName: string;
  /** -x: trace HTTP requests on stderr. */
  trace: boolean;
  /** Where progress and warnings go (stderr). */
  stderr: (s: string) => void;
  /** cmd/go's vcs-test hook, present only under cmd/go's script harness (see vcsTestHook). */
  vcsTest?: VCSTestSettings;
}

/** The loopback servers standing in for vcs-test.golang.org. */
export interface VCSTestSettings {
  /** host:port of the plain HTTP server. */
  host: string;
  /** host:port of the HTTPS server. */
  tlsHost: string;
  /** PEM file of the HTTPS server's certificate. */
  certFile: string;
}

const isLoopbackHostPort = (hp: string): boolean => /^(127\.\d+\.\d+\.\d+|\[::1\]|localhost):\d+$/.test(hp);

/**
 * The vcs-test hook of cmd/go's test binary, honoured only in the environment its script harness
 * gives: CMDGO_TEST_RUN_MAIN=true and all three TESTGO_VCSTEST_* variables set, naming loopback
 * servers. Anywhere else those variables mean nothing, as they do to a released go.
 */
export function vcsTestHook(env: Env): VCSTestSettings | undefined {
  if (env.CMDGO_TEST_RUN_MAIN !== 'true') return undefined;
  const host = env.TESTGO_VCSTEST_HOST ?? '';
  const tlsHost = env.TESTGO_VCSTEST_TLS_HOST ?? '';
  const certFile = env.TESTGO_VCSTEST_CERT ?? '';
  if (!isLoopbackHostPort(host) || !isLoopbackHostPort(tlsHost) || certFile === '') return undefined;
  return { host, tlsHost, certFile };
}

/** Settings from the go configuration. */
export function settingsFromConfig(cfg: Config, o: { cmdName: string; modcacherw?: boolean; trace?: boolean; stderr?: (s: string) => void }): FetchSettings {
  const gopath = cfg.gopath.split(delimiter)[0] ?? '';
  return {
    gomodcache: cfg.gomodcache,
    goproxy: cfg.get('GOPROXY'),
    gonoproxy: cfg.get('GONOPROXY'),
    gosumdb: cfg.get('GOSUMDB'),
    gonosumdb: cfg.get('GONOSUMDB'),
    goinsecure: cfg.get('GOINSECURE'),
    goauth: cfg.get('GOAUTH') || 'netrc',
    govcs: cfg.get('GOVCS'),
    goprivate: cfg.get('GOPRIVATE'),
    goroot: cfg.goroot,
    sumdbDir: gopath !== '' ? join(gopath, 'pkg/sumdb') : '',
    gopathError: cfg.gopathError,
    modcacherw: o.modcacherw ?? false,
    goVersion: cfg.localGo,
    tooNewExplain: gover.tooNewExplain({ gotoolchain: cfg.getenv('GOTOOLCHAIN'), ...cfg.toolchainStartup }),
    // git and other VCS tools, GOAUTH commands: never a password prompt (go's modload.Init).
    env: { ...cfg.osEnv, ...noPromptEnv(cfg.osEnv) },
    cmdName: o.cmdName,
    trace: o.trace ?? false,
    stderr: o.stderr ?? ((s) => process.stderr.write(s)),
    vcsTest: vcsTestHook(cfg.osEnv),
  };
}
