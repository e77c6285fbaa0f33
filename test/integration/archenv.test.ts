// Integration: a bad GOARCH-specific setting (GO386=sse, which go1.26's tools reject) fails as go does,
// with compile's own complaint and one "error obtaining buildID" line, even right after a build with a
// good GO386 remembered compile's identity in the same GOCACHE (the memo is keyed on the settings).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GO } from './buildharness.js';
import { bundleCLI, gocmdSync } from './cliharness.js';

let tmp = '';
let GOCMD = '';

interface Result { code: number; stdout: string; stderr: string }

function run(bin: 'go' | 'gocmd', go386: string, args: string[]): Result {
  const env: NodeJS.ProcessEnv = {
    ...process.env, GOCACHE: join(tmp, 'cache-' + bin), GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local',
    GOARCH: '386', GO386: go386, CGO_ENABLED: '0', GOPATH: join(tmp, 'gopath'),
  };
  const cwd = join(tmp, 'm');
  const r = bin === 'go'
    ? spawnSync(GO, args, { cwd, env, encoding: 'utf8' })
    : gocmdSync(GOCMD, args, { cwd, env, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-archenv-'));
  GOCMD = join(tmp, 'gocmd.mjs');
  await bundleCLI(GOCMD);
  mkdirSync(join(tmp, 'm'));
  writeFileSync(join(tmp, 'm', 'go.mod'), 'module m\n\ngo 1.26\n');
  writeFileSync(join(tmp, 'm', 'main.go'), 'package main\n\nfunc main() {}\n');
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('GO386=sse after GO386=softfloat: go\'s one error, not a stale tool identity', () => {
  const steps: [string, string[]][] = [
    ['softfloat', ['list', '-export', '-f', '{{.ImportPath}}', 'internal/goarch']],
    ['sse', ['build', '.']],
    ['sse', ['list', '-export', '-f', '{{.ImportPath}}', 'internal/goarch']],
    ['softfloat', ['build', '-n', '.']],
    ['sse', ['build', '-n', '.']],
  ];
  for (const [v, args] of steps) {
    const g = run('go', v, args), c = run('gocmd', v, args);
    const what = `GO386=${v} go ${args.join(' ')}`;
    assert.equal(c.code, g.code, `${what}: exit status\n${c.stderr}`);
    if (v === 'sse') {
      assert.equal(c.stderr, 'unsupported setting GO386=sse\ngo: error obtaining buildID for go tool compile: exit status 1\n', what);
      assert.equal(c.stderr, g.stderr, what);
      assert.equal(c.stdout, g.stdout, what);
    }
  }
});
