// go list compared with the real go: std packages and a module fixture, -f/-json/-deps/-e/-find/-export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { realGo, runRealGo, tempDir } from '../cfg/testutil.js';
import { runGocmd } from '../cli/testutil.js';
import { goNamed } from './list.js';

const gocmd = runGocmd;

const dir = tempDir('gocmd-list-test-');
const mod = join(dir, 'm');
const files: Record<string, string> = {
  'go.mod': 'module example.com/m\n\ngo 1.22\n',
  'a/a.go': '// Package a does things. More here.\npackage a\n\nimport (\n\t"fmt"\n\t"example.com/m/b"\n)\n\nvar _ = fmt.Sprint(b.X)\n',
  'a/a_test.go': 'package a\n\nimport "testing"\n\nfunc TestA(t *testing.T) {}\n',
  'b/b.go': '// Copyright 2020 nobody.\n\n// Package b has an embed.\npackage b\n\nimport _ "embed"\n\n//go:embed b.go\nvar S string\n\nconst X = 1\n',
  'bad/bad.go': 'package bad\n\nimport "example.com/m/nonexist"\n',
  'cmd/x/main.go': '/*\nCommand x runs. Really.\n*/\npackage main\n\nimport "example.com/m/a"\n\nfunc main() {}\n',
  'syntax/s.go': 'package syntax\n\nfunc {\n',
  'tbad/t.go': 'package tbad\n',
  'tbad/t_test.go': 'package tbad\n\nimport "testing"\n\nfunc TestT(t *testing.T) { v := 1 }\n',
};
for (const [f, s] of Object.entries(files)) {
  mkdirSync(join(mod, f, '..'), { recursive: true });
  writeFileSync(join(mod, f), s);
}

const env = (): Record<string, string | undefined> => ({
  PATH: process.env.PATH, HOME: process.env.HOME, GOCACHE: process.env.GOCACHE ?? join(dir, 'cache'),
  GOPATH: join(dir, 'gopath'), GOFLAGS: '', GOPROXY: 'off', GOENV: 'off', GOTOOLCHAIN: 'local',
});

const skip = realGo() ? false : 'no go toolchain to compare with';

const cases: string[][] = [
  ['fmt'],
  ['-json=Dir,ImportPath,Name,Doc,Root,Match,Goroot,Standard,GoFiles,IgnoredGoFiles,SFiles,Imports,Deps', 'fmt', 'errors'],
  ['-f', '{{.ImportPath}} {{.Name}} {{.Doc}} {{.Goroot}} {{.Standard}} {{.Root}}', 'fmt', 'os', 'net/http'],
  ['-deps', 'fmt'],
  ['-deps', '-f', '{{.ImportPath}} {{.DepOnly}} {{join .Imports ","}}', 'strings'],
  ['-f', '{{.ImportPath}}: {{len .Deps}} {{.Deps}}', 'errors', 'io'],
  ['-json=Name,ImportPath,Imports,Deps', './a'],
  ['-json=Dir,Module,Match,Doc,EmbedPatterns,EmbedFiles,TestGoFiles,TestImports', './...'],
  ['-f', '{{.Module}} {{.Module.Path}} {{.Module.Main}} {{.Match}} {{.Target}} {{.Root}}', './...'],
  ['-e', '-f', '{{.ImportPath}}|{{.Error}}|{{.DepsErrors}}|{{.Incomplete}}', './...'],
  ['-e', '-json=ImportPath,Error,DepsErrors,Incomplete,InvalidGoFiles', './bad', './syntax'],
  ['./bad'],
  ['./syntax'],
  ['-deps', './bad'],
  ['-find', '-f', '{{.ImportPath}} {{.Imports}} {{.Deps}}', './a'],
  ['-f', '{{.Foo}}', './a'],
  ['-f', '{{.Name', './a'],
  ['-f', '{{range .GoFiles}}{{.}}{{"\\n"}}{{end}}', './a'],
  ['-f', '', './a'],
  ['-f', '{{if .Module}}{{.Module.GoVersion}}{{end}}{{with .Error}}E{{else}}ok{{end}}', './a', 'fmt'],
  ['-f', '{{context.GOOS}} {{context.GOARCH}} {{context.Compiler}} {{context.CgoEnabled}}', './a'],
  ['-json', '-f', 'x', './a'],
  ['-compiled', '-f', '{{.CompiledGoFiles}}', './a'],
  ['-export', '-f', '{{.Export}}', './b'],
  ['-e', '-json=ImportPath,Error', 'nonexist.example/foo'],
  ['-e', '-f', '{{.ImportPath}} {{.Error}}', './nodir'],
  ['-u', './a'],
  ['-e', '-f', '{{.ImportPath}}:{{.Stale}}:{{.StaleReason}}', './...', 'fmt'],
  ['-e', '-deps', '-f', '{{.ImportPath}}:{{.Stale}}:{{.StaleReason}}', './cmd/x'],
  ['-e', '-json', './a', './b', './cmd/x', './bad'],
  ['-f', '{{(module "example.com/m").Path}}|{{module "example.com/m"}}|{{(module "example.com/m").Main}}', './a'],
  ['-toolexec', '/bin/true', '-f', '{{.ImportPath}}', 'errors'],
  ['-e', '-export', '-f', '{{.ImportPath}}|{{.Incomplete}}|{{.Error}}', './syntax'],
  ['-test', '-compiled', '-export', '-json=ImportPath,GoFiles,CompiledGoFiles,Export,BuildID,ImportMap,Imports,ForTest', './a'],
  ['-test', '-compiled', '-deps', '-f', '{{.ImportPath}} {{.CompiledGoFiles}} {{.ImportMap}}', './a'],
  ['-e', '-test', '-compiled', '-export', '-json=ImportPath,CompiledGoFiles,Export,Error,Incomplete', './tbad'],
  ['-test', '-export', '-f', '{{.ImportPath}} {{.Export}}', './tbad'],
];

for (const args of cases) {
  test(`go list ${args.join(' ')}`, { skip }, async () => {
    const want = runRealGo(['list', ...args], env(), mod);
    const got = await gocmd(['list', ...args], env(), mod);
    assert.equal(got.stderr, want.stderr);
    assert.equal(got.stdout, want.stdout);
    assert.equal(got.code, want.code);
  });
}

test('list -export on a cache miss reports the cache copy, as go does (not the $WORK file)', { skip }, async () => {
  // Each side gets its own empty cache: the miss path is the one under test.
  for (const who of ['go', 'gocmd'] as const) {
    const cache = join(dir, `export-cache-${who}`);
    const e = { ...env(), GOCACHE: cache, CGO_ENABLED: '0' };
    const args = ['list', '-export', '-f', '{{.Export}}', 'runtime/cgo'];
    const r = who === 'go' ? runRealGo(args, e, mod) : await gocmd(args, e, mod);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout.trim(), new RegExp(`^${cache.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[0-9a-f]{2}/[0-9a-f]{64}-d$`), who);
  }
});

test('list -compiled of a cgo package after a build: its file list comes from the cache, as go finds it (no cgo run)', { skip }, async () => {
  // The action IDs under list must hash the dependencies' cached build IDs, or the list the build stored is missed.
  const out: Record<string, { stderr: string; stdout: string }> = {};
  for (const who of ['go', 'gocmd'] as const) {
    const cache = join(dir, `compiled-cache-${who}`);
    const e = { ...env(), GOCACHE: cache, CGO_ENABLED: '1' };
    const run = async (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => (who === 'go' ? runRealGo(args, e, mod) : await gocmd(args, e, mod));
    const b = await run(['build', 'runtime/cgo']);
    assert.equal(b.code, 0, b.stderr);
    const r = await run(['list', '-x', '-compiled', '-f', '{{.CompiledGoFiles}}', 'runtime/cgo']);
    assert.equal(r.code, 0, r.stderr);
    out[who] = { stderr: r.stderr.replace(/^WORK=.*\n/, ''), stdout: r.stdout.split(cache).join('$GOCACHE') };
  }
  assert.equal(out['gocmd']!.stderr, '');
  assert.deepEqual(out['gocmd'], out['go']);
});

test('goNamed keeps the .go names of a compile\'s sources, as go reads CompiledGoFiles back', () => {
  assert.deepEqual(goNamed(['a.go', '/cache/6a/6ac4-d', 'b.go']), ['a.go', 'b.go']);
  assert.deepEqual(goNamed([]), []);
});
