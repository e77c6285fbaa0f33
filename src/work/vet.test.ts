import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Package } from '../load/types.js';
import { fakePackage } from '../load/fakepackage.test-util.js';
import { Action, ActionGraph, actionList } from './action.js';
import { buildVetConfig, srcFilesList, vetAction, vetConfigJSON, vetFlagsFor, type VetSettings } from './vet.js';
import { defaultTestVetFlag, parseTestVetFlag, testVetFlagString, addTestVet, testVetSettings } from './testvet.js';

function pkg(importPath: string, imports: Package[] = [], extra: Partial<Package> = {}): Package {
  const paths = imports.map((p) => p.importPath);
  return fakePackage(importPath, { name: importPath.split('/').pop()!, imports: paths, deps: paths, internal: { imports }, ...extra });
}

const settings: VetSettings = { tool: '/t/vet', flags: ['-json'], explicit: false, defaultVetTool: '/t/vet', handleStdout: () => {} };

test('vet.cfg: go\'s field order, tab indent, sorted maps, [] and {} when empty, HTML-safe strings, final newline', () => {
  const p = pkg('example.com/m/p', [], {
    dir: '/src/a&b', goFiles: ['x.go'], sFiles: ['y.s'], ignoredGoFiles: ['z_windows.go'], ignoredOtherFiles: ['w.c'],
    module: { path: 'example.com/m', main: true, goVersion: '1.22' },
  });
  const build = new Action('build', p);
  const cfg = buildVetConfig(p, build, ['x.go', 'y.s'], 'go1.26.8');
  cfg.VetxOutput = '/w/b001/vet.out';
  cfg.Stdout = '/w/b001/vet.stdout';
  cfg.PackageVetx.set('z', '/w/b009/vet.out');
  cfg.PackageVetx.set('a<b>', '/w/b002/vet.out');
  const want = `{
	"ID": "example.com/m/p",
	"Compiler": "gc",
	"Dir": "/src/a\\u0026b",
	"ImportPath": "example.com/m/p",
	"GoFiles": [
		"/src/a\\u0026b/x.go"
	],
	"NonGoFiles": [
		"/src/a\\u0026b/y.s"
	],
	"IgnoredFiles": [
		"/src/a\\u0026b/z_windows.go",
		"/src/a\\u0026b/w.c"
	],
	"ModulePath": "example.com/m",
	"ModuleVersion": "",
	"ImportMap": {},
	"PackageFile": {},
	"Standard": {},
	"PackageVetx": {
		"a\\u003cb\\u003e": "/w/b002/vet.out",
		"z": "/w/b009/vet.out"
	},
	"VetxOnly": false,
	"VetxOutput": "/w/b001/vet.out",
	"Stdout": "/w/b001/vet.stdout",
	"GoVersion": "go1.22",
	"FixArchive": "",
	"SucceedOnTypecheckFailure": false
}
`;
  assert.equal(vetConfigJSON(cfg), want);
});

test('vet.cfg maps: imports as written, implicit deps mapped to themselves, export data only for built deps', () => {
  const unsafe = pkg('unsafe', [], { goroot: true, standard: true });
  const fmt = pkg('fmt', [], { goroot: true, standard: true });
  const dep = pkg('example.com/dep/v2', []);
  const rtcgo = pkg('runtime/cgo', [], { goroot: true, standard: true });
  const p = pkg('example.com/m/p', [fmt, dep, unsafe], { importMap: { 'example.com/dep': 'example.com/dep/v2' } });
  const build = new Action('build', p);
  const mk = (q: Package, built: string): Action => Object.assign(new Action('build', q), { built });
  build.deps = [mk(fmt, '/cache/fmt-d'), mk(dep, '/w/b003/_pkg_.a'), mk(unsafe, ''), mk(rtcgo, '/cache/cgo-d'), new Action('build check cache', p)];
  const cfg = buildVetConfig(p, build, ['a.go'], 'go1.26.8');
  assert.deepEqual([...cfg.ImportMap], [['fmt', 'fmt'], ['example.com/dep', 'example.com/dep/v2'], ['unsafe', 'unsafe'], ['runtime/cgo', 'runtime/cgo']]);
  assert.deepEqual([...cfg.PackageFile], [['fmt', '/cache/fmt-d'], ['example.com/dep/v2', '/w/b003/_pkg_.a'], ['runtime/cgo', '/cache/cgo-d']]);
  assert.deepEqual([...cfg.Standard], [['fmt', true], ['unsafe', true], ['runtime/cgo', true]]);
  // Outside any module: the toolchain's language version (gover.Local), release suffixes dropped.
  assert.equal(cfg.GoVersion, 'go1.26.8');
  assert.equal(cfg.ModulePath, '');
  const json = vetConfigJSON(cfg);
  // Map keys print sorted whatever the insertion order.
  assert.ok(json.indexOf('"example.com/dep"') < json.indexOf('"fmt"') && json.indexOf('"fmt"') < json.indexOf('"runtime/cgo"'));
});

test('vet.cfg GoVersion: a module without a go line means go1.16; a dependency module records its version', () => {
  const p = pkg('example.com/dep/q', [], { module: { path: 'example.com/dep', version: 'v1.2.3' } });
  const cfg = buildVetConfig(p, new Action('build', p), ['a.go'], 'go1.26.8');
  assert.equal(cfg.GoVersion, 'go1.16');
  assert.equal(cfg.ModuleVersion, 'v1.2.3');
  assert.equal(cfg.ID, 'example.com/dep/q');
});

test('vet flags: GOROOT packages get -unsafeptr=false (and -unreachable=false under test) unless flags or a tool were given', () => {
  const std = pkg('sync', [], { goroot: true, standard: true });
  const mine = pkg('example.com/m');
  assert.deepEqual(vetFlagsFor(std, settings, 'vet'), ['-unsafeptr=false']);
  assert.deepEqual(vetFlagsFor(std, settings, 'test'), ['-unsafeptr=false', '-unreachable=false']);
  assert.deepEqual(vetFlagsFor(mine, settings, 'vet'), ['-json']);
  assert.deepEqual(vetFlagsFor(std, { ...settings, explicit: true }, 'vet'), ['-json']);
  assert.deepEqual(vetFlagsFor(std, { ...settings, tool: '/other/tool' }, 'vet'), ['-json']);
});

test('vet actions: the vetted package is not compiled unless something else needs it; deps are VetxOnly and IgnoreFail', () => {
  const unsafe = pkg('unsafe', [], { goroot: true, standard: true });
  const lib = pkg('example.com/m/lib', [unsafe]);
  const p = pkg('example.com/m/p', [lib]);
  const g = new ActionGraph('/w', '');
  const vp = vetAction(g, settings, p);
  assert.equal(vp.vetxOnly, false);
  assert.equal(vp.deps[0]!.mode, 'build');
  assert.equal(vp.deps[0]!.needBuild, false, 'p itself is only vetted');
  assert.equal(vp.deps[0]!.needVet, true);
  const vlib = vp.deps[1]! as typeof vp;
  assert.equal(vlib.vetxOnly, true);
  assert.equal(vlib.ignoreFail, true);
  // lib is compiled for p's compile (export data) even though it is vetted as well.
  const libBuild = actionList(vp).find((a) => a.mode === 'build' && a.pkg === lib)!;
  assert.equal(libBuild.needBuild, true);
  // Vetting lib for a report later turns its (memoized) action into a reporting one.
  assert.equal(vetAction(g, settings, lib), vlib);
  assert.equal(vlib.vetxOnly, false);
  // unsafe has nothing to vet: no actor.
  const vunsafe = vlib.deps.find((a) => a.pkg === unsafe && a.mode === 'vet')!;
  assert.equal(vunsafe.actor, undefined);
  // A later build of p needs its archive after all.
  g.compileAction('build', 'build', p);
  assert.equal(vp.deps[0]!.needBuild, true);
  assert.equal(vp.objdir, vp.deps[0]!.objdir);
});

test('srcfiles list: ./name per compiled file, as go caches it', () => {
  assert.equal(srcFilesList(pkg('p', [], { goFiles: ['a.go', 'b.go'], sFiles: ['c.s'] })), './a.go\n./b.go\n./c.s\n');
});

test('go test -vet: default list, off, all, named analyzers, and go\'s errors', () => {
  assert.equal(testVetFlagString(defaultTestVetFlag()), '-atomic,-bool,-buildtags,-directive,-errorsas,-ifaceassert,-nilfunc,-printf,-slog,-stringintconv,-tests');
  assert.deepEqual(parseTestVetFlag(''), defaultTestVetFlag());
  assert.deepEqual(parseTestVetFlag('off'), { off: true, explicit: true, flags: [] });
  assert.deepEqual(parseTestVetFlag('all'), { off: false, explicit: true, flags: [] });
  assert.deepEqual(parseTestVetFlag('printf,atomic'), { off: false, explicit: true, flags: ['-printf', '-atomic'] });
  assert.throws(() => parseTestVetFlag('printf=1'), { message: '-vet argument cannot contain equal signs' });
  assert.throws(() => parseTestVetFlag('a b'), { message: '-vet argument is comma-separated list, cannot contain spaces' });
  assert.throws(() => parseTestVetFlag('printf,'), { message: '-vet argument contains empty list element' });
  assert.throws(() => parseTestVetFlag('nosuch'), { message: '-vet argument must be a supported analyzer or a distinguished value; found nosuch' });
  assert.throws(() => parseTestVetFlag('off,printf,atomic'), { message: '-vet does not accept "off" in a list with other analyzers' });
  // As go: "off" after analyzers resets the list.
  assert.deepEqual(parseTestVetFlag('printf,off'), { off: true, explicit: true, flags: [] });
});

test('addTestVet: the run (and install) wait for vet; -vet=off adds nothing', () => {
  const p = pkg('example.com/m/p');
  const g = new ActionGraph('/w', '');
  const s = testVetSettings('/t', defaultTestVetFlag(), () => {});
  assert.equal(s.tool, '/t/vet');
  const run = new Action('test run', p);
  const inst = new Action('nop', p);
  const vet = addTestVet(g, defaultTestVetFlag(), s, p, run, inst)!;
  assert.equal(vet.mode, 'vet');
  assert.ok(run.deps.includes(vet) && inst.deps.includes(vet));
  const run2 = new Action('test run', p);
  assert.equal(addTestVet(g, parseTestVetFlag('off'), s, p, run2), undefined);
  assert.equal(run2.deps.length, 0);
});
