// Tests for gover: Go version ordering, lang, toolchain names, go.mod helpers; checked against real Go's go/version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import * as gover from './gover.js';

test('compare', () => {
  const cases: [string, string, number][] = [
    ['', '', 0],
    ['x', 'x', 0],
    ['', 'x', 0],
    ['1', '1.1', -1],
    ['1.5', '1.6', -1],
    ['1.5', '1.10', -1],
    ['1.6', '1.6.1', -1],
    ['1.19', '1.19.0', 0],
    ['1.19rc1', '1.19', -1],
    ['1.20', '1.20.0', 0],
    ['1.20rc1', '1.20', -1],
    ['1.21', '1.21.0', -1],
    ['1.21', '1.21rc1', -1],
    ['1.21rc1', '1.21.0', -1],
    ['1.6', '1.19', -1],
    ['1.19', '1.19.1', -1],
    ['1.19rc1', '1.19.1', -1],
    ['1.19rc1', '1.19rc2', -1],
    ['1.19.0', '1.19.1', -1],
    ['1.19rc1', '1.19.0', -1],
    ['1.19alpha3', '1.19beta2', -1],
    ['1.19beta2', '1.19rc1', -1],
    ['1.1', '1.99999999999999998', -1],
    ['1.99999999999999998', '1.99999999999999999', -1],
  ];
  for (const [x, y, want] of cases) {
    assert.equal(gover.compare(x, y), want, `compare(${x}, ${y})`);
    assert.equal(gover.compare(y, x), want === 0 ? 0 : -want, `compare(${y}, ${x})`);
  }
  assert.equal(gover.max('1.21rc1', '1.21'), '1.21rc1');
  assert.equal(gover.max('1.20', '1.20.0'), '1.20');
});

test('parse', () => {
  const cases: [string, [string, string, string, string, string]][] = [
    ['1', ['1', '0', '0', '', '']],
    ['1.2', ['1', '2', '0', '', '']],
    ['1.2.3', ['1', '2', '3', '', '']],
    ['1.2rc3', ['1', '2', '', 'rc', '3']],
    ['1.20', ['1', '20', '0', '', '']],
    ['1.21', ['1', '21', '', '', '']],
    ['1.21rc3', ['1', '21', '', 'rc', '3']],
    ['1.21.0', ['1', '21', '0', '', '']],
    ['1.999testmod', ['1', '999', '', 'testmod', '']],
    ['1.99999999999999999', ['1', '99999999999999999', '', '', '']],
    ['1.21.', ['', '', '', '', '']],
    ['1.21rc01', ['', '', '', '', '']],
  ];
  for (const [x, [major, minor, patch, kind, pre]] of cases) {
    assert.deepEqual(gover.parse(x), { major, minor, patch, kind, pre }, x);
  }
});

test('lang, isLang, isValid, isPrerelease, prev', () => {
  const lang: [string, string][] = [['1.2rc3', '1.2'], ['1.2.3', '1.2'], ['1.2', '1.2'], ['1', '1'], ['1.0', '1'], ['1.999testmod', '1.999'], ['', '']];
  for (const [x, want] of lang) assert.equal(gover.lang(x), want, x);
  const isLang: [string, boolean][] = [
    ['1.2rc3', false], ['1.2.3', false], ['1.999testmod', false], ['1.22', true], ['1.21', true],
    ['1.20', false], ['1.19', false], ['1.3', false], ['1.2', false], ['1', false], ['', false],
  ];
  for (const [x, want] of isLang) assert.equal(gover.isLang(x), want, x);
  const isValid: [string, boolean][] = [
    ['1.2rc3', true], ['1.2.3', true], ['1.999testmod', true], ['1.600+auto', false], ['1.22', true], ['1.21.0', true],
    ['1.21rc2', true], ['1.21', true], ['1.20.0', true], ['1.20', true], ['1.19', true], ['1.3', true], ['1.2', true], ['1', true],
    ['go1.21', false], ['', false],
  ];
  for (const [x, want] of isValid) assert.equal(gover.isValid(x), want, x);
  assert.equal(gover.isPrerelease('1.21rc1'), true);
  assert.equal(gover.isPrerelease('1.21.0'), false);
  const prev: [string, string][] = [
    ['', ''], ['0', '0'], ['1.3rc4', '1.2'], ['1.3.5', '1.2'], ['1.3', '1.2'], ['1', '1'],
    ['1.99999999999999999', '1.99999999999999998'], ['1.40000000000000000', '1.39999999999999999'], ['1.10', '1.9'],
  ];
  for (const [x, want] of prev) assert.equal(gover.prev(x), want, x);
});

test('fromToolchain', () => {
  const cases: [string, string][] = [
    ['go1.2.3', '1.2.3'],
    ['1.2.3', ''],
    ['go1.2.3+bigcorp', ''],
    ['go1.2.3-bigcorp', '1.2.3'],
    ['go1.2.3-bigcorp more text', '1.2.3'],
    ['go1.21rc1 extra', '1.21rc1'],
    ['go1.21\tx', '1.21'],
    ['gccgo-go1.23rc4', ''],
    ['gccgo-go1.23rc4-bigdwarf', ''],
    ['go/1.21', ''],
    ['go1.21\\x', ''],
    ['go', ''],
  ];
  for (const [name, want] of cases) assert.equal(gover.fromToolchain(name), want, name);
  assert.equal(gover.maybeToolchainVersion('1.21'), '1.21');
  assert.equal(gover.maybeToolchainVersion('go1.21.3'), '1.21.3');
});

test('module helpers for the go and toolchain pseudo-modules', () => {
  assert.equal(gover.isToolchain('go'), true);
  assert.equal(gover.isToolchain('toolchain'), true);
  assert.equal(gover.isToolchain('golang.org/toolchain'), false);
  const cmp: [string, string, string, number][] = [
    ['go', '1.2', '1.3', -1],
    ['go', 'v1.2', 'v1.3', 0],
    ['go', '1.2', '1.2', 0],
    ['toolchain', 'go1.2', 'go1.3', -1],
    ['toolchain', 'go1.2', 'go1.2', 0],
    ['toolchain', '1.2', '1.3', -1],
    ['toolchain', 'v1.2', 'v1.3', 0],
    ['rsc.io/quote', 'v1.2', 'v1.3', -1],
    ['rsc.io/quote', '1.2', '1.3', 0],
  ];
  for (const [p, x, y, want] of cmp) assert.equal(gover.modCompare(p, x, y), want, `${p} ${x} ${y}`);
  const valid: [string, string, boolean][] = [
    ['go', '1.2', true], ['go', 'v1.2', false], ['toolchain', 'go1.2', true], ['toolchain', 'v1.2', false],
    ['rsc.io/quote', 'v1.2', true], ['rsc.io/quote', '1.2', false],
  ];
  for (const [p, v, want] of valid) assert.equal(gover.modIsValid(p, v), want, `${p} ${v}`);
  const mvl = (s: string) => s.split(';').map((f) => {
    const [path, version] = f.trim().split(' ') as [string, string];
    return { path, version };
  });
  assert.deepEqual(
    gover.modSort(mvl('z v1.1; a v1.2; a v1.1; go 1.3; toolchain 1.3; toolchain 1.2; go 1.2')),
    mvl('a v1.1; a v1.2; go 1.2; go 1.3; toolchain 1.2; toolchain 1.3; z v1.1'),
  );
  assert.deepEqual(gover.modSort(mvl('a v1.2.3/go.mod; a v1.2.3; a v1.10.0')), mvl('a v1.2.3; a v1.2.3/go.mod; a v1.10.0'));
  const prefix: [string, string, boolean][] = [
    ['go', '1.21', true], ['go', '1.21.0', false], ['toolchain', 'go1.22', true], ['toolchain', 'go1.22.1', false],
    ['m', 'v1', true], ['m', 'v1.2', true], ['m', 'v1.2.3', false], ['m', 'v1-pre', false], ['m', 'latest', true],
  ];
  for (const [p, v, want] of prefix) assert.equal(gover.modIsPrefix(p, v), want, `${p} ${v}`);
  assert.equal(gover.modIsPrerelease('toolchain', 'go1.22rc1'), true);
  assert.equal(gover.modIsPrerelease('m', 'v1.0.0-pre'), true);
  assert.equal(gover.modMajorMinor('toolchain', 'go1.22.3'), 'go1.22');
  assert.equal(gover.modMajorMinor('go', '1.22.3'), '1.22');
  assert.equal(gover.modMajorMinor('m', 'v1.22.3'), 'v1.22');
});

test('goModLookup', () => {
  const gomod = 'module example.com/m // x\n\n  go 1.21 // the go line\ngodebug x=1\ntoolchain\tgo1.22.0\n';
  assert.equal(gover.goModLookup(gomod, 'go'), '1.21');
  assert.equal(gover.goModLookup(gomod, 'toolchain'), 'go1.22.0');
  assert.equal(gover.goModLookup(gomod, 'module'), 'example.com/m');
  assert.equal(gover.goModLookup('gopher 1\n', 'go'), '');
  assert.equal(gover.fromGoMod(undefined), '1.16');
  assert.equal(gover.fromGoWork(undefined), '1.18');
  assert.equal(gover.fromGoMod('1.22'), '1.22');
});

test('TooNewError message', () => {
  const e = new gover.TooNewError('go.mod', '1.99', '1.26.8', gover.tooNewExplain({ gotoolchain: 'local', autoFile: 'go.mod', autoGoVersion: '1.99' }));
  assert.equal(e.message, 'go.mod requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local; go.mod sets go 1.99)');
  assert.equal(gover.tooNewExplain({ gotoolchain: 'auto', autoFile: 'go.work', autoToolchain: 'go1.99' }), '; go.work sets toolchain go1.99');
  assert.equal(gover.tooNewExplain({}), '');
});

// ---- against real Go (go/version, which is internal/gover behind a "go" prefix) ----

const golden = JSON.parse(
  readFileSync(new URL('../../../src/lib/testdata/golden/xmod.json', import.meta.url), 'utf8'),
) as Record<string, unknown[][]>;

test('golden: isValid and lang match Go', () => {
  for (const [v, valid, lang] of golden.gover! as [string, boolean, string][]) {
    assert.equal(gover.isValid(v), valid, v);
    assert.equal(gover.lang(v), lang, v);
  }
});

test('golden: compare matches Go', () => {
  for (const [a, b, want] of golden.goverCompare! as [string, string, number][]) {
    assert.equal(gover.compare(a, b), want, `compare(${a}, ${b})`);
  }
});
