// Integration: the environment the toolchain's tools see. In module mode go sets GIT_TERMINAL_PROMPT=0 and
// GCM_INTERACTIVE=never in its own environment (unless the user set them), so every tool it runs (here a
// -toolexec wrapper, as a user's would be) inherits them, while a program run by `go run` gets the
// environment as it was. gocmd's tools must see the same.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GO } from './buildharness.js';
import { bundleCLI, gocmdSync } from './cliharness.js';

let tmp = '';
let GOCMD = '';

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-toolenv-'));
  GOCMD = join(tmp, 'gocmd.mjs');
  await bundleCLI(GOCMD);
  const m = join(tmp, 'm');
  mkdirSync(join(m, 'lib'), { recursive: true });
  writeFileSync(join(m, 'go.mod'), 'module example.com/m\n\ngo 1.22\n');
  // No imports: compiling it needs no standard library, so each run's own GOCACHE stays cheap.
  writeFileSync(join(m, 'lib', 'lib.go'), 'package lib\n\nfunc F() int { return 1 }\n');
  writeFileSync(join(m, 'main.go'), 'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\n' +
    'func main() { fmt.Printf("%q %q\\n", os.Getenv("GIT_TERMINAL_PROMPT"), os.Getenv("GCM_INTERACTIVE")) }\n');
  // The wrapper notes what each tool it runs would see, then runs the tool.
  writeFileSync(join(tmp, 'wrap.sh'), '#!/bin/sh\necho "$GIT_TERMINAL_PROMPT|$GCM_INTERACTIVE" >> "$TOOLENV_LOG"\nexec "$@"\n');
  chmodSync(join(tmp, 'wrap.sh'), 0o755);
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function run(bin: 'go' | 'gocmd', args: string[], extra: Record<string, string>): { code: number; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = {
    ...process.env, GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local', GOWORK: 'off', GO111MODULE: 'on', ...extra,
  };
  delete env['GIT_TERMINAL_PROMPT'];
  delete env['GCM_INTERACTIVE'];
  Object.assign(env, extra);
  const cwd = join(tmp, 'm');
  const r = bin === 'go' ? spawnSync(GO, args, { cwd, env, encoding: 'utf8' }) : gocmdSync(GOCMD, args, { cwd, env, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The distinct lines the wrapper logged for one build of ./lib by bin, with a GOCACHE of its own. */
function toolsSaw(bin: 'go' | 'gocmd', name: string, extra: Record<string, string>): string[] {
  const log = join(tmp, `${name}-${bin}.log`);
  writeFileSync(log, '');
  const r = run(bin, ['build', '-toolexec', join(tmp, 'wrap.sh'), './lib'], { ...extra, TOOLENV_LOG: log, GOCACHE: join(tmp, `cache-${name}-${bin}`) });
  assert.equal(r.code, 0, `${bin}: ${r.stderr}`);
  return [...new Set(readFileSync(log, 'utf8').split('\n').filter((l) => l !== ''))].sort();
}

test('tools see git\'s prompts turned off in module mode, as go\'s do; a value the user set is kept', () => {
  for (const [name, extra, want] of [
    ['unset', {}, ['0|never']],
    ['user-set', { GIT_TERMINAL_PROMPT: '1', GCM_INTERACTIVE: 'always' }, ['1|always']],
  ] as const) {
    const g = toolsSaw('go', name, extra);
    assert.deepEqual(g, want, `go, ${name}`);
    assert.deepEqual(toolsSaw('gocmd', name, extra), g, `gocmd, ${name}`);
  }
});

test('a program run by go run sees the environment as it was', () => {
  const g = run('go', ['run', '.'], {});
  assert.equal(g.code, 0, g.stderr);
  assert.equal(g.stdout, '"" ""\n');
  const c = run('gocmd', ['run', '.'], {});
  assert.deepEqual(c, g);
});
