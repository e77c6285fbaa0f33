import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Package } from '../load/types.js';
import { fakePackage } from '../load/fakepackage.test-util.js';
import { FlagSet } from '../lib/flags.js';
import { addBuildFlags } from '../cfg/buildflags.js';
import { splitForPGO, earlyRuntimeEligible, pgoProfileFor, filterForBuildmode, goModTools, matchPackage, omitTestOnly, mayLink } from './setup.js';

function pkg(over: Partial<Package>): Package {
  return fakePackage('example.com/p', { dir: '/src/p', ...over });
}

test('matchPackage: import path patterns, std, local directories', () => {
  const fmt = pkg({ importPath: 'fmt', standard: true, goroot: true, dir: '/go/src/fmt' });
  const mine = pkg({ importPath: 'example.com/m/x', dir: '/work/m/x' });
  const cases: [string, Package, boolean][] = [
    ['fmt', fmt, true], ['std', fmt, true], ['std', mine, false], ['all', mine, true],
    ['example.com/m/...', mine, true], ['example.com/other/...', mine, false],
    ['./...', mine, true], ['./x', mine, true], ['./y', mine, false], ['../m/...', mine, true],
  ];
  for (const [pat, p, want] of cases) assert.equal(matchPackage(pat, '/work/m')(p), want, `${pat} ~ ${p.importPath}`);
});

test('omitTestOnly drops wildcard-matched packages without Go files', () => {
  const keep = pkg({});
  const testOnly = pkg({ goFiles: [], testGoFiles: ['x_test.go'] });
  const withErr = pkg({ goFiles: [], error: { importStack: [], err: 'no Go files' } });
  const literal = pkg({ goFiles: [], testGoFiles: ['x_test.go'], internal: { imports: [], cmdlinePkgLiteral: true } });
  assert.deepEqual(omitTestOnly([keep, testOnly, withErr, literal]), [keep, withErr, literal]);
});

test('splitForPGO gives each main package with a default.pgo its own graph; pgoProfileFor', () => {
  const d = mkdtempSync(join(tmpdir(), 'pgo-'));
  try {
    const shared = pkg({ importPath: 'example.com/shared' });
    const main = pkg({ name: 'main', dir: d, importPath: 'example.com/cmd/a', internal: { imports: [shared] } });
    const other = pkg({ name: 'main', dir: '/nonexistent', importPath: 'example.com/cmd/b', internal: { imports: [shared] } });
    assert.equal(pgoProfileFor('auto', '/w', [main]), '');
    assert.equal(pgoProfileFor('prof.pgo', '/w', [main]), '/w/prof.pgo');
    assert.equal(pgoProfileFor('/p/x.pgo', '/w', []), '/p/x.pgo');
    assert.equal(pgoProfileFor('off', '/w', [main]), '');
    writeFileSync(join(d, 'default.pgo'), '');
    assert.equal(pgoProfileFor('auto', '/w', [main]), join(d, 'default.pgo'));
    // Several packages: no build-wide profile; the profiled main's dependencies are copies with the profile.
    assert.equal(pgoProfileFor('auto', '/w', [main, other]), '');
    splitForPGO([main, other], 'auto');
    assert.equal(main.internal.pgoProfile, join(d, 'default.pgo'));
    const copy = main.internal.imports[0]!;
    assert.notEqual(copy, shared);
    assert.equal(copy.internal.pgoProfile, join(d, 'default.pgo'));
    assert.equal(copy.internal.forMain, 'example.com/cmd/a');
    assert.equal(shared.internal.pgoProfile, undefined);
    assert.equal(other.internal.imports[0], shared);
    assert.equal(other.internal.pgoProfile, undefined);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('filterForBuildmode: go\'s pkgsFilter per -buildmode', () => {
  const main = pkg({ name: 'main' }), lib = pkg({});
  assert.deepEqual(filterForBuildmode([main, lib], 'default', ''), [main, lib]);
  assert.deepEqual(filterForBuildmode([main, lib], 'archive', ''), [lib]);
  assert.deepEqual(filterForBuildmode([main, lib], 'exe', ''), [main]);
  assert.deepEqual(filterForBuildmode([main], 'exe', 'out'), [main]);
  assert.deepEqual(filterForBuildmode([main], 'plugin', ''), [main]);
  // go build -buildmode=exe -o out ./not_main (build_exe), -buildmode=plugin on a library (build_plugin_non_main)
  assert.throws(() => filterForBuildmode([lib], 'exe', 'out'), (e: Error) => e.message === '-buildmode=exe requires exactly one main package');
  assert.throws(() => filterForBuildmode([main, main], 'c-shared', ''), /-buildmode=c-shared requires exactly one main package/);
  assert.throws(() => filterForBuildmode([lib], 'plugin', ''), /-buildmode=plugin requires exactly one main package/);
});

test('mayLink: a main package links but under -buildmode=archive; the other non-default modes link', () => {
  const lib = pkg({ name: 'p' });
  const main = pkg({ name: 'main', importPath: 'example.com/cmd' });
  const cases: [readonly Package[], string, boolean][] = [
    [[lib], 'default', false], [[lib], '', false], [[lib, main], 'default', true], [[main], 'exe', true],
    [[lib], 'exe', false], [[main], 'archive', false], [[lib], 'shared', true], [[main], 'c-shared', true],
    [[main], 'c-archive', true], [[main], 'pie', true], [[main], 'plugin', true], [[], 'default', false],
  ];
  for (const [pkgs, mode, want] of cases) assert.equal(mayLink(pkgs, mode), want, `${pkgs.map((p) => p.name).join(',')} ${mode}`);
});

test('matchPackage: work and tool patterns in module mode (build_perpkgflag)', () => {
  const mods = { enabled: true, tools: () => new Set(['example.com/dep/tooldep']) };
  const a = pkg({ importPath: 'example.com/foo/a', module: { path: 'example.com/foo', main: true } });
  const dep = pkg({ importPath: 'example.com/dep', module: { path: 'example.com/dep', version: 'v1.0.0' } });
  const tool = pkg({ importPath: 'example.com/dep/tooldep', name: 'main', module: { path: 'example.com/dep', version: 'v1.0.0' } });
  assert.deepEqual([a, dep, tool].map(matchPackage('work', '/w', mods)), [true, false, false]);
  assert.deepEqual([a, dep, tool].map(matchPackage('tool', '/w', mods)), [false, false, true]);
  // GOPATH mode: plain import path patterns.
  assert.deepEqual([a, dep, tool].map(matchPackage('work', '/w', { enabled: false, tools: () => new Set() })), [false, false, false]);
});

test('goModTools reads the tool directives', () => {
  const d = mkdtempSync(join(tmpdir(), 'tools-'));
  try {
    writeFileSync(join(d, 'go.mod'), 'module m\n\ngo 1.24\n\ntool example.com/dep/tooldep\ntool (\n\tm/cmd/x\n)\n');
    assert.deepEqual([...goModTools(join(d, 'go.mod'))], ['example.com/dep/tooldep', 'm/cmd/x']);
    assert.deepEqual([...goModTools(join(d, 'missing.mod'))], []);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('earlyRuntimeEligible: only builds whose runtime compiles the command itself would run, quietly', () => {
  const dir = mkdtempSync(join(tmpdir(), 'early-'));
  try {
    const flags = (...args: string[]) => {
      const fs = new FlagSet('build');
      const bf = addBuildFlags(fs, 'build');
      fs.parse(args);
      return bf;
    };
    assert.equal(earlyRuntimeEligible({}, flags(), dir), true);
    assert.equal(earlyRuntimeEligible({}, flags('-trimpath', '-ldflags=-s -w', '-o', 'x', '-p', '1', '-tags', 't'), dir), true);
    for (const f of ['-x', '-n', '-v', '-json', '-a', '-work', '-race', '-cover', '-gcflags=-N', '-asmflags=-x', '-toolexec=t',
      '-overlay=o.json', '-mod=mod', '-buildmode=c-shared', '-pgo=p.pgo', '-debug-actiongraph=g.json']) {
      assert.equal(earlyRuntimeEligible({}, flags(f), dir), false, f);
    }
    assert.equal(earlyRuntimeEligible({ GOCMD_EARLY: '0' }, flags(), dir), false);
    assert.equal(earlyRuntimeEligible({}, flags(), dir, { versioned: 'install' }), false);
    // -pgo=auto (the default) with a default.pgo here: every package compiles with the profile.
    writeFileSync(join(dir, 'default.pgo'), '');
    assert.equal(earlyRuntimeEligible({}, flags(), dir), false);
    assert.equal(earlyRuntimeEligible({}, flags('-pgo=off'), dir), true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
