// The AnyTags import scan must give the same answer through the package index as by reading the files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PackageIndex } from './pkgindex.js';
import { AnyTagsScanner, anyTagsAllow, anyTagsShouldBuild } from './scanimports.js';

const GOROOT = '/usr/local/go';
const haveGoroot = existsSync(join(GOROOT, 'src/runtime'));

function allDirs(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    out.push(d);
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory() && e.name !== 'testdata' && !e.name.startsWith('.') && !e.name.startsWith('_')) walk(join(d, e.name));
    }
  };
  walk(root);
  return out;
}

test('anyTagsAllow: every tag both on and off, ignore never on', () => {
  assert.equal(anyTagsAllow('//go:build linux && !linux', []), true);
  assert.equal(anyTagsAllow('//go:build ignore', []), false);
  assert.equal(anyTagsAllow('//go:build !ignore', []), true);
  assert.equal(anyTagsAllow('//go:build (', []), false);
  assert.equal(anyTagsAllow(undefined, ['// +build ignore']), false);
  assert.equal(anyTagsAllow(undefined, ['// +build linux,!linux']), true);
  // Every +build line must allow the file; comment lines without +build do not count.
  assert.equal(anyTagsAllow(undefined, ['// +build linux', '// +build ignore']), false);
  assert.equal(anyTagsAllow(undefined, ['// a comment', '// +build linux']), true);
  assert.equal(anyTagsShouldBuild('// +build ignore\n\npackage p\n'), false);
  assert.equal(anyTagsShouldBuild('//go:build a\n//go:build b\n\npackage p\n'), false);
});

test('scan through the index equals the direct scan for all of GOROOT/src', { skip: !haveGoroot }, () => {
  const cache = mkdtempSync(join(tmpdir(), 'scanimports-'));
  try {
    const index = PackageIndex.open({ gocache: cache, goroot: GOROOT, goVersion: 'go1.26.8' })!;
    const viaIndex = new AnyTagsScanner(index);
    const direct = new AnyTagsScanner();
    const dirs = allDirs(join(GOROOT, 'src'));
    for (const dir of dirs) assert.deepEqual(viaIndex.scan(dir), direct.scan(dir), dir);
    assert.equal(viaIndex.stats.indexed, dirs.length);
    assert.equal(direct.stats.read, dirs.length);
    // A stored entry (a later command) gives the same again.
    index.flush();
    const later = new AnyTagsScanner(PackageIndex.open({ gocache: cache, goroot: GOROOT, goVersion: 'go1.26.8' })!);
    for (const dir of dirs.slice(0, 200)) assert.deepEqual(later.scan(dir), direct.scan(dir), dir);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});

test('scan: test imports apart, C and App Engine dropped, excluded files skipped, symlinks followed, once per directory', () => {
  const root = mkdtempSync(join(tmpdir(), 'scanimports-'));
  try {
    const dir = join(root, 'p');
    mkdirSync(dir);
    const old = new Date(Date.now() - 60_000);
    const write = (name: string, text: string): void => {
      writeFileSync(join(dir, name), text);
      utimesSync(join(dir, name), old, old);
    };
    write('a.go', 'package p\n\nimport (\n\t"C"\n\t"fmt"\n\t"appengine/x"\n)\n');
    write('b_linux.go', '//go:build linux && !linux\n\npackage p\n\nimport "os"\n');
    write('c.go', '//go:build ignore\n\npackage p\n\nimport "net"\n');
    write('a_test.go', 'package p\n\nimport "testing"\n');
    write('_x.go', 'package p\n\nimport "strings"\n');
    writeFileSync(join(root, 'linked.src'), 'package p\n\nimport "bytes"\n');
    utimesSync(join(root, 'linked.src'), old, old);
    symlinkSync(join(root, 'linked.src'), join(dir, 'l.go'));
    const want = { imports: ['bytes', 'fmt', 'os'], testImports: ['testing'], hasGo: true };
    const cache = join(root, 'cache');
    mkdirSync(cache);
    const s = new AnyTagsScanner(PackageIndex.open({ gocache: cache, goroot: GOROOT, goVersion: 'go1.26.8' }));
    assert.deepEqual(s.scan(dir), want);
    assert.deepEqual(new AnyTagsScanner().scan(dir), want);
    // Memoized: a change within the command is not seen (the sources of one command are fixed).
    write('d.go', 'package p\n\nimport "io"\n');
    assert.deepEqual(s.scan(dir), want);
    assert.deepEqual(new AnyTagsScanner().scan(dir).imports, ['bytes', 'fmt', 'io', 'os']);
    assert.deepEqual(new AnyTagsScanner().scan(join(root, 'missing')), { imports: [], testImports: [], hasGo: false });
    const only = join(root, 'ignored');
    mkdirSync(only);
    writeFileSync(join(only, 'x.go'), '// +build ignore\n\npackage x\n');
    assert.equal(new AnyTagsScanner().scan(only).hasGo, false);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
