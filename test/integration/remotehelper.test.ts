// Integration: gocmd-remote's own Go tests (src/cache/remotehelper/*_test.go: in-flight requests, the sha256 and
// size check while streaming, the watchdog, credentials, read-only, TLS with a private CA) run by gocmd's
// `go test` through bin/gocmd, as a user would run them; real go runs them too, as the comparison. Loopback only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GO } from './buildharness.js';
import { machineGoEnv, removeTestDir, runGocmd, runProgram, shippedCLI } from './cliharness.js';

const SRC = resolve(import.meta.dirname, '..', '..', '..', 'src', 'cache', 'remotehelper');
let tmp = '';
let gocmd = '';

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-remotehelper-'));
  gocmd = shippedCLI(join(tmp, 'ship'));
});

after(() => {
  if (tmp) removeTestDir(tmp);
});

function env(cache: string): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, GOCACHE: cache, GOFLAGS: '-buildvcs=false', GOPROXY: 'off', GOWORK: 'off', GO111MODULE: 'on', GOTOOLCHAIN: 'local', CGO_ENABLED: '0' };
  for (const k of ['GOOS', 'GOARCH', 'GOCACHEPROG', 'GOCMD_REMOTE_CACHE']) delete e[k];
  return e;
}

/** The names of the tests and subtests that passed, from go test -v output. */
const passed = (out: string): string[] => [...out.matchAll(/--- PASS: (\S+)/g)].map((m) => m[1]!).sort();

test('gocmd-remote\'s Go tests pass under bin/gocmd test, the same tests as under go test', { timeout: 900_000 }, async () => {
  // A warm cache when the suite has one: net/http and crypto/tls from std are a long cold build.
  const cache = process.env['GOCMD_TEST_GOCACHE'] || machineGoEnv('GOCACHE') || join(tmp, 'gocache');
  const r = await runGocmd(gocmd, ['test', '-count=1', '-v', '.'], SRC, env(cache));
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const names = passed(r.stdout);
  for (const t of ['TestFetchHitWritesBodyAndEntryWithCredentials', 'TestFetchChecksSHA256AndSize/corrupt', 'TestFetchChecksSHA256AndSize/cut_mid-body',
    'TestWatchdog', 'TestManyInFlight', 'TestReadOnlyRefusesPut', 'TestTLSWithExtraCA']) {
    assert.ok(names.includes(t), `${t} did not pass:\n${r.stdout}`);
  }
  assert.doesNotMatch(r.stdout, /--- (FAIL|SKIP)/);
  if (!existsSync(GO)) return;
  const g = await runProgram(GO, ['test', '-count=1', '-v', '.'], SRC, env(machineGoEnv('GOCACHE') || join(tmp, 'gocache-go')));
  assert.equal(g.code, 0, g.stdout + g.stderr);
  assert.deepEqual(names, passed(g.stdout));
});
