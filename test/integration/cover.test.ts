// Integration tests: coverage (-cover, -coverpkg, -coverprofile, GOCOVERDIR) with gocmd against real go.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GO } from './buildharness.js';
import { bundleCLI, gocmdSync } from './cliharness.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURE = join(ROOT, 'test/fixtures/cover');

let tmp = '';
let mod = '';
let gocache = '';
let GOCMD = '';

interface Result { code: number; stdout: string; stderr: string }

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, GOCACHE: gocache, GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local' };
  for (const k of ['GOOS', 'GOARCH', 'GOWORK', 'GOCOVERDIR']) delete e[k];
  return { ...e, ...extra };
}

function run(bin: 'go' | 'gocmd', dir: string, args: string[], extra: Record<string, string> = {}): Result {
  const r = bin === 'go'
    ? spawnSync(GO, args, { cwd: dir, env: env(extra), encoding: 'utf8', maxBuffer: 64 << 20 })
    : gocmdSync(GOCMD, args, { cwd: dir, env: env(extra), encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function ok(r: Result, what: string): void {
  assert.equal(r.code, 0, `${what} failed:\n${r.stderr}`);
}

/** Durations differ between runs; so does "(cached)" when one of the two runs found the other's result. */
function mask(s: string): string {
  return s.replace(/\t(\d+\.\d+s|\(cached\))/g, '\tTIME');
}

/** A profile's mode line, then its block lines sorted. */
function profileLines(s: string): string[] {
  const [mode = '', ...rest] = s.split('\n');
  return [mode, ...rest.sort()];
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-cover-test-'));
  GOCMD = join(tmp, 'gocmd.mjs');
  await bundleCLI(GOCMD);
  gocache = join(tmp, 'gocache');
  mkdirSync(gocache, { recursive: true });
  mod = join(tmp, 'mod');
  cpSync(FIXTURE, mod, { recursive: true });
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('coverage, compared with go', () => {
  for (const flags of [['-cover'], ['-covermode=count'], ['-coverpkg=./...'], ['-covermode=atomic', '-coverpkg=example.com/m/a,example.com/m/b']]) {
    test(`test ${flags.join(' ')} -coverprofile: same output and profile bytes`, () => {
      const mineProf = join(tmp, 'mine.out'), theirsProf = join(tmp, 'theirs.out');
      const mine = run('gocmd', mod, ['test', '-count=1', ...flags, `-coverprofile=${mineProf}`, './...']);
      const theirs = run('go', mod, ['test', '-count=1', ...flags, `-coverprofile=${theirsProf}`, './...']);
      assert.equal(mask(mine.stdout), mask(theirs.stdout));
      assert.equal(mine.stderr, theirs.stderr);
      assert.equal(mine.code, theirs.code);
      // go appends each package's fragment as its run ends (an order that varies); gocmd in package order.
      assert.deepEqual(profileLines(readFileSync(mineProf, 'utf8')), profileLines(readFileSync(theirsProf, 'utf8')));
    });
  }

  test('a second run is (cached) and still writes the profile', () => {
    const prof = join(tmp, 'again.out');
    ok(run('gocmd', mod, ['test', '-cover', `-coverprofile=${prof}`, './a']), 'first run');
    const first = readFileSync(prof, 'utf8');
    const r = run('gocmd', mod, ['test', '-cover', `-coverprofile=${prof}`, './a']);
    ok(r, 'second run');
    assert.match(r.stdout, /^ok {2}\texample\.com\/m\/a\t\(cached\)\tcoverage: 66\.7% of statements\n$/);
    assert.equal(readFileSync(prof, 'utf8'), first);
  });

  for (const flags of [['-cover'], ['-covermode=atomic']]) {
    test(`build ${flags.join(' ')}: the binary is byte-identical to go's`, () => {
      const mine = join(tmp, 'main.gocmd'), theirs = join(tmp, 'main.go');
      ok(run('gocmd', mod, ['build', ...flags, '-o', mine, './cmd/main']), 'gocmd build');
      ok(run('go', mod, ['build', ...flags, '-o', theirs, './cmd/main']), 'go build');
      assert.ok(readFileSync(mine).equals(readFileSync(theirs)), 'binaries differ');
    });
  }

  test('GOCOVERDIR output of a build -cover binary is read by go tool covdata', () => {
    const exe = join(tmp, 'covered');
    ok(run('gocmd', mod, ['build', '-cover', '-o', exe, './cmd/main']), 'gocmd build');
    const dir = join(tmp, 'covdir');
    mkdirSync(dir, { recursive: true });
    const r = spawnSync(exe, [], { env: { ...process.env, GOCOVERDIR: dir }, encoding: 'utf8' });
    assert.equal(r.stdout, '3\n');
    const pct = run('gocmd', mod, ['tool', 'covdata', 'percent', '-i', dir]);
    ok(pct, 'covdata percent');
    assert.equal(pct.stdout, '\texample.com/m/a\t\tcoverage: 66.7% of statements\n'
      + '\texample.com/m/b\t\tcoverage: 100.0% of statements\n\texample.com/m/cmd/main\t\tcoverage: 100.0% of statements\n');
  });
});
