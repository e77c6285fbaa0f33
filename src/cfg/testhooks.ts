// cmd/go's test-binary hooks (TESTGO_VERSION, TESTGO_VERSION_SWITCH, TESTGO_TOOLCHAIN_VERSION).
//
// go honours these only in the test binary `go test cmd/go` builds, and only when that binary is run
// as the go command (CMDGO_TEST_RUN_MAIN set by cmd/go's script harness, which also always sets
// TESTGO_GOROOT). gocmd has no separate test binary, so it honours them only when both of those
// harness variables are set: an ordinary user environment never has them, so a stray TESTGO_VERSION
// alone changes nothing.

type Env = Readonly<Record<string, string | undefined>>;

export interface TestHooks {
  /** TESTGO_VERSION: the toolchain name gocmd claims to be ("" = the real one). */
  version: string;
  /** TESTGO_VERSION_SWITCH: "switch" | "mismatch" | "loop" | "". */
  versionSwitch: string;
  /** TESTGO_TOOLCHAIN_VERSION: runtime.Version() as the build records it ("" = the real one). */
  toolchainVersion: string;
}

const NONE: TestHooks = { version: '', versionSwitch: '', toolchainVersion: '' };

/** Whether the environment is that of cmd/go's script harness running its test binary as go. */
export function underCmdGoHarness(env: Env): boolean {
  return (env['CMDGO_TEST_RUN_MAIN'] ?? '') !== '' && (env['TESTGO_GOROOT'] ?? '') !== '';
}

/** The hooks in effect for env (all empty outside cmd/go's harness). */
export function testHooks(env: Env): TestHooks {
  if (!underCmdGoHarness(env)) return NONE;
  return {
    version: env['TESTGO_VERSION'] ?? '',
    versionSwitch: env['TESTGO_VERSION_SWITCH'] ?? '',
    toolchainVersion: env['TESTGO_TOOLCHAIN_VERSION'] ?? '',
  };
}
