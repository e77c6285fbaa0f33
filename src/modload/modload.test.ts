// modload unit tests: module graphs recorded from real go, import resolution, replace, exclude, vendor checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as gover from '../lib/gover.js';
import { ModuleError, type Version } from '../lib/module.js';
import { AmbiguousImportError, ImportMissingError } from './errors.js';
import { NeedAsync } from './import.js';
import { MemSource, type MemModule, type ModuleSource } from './source.js';
import { ModState, type ModStateOptions } from './state.js';
import { checkVendorConsistency, parseVendorList } from './vendor.js';
import { parseModFile } from '../lib/modfile/index.js';
import { loadPackageGraph, mainModulePackages, whyText, anyTagsShouldBuild } from './pkggraph.js';
import { checkRootsTidy, loadWithModules } from './resolver.js';
import { StdAndMainResolver } from '../load/resolve.js';
import { fileTexts } from '../lib/txtar.js';
import { writeTree } from '../cache/testgo.js';

const GOROOT = process.env['GOROOT'] || '/usr/local/go';


/** Writes files (relative path → content) under a new temp dir. */
const tempTree = (files: Record<string, string>): string => writeTree(files, 'modload-test-');

function state(dir: string, source: ModuleSource, extra: Partial<ModStateOptions> = {}): ModState {
  return new ModState({
    cwd: dir, goroot: GOROOT, gomodcache: join(dir, 'modcache'), localGo: '1.26.8', gotoolchain: 'local',
    cmdName: 'build', source, buildMod: 'mod', ...extra,
  });
}

// ---- module graphs recorded from real go (src/lib/testdata/modgraph) ----

/** A source reading go.mod files from a scenario's sections, failing as the recording's file:// proxy did. */
function scenarioSource(sec: Map<string, string>): ModuleSource {
  const mem = new MemSource();
  return {
    list: (p) => mem.list(p),
    info: (p, v) => mem.info(p, v),
    zipDir: (p, v) => mem.zipDir(p, v),
    async goMod(path, version) {
      const t = sec.get(`${path}@${version}.mod`);
      if (t === undefined) throw new ModuleError(path, version, new Error(`reading file://$PROXY/${path}/@v/${version}.mod: no such file or directory`));
      return Buffer.from(t);
    },
  };
}

const graphDir = new URL('../../../src/lib/testdata/modgraph/', import.meta.url);
for (const file of readdirSync(graphDir).filter((f) => f.endsWith('.txt'))) {
  const sec = fileTexts(readFileSync(new URL(file, graphDir), 'utf8'));
  if (sec.has('go.work')) continue; // workspace mode is not implemented by modload yet
  test(`go mod graph and build list match real go: ${file}`, async () => {
    const dir = tempTree({ 'go.mod': sec.get('go.mod')! });
    try {
      const st = state(dir, scenarioSource(sec), { cmdName: 'mod graph', buildMod: '' });
      const { graph, error } = await st.reqs.graph();
      assert.equal(error ? `go: ${error.message}\n` : '', sec.get('want.err') ?? '', 'error');
      if (error) return;
      assert.equal(graph.formatEdges(), sec.get('want.graph'));
      const list = graph.buildList().filter((v) => v.path !== 'go' && v.path !== 'toolchain').map((v) => {
        if (v.version === '') return v.path;
        const r = st.replace.lookup(v);
        return `${v.path} ${v.version}` + (r ? ` => ${r.path} ${r.version}` : '');
      });
      assert.equal(list.join('\n') + '\n', sec.get('want.list'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

// ---- import resolution ----

const mods: MemModule[] = [
  { path: 'example.com/a', version: 'v1.0.0', goMod: 'module example.com/a\n\ngo 1.21\n', files: { 'a.go': 'package a\n', 'b/b.go': 'package b\n' } },
  { path: 'example.com/a/b', version: 'v1.0.0', goMod: 'module example.com/a/b\n\ngo 1.20\n', files: { 'b.go': 'package b\n' } },
  { path: 'example.com/c', version: 'v1.0.0', goMod: 'module example.com/c\n\ngo 1.16\n\nrequire example.com/d v1.1.0\n', files: { 'c.go': 'package c\nimport _ "example.com/d"\n' } },
  { path: 'example.com/d', version: 'v1.1.0', goMod: 'module example.com/d\n', files: { 'd.go': 'package d\n' } },
  { path: 'example.com/d', version: 'v1.2.0', goMod: 'module example.com/d\n', files: { 'd.go': 'package d\n' } },
  { path: 'example.com/e', version: 'v1.0.0', goMod: 'module example.com/e\n\ngo 1.21\n\nrequire example.com/d v1.2.0\n', files: { 'e.go': 'package e\n' } },
];

/** importPackage, recording how many waits it needed. */
async function imp(st: ModState, path: string): Promise<{ dir: string; mod: Version }> {
  const f = await st.importPackage(path);
  return { dir: f.dir, mod: f.mod };
}

test('imports resolve to the longest module path providing the package; ambiguity is an error', async () => {
  const dir = tempTree({
    'go.mod': 'module example.com/m\n\ngo 1.21\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/a/b v1.0.0\n)\n',
    'm.go': 'package m\n',
    'sub/s.go': 'package sub\n',
  });
  try {
    const st = state(dir, new MemSource(mods));
    const a = await imp(st, 'example.com/a');
    assert.deepEqual(a.mod, { path: 'example.com/a', version: 'v1.0.0' });
    assert.equal((await imp(st, 'example.com/m/sub')).dir, join(dir, 'sub'));
    assert.equal((await imp(st, 'fmt')).dir, join(GOROOT, 'src/fmt'));
    await assert.rejects(st.importPackage('example.com/a/b'), (e: Error) => {
      assert.ok(e instanceof AmbiguousImportError);
      const adir = st.o.source.cachedDir!('example.com/a', 'v1.0.0')!;
      const bdir = st.o.source.cachedDir!('example.com/a/b', 'v1.0.0')!;
      assert.equal(e.message, `ambiguous import: found package example.com/a/b in multiple modules:\n\texample.com/a v1.0.0 (${join(adir, 'b')})\n\texample.com/a/b v1.0.0 (${bdir})`);
      return true;
    });
    await assert.rejects(st.importPackage('example.com/zzz/q'), (e: Error) => {
      assert.ok(e instanceof ImportMissingError);
      assert.equal(e.message, 'no required module provides package example.com/zzz/q; to add it:\n\tgo get example.com/zzz/q');
      return true;
    });
    await assert.rejects(st.importPackage('fmtx'), { message: `package fmtx is not in std (${GOROOT}/src/fmtx)` });
    await assert.rejects(st.importPackage('./x'), { message: '"./x" is relative, but relative import paths are not supported in module mode' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the synchronous lookup asks to wait for downloads, then answers', async () => {
  const dir = tempTree({ 'go.mod': 'module example.com/m\n\ngo 1.21\n\nrequire example.com/a v1.0.0\n' });
  try {
    const src = new MemSource(mods);
    const st = state(dir, src);
    let waited = 0;
    for (;;) {
      try {
        st.importSync('example.com/a');
        break;
      } catch (e) {
        assert.ok(e instanceof NeedAsync);
        waited++;
        await e.wait;
      }
    }
    // The download, then the module's go.mod (go reads it for the go line of the package's module).
    assert.equal(waited, 2);
    assert.deepEqual(src.requests, ['example.com/a@v1.0.0.zip', 'example.com/a@v1.0.0.mod']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('pruned graphs: a module outside the roots is found through the full graph (MVS picks the max)', async () => {
  const dir = tempTree({ 'go.mod': 'module example.com/m\n\ngo 1.21\n\nrequire (\n\texample.com/c v1.0.0\n\texample.com/e v1.0.0\n)\n' });
  try {
    const src = new MemSource(mods);
    const st = state(dir, src);
    assert.deepEqual((await imp(st, 'example.com/d')).mod, { path: 'example.com/d', version: 'v1.2.0' });
    const list = (await st.reqs.buildList()).map((m) => `${m.path}@${m.version}`);
    assert.deepEqual(list, ['example.com/m@', 'example.com/c@v1.0.0', 'example.com/d@v1.2.0', 'example.com/e@v1.0.0', 'go@1.21', 'toolchain@go1.21']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('exclude drops a requirement; replace points a module at another version or a directory', async () => {
  const dir = tempTree({
    'go.mod': 'module example.com/m\n\ngo 1.21\n\nrequire (\n\texample.com/c v1.0.0\n\texample.com/d v1.1.0\n\texample.com/local v0.0.0\n)\n\nexclude example.com/d v1.2.0\n\nreplace example.com/c v1.0.0 => example.com/e v1.0.0\n\nreplace example.com/local => ./local\n',
    'local/go.mod': 'module example.com/local\n\ngo 1.22\n',
    'local/l.go': 'package local\n',
  });
  try {
    const st = state(dir, new MemSource(mods));
    const { graph, error } = await st.reqs.graph();
    assert.equal(error, undefined);
    // c is replaced by e, which requires d v1.2.0 — excluded, so d stays at v1.1.0.
    assert.equal(graph.selected('example.com/d'), 'v1.1.0');
    const l = await imp(st, 'example.com/local');
    assert.equal(l.dir, join(dir, 'local'));
    await st.prepareModuleInfo([l.mod]);
    const mi = st.moduleInfo(l.mod);
    assert.deepEqual(mi.replace, { path: './local', version: '', dir: join(dir, 'local'), goMod: join(dir, 'local/go.mod'), goVersion: '1.22' });
    assert.equal(mi.goVersion, '1.22');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing replacement directory is reported as go reports it', async () => {
  const dir = tempTree({ 'go.mod': 'module example.com/m\n\ngo 1.21\n\nrequire example.com/x v1.0.0\n\nreplace example.com/x => ../nowhere\n' });
  try {
    const st = state(dir, new MemSource(mods));
    await assert.rejects(st.importPackage('example.com/x'), { message: 'example.com/x@v1.0.0: replacement directory ../nowhere does not exist' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a dependency needing a newer go fails the graph with the requirement chain', async () => {
  const dir = tempTree({ 'go.mod': 'module example.com/m\n\ngo 1.21\n\nrequire example.com/new v1.0.0\n' });
  try {
    const st = state(dir, new MemSource([{ path: 'example.com/new', version: 'v1.0.0', goMod: 'module example.com/new\n\ngo 1.99\n' }]));
    await assert.rejects(st.reqs.buildList(), { message: 'example.com/new@v1.0.0: module example.com/new@v1.0.0 requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('main module errors: missing go.mod, too-new go line, parse errors, -modfile extension', () => {
  const empty = tempTree({ 'x.txt': '' });
  const tooNew = tempTree({ 'go.mod': 'module example.com/m\n\ngo 1.99\n' });
  const bad = tempTree({ 'go.mod': 'module example.com/m\n\nrequire example.com/a\n' });
  try {
    assert.throws(() => state(empty, new MemSource()), { message: "go.mod file not found in current directory or any parent directory; see 'go help modules'" });
    assert.throws(() => state(tooNew, new MemSource()), { message: 'go.mod requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)' });
    assert.throws(() => state(bad, new MemSource()), { message: 'errors parsing go.mod:\ngo.mod:3: usage: require module/path v1.2.3' });
    assert.throws(() => state(bad, new MemSource(), { modFile: 'alt.txt' }), { message: '-modfile=alt.txt: file does not have .mod extension' });
    assert.throws(() => state(bad, new MemSource(), { buildMod: 'bogus' }), { message: "-mod=bogus not supported (can be '', 'mod', 'readonly', or 'vendor')" });
  } finally {
    for (const d of [empty, tooNew, bad]) rmSync(d, { recursive: true, force: true });
  }
});

test('godebug lines and the module path of the main go.mod are checked as go checks them (messages recorded from go1.26.8)', () => {
  const dir = tempTree({ 'go.mod': 'module example.com/bar\n\ngodebug foo=1\ngodebug x509sha1=1\ngodebug panicnil=1\n' });
  const badPath = tempTree({ 'go.mod': 'module .\\.\n' });
  const ok = tempTree({ 'go.mod': 'module example.com/bar\n\ngodebug (\n\tpanicnil=1\n\tdefault=go1.21\n)\n' });
  try {
    // go prints: "go: error loading go.mod:\ngo.mod:3: ...\ngo: error loading go.mod:\ngo.mod:4: ..."
    assert.throws(() => state(dir, new MemSource()), {
      message: 'error loading go.mod:\ngo.mod:3: unknown godebug "foo"\ngo: error loading go.mod:\n' +
        'go.mod:4: use of removed godebug "x509sha1", see https://go.dev/doc/godebug#go-124',
    });
    assert.doesNotThrow(() => state(ok, new MemSource()));
    // go: malformed module path ".\\.": trailing dot in path element
    assert.throws(() => state(badPath, new MemSource()), { message: 'malformed module path ".\\\\.": trailing dot in path element' });
  } finally {
    for (const d of [dir, ok, badPath]) rmSync(d, { recursive: true, force: true });
  }
});

// ---- vendor ----

const VENDOR_GOMOD = 'module example.com/m\n\ngo 1.21\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.1.0\n)\n\nreplace example.com/b => ./b\n';

test('vendor consistency: go.mod and vendor/modules.txt mismatches, worded as go words them', () => {
  const f = parseModFile('/m/go.mod', VENDOR_GOMOD);
  const vl = parseVendorList('# example.com/a v1.0.0\n## explicit; go 1.21\nexample.com/a\n# example.com/c v1.0.0\n## explicit\nexample.com/c\n# example.com/d v1.0.0 => ./d\nexample.com/d\n');
  const err = checkVendorConsistency(vl, f, '1.21', '/m/vendor', '/m', '/m/go.mod');
  assert.equal(err?.message, `inconsistent vendoring in /m:
	example.com/b@v1.1.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt
	example.com/b: is replaced in go.mod, but not marked as replaced in vendor/modules.txt
	example.com/c@v1.0.0: is marked as explicit in vendor/modules.txt, but not explicitly required in go.mod
	example.com/d@v1.0.0: is marked as replaced in vendor/modules.txt, but not replaced in go.mod

	To ignore the vendor directory, use -mod=readonly or -mod=mod.
	To sync the vendor directory, run:
		go mod vendor`);
  const good = parseVendorList('# example.com/a v1.0.0\n## explicit; go 1.21\nexample.com/a\n# example.com/b v1.1.0 => ./b\n## explicit; go 1.21\nexample.com/b\n# example.com/b => ./b\n');
  assert.equal(checkVendorConsistency(good, f, '1.21', '/m/vendor', '/m', '/m/go.mod'), undefined);
  assert.deepEqual(good.pkgModule.get('example.com/b'), { path: 'example.com/b', version: 'v1.1.0' });
  assert.equal(good.meta.get('example.com/a@v1.0.0')?.goVersion, '1.21');
});

test('-mod=vendor is the default with vendor/ and go >= 1.14; imports come from vendor/', async () => {
  const dir = tempTree({
    'go.mod': 'module example.com/m\n\ngo 1.23\n\nrequire example.com/a v1.0.0\n',
    'vendor/modules.txt': '# example.com/a v1.0.0\n## explicit; go 1.21\nexample.com/a\n',
    'vendor/example.com/a/a.go': 'package a\n',
    'vendor/example.com/z/z.go': 'package z\n',
  });
  try {
    const warnings: string[] = [];
    const st = state(dir, new MemSource(), { buildMod: '', warn: (w) => warnings.push(w) });
    assert.equal(st.buildMod, 'vendor');
    const a = await st.importPackage('example.com/a');
    assert.equal(a.dir, join(dir, 'vendor/example.com/a'));
    assert.deepEqual(a.mod, { path: 'example.com/a', version: 'v1.0.0' });
    await st.prepareModuleInfo([a.mod]);
    assert.deepEqual(st.moduleInfo(a.mod), { path: 'example.com/a', version: 'v1.0.0', goVersion: '1.21', dir: join(dir, 'vendor/example.com/a') });
    await assert.rejects(st.importPackage('example.com/z'), {
      message: 'cannot find module providing package example.com/z: import lookup disabled by -mod=vendor\n\t(Go version in go.mod is at least 1.14 and vendor directory exists.)',
    });
    await assert.rejects(st.importPackage('example.com/z'));
    assert.deepEqual(warnings, ['go: ignoring package example.com/z which exists in the vendor directory but is missing from vendor/modules.txt. To sync the vendor directory run go mod vendor.']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a std path also provided by a module is ambiguous; a std-like path missing under -mod=vendor is "not in std" (as go1.26.8)', async () => {
  const img = tempTree({ 'go.mod': 'module image\n', 'main.go': 'package main\n' });
  const ven = tempTree({ 'go.mod': 'module test\n\ngo 1.14\n', 'vendor/image/b.go': 'package image\n', 'vendor/modules.txt': '' });
  try {
    const st = state(img, new MemSource());
    await assert.rejects(st.importPackage('image'), {
      message: `ambiguous import: found package image in multiple modules:\n\timage (${img})\n\t (${GOROOT}/src/image)`,
    });
    assert.equal((await st.importPackage('image/png')).std, true);
    const sv = state(ven, new MemSource(), { buildMod: 'vendor' });
    await assert.rejects(sv.importPackage('image'), {
      message: `ambiguous import: found package image in multiple directories:\n\t${GOROOT}/src/image\n\t${ven}/vendor/image`,
    });
    await assert.rejects(sv.importPackage('p'), { message: `package p is not in std (${GOROOT}/src/p)` });
  } finally {
    for (const d of [img, ven]) rmSync(d, { recursive: true, force: true });
  }
});

test('a module named "std" outside GOROOT/src is an ordinary module: its packages are std/... (go1.26.8 lists std/bytes)', () => {
  const dir = tempTree({ 'go.mod': 'module std\n\ngo 1.12\n', 'bytes/bytes.go': 'package bytes\n' });
  try {
    const main = { path: 'std', dir, goMod: join(dir, 'go.mod'), godebug: [] };
    const r = new StdAndMainResolver(GOROOT, main);
    assert.deepEqual(r.moduleRoots(), [{ prefix: 'std', dir }]);
    const di = r.dirImportPath(join(dir, 'bytes'));
    assert.equal(di?.path, 'std/bytes');
    assert.equal(di?.standard, false);
    const inGoroot = new StdAndMainResolver(GOROOT, { path: 'std', dir: join(GOROOT, 'src'), goMod: join(GOROOT, 'src/go.mod'), godebug: [] });
    assert.deepEqual(inGoroot.dirImportPath(join(GOROOT, 'src/bytes')), { path: 'bytes', standard: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---- package graph (go mod why) ----

test('AnyTags: every constraint holds except those needing "ignore"', () => {
  assert.equal(anyTagsShouldBuild('//go:build linux && !linux\n\npackage p\n'), true);
  assert.equal(anyTagsShouldBuild('//go:build ignore\n\npackage p\n'), false);
  assert.equal(anyTagsShouldBuild('//go:build !ignore\n\npackage p\n'), true);
  assert.equal(anyTagsShouldBuild('// +build ignore\n\npackage p\n'), false);
});

test('why: shortest chains through imports and tests of main module packages', async () => {
  const dir = tempTree({
    'go.mod': 'module example.com/m\n\ngo 1.21\n\nrequire (\n\texample.com/c v1.0.0\n\texample.com/d v1.1.0\n\texample.com/e v1.0.0\n)\n',
    'm.go': 'package m\n\nimport _ "example.com/c"\n',
    'm_test.go': 'package m\n\nimport _ "example.com/e"\n',
    'vendor/x/x.go': 'package x\n',
    'testdata/t.go': 'package t\n',
  });
  try {
    const st = state(dir, new MemSource(mods));
    assert.deepEqual(mainModulePackages('example.com/m', dir), ['example.com/m']);
    const g = await loadPackageGraph(st, ['example.com/m'], { tests: true });
    assert.equal(whyText(g, 'example.com/d'), 'example.com/m\nexample.com/c\nexample.com/d\n');
    assert.equal(whyText(g, 'example.com/e'), 'example.com/m\nexample.com/m.test\nexample.com/e\n');
    assert.equal(whyText(g, 'example.com/a'), '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('readonly: a module without its go.sum lines cannot provide packages (go\'s missing go.sum entry errors)', async () => {
  const dir = tempTree({
    'go.mod': 'module example.com/m\n\ngo 1.21\n\nrequire example.com/a v1.0.0\n',
    'go.sum': 'example.com/a v1.0.0/go.mod h1:AAAA\n',
  });
  try {
    const st = state(dir, new MemSource(mods), { buildMod: '' });
    assert.equal(st.buildMod, 'readonly');
    await assert.rejects(st.importPackage('example.com/a'), {
      message: 'missing go.sum entry for module providing package example.com/a; to add:\n\tgo mod download example.com/a',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('pruned + readonly: a package from a module go.mod does not list means go.mod needs updates', async () => {
  const dir = tempTree({
    'go.mod': 'module example.com/m\n\ngo 1.21\n\nrequire example.com/c v1.0.0\n',
    'm.go': 'package m\n\nimport _ "example.com/c"\n',
    'go.sum': ['c v1.0.0', 'd v1.1.0'].flatMap((m) => [`example.com/${m} h1:x=`, `example.com/${m}/go.mod h1:x=`]).join('\n') + '\n',
  });
  try {
    const ro = state(dir, new MemSource(mods), { buildMod: 'readonly' });
    const d = await ro.importPackage('example.com/d');
    assert.deepEqual(d.mod, { path: 'example.com/d', version: 'v1.1.0' });
    assert.throws(() => checkRootsTidy(ro, [d.mod]), { message: 'updates to go.mod needed, disabled by -mod=readonly; to update it:\n\tgo mod tidy' });
    assert.doesNotThrow(() => checkRootsTidy(ro, [{ path: 'example.com/c', version: 'v1.0.0' }]));
    const mod = state(dir, new MemSource(mods), { buildMod: 'mod' });
    assert.doesNotThrow(() => checkRootsTidy(mod, [d.mod]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a main module package importing from a module go.mod does not require is refused (go 1.16, unpruned)', async () => {
  const dir = tempTree({
    'go.mod': 'module example.com/m\n\ngo 1.16\n\nrequire example.com/c v1.0.0\n',
    'go.sum': ['c v1.0.0', 'd v1.1.0'].flatMap((m) => [`example.com/${m} h1:x=`, `example.com/${m}/go.mod h1:x=`]).join('\n') + '\n',
  });
  try {
    const st = state(dir, new MemSource(mods), { buildMod: '' });
    const importer = { importPath: 'example.com/m', standard: false };
    await assert.rejects(
      loadWithModules(st, async (r) => r.resolve('example.com/d', dir, importer)),
      { message: 'package example.com/m imports example.com/d from implicitly required module; to add missing requirements, run:\n\tgo get example.com/d@v1.1.0' },
    );
    // The same import from the dependency itself is fine.
    const r = await loadWithModules(st, async (res) => res.resolve('example.com/d', dir, { importPath: 'example.com/c', standard: false }));
    assert.equal(r.module?.version, 'v1.1.0');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('pruned expandedGraph: a root below the selected version is raised and the graph reloaded (go mod graph, as mod_skip_write records)', async () => {
  const sec = new Map<string, string>([
    ['rsc.io/quote@v1.5.2.mod', 'module rsc.io/quote\n\nrequire rsc.io/sampler v1.3.0\n'],
    ['rsc.io/sampler@v1.2.0.mod', 'module rsc.io/sampler\n\nrequire golang.org/x/text v0.0.0-20170915032832-14c0d48ead0c\n'],
    ['rsc.io/sampler@v1.3.0.mod', 'module rsc.io/sampler\n\nrequire golang.org/x/text v0.0.0-20170915032832-14c0d48ead0c\n'],
    ['rsc.io/testonly@v1.0.0.mod', 'module rsc.io/testonly\n'],
    ['golang.org/x/text@v0.0.0-20170915032832-14c0d48ead0c.mod', 'module golang.org/x/text\n'],
  ]);
  const dir = tempTree({ 'go.mod': 'module m\n\ngo 1.18\n\nrequire rsc.io/quote v1.5.2\n\nrequire (\n\tgolang.org/x/text v0.0.0-20170915032832-14c0d48ead0c // indirect\n\trsc.io/sampler v1.2.0 // indirect\n\trsc.io/testonly v1.0.0 // indirect\n)\n' });
  try {
    const st = state(dir, scenarioSource(sec), { cmdName: 'mod graph', buildMod: '' });
    const { graph, error } = await st.reqs.expandedGraph();
    assert.equal(error, undefined);
    // real go 1.26.8's output (the script's graph.want): sampler@v1.2.0 is gone.
    assert.equal(graph.formatEdges(), [
      'm go@1.18',
      'm golang.org/x/text@v0.0.0-20170915032832-14c0d48ead0c',
      'm rsc.io/quote@v1.5.2',
      'm rsc.io/sampler@v1.3.0',
      'm rsc.io/testonly@v1.0.0',
      'rsc.io/quote@v1.5.2 rsc.io/sampler@v1.3.0',
      'rsc.io/sampler@v1.3.0 golang.org/x/text@v0.0.0-20170915032832-14c0d48ead0c',
      '',
    ].join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---- go lines of modules providing packages ----

test('an import from a module whose go.mod needs a newer Go fails with go\'s TooNewError; tidy before go 1.21 skips the check', async () => {
  const newer: MemModule[] = [
    ...mods,
    { path: 'example.com/n', version: 'v1.0.0', goMod: 'module example.com/n\n\ngo 1.27\n', files: { 'n.go': 'package n\n' } },
  ];
  const dir = tempTree({
    'go.mod': 'module example.com/m\n\ngo 1.21\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/n v1.0.0\n\texample.com/r v0.0.1\n)\n\nreplace example.com/r => ./r\n',
    'r/go.mod': 'go 1.28\n',
    'r/r.go': 'package r\n',
  });
  try {
    const st = state(dir, new MemSource(newer));
    assert.deepEqual((await imp(st, 'example.com/a')).mod, { path: 'example.com/a', version: 'v1.0.0' });
    await assert.rejects(st.importPackage('example.com/n'), (e: Error) => {
      assert.ok(e instanceof gover.TooNewError);
      assert.equal(e.message, 'module example.com/n@v1.0.0 requires go >= 1.27 (running go 1.26.8; GOTOOLCHAIN=local)');
      return true;
    });
    // A replacement directory is named by its path, as go's module ./r.
    await assert.rejects(st.importPackage('example.com/r'), { message: 'module ./r requires go >= 1.28 (running go 1.26.8; GOTOOLCHAIN=local)' });
    const skip = state(dir, new MemSource(newer));
    skip.skipImportModFiles = true;
    assert.deepEqual((await imp(skip.withRoots([...skip.reqs.roots]), 'example.com/n')).mod, { path: 'example.com/n', version: 'v1.0.0' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a load stops with the newest TooNewError among its packages, before other package errors', async () => {
  const newer: MemModule[] = [
    { path: 'example.com/n', version: 'v1.0.0', goMod: 'module example.com/n\n\ngo 1.27\n', files: { 'n.go': 'package n\n' } },
    { path: 'example.com/o', version: 'v1.0.0', goMod: 'module example.com/o\n\ngo 1.29\n', files: { 'o.go': 'package o\n' } },
  ];
  const dir = tempTree({ 'go.mod': 'module example.com/m\n\ngo 1.21\n\nrequire (\n\texample.com/n v1.0.0\n\texample.com/o v1.0.0\n)\n' });
  try {
    const st = state(dir, new MemSource(newer));
    await assert.rejects(
      loadWithModules(st, async (r) => ['example.com/n', 'example.com/o', 'example.com/missing'].map((p) => r.resolve(p, dir))),
      (e: Error) => e instanceof gover.TooNewError && e.goVersion === '1.29' && e.message.startsWith('module example.com/o@v1.0.0 requires go >= 1.29 '),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
