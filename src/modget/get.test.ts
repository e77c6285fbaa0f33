// Unit tests for go get's pure parts: argument parsing, error and conflict texts, the change
// report, and go's editRequirements over in-memory module graphs (cases from go's mod_get scripts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Version } from '../lib/module.js';
import { writeTree } from '../cache/testgo.js';
import { ConstraintError, conflictSummary, editRequirements, type EditEnv, type Roots } from '../modload/edit.js';
import { MemSource, type MemModule } from '../modload/source.js';
import { ModState } from '../modload/state.js';
import { conflictErrorText, newQuery, packagesInMainModuleText, parsePathVersion, queryErrorText, resolvedString } from './query.js';
import { reportChanges } from './report.js';

test('arguments: default versions, -u=patch, invalid syntax, local paths, meta patterns', () => {
  assert.equal(newQuery('rsc.io/quote', '').version, 'upgrade');
  assert.equal(newQuery('rsc.io/quote', 'patch').version, 'patch');
  assert.equal(newQuery('rsc.io/quote@v1.5.1', 'patch').version, 'v1.5.1');
  assert.equal(newQuery('./sub', '').patternIsLocal, true);
  assert.throws(() => newQuery('rsc.io/quote@', ''), { message: 'invalid module version syntax "rsc.io/quote@"' });
  assert.throws(() => newQuery('a@b@c', ''), { message: 'invalid module version syntax "a@b@c"' });
  assert.throws(() => parsePathVersion('x@-bad'), { message: 'invalid module version "-bad"' });
  assert.throws(() => newQuery('./sub@v1.0.0', ''), { message: `can't request explicit version "v1.0.0" of path "./sub" in main module` });
  assert.throws(() => newQuery('all@v1.0.0', ''), { message: `can't request version "v1.0.0" of pattern "all" that includes the main module` });
  assert.throws(() => newQuery('std@latest', ''), { message: `can't request explicit version of standard-library pattern "std"` });
  assert.throws(() => newQuery('tool@latest', ''), { message: `can't request explicit version of "tool" pattern` });
  const w = newQuery('example.com/...', '');
  assert.ok(w.matchWildcard?.('example.com/a/b'));
});

test('error texts name the argument unless the error already does (reportError)', () => {
  const q = newQuery('example.com/m@v1.2.3', '');
  assert.equal(queryErrorText(q, 'example.com/m@v1.2.3: invalid version'), 'go: example.com/m@v1.2.3: invalid version');
  assert.equal(queryErrorText(q, 'no matching versions'), 'go: example.com/m@v1.2.3: no matching versions');
  const bare = newQuery('example.com/m', '');
  assert.equal(queryErrorText(bare, 'module example.com/m: not found'), 'go: module example.com/m: not found');
});

test('conflicts and resolved arguments are named as go names them', () => {
  const a = newQuery('example.net/a@v0.1.0', '');
  const b = newQuery('example.net/b@upgrade', '');
  assert.equal(resolvedString(a, { path: 'example.net/a', version: 'v0.1.0' }), 'example.net/a@v0.1.0');
  assert.equal(resolvedString(b, { path: 'example.net/b', version: 'v0.2.0' }), 'example.net/b@upgrade (v0.2.0)');
  assert.equal(resolvedString(newQuery('example.net/b/...@v0.1.0', ''), { path: 'example.net/b', version: 'v0.1.0' }), 'example.net/b@v0.1.0 (matching example.net/b/...@v0.1.0)');
  const c = newQuery('example.net/a@v0.2.0', '');
  assert.equal(conflictErrorText('example.net/a', { version: 'v0.1.0', reason: a }, { version: 'v0.2.0', reason: c }), 'example.net/a@v0.1.0 conflicts with example.net/a@v0.2.0');
  const p = newQuery('example.net/a/pkg@v0.1.0', '');
  assert.equal(conflictErrorText('example.net/a', { version: 'v0.1.0', reason: p }, { version: 'v0.2.0', reason: c }), 'for module example.net/a, example.net/a/pkg@v0.1.0 conflicts with example.net/a@v0.2.0');
  assert.equal(conflictSummary({ path: [{ path: 'a', version: 'v1' }, { path: 'b', version: 'v2' }], constraint: { path: 'b', version: 'v1' } }), 'a@v1 requires b@v2, but v1 is requested');
});

test('change report: go first, toolchain second, then by path; added, upgraded, downgraded, removed', () => {
  const m = (o: Record<string, string>): Map<string, string> => new Map(Object.entries(o));
  const out = reportChanges({
    resolved: m({ 'example.com/new': 'v1.0.0', 'example.com/gone': 'none', 'example.com/never': 'none' }),
    initial: m({ 'example.com/gone': 'v1.0.0', 'example.com/up': 'v1.0.0', 'example.com/down': 'v1.2.0', 'example.com/indirect': 'v1.0.0' }),
    final: m({ 'example.com/new': 'v1.0.0', 'example.com/up': 'v1.1.0', 'example.com/down': 'v1.1.0', 'example.com/indirect': 'v1.5.0' }),
    oldReqs: [{ path: 'example.com/gone', version: 'v1.0.0' }, { path: 'example.com/up', version: 'v1.0.0' }, { path: 'example.com/down', version: 'v1.2.0' }, { path: 'go', version: '1.16' }],
    newReqs: [{ path: 'example.com/new', version: 'v1.0.0' }, { path: 'example.com/up', version: 'v1.1.0' }, { path: 'example.com/down', version: 'v1.1.0' }, { path: 'go', version: '1.21' }, { path: 'toolchain', version: 'go1.22.0' }],
  });
  assert.equal(out, [
    'go: upgraded go 1.16 => 1.21',
    "\tnote: expanded dependencies to upgrade to go 1.17 or higher; run 'go mod tidy' to clean up",
    'go: added toolchain go1.22.0',
    'go: downgraded example.com/down v1.2.0 => v1.1.0',
    'go: removed example.com/gone v1.0.0',
    'go: added example.com/new v1.0.0',
    'go: upgraded example.com/up v1.0.0 => v1.1.0',
    '',
  ].join('\n'));
});

// ---- editRequirements over in-memory modules ----

const mod = (path: string, version: string, requires: string[] = [], go = '1.21'): MemModule => ({
  path, version,
  goMod: `module ${path}\n\ngo ${go}\n` + (requires.length > 0 ? `\nrequire (\n${requires.map((r) => `\t${r.replace('@', ' ')}\n`).join('')})\n` : ''),
});

function setup(mainRequires: string[], mods: MemModule[]): { env: EditEnv; rs: Roots; log: string[] } {
  const dir = writeTree({ 'go.mod': `module example.com/main\n\ngo 1.21\n\nrequire (\n${mainRequires.map((r) => `\t${r.replace('@', ' ')}\n`).join('')})\n` }, 'modget-test-');
  const src = new MemSource(mods);
  const st = new ModState({ cwd: dir, goroot: process.env['GOROOT'] || '/usr/local/go', gomodcache: join(dir, 'modcache'), localGo: '1.26.8', gotoolchain: 'local', cmdName: 'get', source: src, buildMod: 'mod' });
  const versions = (p: string): string[] => mods.filter((m) => m.path === p).map((m) => m.version).sort();
  const log: string[] = [];
  const env: EditEnv = {
    main: st.mainVersion,
    summaries: st.summaries,
    concurrency: 2,
    previous: async (m: Version) => {
      const below = versions(m.path).filter((v) => v < m.version);
      return { path: m.path, version: below.length > 0 ? below[below.length - 1]! : 'none' };
    },
    log: (l) => log.push(l),
  };
  return { env, rs: { roots: [...st.reqs.roots], pruning: st.reqs.pruning, direct: st.reqs.direct }, log };
}

const strip = (roots: Version[]): string[] => roots.filter((m) => m.path !== 'go' && m.path !== 'toolchain').map((m) => `${m.path}@${m.version}`);

test('editRequirements: an upgrade raises the root; @none removes the module and what requires it', async () => {
  const mods = [
    mod('example.com/a', 'v1.0.0'), mod('example.com/a', 'v1.1.0'),
    mod('example.com/b', 'v1.0.0', ['example.com/a@v1.0.0']), mod('example.com/b', 'v1.1.0', ['example.com/a@v1.1.0']),
  ];
  const { env, rs } = setup(['example.com/a@v1.0.0', 'example.com/b@v1.0.0'], mods);
  const up = await editRequirements(env, rs, [], [{ path: 'example.com/b', version: 'v1.1.0' }]);
  assert.equal(up.changed, true);
  // b@v1.1.0 needs a@v1.1.0: the root a is raised to the selected version.
  assert.deepEqual(strip(up.rs.roots), ['example.com/a@v1.1.0', 'example.com/b@v1.1.0']);
  const none = await editRequirements(env, rs, [], [{ path: 'example.com/a', version: 'none' }]);
  // b requires a at every version, so it is removed as well (go's downgrade to none).
  assert.deepEqual(strip(none.rs.roots), []);
});

test('editRequirements: a downgrade that a must-select version forbids is a conflict', async () => {
  const mods = [
    mod('example.com/a', 'v1.0.0'), mod('example.com/a', 'v1.1.0'),
    mod('example.com/b', 'v1.1.0', ['example.com/a@v1.1.0']),
  ];
  const { env, rs } = setup(['example.com/a@v1.1.0', 'example.com/b@v1.1.0'], mods);
  await assert.rejects(
    editRequirements(env, rs, [], [{ path: 'example.com/a', version: 'v1.0.0' }, { path: 'example.com/b', version: 'v1.1.0' }]),
    (e: unknown) => e instanceof ConstraintError && conflictSummary(e.conflicts[0]!) === 'example.com/b@v1.1.0 requires example.com/a@v1.1.0, but v1.0.0 is requested',
  );
  // Without the constraint on b, b is downgraded to a version that allows a@v1.0.0 (here: none).
  const down = await editRequirements(env, rs, [], [{ path: 'example.com/a', version: 'v1.0.0' }]);
  assert.deepEqual(strip(down.rs.roots), ['example.com/a@v1.0.0']);
});

test('editRequirements: tryUpgrade is kept only when nothing must-select forbids it', async () => {
  const mods = [mod('example.com/a', 'v1.0.0'), mod('example.com/a', 'v1.2.0'), mod('example.com/c', 'v1.0.0')];
  const { env, rs } = setup(['example.com/a@v1.0.0'], mods);
  const res = await editRequirements(env, rs, [{ path: 'example.com/a', version: 'v1.2.0' }], [{ path: 'example.com/c', version: 'v1.0.0' }]);
  assert.deepEqual(strip(res.rs.roots), ['example.com/a@v1.2.0', 'example.com/c@v1.0.0']);
  const same = await editRequirements(env, rs, [], []);
  assert.equal(same.changed, false);
});

test('a version of main-module packages is refused with go\'s texts (QueryMatchesPackagesInMainModuleError)', () => {
  assert.equal(packagesInMainModuleText('rsc.io/x', 'v0.1.0', ['rsc.io/x']), `package rsc.io/x is in the main module, so can't request version v0.1.0`);
  assert.equal(packagesInMainModuleText('rsc.io/x/...', 'latest', ['rsc.io/x']), `pattern rsc.io/x/... matches package rsc.io/x in the main module, so can't request version latest`);
  assert.equal(packagesInMainModuleText('rsc.io/...', 'latest', ['rsc.io/x', 'rsc.io/y']), `pattern rsc.io/... matches 2 packages in the main module, so can't request version latest`);
});

test('setRequirements: roots without go and toolchain, indirect unless direct, two blocks from go 1.17', async () => {
  const { setRequirements } = await import('./get.js');
  const { parseModFile } = await import('../lib/modfile/index.js');
  const rs: Roots = {
    roots: [{ path: 'example.com/a', version: 'v1.0.0' }, { path: 'example.com/b', version: 'v1.2.0' }, { path: 'go', version: '1.25' }, { path: 'toolchain', version: 'go1.26.0' }],
    pruning: 'pruned',
    direct: new Set(['example.com/a']),
  };
  const f = parseModFile('go.mod', 'module example.com/m\n\ngo 1.25\n');
  setRequirements(f, rs, '1.25');
  f.cleanup();
  assert.equal(f.format(), 'module example.com/m\n\ngo 1.25\n\nrequire example.com/a v1.0.0\n\nrequire example.com/b v1.2.0 // indirect\n');
  const old = parseModFile('go.mod', 'module example.com/m\n\ngo 1.16\n');
  setRequirements(old, rs, '1.16');
  old.cleanup();
  assert.equal(old.format(), 'module example.com/m\n\ngo 1.16\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.2.0 // indirect\n)\n');
});
