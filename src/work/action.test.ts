import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Package } from '../load/types.js';
import { fakePackage } from '../load/fakepackage.test-util.js';
import { Action, ActionGraph, actionGraphJSON, actionList, assignPriorities, hashToString, useCriticalPath } from './action.js';
import { Scheduler } from './scheduler.js';

function pkg(importPath: string, name: string, imports: Package[] = [], target = ''): Package {
  const paths = imports.map((p) => p.importPath);
  return fakePackage(importPath, { name, imports: paths, deps: paths, internal: { imports }, target });
}

test('objdirs are numbered in pre-order like go (main b001, deps after)', () => {
  const rt = pkg('runtime', 'runtime');
  const b = pkg('b', 'b', [rt]);
  const a = pkg('a', 'a', [b, rt]);
  const main = pkg('m', 'main', [a, rt]);
  const g = new ActionGraph('/w', '');
  const link = g.linkAction('build', 'build', main);
  const build = link.deps[0]!;
  assert.equal(build.objdir, '/w/b001/');
  assert.equal(link.objdir, '/w/b001/');
  assert.equal(link.target, '/w/b001/exe/a.out');
  const byPath = new Map(actionList(link).filter((x) => x.pkg).map((x) => [x.pkg!.importPath + ':' + x.mode, x.objdir]));
  assert.equal(byPath.get('a:build'), '/w/b002/');
  assert.equal(byPath.get('b:build'), '/w/b003/');
  assert.equal(byPath.get('runtime:build'), '/w/b004/');
  // Link deps: main first, then breadth-first transitive deps, each once.
  assert.deepEqual(link.deps.map((d) => d.pkg?.importPath), ['m', 'a', 'runtime', 'b']);
  // The main compile waits for everything else the link needs (go's nop action).
  assert.ok(build.deps.some((d) => d.mode === 'nop'));
});

test('actions are memoized per (mode, package)', () => {
  const rt = pkg('runtime', 'runtime');
  const g = new ActionGraph('/w', '.exe');
  const x = g.compileAction('build', 'build', rt);
  assert.equal(g.compileAction('build', 'build', rt), x);
  const m = pkg('m', 'main', [rt], '/bin/m.exe');
  const inst = g.autoAction('install', 'build', m);
  assert.equal(inst.mode, 'link-install');
  assert.equal(inst.target, '/bin/m.exe');
  assert.equal(inst.deps[0]!.mode, 'link');
  assert.equal(inst.deps[0]!.target, '/w/b002/exe/a.out.exe');
  assert.equal(g.autoAction('install', 'build', m), inst);
});

test('a package in an import cycle gets no compile deps (go list -e on a cycle terminates)', () => {
  const a = pkg('m/a', 'a');
  const b = pkg('m/b', 'b', [a]);
  a.internal.imports.push(b);
  a.error = { importStack: ['m/a', 'm/b', 'm/a'], err: 'import cycle not allowed', isImportCycle: true };
  const g = new ActionGraph('/w', '');
  const act = g.compileAction('build', 'build', b);
  assert.deepEqual(act.deps.map((d) => d.pkg?.importPath), ['m/a']);
  assert.deepEqual(act.deps[0]!.deps, []);
});

test('install replaces the build action in place for earlier dependents', () => {
  const lib = pkg('lib', 'lib', [], '/pkg/lib.a');
  const user = pkg('user', 'user', [lib]);
  const g = new ActionGraph('/w', '');
  const u = g.compileAction('build', 'install', user);
  const dep = u.deps[0]!;
  assert.equal(dep.mode, 'build-install');
  assert.equal(dep.deps[0]!.mode, 'build');
});

test('priorities: post-order for -n, critical path otherwise', () => {
  const leaf = new Action('build');
  const mid = new Action('build'); mid.deps = [leaf];
  const other = new Action('build');
  const root = new Action('go build'); root.deps = [other, mid];
  const all = actionList(root);
  assert.deepEqual(all, [other, leaf, mid, root]);
  assignPriorities(all, false);
  assert.deepEqual(all.map((a) => a.priority), [0, 1, 2, 3]);
  assignPriorities(all, true);
  assert.ok(leaf.priority < other.priority, 'the deeper chain starts first');
});

test('critical path only where the order is not seen: not for -n, -p 1 or go test', () => {
  const build = new Action('build');
  const root = new Action('go build'); root.deps = [build];
  assert.equal(useCriticalPath(actionList(root), { dryRun: false, parallel: 2 }), true);
  assert.equal(useCriticalPath(actionList(root), { dryRun: true, parallel: 2 }), false);
  assert.equal(useCriticalPath(actionList(root), { dryRun: false, parallel: 1 }), false);
  const run = new Action('test run'); run.deps = [build];
  const print = new Action('test print'); print.deps = [run];
  const testRoot = new Action('go test'); testRoot.deps = [print];
  assert.equal(useCriticalPath(actionList(testRoot), { dryRun: false, parallel: 2 }), false);
});

test('scheduler runs deps first, bounded, and propagates failure', async () => {
  const order: string[] = [];
  const mk = (name: string, ...deps: Action[]): Action => { const a = new Action(name); a.deps = deps; return a; };
  const a = mk('a'), b = mk('b'), c = mk('c', a, b), bad = mk('bad'), d = mk('d', bad), root = mk('root', c, d);
  const all = actionList(root);
  assignPriorities(all, true);
  let running = 0, maxRunning = 0;
  const errors: string[] = [];
  const s = new Scheduler(2, async (x) => {
    running++; maxRunning = Math.max(maxRunning, running);
    await new Promise((r) => setTimeout(r, 5));
    running--;
    order.push(x.mode);
    if (x.mode === 'bad') throw new Error('boom');
  }, (x, e) => { errors.push(`${x.mode}: ${e.message}`); });
  const ok = await s.run(all, root);
  assert.equal(ok, false);
  assert.deepEqual(errors, ['bad: boom']);
  assert.ok(maxRunning <= 2);
  assert.ok(order.indexOf('a') < order.indexOf('c') && order.indexOf('b') < order.indexOf('c'));
  assert.ok(!order.includes('d'), 'dependents of a failed action do not run');
  assert.ok(!order.includes('root'));
  assert.equal(d.failed, bad);
});

test('hashToString and the action graph JSON', () => {
  const h = Buffer.alloc(32);
  for (let i = 0; i < 32; i++) h[i] = i * 7;
  assert.equal(hashToString(h), 'AAcOFRwjKjE4P0ZNVFti');
  const a = new Action('build'); a.objdir = '/w/b001/';
  const root = new Action('go build'); root.deps = [a];
  const js = JSON.parse(actionGraphJSON(root)) as { ID: number; Mode: string; Deps?: number[] }[];
  assert.deepEqual(js.map((x) => [x.ID, x.Mode, x.Deps ?? []]), [[0, 'go build', [1]], [1, 'build', []]]);
  // Commands are kept as argument lists and written as go's Cmd strings (joinUnambiguously).
  a.cmds.push(['gcc', '-I', '/a b', '-c', 'x.c'], ['/t/compile', '-o', '$WORK/b001/_pkg_.a']);
  const withCmds = JSON.parse(actionGraphJSON(root)) as { Cmd: string[] | null }[];
  assert.deepEqual(withCmds.map((x) => x.Cmd), [null, ['gcc -I "/a b" -c x.c', '/t/compile -o $WORK/b001/_pkg_.a']]);
});

test('linkSharedAction: runtime/cgo joins the library, runtime the link, and install writes .shlibname files', () => {
  const rt = pkg('runtime', 'runtime', [], '/pd/runtime.a');
  const sync = pkg('sync', 'sync', [rt], '/pd/sync.a');
  const cgo = pkg('runtime/cgo', 'cgo', [rt, sync], '/pd/runtime/cgo.a');
  const g = new ActionGraph('/w', '');
  const root = new Action('go install');
  root.deps.push(g.autoAction('install', 'build', rt));
  const inst = g.linkSharedAction('install', 'install', 'libruntime.so', root, { implicit: [cgo], linkerDeps: [rt] });
  assert.equal(inst.mode, 'go install -buildmode=shared');
  assert.equal(inst.target, '/pd/libruntime.so');
  const build = inst.deps[0]!;
  assert.equal(build.mode, 'go build -buildmode=shared');
  // go's numbering: runtime b001, the library's link next, then runtime/cgo and its own imports.
  assert.equal(build.objdir, '/w/b002/');
  assert.equal(build.target, '/w/b002/libruntime.so');
  assert.deepEqual(root.deps.map((d) => [d.pkg?.importPath, d.mode]), [['runtime', 'build-install'], ['runtime/cgo', 'build-install']]);
  // The link's deps: the package group, runtime (linker dep, again), then every built package breadth-first.
  assert.deepEqual(build.deps.map((d) => d.pkg?.importPath), [undefined, 'runtime', 'runtime', 'runtime/cgo', 'sync']);
  assert.deepEqual(inst.deps.slice(1).map((d) => [d.mode, d.target]), [['shlibname', '/pd/runtime.shlibname'], ['shlibname', '/pd/runtime/cgo.shlibname']]);
  // Memoized: asking again gives the same install.
  assert.equal(g.linkSharedAction('install', 'install', 'libruntime.so', root, { implicit: [cgo], linkerDeps: [rt] }), inst);
});

test('linkSharedAction refuses packages from different install roots', () => {
  const a = pkg('a', 'a', [], '/r1/a.a');
  const b = pkg('b', 'b', [], '/r2/b.a');
  const g = new ActionGraph('/w', '');
  const root = new Action('go install');
  root.deps.push(g.autoAction('install', 'build', a), g.autoAction('install', 'build', b));
  assert.throws(() => g.linkSharedAction('install', 'install', 'liba,b.so', root, { implicit: [], linkerDeps: [] }),
    { message: 'installing shared library: cannot use packages a and b from different roots /r1 and /r2' });
});

test('-linkshared: a link relinks and reinstalls each shared library its packages are in, once, as a buggy install', () => {
  const rt = pkg('runtime', 'runtime', [], '/pd/runtime.a');
  rt.shlib = '/pd/libruntime.so';
  const dep = pkg('dep', 'dep', [rt], '/pd/dep.a');
  dep.shlib = '/pd/libdep.so';
  const prog = pkg('prog', 'main', [dep, rt]);
  const g = new ActionGraph('/w', '');
  const lists: Record<string, Package[]> = { '/pd/libruntime.so': [rt], '/pd/libdep.so': [dep] };
  const asked: string[] = [];
  g.sharedLibraries = { packages: (lib) => { asked.push(lib); return lists[lib] ?? []; }, implicit: [], linkerDeps: [rt] };
  const link = g.autoAction('build', 'build', prog);
  const relinks = link.deps.filter((d) => d.mode === 'go install -buildmode=shared');
  // In the order the link's packages name them: dep (breadth-first before runtime), then runtime.
  assert.deepEqual(relinks.map((d) => d.target), ['/pd/libdep.so', '/pd/libruntime.so']);
  assert.deepEqual(asked, ['/pd/libdep.so', '/pd/libruntime.so']);
  const [libdep, librt] = relinks as [Action, Action];
  // The library's packages are installed (not touched when current) and its .shlibname files rewritten.
  const depGroup = libdep.deps[0]!.deps[0]!;
  assert.equal(depGroup.mode, 'shlib packages');
  assert.deepEqual(depGroup.deps.map((d) => [d.pkg?.importPath, d.mode, d.buggyInstall]), [['dep', 'build-install', true]]);
  assert.deepEqual(libdep.deps.slice(1).map((d) => d.target), ['/pd/dep.shlibname']);
  // libdep.so's own link depends on libruntime.so's relink: the same action as the program's.
  assert.ok(libdep.deps[0]!.deps.includes(librt));
  // Its own library is not relinked by itself.
  assert.ok(!libdep.deps[0]!.deps.includes(libdep));
  // A command that installs the package properly turns the buggy install into a proper one.
  assert.equal(g.compileAction('install', 'install', dep), depGroup.deps[0]);
  assert.equal(depGroup.deps[0]!.buggyInstall, false);
});

test('without -linkshared a link adds no library relinks', () => {
  const rt = pkg('runtime', 'runtime', [], '/pd/runtime.a');
  rt.shlib = '/pd/libruntime.so';
  const g = new ActionGraph('/w', '');
  const link = g.autoAction('build', 'build', pkg('prog', 'main', [rt]));
  assert.deepEqual(link.deps.map((d) => d.mode), ['build', 'build']);
});
