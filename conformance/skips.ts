// Scripts that cannot run against an ordinary go binary: they need hooks compiled only into
// cmd/go's test binary (TESTGO_VERSION...), or the vcs-test servers when the harness could not
// start them (vcstest/server.ts needs git and openssl). Scripts needing a VCS tool that is not
// installed (hg, svn, bzr, fossil) skip themselves with [!exec:hg] and the like.
// Decided from the script text alone, before it runs.

interface SkipRule {
  pattern: RegExp;
  reason: string;
}

const RULES: SkipRule[] = [
  { pattern: /\bTESTGO_VERSION_SWITCH\b/, reason: 'needs the cmd/go test-binary hook TESTGO_VERSION_SWITCH' },
  { pattern: /\bTESTGO_VERSION\b/, reason: 'needs the cmd/go test-binary hook TESTGO_VERSION' },
  { pattern: /\bTESTGO_TOOLCHAIN_VERSION\b/, reason: 'needs the cmd/go test-binary hook TESTGO_TOOLCHAIN_VERSION' },
  // cmd/go's web package fakes these only when its test hooks are compiled in.
  { pattern: /\bTESTGOPROXY404\b/, reason: 'needs the cmd/go test-binary web hook TESTGOPROXY404' },
  { pattern: /no such host localhost\.localdev/, reason: 'needs the cmd/go test-binary web hook for localhost.localdev' },
];

const VCSTEST = /vcs-test\.golang\.org/;
const VCSTEST_HOOK = /\bTESTGO_VCSTEST_(HOST|TLS_HOST|CERT)\b/;

/**
 * Returns why a script must be skipped, or null if it can run. Hooks are looked for in the
 * script's commands (not its comments); the vcs-test host anywhere in the archive (a skip only
 * when vcsTest says the servers are not running).
 */
export function skipReason(scriptText: string, archiveText: string, vcsTest = false): string | null {
  const code = scriptText
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n');
  for (const r of RULES) if (r.pattern.test(code)) return r.reason;
  if (!vcsTest && (VCSTEST_HOOK.test(code) || VCSTEST.test(archiveText))) return 'needs the vcstest servers (they could not be started: git and openssl are needed)';
  return null;
}
