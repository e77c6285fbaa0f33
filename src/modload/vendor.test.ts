// go mod vendor's pieces: modules.txt writing and reading back, the -mod=vendor graph, file selection, and a whole vendoring run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseModFile } from '../lib/modfile/index.js';
import { writeTree } from '../cache/testgo.js';
import { makeContext } from '../load/context.js';
import { MemSource, type MemModule } from './source.js';
import { ModState, type ModStateOptions } from './state.js';
import { checkVendorConsistency, formatModulesTxt, moduleLine, parseVendorList, ReplacementInVendorError, type ModulesTxt } from './vendor.js';
import { isMetadataFile, isPotentialSourceFile } from './vendorcopy.js';
import { loadVendorPackages, vendorModulesTxt } from './vendorplan.js';
import { writeVendorDir } from './vendorwrite.js';

const GOROOT = process.env['GOROOT'] || '/usr/local/go';

function state(dir: string, source: MemSource, extra: Partial<ModStateOptions> = {}): ModState {
  return new ModState({
    cwd: dir, goroot: GOROOT, gomodcache: join(dir, 'modcache'), localGo: '1.26.8', gotoolchain: 'local',
    cmdName: 'mod vendor', source, ...extra,
  });
}

/** Every file under dir (relative, sorted) with its content. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

test('module lines: versions, replacements, and no replacement inside vendor/', () => {
  assert.equal(moduleLine({ path: 'a.com/x', version: 'v1.0.0' }), '# a.com/x v1.0.0\n');
  assert.equal(moduleLine({ path: 'a.com/x', version: 'v1.0.0' }, { path: './x', version: '' }), '# a.com/x v1.0.0 => ./x\n');
  assert.equal(moduleLine({ path: 'a.com/x', version: '' }, { path: 'b.com/x', version: 'v1.2.0' }), '# a.com/x => b.com/x v1.2.0\n');
  assert.throws(() => moduleLine({ path: 'a.com/x', version: 'v1.0.0' }, { path: './vendor/a.com/x', version: '' }), ReplacementInVendorError);
  assert.throws(() => moduleLine({ path: 'a.com/x', version: 'v1.0.0' }, { path: 'vendor', version: '' }), { message: 'replacement path vendor inside vendor directory' });
  assert.equal(moduleLine({ path: 'a.com/x', version: 'v1.0.0' }, { path: './vendored/x', version: '' }), '# a.com/x v1.0.0 => ./vendored/x\n');
});

test('modules.txt text reads back as the same modules, versions, annotations and replacements', () => {
  const t: ModulesTxt = {
    workspace: false,
    modules: [
      { mod: { path: 'a.com/x', version: 'v1.0.0' }, explicit: true, goVersion: '1.21', pkgs: ['a.com/x', 'a.com/x/sub'] },
      { mod: { path: 'b.com/y', version: 'v0.2.0' }, replacement: { path: '../y', version: '' }, explicit: false, goVersion: '1.17', pkgs: ['b.com/y'] },
      { mod: { path: 'c.com/z', version: 'v1.1.0' }, explicit: true, goVersion: '', pkgs: [] },
      { mod: { path: 'd.com/w', version: 'v1.0.0' }, explicit: false, goVersion: '', pkgs: ['d.com/w'] },
    ],
    replacements: [{ old: { path: 'e.com/u', version: '' }, new: { path: 'f.com/u', version: 'v1.0.0' } }],
  };
  const text = formatModulesTxt(t);
  assert.equal(text, `# a.com/x v1.0.0
## explicit; go 1.21
a.com/x
a.com/x/sub
# b.com/y v0.2.0 => ../y
## go 1.17
b.com/y
# c.com/z v1.1.0
## explicit
# d.com/w v1.0.0
d.com/w
# e.com/u => f.com/u v1.0.0
`);
  assert.equal(formatModulesTxt({ ...t, workspace: true }).split('\n')[0], '## workspace');
  const vl = parseVendorList(text);
  assert.deepEqual(vl.list, [{ path: 'a.com/x', version: 'v1.0.0' }, { path: 'b.com/y', version: 'v0.2.0' }, { path: 'd.com/w', version: 'v1.0.0' }]);
  assert.deepEqual(vl.pkgModule.get('a.com/x/sub'), { path: 'a.com/x', version: 'v1.0.0' });
  assert.deepEqual(vl.meta.get('a.com/x@v1.0.0'), { explicit: true, goVersion: '1.21' });
  assert.deepEqual(vl.meta.get('b.com/y@v0.2.0'), { explicit: false, goVersion: '1.17', replacement: { path: '../y', version: '' } });
  assert.deepEqual(vl.meta.get('c.com/z@v1.1.0'), { explicit: true });
  assert.deepEqual(vl.replaced, [{ path: 'b.com/y', version: 'v0.2.0' }, { path: 'e.com/u', version: '' }]);
  // What go writes for a go.mod is consistent with that go.mod.
  const f = parseModFile('/m/go.mod', 'module m\n\ngo 1.21\n\nrequire (\n\ta.com/x v1.0.0\n\tc.com/z v1.1.0\n)\n\nreplace b.com/y v0.2.0 => ../y\n\nreplace e.com/u => f.com/u v1.0.0\n');
  assert.equal(checkVendorConsistency(vl, f, '1.21', '/m/vendor', '/m', '/m/go.mod'), undefined);
});

test('modules.txt: a go version newer than the running go is refused; pre-1.14 version mismatches are reported', () => {
  assert.throws(() => parseVendorList('# a.com/x v1.0.0\n## explicit; go 1.99\na.com/x\n', { localGo: '1.26.8', cwd: '/m', file: '/m/vendor/modules.txt' }), {
    message: 'a.com/x in vendor/modules.txt requires go >= 1.99 (running go 1.26.8)',
  });
  const f = parseModFile('/m/go.mod', 'module m\n\ngo 1.13\n\nrequire a.com/x v1.0.0\n');
  const err = checkVendorConsistency(parseVendorList('# a.com/x v1.1.0\na.com/x\n'), f, '1.13', '/m/vendor', '/m', '/m/go.mod');
  assert.match(err?.message ?? '', /^inconsistent vendoring in \/m:\n\ta\.com\/x@v1\.0\.0: is explicitly required in go\.mod, but vendor\/modules\.txt indicates a\.com\/x@v1\.1\.0\n/);
  assert.equal(checkVendorConsistency(parseVendorList('# a.com/x v1.0.0\na.com/x\n'), f, '1.13', '/m/vendor', '/m', '/m/go.mod'), undefined);
});

test('file selection: no tests, no go.mod from go 1.17, no files that build under no tags; metadata names', () => {
  const keep = (name: string, text = 'package p\n', gv = '1.21'): boolean => isPotentialSourceFile(name, gv, () => text);
  assert.equal(keep('p.go'), true);
  assert.equal(keep('p_test.go'), false);
  assert.equal(keep('p_windows.go'), true);
  assert.equal(keep('_x.go'), true);
  assert.equal(keep('gen.go', '//go:build ignore\n\npackage main\n'), false);
  assert.equal(keep('gen.go', '// +build ignore\n\npackage main\n'), false);
  assert.equal(keep('p.go', '//go:build linux && !linux\n\npackage p\n'), true);
  assert.equal(keep('p.go', '//go:build (\n\npackage p\n'), false);
  assert.equal(keep('go.mod', 'module x\n'), false);
  assert.equal(keep('go.sum', ''), false);
  assert.equal(keep('go.mod', 'module x\n', '1.16'), true);
  assert.equal(keep('README.md', '# x'), true);
  assert.equal(keep('data.bin'), true);
  for (const n of ['LICENSE', 'LICENSE.txt', 'AUTHORS.md', 'NOTICE!', 'PATENTS', 'COPYING', 'COPYLEFT', 'CONTRIBUTORS', 'LEGAL', 'COPYRIGHT']) assert.equal(isMetadataFile(n), true, n);
  for (const n of ['license', 'README', 'licensed-to-kill', 'x.go']) assert.equal(isMetadataFile(n), false, n);
});

const MODS: MemModule[] = [
  {
    path: 'a.com/x', version: 'v1.0.0', goMod: 'module a.com/x\n\ngo 1.21\n',
    files: {
      'LICENSE': 'license x\n', 'x.go': 'package x\n\nimport _ "embed"\n\n//go:embed data/*.txt\nvar s string\n', 'x_test.go': 'package x\n',
      'data/one.txt': 'one\n', 'data/skip.dat': 'no\n', 'gen.go': '//go:build ignore\n\npackage main\n',
      'sub/LICENSE': 'sub license\n', 'sub/deep/d.go': 'package deep\n', 'unused/u.go': 'package unused\n', 'go.mod': 'module a.com/x\n\ngo 1.21\n',
    },
  },
  { path: 'b.com/y', version: 'v1.2.0', goMod: 'module b.com/y\n\ngo 1.18\n', files: { 'y.go': 'package y\n', 'COPYING': 'y copying\n' } },
  { path: 'c.com/unused', version: 'v1.0.0', goMod: 'module c.com/unused\n\ngo 1.20\n', files: { 'u.go': 'package unused\n' } },
];

test('a vendoring run: packages of "all" only, metadata above them, embeds, modules.txt as go writes it', async () => {
  const dir = writeTree({
    'go.mod': 'module m.com/m\n\ngo 1.22\n\nrequire (\n\ta.com/x v1.0.0\n\tb.com/y v1.2.0\n\tc.com/unused v1.0.0\n)\n\nreplace b.com/y => ./y\n\nreplace d.com/gone v1.0.0 => ./gone\n',
    'm.go': 'package m\n\nimport (\n\t_ "a.com/x"\n\t_ "a.com/x/sub/deep"\n)\n',
    'm_test.go': 'package m\n\nimport _ "b.com/y"\n',
    'y/go.mod': 'module b.com/y\n\ngo 1.19\n',
    'y/y.go': 'package y\n',
    'y/COPYING': 'local copying\n',
    'vendor/old/stale.go': 'package stale\n',
  }, 'vendor-test-');
  try {
    // (-mod=mod only so that the in-memory modules need no go.sum)
    const st = state(dir, new MemSource(MODS), { buildMod: 'mod' });
    const load = await loadVendorPackages(st);
    assert.deepEqual(load.errors, []);
    assert.deepEqual(load.pkgs.map((p) => p.path).sort(), ['a.com/x', 'a.com/x/sub/deep', 'b.com/y']);
    const txt = await vendorModulesTxt(st, load);
    assert.equal(formatModulesTxt(txt), `# a.com/x v1.0.0
## explicit; go 1.21
a.com/x
a.com/x/sub/deep
# b.com/y v1.2.0 => ./y
## explicit; go 1.19
b.com/y
# c.com/unused v1.0.0
## explicit; go 1.20
# b.com/y => ./y
# d.com/gone v1.0.0 => ./gone
`);
    const errs: string[] = [];
    const status = await writeVendorDir(st, {
      allowErrors: false, verbose: false, out: '', cwd: dir, ctxt: makeContext({ GOROOT }), stderr: (s) => errs.push(s),
    });
    assert.equal(status, 0);
    assert.deepEqual(errs, []);
    assert.deepEqual(Object.keys(tree(join(dir, 'vendor'))), [
      'a.com/x/LICENSE', 'a.com/x/data/one.txt', 'a.com/x/sub/LICENSE', 'a.com/x/sub/deep/d.go', 'a.com/x/x.go', 'b.com/y/COPYING', 'b.com/y/y.go', 'modules.txt',
    ]);
    assert.equal(readFileSync(join(dir, 'vendor/b.com/y/COPYING'), 'utf8'), 'local copying\n');
    assert.equal(statSync(join(dir, 'vendor/a.com/x/x.go')).mode & 0o200, 0o200, 'vendored files are writable, unlike the module cache');
    assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('.')), [], 'no staging directory left behind');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failed vendoring run leaves the vendor directory as it was', async () => {
  const dir = writeTree({
    'go.mod': 'module m.com/m\n\ngo 1.22\n\nrequire a.com/x v1.0.0\n\nreplace a.com/x => ./vendor/a.com/x\n',
    'm.go': 'package m\n\nimport _ "a.com/x"\n',
    'vendor/a.com/x/go.mod': 'module a.com/x\n',
    'vendor/a.com/x/x.go': 'package x\n',
    'vendor/modules.txt': 'old\n',
  }, 'vendor-test-');
  try {
    const st = state(dir, new MemSource());
    await assert.rejects(writeVendorDir(st, { allowErrors: false, verbose: false, out: '', cwd: dir, ctxt: makeContext({ GOROOT }), stderr: () => {} }), {
      message: 'replacement path ./vendor/a.com/x inside vendor directory',
    });
    assert.equal(readFileSync(join(dir, 'vendor/modules.txt'), 'utf8'), 'old\n');
    assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('.')), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('-mod=vendor: the module graph is what modules.txt lists (unpruned: through a vendor/modules.txt module)', async () => {
  const dir = writeTree({
    'go.mod': 'module m.com/m\n\ngo 1.16\n\nrequire a.com/x v1.0.0\n',
    'vendor/modules.txt': '# a.com/x v1.0.0\n## explicit\na.com/x\n# b.com/y v1.2.0\nb.com/y\n',
  }, 'vendor-test-');
  try {
    const st = state(dir, new MemSource(), { buildMod: 'vendor', cmdName: 'list' });
    const { graph } = await st.reqs.graph();
    assert.equal(graph.selected('b.com/y'), 'v1.2.0');
    assert.equal(graph.selected('c.com/z'), 'none');
    assert.deepEqual(graph.requiredBy({ path: 'vendor/modules.txt', version: '' }), [{ path: 'a.com/x', version: 'v1.0.0' }, { path: 'b.com/y', version: 'v1.2.0' }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('-mod=vendor with a pruned graph: every vendored module must be required at its vendored version', () => {
  const dir = writeTree({
    'go.mod': 'module m.com/m\n\ngo 1.21\n\nrequire a.com/x v1.0.0\n',
    'vendor/modules.txt': '# a.com/x v1.0.0\n## explicit\na.com/x\n# b.com/y v1.2.0\n## go 1.18\nb.com/y\n',
  }, 'vendor-test-');
  try {
    assert.throws(() => state(dir, new MemSource(), { buildMod: 'vendor', cmdName: 'build' }), {
      message: 'go: vendored module b.com/y@v1.2.0 should be required explicitly in go.mod\ngo: updates to go.mod needed, disabled by -mod=vendor; to update it:\n\tgo mod tidy',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('go work vendor: modules.txt is marked ## workspace, replacements are relative to go.work, vendor/ is beside go.work', async () => {
  const dir = writeTree({
    'go.work': 'go 1.21\n\nuse (\n\t./a\n\t./b\n)\n\nreplace c.com/w v1.0.0 => ./w\n',
    'a/go.mod': 'module example.com/a\n\ngo 1.21\n\nrequire example.com/p v1.0.0\n\nreplace example.com/p v1.0.0 => ../p\n',
    'a/a.go': 'package a\n\nimport _ "example.com/p"\n',
    'b/go.mod': 'module example.com/b\n\ngo 1.21\n\nrequire example.com/q v1.0.0\n\nreplace example.com/q v1.0.0 => ../q\n',
    'b/b.go': 'package b\n',
    'p/go.mod': 'module example.com/p\n\ngo 1.20\n',
    'p/p.go': 'package p\n',
    'q/go.mod': 'module example.com/q\n\ngo 1.21\n',
  }, 'vendor-test-');
  try {
    const st = state(dir, new MemSource(), { workFile: join(dir, 'go.work'), cmdName: 'work vendor' });
    const status = await writeVendorDir(st, { allowErrors: false, verbose: false, out: '', cwd: dir, ctxt: makeContext({ GOROOT }), stderr: () => {} });
    assert.equal(status, 0);
    assert.equal(readFileSync(join(dir, 'vendor/modules.txt'), 'utf8'), [
      '## workspace',
      '# example.com/p v1.0.0 => ./p', '## explicit; go 1.20', 'example.com/p',
      '# example.com/q v1.0.0 => ./q', '## explicit; go 1.21',
      '# c.com/w v1.0.0 => ./w', '',
    ].join('\n'));
    assert.ok(statSync(join(dir, 'vendor/example.com/p/p.go')).isFile());

    // Read back in vendor mode: consistent, and the package is found in the workspace's vendor directory.
    const vst = state(dir, new MemSource(), { workFile: join(dir, 'go.work'), cmdName: 'list', buildMod: 'vendor' });
    assert.equal((await vst.importPackage('example.com/p')).dir, join(dir, 'vendor/example.com/p'));
    assert.equal((await vst.importPackage('example.com/b')).dir, join(dir, 'b'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('workspace vendor consistency: go.mod replacements compared relative to go.work, messages name the workspace', () => {
  const dir = writeTree({
    'go.work': 'go 1.21\n\nuse ./a\n',
    'a/go.mod': 'module example.com/a\n\ngo 1.21\n\nrequire example.com/p v1.0.0\n\nreplace example.com/p v1.0.0 => ../p\n',
    'vendor/modules.txt': '## workspace\n# example.com/p v1.0.0 => ./r\n## explicit; go 1.21\n# example.com/r v1.0.0 => ./r\nexample.com/r\n## explicit\n',
  }, 'vendor-test-');
  try {
    assert.throws(() => state(dir, new MemSource(), { workFile: join(dir, 'go.work'), cmdName: 'list', buildMod: 'vendor' }), {
      message: `inconsistent vendoring in ${dir}:` +
        '\n\texample.com/p@v1.0.0: is replaced by ../p in a/go.mod, but marked as replaced by ./r in vendor/modules.txt' +
        '\n\texample.com/r@v1.0.0: is marked as explicit in vendor/modules.txt, but not explicitly required in a go.mod' +
        '\n\texample.com/r@v1.0.0: is marked as replaced in vendor/modules.txt, but not replaced in the workspace' +
        '\n\n\tTo ignore the vendor directory, use -mod=readonly or -mod=mod.\n\tTo sync the vendor directory, run:\n\t\tgo work vendor',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
