// Build flags: which commands define which flags, typed values, go's error texts, checkSupported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlagSet, FlagParseError } from '../lib/flags.js';
import { addBuildFlags, checkSupported, parseTags, PerPackageFlag } from './buildflags.js';
import { ExitError } from '../base/errors.js';
import { realGo, runRealGo, tempDir } from './testutil.js';

function parse(cmd: string, args: string[]): ReturnType<typeof addBuildFlags> {
  const fs = new FlagSet(cmd);
  const bf = addBuildFlags(fs, cmd);
  fs.parse(args);
  return bf;
}

test('typed values', () => {
  const bf = parse('build', [
    '-a', '-n', '-p=3', '-race', '-o', 'out', '-gcflags=all=-N -l', '-gcflags', '-m', '-ldflags', "-X 'main.v=a b'",
    '-tags=a,b,,c', '-toolexec', 'tool -x', '-buildvcs=false', '-mod=mod', '-covermode=atomic', '-trimpath', '-pgo=off',
  ]);
  assert.equal(bf.a, true);
  assert.equal(bf.n, true);
  assert.equal(bf.p, 3);
  assert.equal(bf.race, true);
  assert.equal(bf.o, 'out');
  assert.deepEqual(bf.gcflags.entries, [{ pattern: 'all', flags: ['-N', '-l'] }, { pattern: undefined, flags: ['-m'] }]);
  assert.deepEqual(bf.ldflags.entries[0]!.flags, ['-X', 'main.v=a b']);
  assert.deepEqual(bf.tags, ['a', 'b', 'c']);
  assert.deepEqual(bf.toolexec, ['tool', '-x']);
  assert.equal(bf.buildvcs, 'false');
  assert.equal(bf.mod, 'mod');
  assert.equal(bf.modExplicit, true);
  assert.equal(bf.cover, true); // -covermode implies -cover
  assert.equal(bf.covermode, 'atomic');
  assert.equal(bf.trimpath, true);
  assert.equal(bf.pgo, 'off');
  assert.equal(bf.isSet('race'), true);
  assert.equal(bf.isSet('msan'), false);
  const d = parse('install', []);
  assert.equal(d.buildmode, 'default');
  assert.equal(d.buildvcs, 'auto');
  assert.equal(d.compiler, 'gc');
  assert.equal(d.pgo, 'auto');
  assert.ok(d.p >= 1);
});

test('per-package flags: last matching entry wins', () => {
  const f = new PerPackageFlag();
  f.set('-N');
  f.set('fmt=-S');
  f.set('all=-l');
  assert.deepEqual(f.flagsFor(true, (p) => p === 'all'), ['-l']);
  const g = new PerPackageFlag();
  g.set('all=-l');
  g.set('-N');
  assert.deepEqual(g.flagsFor(false, (p) => p === 'all'), ['-l']);
  assert.deepEqual(g.flagsFor(true, (p) => p === 'all'), ['-N']);
  g.set('');
  assert.deepEqual(g.flagsFor(true, () => true), []);
  assert.equal(g.present, true);
});

test('flags defined per command', () => {
  const has = (cmd: string, name: string): boolean => {
    const fs = new FlagSet(cmd);
    addBuildFlags(fs, cmd);
    return fs.lookup(name) !== undefined;
  };
  assert.equal(has('build', 'o'), true);
  assert.equal(has('install', 'o'), false);
  assert.equal(has('test', 'v'), false);
  assert.equal(has('test', 'json'), false);
  assert.equal(has('list', 'json'), false);
  assert.equal(has('clean', 'json'), false);
  assert.equal(has('get', 'mod'), false);
  assert.equal(has('run', 'cover'), true);
  assert.equal(has('vet', 'cover'), false);
  assert.equal(has('build', 'C'), false); // the driver adds -C
});

test('tags', () => {
  assert.deepEqual(parseTags('a,b'), ['a', 'b']);
  assert.deepEqual(parseTags("a 'b c'"), ['a', 'b c']);
  assert.deepEqual(parseTags(''), []);
});

test('checkSupported', () => {
  const bf = parse('build', ['-race', '-x', '-msan=false']);
  assert.throws(() => checkSupported(bf, new Set(['x'])), (e: unknown) =>
    e instanceof ExitError && e.code === 2 && e.message === 'go build: -race is not supported yet by gocmd');
  checkSupported(bf, new Set(['race', 'x'])); // -msan=false is off: fine
  checkSupported(parse('build', []), new Set());
});

const errorCases: string[][] = [
  ['-gcflags="x'], ['-gcflags=x'], ['-gcflags==x'], ["-gcflags='x=y"], ['-ldflags=all="-s'], ['-covermode=x'],
  ['-compiler=x'], ['-buildvcs=maybe'], ['-p=_1'], ['-race=maybe'], ['-toolexec="x'], ['-p'],
];

test('flag errors match go build', { skip: realGo() ? false : 'no go' }, () => {
  const dir = tempDir();
  for (const args of errorCases) {
    const want = runRealGo(['build', ...args], { PATH: process.env.PATH, HOME: process.env.HOME, GOENV: 'off' }, dir);
    let msg = '';
    try {
      parse('build', args);
    } catch (e) {
      assert.ok(e instanceof FlagParseError);
      msg = e.message;
    }
    assert.equal(msg, want.stderr.split('\n')[0], args.join(' '));
  }
});
