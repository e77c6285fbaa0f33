// Tests for MVS: the scenario file testdata/mvs.txt (the MVS paper's graphs and go's edge cases), plus errors, graphs, wrappers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';

import {
  BuildListError,
  Graph,
  buildList,
  cmpVersion,
  downgrade,
  loadModGraph,
  maxVersion,
  req,
  upgrade,
  upgradeAll,
  withExcludes,
  cachedReqs,
  modKey,
  graphRequirements,
  mainModuleRoots,
  pruningForGoVersion,
  toolchainModSummary,
  workspaceRoots,
  type ModSummary,
  type Reqs,
} from './mvs.js';
import * as gover from './gover.js';
import { InvalidVersionError, ModuleError, type Version } from './module.js';
import { fileTexts } from './txtar.js';

/** "B1" → {path: "B", version: "1"}; "A" → the main module A (version ""). */
const m = (s: string): Version => ({ path: s.slice(0, 1), version: s.slice(1) });
const ms = (list: string[]): Version[] => list.map(m);
const show = (l: readonly Version[]): string => l.map((v) => v.path + v.version).join(' ');

/** The scenario graph: a map from module to requirements; versions compare as strings. */
class MapReqs implements Reqs {
  constructor(
    readonly graph: Map<string, Version[]>,
    readonly broken: Set<string> = new Set(),
  ) {}

  max(_p: string, v1: string, v2: string): string {
    if (v1 === 'none' || v2 === '') return v2;
    if (v2 === 'none' || v1 === '') return v1;
    return v1 < v2 ? v2 : v1;
  }

  private versions(path: string): Version[] {
    return [...this.graph.keys()].map((k) => {
      const [p, v] = k.split('\u0000') as [string, string];
      return { path: p, version: v };
    }).filter((k) => k.path === path);
  }

  async required(mod: Version): Promise<Version[]> {
    const k = modKey(mod);
    const rr = this.graph.get(k);
    if (!rr || this.broken.has(k)) throw new Error(`no requirements for ${mod.path}@${mod.version}`);
    return rr;
  }

  async upgrade(mod: Version): Promise<Version> {
    let u: Version = { path: '', version: 'none' };
    for (const k of this.versions(mod.path)) {
      if (this.max(k.path, u.version, k.version) === k.version && !k.version.endsWith('.hidden')) u = k;
    }
    if (u.path === '') throw new Error(`missing module: ${mod.path}`);
    return u;
  }

  async previous(mod: Version): Promise<Version> {
    let p: Version = { path: '', version: '' };
    for (const k of this.versions(mod.path)) {
      if (p.version < k.version && k.version < mod.version && !k.version.endsWith('.hidden')) p = k;
    }
    return p.path === '' ? { path: mod.path, version: 'none' } : p;
  }
}

interface Scenario {
  name: string;
  reqs: MapReqs;
  checks: { desc: string; run: () => Promise<Version[]>; want: string; wantErr?: boolean }[];
}

function parseScenarios(text: string): Scenario[] {
  const out: Scenario[] = [];
  let cur: Scenario | undefined;
  for (let line of text.split('\n')) {
    line = line.trim();
    if (line === '' || line.startsWith('#')) continue;
    const i = line.indexOf(':');
    if (i < 0) throw new Error(`missing colon: ${line}`);
    const key = line.slice(0, i).trim();
    const val = line.slice(i + 1).trim();
    const kf = key.split(/\s+/);
    if (kf[0] === 'name') {
      cur = { name: val, reqs: new MapReqs(new Map()), checks: [] };
      out.push(cur);
      continue;
    }
    if (!cur) throw new Error(`line before any name: ${line}`);
    const sc = cur;
    const reqs = sc.reqs;
    let isErr = false;
    if (kf[0] === 'error') {
      isErr = true;
      kf.shift();
    }
    const arg = kf.slice(1);
    const add = (run: () => Promise<Version[]>): void => {
      const want = isErr ? val.replace(/\\n/g, '\n').replace(/\\t/g, '\t') : show(ms(val.split(/\s+/).filter(Boolean)));
      sc.checks.push({ desc: key, run, want, wantErr: isErr });
    };
    switch (kf[0]) {
      case 'build':
        add(() => buildList([m(arg[0]!)], reqs));
        continue;
      case 'upgrade*':
        add(() => upgradeAll(m(arg[0]!), reqs));
        continue;
      case 'upgrade':
        add(() => upgrade(m(arg[0]!), reqs, ...ms(arg.slice(1))));
        continue;
      case 'upgradereq':
        add(async () => {
          const target = m(arg[0]!);
          const list = await upgrade(target, reqs, ...ms(arg.slice(1)));
          const g2 = new Map(reqs.graph);
          g2.set(modKey(target), list);
          return req(target, [], new MapReqs(g2, reqs.broken));
        });
        continue;
      case 'downgrade':
        // As in go's tests, the target itself is passed among the downgrades.
        add(() => downgrade(m(arg[0]!), reqs, ...ms(arg)));
        continue;
      case 'req':
        add(() => req(m(arg[0]!), arg.slice(1), reqs));
        continue;
      case 'broken':
        for (const f of val.split(/\s+/)) reqs.broken.add(modKey(m(f)));
        continue;
    }
    if (kf.length === 1 && /^[A-Z]/.test(key)) {
      const rs = ms(val.split(/\s+/).filter(Boolean));
      for (const r of rs) if (!reqs.graph.has(modKey(r))) reqs.graph.set(modKey(r), []);
      reqs.graph.set(modKey(m(key)), rs);
      continue;
    }
    throw new Error(`bad line: ${line}`);
  }
  return out;
}

const scenarios = parseScenarios(readFileSync(new URL('../../../src/lib/testdata/mvs.txt', import.meta.url), 'utf8'));

test('scenario file parsed', () => {
  assert.ok(scenarios.length >= 40, `only ${scenarios.length} scenarios`);
});

for (const sc of scenarios) {
  test(`mvs scenario ${sc.name}`, async () => {
    assert.ok(sc.checks.length > 0, 'no functions tested');
    for (const c of sc.checks) {
      if (c.wantErr) {
        await assert.rejects(c.run(), (e: unknown) => {
          assert.ok(e instanceof BuildListError, `${c.desc}: want BuildListError, got ${String(e)}`);
          assert.equal(e.message, c.want, c.desc);
          return true;
        });
      } else {
        const got = await c.run();
        assert.equal(show(got), c.want, c.desc);
      }
    }
  });
}

test('BuildListError formats', () => {
  const path = [{ path: 'example.com/main', version: '' }, { path: 'a.com/a', version: 'v1.0.0' }, { path: 'b.com/b', version: 'v1.2.0' }];
  const cases: [Error, string][] = [
    [new Error('boom'), 'a.com/a@v1.0.0 requires\n\tb.com/b@v1.2.0: boom'],
    // A ModuleError about the same module is printed as is.
    [new ModuleError('b.com/b', 'v1.2.0', new Error('bad zip')), 'a.com/a@v1.0.0 requires\n\tb.com/b@v1.2.0: bad zip'],
    // About a different module: the replacement is named.
    [
      new ModuleError('c.com/c', 'v0.1.0', new Error('not found')),
      'a.com/a@v1.0.0 requires\n\tb.com/b@v1.2.0 (replaced by c.com/c@v0.1.0): not found',
    ],
    // An InvalidVersionError inside supplies the version.
    [
      new ModuleError('b.com/b', '', new InvalidVersionError('v1.2.0', new Error('no such tag'))),
      'a.com/a@v1.0.0 requires\n\tb.com/b@v1.2.0: invalid version: no such tag',
    ],
  ];
  for (const [err, want] of cases) {
    const e = new BuildListError(err, path);
    assert.equal(e.message, want);
    assert.deepEqual(e.module(), path[2]);
    assert.equal(e.err, err);
  }
  // Only main modules in the chain: just the error.
  assert.equal(new BuildListError(new Error('x'), [{ path: 'm', version: '' }]).message, 'x');
  const up = new BuildListError(new Error('gone'), path.slice(1), (from) => from.path === 'a.com/a');
  assert.equal(up.message, 'a.com/a@v1.0.0 updating to\n\tb.com/b@v1.2.0: gone');
});

test('cmpVersion and maxVersion', () => {
  const cases: [string, string, string, number][] = [
    ['m', '', '', 0],
    ['m', '', 'v1.0.0', 1],
    ['m', 'v1.0.0', '', -1],
    ['m', 'v1.0.0', 'v1.1.0', -1],
    ['m', 'none', 'v0.0.1', -1],
    ['go', '1.21', '1.21.0', -1],
    ['go', '1.20', '1.20.0', 0],
    ['toolchain', 'go1.21.1', 'go1.21.0', 1],
  ];
  for (const [p, a, b, want] of cases) assert.equal(cmpVersion(p, a, b), want, `${p} ${a} ${b}`);
  assert.equal(maxVersion('m', 'v1.0.0', ''), '');
  assert.equal(maxVersion('m', 'v1.10.0', 'v1.9.0'), 'v1.10.0');
});

test('Graph: selection, build list order, BFS walk, paths, edges', () => {
  const main = { path: 'example.com/m', version: '' };
  const g = new Graph(cmpVersion, [main]);
  const a1 = { path: 'a.com/x', version: 'v1.0.0' };
  const b2 = { path: 'b.com/y', version: 'v1.2.0' };
  const b3 = { path: 'b.com/y', version: 'v1.3.0' };
  const go = { path: 'go', version: '1.21' };
  g.require(main, [b2, a1, go]);
  g.require(a1, [b3]);
  assert.throws(() => g.require(a1, []), /requirements of a.com\/x@v1.0.0 have already been set/);
  assert.throws(() => g.require({ path: 'z.com/z', version: 'v1.0.0' }, []), /z.com\/z@v1.0.0 is not reachable from any root/);
  assert.equal(g.selected('b.com/y'), 'v1.3.0');
  assert.equal(g.selected('nope.com/n'), 'none');
  assert.deepEqual(g.buildList(), [main, a1, b3, go]);
  const seen: string[] = [];
  g.walkBreadthFirst((v) => seen.push(`${v.path}@${v.version}`));
  assert.deepEqual(seen, ['example.com/m@', 'b.com/y@v1.2.0', 'a.com/x@v1.0.0', 'go@1.21', 'b.com/y@v1.3.0']);
  assert.deepEqual(g.findPath((v) => v.version === 'v1.3.0'), [main, a1, b3]);
  assert.equal(g.findPath(() => false), undefined);
  assert.equal(
    g.formatEdges(),
    'example.com/m b.com/y@v1.2.0\nexample.com/m a.com/x@v1.0.0\nexample.com/m go@1.21\na.com/x@v1.0.0 b.com/y@v1.3.0\n',
  );
  assert.equal(g.requiredBy(b2), undefined);
});

test('withExcludes drops excluded versions from requirement lists', async () => {
  // A: B1 C1; C1: B2; B2: D1. Excluding B2 removes D entirely.
  const graph = new Map<string, Version[]>([
    [modKey(m('A')), ms(['B1', 'C1'])],
    [modKey(m('B1')), []],
    [modKey(m('B2')), ms(['D1'])],
    [modKey(m('C1')), ms(['B2'])],
    [modKey(m('D1')), []],
  ]);
  const base = new MapReqs(graph);
  assert.equal(show(await buildList([m('A')], base)), 'A B2 C1 D1');
  const ex = withExcludes(base, (v) => v.path === 'B' && v.version === '2');
  assert.equal(show(await buildList([m('A')], ex)), 'A B1 C1');
  assert.ok(ex.upgrade && ex.previous, 'optional methods carried over');
});

test('cachedReqs makes each lookup once', async () => {
  let calls = 0;
  const graph = new Map<string, Version[]>([
    [modKey(m('A')), ms(['B1', 'C1'])],
    [modKey(m('B1')), ms(['D1'])],
    [modKey(m('C1')), ms(['D1'])],
    [modKey(m('D1')), []],
  ]);
  const base = new MapReqs(graph);
  const counting: Reqs = {
    required: (v) => {
      calls++;
      return base.required(v);
    },
    max: (p, a, b) => base.max(p, a, b),
  };
  const c = cachedReqs(counting);
  await buildList([m('A')], c);
  await req(m('A'), [], c);
  assert.equal(calls, 4);
});

test('upgradeAll and downgrade need their optional methods', async () => {
  const r: Reqs = { required: async () => [], max: (_p, a, b) => (a < b ? b : a) };
  assert.throws(() => upgradeAll(m('A'), r), /no upgrade method/);
  await assert.rejects(downgrade(m('A'), r), /no previous method/);
});

// ---- pruned graph loading ----

interface FakeMod {
  require: string[];
  pruning: 'pruned' | 'unpruned';
}

/** Builds a summary function over "path@version" strings. */
function fakeSummaries(mods: Record<string, FakeMod>, loaded: string[]) {
  const parse = (s: string): Version => {
    const [path, version] = s.split('@') as [string, string];
    return { path, version };
  };
  return {
    parse,
    summary: async (v: Version): Promise<ModSummary> => {
      const k = `${v.path}@${v.version}`;
      loaded.push(k);
      const f = mods[k];
      if (!f) throw new ModuleError(v.path, v.version, new Error('reading go.mod: not found'));
      return { require: f.require.map(parse), pruning: f.pruning };
    },
  };
}

test('loadModGraph: pruned modules contribute only their own requirements', async () => {
  const loaded: string[] = [];
  const { parse, summary } = fakeSummaries(
    {
      'a.com/a@v1.0.0': { require: ['b.com/b@v1.0.0'], pruning: 'pruned' },
      'b.com/b@v1.0.0': { require: ['c.com/c@v1.0.0'], pruning: 'pruned' },
      'u.com/u@v1.0.0': { require: ['v.com/v@v1.0.0'], pruning: 'unpruned' },
      'v.com/v@v1.0.0': { require: ['w.com/w@v1.0.0'], pruning: 'pruned' },
      'w.com/w@v1.0.0': { require: [], pruning: 'pruned' },
    },
    loaded,
  );
  const main = { path: 'example.com/m', version: '' };
  const { graph, error } = await loadModGraph({
    graphRoots: [main],
    mainModule: main,
    roots: ['a.com/a@v1.0.0', 'u.com/u@v1.0.0'].map(parse),
    pruning: 'pruned',
    summary,
  });
  assert.equal(error, undefined);
  // a is pruned: its requirement b is in the graph but b's requirements are not loaded.
  // u is unpruned: everything below it is loaded.
  assert.deepEqual(loaded.sort(), ['a.com/a@v1.0.0', 'u.com/u@v1.0.0', 'v.com/v@v1.0.0', 'w.com/w@v1.0.0']);
  assert.equal(graph.selected('b.com/b'), 'v1.0.0');
  assert.equal(graph.selected('c.com/c'), 'none');
  assert.equal(graph.requiredBy(parse('b.com/b@v1.0.0')), undefined);
  assert.deepEqual(graph.buildList().map((v) => v.path), ['example.com/m', 'a.com/a', 'b.com/b', 'u.com/u', 'v.com/v', 'w.com/w']);
});

test('loadModGraph: unpruned main module loads everything; errors carry the chain', async () => {
  const loaded: string[] = [];
  const { parse, summary } = fakeSummaries(
    {
      'a.com/a@v1.0.0': { require: ['b.com/b@v1.0.0'], pruning: 'pruned' },
      'b.com/b@v1.0.0': { require: ['c.com/c@v1.0.0'], pruning: 'pruned' },
    },
    loaded,
  );
  const main = { path: 'example.com/m', version: '' };
  const { graph, error } = await loadModGraph({
    graphRoots: [main],
    mainModule: main,
    roots: [parse('a.com/a@v1.0.0')],
    pruning: 'unpruned',
    summary,
  });
  assert.deepEqual(loaded.sort(), ['a.com/a@v1.0.0', 'b.com/b@v1.0.0', 'c.com/c@v1.0.0']);
  assert.equal(graph.selected('c.com/c'), 'v1.0.0');
  assert.ok(error instanceof BuildListError);
  assert.equal(
    error.message,
    'a.com/a@v1.0.0 requires\n\tb.com/b@v1.0.0 requires\n\tc.com/c@v1.0.0: reading go.mod: not found',
  );
});

test('loadModGraph: unprune forces loading a pruned dependency', async () => {
  const loaded: string[] = [];
  const { parse, summary } = fakeSummaries(
    {
      'a.com/a@v1.0.0': { require: ['b.com/b@v1.0.0'], pruning: 'pruned' },
      'b.com/b@v1.0.0': { require: ['c.com/c@v1.1.0'], pruning: 'pruned' },
    },
    loaded,
  );
  const main = { path: 'example.com/m', version: '' };
  const { graph } = await loadModGraph({
    graphRoots: [main],
    mainModule: main,
    roots: [parse('a.com/a@v1.0.0')],
    pruning: 'pruned',
    summary,
    unprune: (v) => v.path === 'b.com/b',
  });
  assert.deepEqual(loaded.sort(), ['a.com/a@v1.0.0', 'b.com/b@v1.0.0']);
  assert.equal(graph.selected('c.com/c'), 'v1.1.0');
});

test('loadModGraph: workspace reloads dependencies at their selected versions', async () => {
  const loaded: string[] = [];
  const { parse, summary } = fakeSummaries(
    {
      'w1.com/a@': { require: ['x.com/x@v1.0.0'], pruning: 'pruned' },
      'w2.com/b@': { require: ['y.com/y@v1.0.0'], pruning: 'pruned' },
      'x.com/x@v1.0.0': { require: ['z.com/z@v1.0.0'], pruning: 'pruned' },
      'y.com/y@v1.0.0': { require: ['x.com/x@v1.2.0'], pruning: 'pruned' },
      'x.com/x@v1.2.0': { require: ['z.com/z@v1.3.0'], pruning: 'pruned' },
      'z.com/z@v1.3.0': { require: [], pruning: 'pruned' },
    },
    loaded,
  );
  const roots = [parse('w1.com/a@'), parse('w2.com/b@')];
  const { graph, error } = await loadModGraph({ graphRoots: roots, roots, pruning: 'workspace', summary });
  assert.equal(error, undefined);
  assert.equal(graph.selected('x.com/x'), 'v1.2.0');
  assert.equal(graph.selected('z.com/z'), 'v1.3.0');
  assert.ok(loaded.includes('x.com/x@v1.2.0'));
});

// ---- module graphs recorded from real go (testdata/modgraph/*.txt, see gen.mjs there) ----


interface MiniFile {
  module: string;
  go?: string;
  toolchain?: string;
  require: Version[];
  exclude: Version[];
  replace: { old: Version; new: Version }[];
  use: string[];
}

/** Just enough of go.mod/go.work for these fixtures: module, go, toolchain, require and use. */
function miniModFile(text: string): MiniFile {
  const f: MiniFile = { module: '', require: [], exclude: [], replace: [], use: [] };
  let inRequire = false;
  let inExclude = false;
  let inUse = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*/, '').trim();
    if (line === '') continue;
    if (inUse) {
      if (line === ')') inUse = false;
      else f.use.push(line);
      continue;
    }
    if (inExclude) {
      if (line === ')') inExclude = false;
      else {
        const [path, version] = line.split(/\s+/) as [string, string];
        f.exclude.push({ path, version });
      }
      continue;
    }
    if (inRequire) {
      if (line === ')') inRequire = false;
      else {
        const [path, version] = line.split(/\s+/) as [string, string];
        f.require.push({ path, version });
      }
      continue;
    }
    const [verb, ...args] = line.split(/\s+/);
    if (verb === 'module') f.module = args[0]!;
    else if (verb === 'go') f.go = args[0]!;
    else if (verb === 'toolchain') f.toolchain = args[0]!;
    else if (verb === 'require' && args[0] === '(') inRequire = true;
    else if (verb === 'replace' && args[2] === '=>') {
      f.replace.push({ old: { path: args[0]!, version: args[1]! }, new: { path: args[3]!, version: args[4]! } });
    } else if (verb === 'exclude' && args[0] === '(') inExclude = true;
    else if (verb === 'exclude') f.exclude.push({ path: args[0]!, version: args[1]! });
    else if (verb === 'use' && args[0] === '(') inUse = true;
    else if (verb === 'use') f.use.push(args[0]!);
    else if (verb === 'require') f.require.push({ path: args[0]!, version: args[1]! });
  }
  return f;
}

const graphDir = new URL('../../../src/lib/testdata/modgraph/', import.meta.url);
for (const file of readdirSync(graphDir).filter((f) => f.endsWith('.txt'))) {
  test(`module graph matches real go: ${file}`, async () => {
    const sec = fileTexts(readFileSync(new URL(file, graphDir), 'utf8'));
    const work = sec.has('go.work') ? miniModFile(sec.get('go.work')!) : undefined;
    // Workspace modules: path → go.mod text.
    const mainText = new Map<string, string>();
    for (const dir of work?.use ?? []) {
      const text = sec.get(`${dir.replace(/^\.\//, '')}/go.mod`)!;
      mainText.set(miniModFile(text).module, text);
    }
    // The main module's excludes and replacements (not used by the workspace fixtures).
    const mainMod = sec.has('go.mod') ? miniModFile(sec.get('go.mod')!) : undefined;
    const excluded = new Set((mainMod?.exclude ?? []).map(modKey));
    const replaced = new Map((mainMod?.replace ?? []).map((r) => [modKey(r.old), r.new] as const));
    const isExcluded = (v: Version): boolean => excluded.has(modKey(v));
    const rawSummary = async (v: Version): Promise<ModSummary> => {
      if (v.path === 'go' || v.path === 'toolchain') return toolchainModSummary(v);
      const actual = replaced.get(modKey(v)) ?? v;
      const text = v.version === '' ? mainText.get(v.path) : sec.get(`${actual.path}@${actual.version}.mod`);
      if (text === undefined) {
        const msg = `reading file://$PROXY/${actual.path}/@v/${actual.version}.mod: no such file or directory`;
        throw new ModuleError(actual.path, actual.version, new Error(msg));
      }
      const f = miniModFile(text);
      // The fixtures were recorded with go 1.26.8 and GOTOOLCHAIN=local.
      if (f.go && gover.compare(f.go, gover.GO_STRICT_VERSION) >= 0 && gover.compare(f.go, '1.26.8') > 0) {
        throw new gover.TooNewError(`module ${v.path}@${v.version}`, f.go, '1.26.8', gover.tooNewExplain({ gotoolchain: 'local' }));
      }
      return { require: graphRequirements(f.require, f.go ?? ''), pruning: pruningForGoVersion(f.go ?? '') };
    };
    const summary = async (v: Version): Promise<ModSummary> => {
      const sm = await rawSummary(v);
      return { ...sm, require: sm.require.filter((r) => !isExcluded(r)) };
    };
    let loaded;
    if (work) {
      const mains = [...mainText.keys()].map((path) => ({ path, version: '' }));
      const roots = workspaceRoots(mains, work.go, work.toolchain);
      loaded = await loadModGraph({ graphRoots: roots, roots, pruning: 'workspace', summary });
    } else {
      const mainFile = miniModFile(sec.get('go.mod')!);
      const main: Version = { path: mainFile.module, version: '' };
      loaded = await loadModGraph({
        graphRoots: [main],
        mainModule: main,
        roots: mainModuleRoots(mainFile.require, mainFile.go, mainFile.toolchain),
        pruning: pruningForGoVersion(mainFile.go ?? ''),
        summary,
      });
    }
    const { graph, error } = loaded;
    const wantErr = sec.get('want.err') ?? '';
    assert.equal(error ? `go: ${error.message}\n` : '', wantErr, 'error');
    if (wantErr !== '') return;
    assert.equal(graph.formatEdges(), sec.get('want.graph'), 'go mod graph');
    const fmtList = (l: readonly Version[]): string =>
      l
        .filter((v) => v.path !== 'go' && v.path !== 'toolchain')
        .map((v) => {
          if (v.version === '') return v.path;
          const r = replaced.get(modKey(v));
          return `${v.path} ${v.version}` + (r ? ` => ${r.path} ${r.version}` : '');
        })
        .join('\n') + '\n';
    assert.equal(fmtList(graph.buildList()), sec.get('want.list'), 'go list -m all');
    if (!work) {
      // For an unpruned main module the whole graph is plain MVS: buildList must agree.
      const mainFile = miniModFile(sec.get('go.mod')!);
      if (pruningForGoVersion(mainFile.go ?? '') === 'unpruned') {
        const main: Version = { path: mainFile.module, version: '' };
        const roots = mainModuleRoots(mainFile.require, mainFile.go, mainFile.toolchain);
        const reqs: Reqs = {
          required: async (v) => (v.version === '' && v.path === main.path ? roots : (await rawSummary(v)).require),
          max: maxVersion,
        };
        assert.equal(fmtList(await buildList([main], withExcludes(reqs, isExcluded))), sec.get('want.list'), 'buildList');
      }
    }
  });
}
