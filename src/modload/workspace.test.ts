// Unit tests for go get's view of a workspace: the modules a go.work uses, and a workspace opened
// with one main module's go.mod replaced in memory (go's EnterWorkspace).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeTree } from '../cache/testgo.js';
import { parseModFile } from '../lib/modfile/index.js';
import { MemSource } from './source.js';
import { ModState } from './state.js';
import { loadWorkspace, withMainModFiles, workspaceModuleRoots } from './workspace.js';

const GOROOT = process.env['GOROOT'] || '/usr/local/go';

function tree(): string {
  return writeTree({
    'go.work': 'go 1.25\n\nuse (\n\tm\n\tn\n\tgone\n)\n',
    'm/go.mod': 'module example.com/m\n\ngo 1.25\n',
    'm/m.go': 'package m\n',
    'n/go.mod': 'module example.com/n\n\ngo 1.25\n\nrequire example.com/x v1.0.0\n',
    'n/n.go': 'package n\n',
  }, 'workspace-test-');
}

test('workspaceModuleRoots: the used modules by path, leaving out one without a go.mod', () => {
  const dir = tree();
  const roots = workspaceModuleRoots(join(dir, 'go.work'), { cwd: join(dir, 'm'), goroot: GOROOT, localGo: '1.26.8', cmdName: 'get' });
  assert.deepEqual(roots, new Map([['example.com/m', join(dir, 'm')], ['example.com/n', join(dir, 'n')]]));
  assert.equal(workspaceModuleRoots(join(dir, 'missing.work'), { cwd: dir, goroot: GOROOT, localGo: '1.26.8', cmdName: 'get' }), undefined);
});

test('withMainModFiles swaps one main module\'s go.mod and keeps the module containing cwd', () => {
  const dir = writeTree({
    'go.work': 'go 1.25\n\nuse (\n\tm\n\tn\n)\n',
    'm/go.mod': 'module example.com/m\n\ngo 1.25\n',
    'n/go.mod': 'module example.com/n\n\ngo 1.25\n',
  }, 'workspace-test-');
  const ws = loadWorkspace(join(dir, 'go.work'), { cwd: join(dir, 'm'), goroot: GOROOT, localGo: '1.26.8', cmdName: 'get' });
  const f = parseModFile('go.mod', 'module example.com/m\n\ngo 1.25\n\nrequire example.com/y v1.2.0\n');
  const out = withMainModFiles(ws, new Map([['example.com/m', f]]));
  assert.equal(out.mains[0]!.file, f);
  assert.equal(out.mains[1], ws.mains[1]);
  assert.equal(out.containingCwd, out.mains[0]);
  assert.deepEqual(ws.mains[0]!.file.require, [], 'the loaded workspace is not changed');
  assert.equal(withMainModFiles(ws, new Map()), ws);
});

test('a workspace ModState with an overridden go.mod selects from the in-memory requirements', async () => {
  const dir = tree();
  const wfile = join(dir, 'm.work');
  writeFileSync(wfile, 'go 1.25\n\nuse (\n\tm\n\tn\n)\n');
  const src = new MemSource([
    { path: 'example.com/x', version: 'v1.0.0', goMod: 'module example.com/x\n\ngo 1.25\n' },
    { path: 'example.com/x', version: 'v1.1.0', goMod: 'module example.com/x\n\ngo 1.25\n' },
  ]);
  const base = { cwd: join(dir, 'm'), goroot: GOROOT, gomodcache: join(dir, 'modcache'), localGo: '1.26.8', gotoolchain: 'local', cmdName: 'get', source: src };
  const override = parseModFile('go.mod', 'module example.com/m\n\ngo 1.25\n\nrequire example.com/x v1.1.0\n');
  // gone/ has no go.mod, so go.work itself fails to load: m.work leaves it out.
  const st = new ModState({ ...base, workFile: wfile, modFileOverrides: new Map([['example.com/m', override]]) });
  assert.equal(st.main.path, 'example.com/m');
  assert.ok(st.reqs.direct.has('example.com/x'));
  const { graph, error } = await st.reqs.graph();
  assert.equal(error, undefined);
  assert.equal(graph.selected('example.com/x'), 'v1.1.0');
  const plain = new ModState({ ...base, workFile: wfile });
  assert.equal((await plain.reqs.graph()).graph.selected('example.com/x'), 'v1.0.0');
});
