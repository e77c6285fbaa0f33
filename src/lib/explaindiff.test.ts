import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainInputs, explainLine, parseInputs, showList, splitLists } from './explaindiff.js';

/** A compile action's inputs as work/actionid.ts writes them (with the toolchain line explain.ts adds). */
function compileInputs(o: { toolchain?: string; gcflags?: string; files?: Record<string, string>; deps?: Record<string, string>; experiment?: string; goVersion?: string; modinfo?: string } = {}): string {
  const tool = `compile version ${o.toolchain ?? 'go1.26.8'}${o.experiment ? ` X:${o.experiment}` : ''}`;
  let s = `toolchain ${o.toolchain ?? 'go1.26.8'}\ncompile\ngo ${o.goVersion ?? '1.22'}\ngoos linux goarch amd64\nimport "example.com/m/foo"\n`;
  s += 'omitdebug false standard false local false prefix ""\n';
  if (o.modinfo) s += `modinfo ${JSON.stringify(o.modinfo)}\n`;
  s += `compile ${tool} [] ${o.gcflags ?? '[]'}\nGOAMD64=v1\n`;
  if (o.experiment) s += `GOEXPERIMENT="${o.experiment}"\n`;
  for (const [f, h] of Object.entries(o.files ?? { 'foo.go': 'AAAA' })) s += `file ${f} ${h}\n`;
  for (const [d, id] of Object.entries(o.deps ?? { 'example.com/m/bar': 'B1' })) s += `import ${d} ${id}\n`;
  return s;
}

test('parseInputs labels each line by what stays the same', () => {
  const keys = parseInputs(compileInputs({ gcflags: '["-N" "-l"]' })).map((i) => i.key);
  assert.deepEqual(keys, ['toolchain', 'kind', 'go', 'goos', 'self', 'omitdebug', 'compile tool', 'compile forced', 'compile flags',
    'env GOAMD64', 'file foo.go', 'dep example.com/m/bar']);
  const flags = parseInputs(compileInputs({ gcflags: '["-N" "-l"]' })).find((i) => i.key === 'compile flags');
  assert.equal(flags?.value, '["-N" "-l"]');
});

test('splitLists keeps brackets inside quoted strings', () => {
  assert.deepEqual(splitLists('[] ["a]" "b"] ["-X=x [y]"]'), ['[]', '["a]" "b"]', '["-X=x [y]"]']);
  assert.equal(showList('["-N" "-l"]'), '-N -l');
  assert.equal(showList('[]'), 'none');
});

test('no record: the first build', () => {
  const e = explainInputs('compile', undefined, compileInputs());
  assert.equal(e.firstBuild, true);
  assert.equal(explainLine('compile', 'example.com/m/foo', e, 'x'), 'gocmd: rebuilding example.com/m/foo: no earlier build recorded\n');
});

test('identical inputs: the entry is gone', () => {
  const e = explainInputs('compile', compileInputs(), compileInputs());
  assert.deepEqual(e.reasons, []);
  assert.equal(explainLine('compile', 'p', e, 'the cache entry is gone (trimmed or cleaned)'),
    'gocmd: rebuilding p: inputs unchanged, but the cache entry is gone (trimmed or cleaned)\n');
});

test('a changed, added and removed file', () => {
  const e = explainInputs('compile', compileInputs({ files: { 'a.go': '1', 'b.go': '2' } }), compileInputs({ files: { 'a.go': '9', 'c.go': '3' } }));
  assert.deepEqual(e.reasons, ['a.go changed', 'new file c.go', 'b.go removed']);
});

test('a dependency changed, added, removed', () => {
  const e = explainInputs('compile', compileInputs({ deps: { 'x/a': '1', 'x/b': '2' } }), compileInputs({ deps: { 'x/a': '5', 'x/c': '3' } }));
  assert.deepEqual(e.reasons, ['dependency x/a changed', 'now imports x/c', 'no longer imports x/b']);
});

test('-gcflags, with the values', () => {
  const e = explainInputs('compile', compileInputs(), compileInputs({ gcflags: '["-N" "-l"]' }));
  assert.deepEqual(e.reasons, ['-gcflags changed (was none, now -N -l)']);
});

test('a new toolchain is said once, not once per tool', () => {
  const e = explainInputs('compile', compileInputs({ toolchain: 'go1.26.7', deps: { d: '1' } }), compileInputs({ toolchain: 'go1.26.8', deps: { d: '2' } }));
  assert.deepEqual(e.reasons, ['Go toolchain changed (was go1.26.7, now go1.26.8)', 'dependency d changed']);
});

test('GOEXPERIMENT is named, not the tool IDs that carry it', () => {
  const e = explainInputs('compile', compileInputs(), compileInputs({ experiment: 'nogreenteagc' }));
  assert.deepEqual(e.reasons, ['GOEXPERIMENT changed (was "", now nogreenteagc)']);
});

test('a tool rebuilt in place (same toolchain version, new ID) is a toolchain change', () => {
  const before = compileInputs().replace('compile version go1.26.8', 'compile version devel +abc');
  const after = compileInputs().replace('compile version go1.26.8', 'compile version devel +def');
  assert.deepEqual(explainInputs('compile', before, after).reasons, ['Go toolchain changed (compile)']);
});

test('go.mod go version and build info', () => {
  const e = explainInputs('compile', compileInputs({ goVersion: '1.21', modinfo: 'path m\ndep\tx\tv1.0.0\n' }),
    compileInputs({ goVersion: '1.22', modinfo: 'path m\ndep\tx\tv1.1.0\n' }));
  assert.deepEqual(e.reasons, ["go.mod's go version changed (was 1.21, now 1.22)", 'build info changed: dep x v1.1.0']);
});

test('at most three reasons, then a count', () => {
  const files: Record<string, string> = {};
  const now: Record<string, string> = {};
  for (let i = 0; i < 6; i++) {
    files[`f${i}.go`] = 'a';
    now[`f${i}.go`] = 'b';
  }
  const e = explainInputs('compile', compileInputs({ files }), compileInputs({ files: now }));
  assert.equal(explainLine('compile', 'p', e, ''), 'gocmd: rebuilding p: f0.go changed, f1.go changed, f2.go changed, and 3 more\n');
});

/** A link action's inputs (work/actionid.ts linkActionID). */
function linkInputs(o: { ldflags?: string; pkgs?: Record<string, string>; omitdebug?: boolean; godebug?: string } = {}): string {
  let s = 'toolchain go1.26.8\nlink\nbuildmode exe goos linux goarch amd64\nimport "example.com/m"\n';
  s += `omitdebug ${o.omitdebug ?? false} standard false local false prefix ""\ndefaultgodebug "${o.godebug ?? ''}"\n`;
  s += `link link version go1.26.8 [] exe\nlinkflags ${o.ldflags ?? '[]'}\nGOAMD64=v1\nGOROOT=/usr/local/go\nGO_EXTLINK_ENABLED=\n`;
  for (const [p, id] of Object.entries(o.pkgs ?? { 'example.com/m': 'M1', runtime: 'R1' })) s += `packagefile ${p}=${id}\n`;
  s += `packagemain abc/${o.pkgs?.['example.com/m'] ?? 'M1'}\n`;
  return s;
}

test('link: a package, -ldflags, go run\'s debug info, the default GODEBUG', () => {
  assert.deepEqual(explainInputs('link', linkInputs(), linkInputs({ pkgs: { 'example.com/m': 'M2', runtime: 'R1' } })).reasons,
    ['package example.com/m changed']);
  assert.deepEqual(explainInputs('link', linkInputs(), linkInputs({ ldflags: '["-s"]' })).reasons, ['-ldflags changed (was none, now -s)']);
  assert.deepEqual(explainInputs('link', linkInputs(), linkInputs({ omitdebug: true })).reasons, ['debug info now omitted (go run, or -ldflags=-w)']);
  assert.deepEqual(explainInputs('link', linkInputs(), linkInputs({ godebug: 'panicnil=1' })).reasons, ['default GODEBUG changed (was "", now panicnil=1)']);
  assert.equal(explainLine('link', 'example.com/m', explainInputs('link', linkInputs(), linkInputs({ ldflags: '["-s"]' })), ''),
    'gocmd: relinking example.com/m: -ldflags changed (was none, now -s)\n');
});

test('cgo: CC, CGO_CFLAGS and the C compiler version', () => {
  const cgo = (cc: string, cflags: string, id: string): string =>
    `toolchain go1.26.8\ncompile\ncgo "cgo-id"\nCC=["${cc}"] [] ${cflags} []\nCC ID="${id}"\nfile a.go X\n`;
  assert.deepEqual(explainInputs('compile', cgo('gcc', '[]', '1'), cgo('clang', '["-O2"]', '2')).reasons,
    ['CC changed (was gcc, now clang)', 'CGO_CFLAGS or #cgo CFLAGS changed (was none, now -O2)', 'C compiler version changed (CC)']);
});

test('vet: its flags, the package\'s compile, a dependency\'s facts', () => {
  const vet = (flags: string, pkg: string, facts: Record<string, string>): string =>
    `toolchain go1.26.8\nvet "vet-id"\nvetflags ${flags}\npkg "${pkg}"\n` + Object.entries(facts).map(([p, h]) => `vetout "${p}" ${h}\n`).join('');
  assert.deepEqual(explainInputs('vet', vet('[]', 'A', { 'x/a': '1', 'x/b': '2' }), vet('["-printf=false"]', 'B', { 'x/a': '3', 'x/c': '4' })).reasons,
    ['vet flags changed (was none, now -printf=false)', "the package's compile inputs changed", 'facts of dependency x/a changed',
      'now reads facts of x/c', 'no longer reads facts of x/b']);
  assert.equal(explainLine('vet', 'p', explainInputs('vet', undefined, vet('[]', 'A', {})), ''), 'gocmd: re-vetting p: no earlier run recorded\n');
});
