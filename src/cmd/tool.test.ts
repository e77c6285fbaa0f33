// go tool compared with the real go: the list, -n paths (shipped and built on demand), errors, dist list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { realGo, runRealGo, tempDir } from '../cfg/testutil.js';
import { runGocmd } from '../cli/testutil.js';
import { distListOutput } from './tooldist.js';

const gocmd = runGocmd;

const skip = realGo() ? false : 'no go toolchain to compare with';
const dir = tempDir('gocmd-tool-test-');
const env = (): Record<string, string | undefined> => ({ PATH: process.env.PATH, HOME: process.env.HOME, GOCACHE: process.env.GOCACHE, GOENV: 'off' });

// A module with two tools whose executable names collide and one /v2 tool.
const mod = join(dir, 'mod');
mkdirSync(mod, { recursive: true });
writeFileSync(join(mod, 'go.mod'), 'module example.com/m\n\ngo 1.24\n\ntool example.com/a/b\ntool example.com/c/b\ntool example.com/m/v2\n');
const bad = join(dir, 'bad');
mkdirSync(bad, { recursive: true });
writeFileSync(join(bad, 'go.mod'), 'module x\ngo 1.24\nbad\n');

const cases: { name: string; args: string[]; cwd?: string; env?: Record<string, string | undefined> }[] = [
  { name: 'list', args: ['tool'] },
  { name: 'list with go.mod tools', args: ['tool'], cwd: mod },
  { name: 'list with a broken go.mod', args: ['tool'], cwd: bad },
  { name: 'shipped -n', args: ['tool', '-n', 'vet', '-x', 'a b'] },
  { name: 'built on demand -n', args: ['tool', '-n', 'test2json'] },
  { name: 'built on demand -n for another GOOS', args: ['tool', '-n', 'test2json'], env: { GOOS: 'js', GOARCH: 'wasm' } },
  { name: 'no such tool', args: ['tool', 'nosuch'] },
  { name: 'no such tool -n', args: ['tool', '-n', 'nosuch'] },
  { name: 'invalid name', args: ['tool', 'Vet'] },
  { name: 'go is not a tool', args: ['tool', 'go'] },
  { name: 'ambiguous go.mod tool', args: ['tool', 'b'], cwd: mod },
  { name: 'v2 is not a tool name', args: ['tool', 'v2'], cwd: mod },
  { name: 'bad flag', args: ['tool', '-bogus'] },
];

function sortTabbedLines(s: string): string {
  const lines = s.split('\n');
  const tabbed = lines.filter((l) => l.startsWith('\t') && l.trim() !== '').sort();
  return lines.map((l) => (l.startsWith('\t') && l.trim() !== '' ? tabbed.shift()! : l)).join('\n');
}

for (const c of cases) {
  test(`go tool: ${c.name}`, { skip }, async () => {
    const e = { ...env(), ...c.env };
    const cwd = c.cwd ?? dir;
    const want = runRealGo(c.args, e, cwd);
    const got = await gocmd(c.args, e, cwd);
    if (c.name === 'ambiguous go.mod tool') {
      // go lists the candidates in map order (random from run to run); compare them as a set.
      want.stderr = sortTabbedLines(want.stderr);
      got.stderr = sortTabbedLines(got.stderr);
    }
    assert.deepEqual(got, want);
  });
}

test('go tool dist list: gocmd answers as go does without a dist tool', { skip }, () => {
  for (const args of [[], ['-v'], ['-broken'], ['-json'], ['-json', '-broken']]) {
    const want = runRealGo(['tool', 'dist', 'list', ...args], env(), dir);
    assert.equal(want.code, 0);
    assert.equal(distListOutput(args), want.stdout, args.join(' '));
  }
  let complaint = '';
  assert.equal(distListOutput(['-bad'], (s) => { complaint += s; }), undefined);
  // What go prints before it falls back to running the dist tool itself.
  const want = runRealGo(['tool', 'dist', 'list', '-bad'], env(), dir);
  assert.ok(want.stderr.startsWith(complaint), complaint);
  assert.equal(complaint.split('\n')[0], 'flag provided but not defined: -bad');
  assert.equal(distListOutput(['extra']), undefined);
});
