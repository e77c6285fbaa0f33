// Integration test: malformed input (go.mod, go.work, go.sum, flags, environment, sources, paths) gives go's
// message and exit status, byte for byte, never a stack trace. Each case runs real go and the shipped gocmd
// in twin copies of one small module, offline (GOPROXY=off).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleCLI, removeTestDir, runGoOrGocmd } from './cliharness.js';
import { assertSameRuns, makeTwin, type Twin } from './sidebyside.js';

let GOCMD = '';
let tmp = '';
let serial = 0;

const GO_MOD = 'module example.com/m\n\ngo 1.22\n';
const MAIN = 'package main\n\nfunc main() {}\n';

interface Case {
  name: string;
  /** Files of the module (go.mod and main.go unless replaced; a value of null leaves the file out). */
  files?: Record<string, string | null>;
  args: string[];
  env?: Record<string, string>;
  /** Extra set-up in each twin (links, directories). */
  setup?: (dir: string) => void;
  /** A known difference, reported but not failed (node:test's todo), with the reason. */
  todo?: string;
}

const LONG = 'a'.repeat(300);

const CASES: Case[] = [
  { name: 'go.mod syntax error', files: { 'go.mod': 'module example.com/m\ngo 1.22\nrequire (\n' }, args: ['build', '.'] },
  { name: 'go.mod unknown directive', files: { 'go.mod': GO_MOD + 'frobnicate x\n' }, args: ['build', '.'] },
  { name: 'go.mod bad go version', files: { 'go.mod': 'module example.com/m\n\ngo 1.x\n' }, args: ['build', '.'] },
  { name: 'go.mod non-canonical require version', files: { 'go.mod': GO_MOD + 'require example.com/dep v1\n' }, args: ['build', '.'] },
  { name: 'go.mod non-canonical replace version', files: { 'go.mod': GO_MOD + 'replace example.com/dep master => ./dep\n' }, args: ['list', '-m', 'all'] },
  { name: 'go.mod version with the wrong major', files: { 'go.mod': GO_MOD + 'require example.com/dep/v2 v3.0.0\n' }, args: ['build', '.'] },
  { name: 'go.mod non-canonical versions, -mod=readonly', files: { 'go.mod': GO_MOD + 'require (\n\texample.com/a v1.2\n\texample.com/b abcdef\n)\n' }, args: ['list', '-mod=readonly', '-m', 'all'] },
  { name: 'go.mod without module line', files: { 'go.mod': 'go 1.22\n' }, args: ['build', '.'] },
  { name: 'go.mod malformed module path', files: { 'go.mod': 'module "example.com/a b"\n\ngo 1.22\n' }, args: ['list', '-m'] },
  { name: 'go.work syntax error', files: { 'go.work': 'go 1.22\n\nuse ( .\n' }, args: ['build', '.'] },
  { name: 'go.work use of a missing directory', files: { 'go.work': 'go 1.22\n\nuse ./nothere\n' }, args: ['build', '.'] },
  { name: 'go.sum malformed line', files: { 'go.mod': GO_MOD + 'require example.com/dep v1.0.0\n', 'go.sum': 'example.com/dep v1.0.0 h1:\n' }, args: ['list', '-m', 'all'] },
  { name: 'unknown flag', args: ['build', '-nosuchflag', '.'] },
  { name: 'flag without its value', args: ['build', '-o'] },
  { name: 'bad -mod value', args: ['build', '-mod=sideways', '.'] },
  { name: '-modfile naming a missing file', args: ['build', '-modfile=nothere.mod', '.'] },
  { name: 'bad GOFLAGS', args: ['build', '.'], env: { GOFLAGS: '-nosuchflag' } },
  { name: '-C naming a missing directory', args: ['-C', 'nothere', 'build', '.'] },
  { name: 'unsupported GOOS', args: ['build', '.'], env: { GOOS: 'plan10' } },
  { name: 'source with a NUL byte', files: { 'main.go': 'package main\n\nfunc main() {}\x00\n' }, args: ['build', '.'] },
  { name: 'source syntax error', files: { 'main.go': 'package main\n\nfunc main() {\n' }, args: ['build', '.'] },
  { name: 'two package names in one directory', files: { 'other.go': 'package other\n' }, args: ['build', '.'] },
  { name: 'malformed //go:build line', files: { 'main.go': '//go:build linux &&\n\npackage main\n\nfunc main() {}\n' }, args: ['build', '.'] },
  { name: 'import cycle', files: { 'main.go': 'package main\n\nimport _ "example.com/m/a"\n\nfunc main() {}\n', 'a/a.go': 'package a\n\nimport _ "example.com/m/b"\n', 'b/b.go': 'package b\n\nimport _ "example.com/m/a"\n' }, args: ['build', '.'] },
  { name: 'import of a package no module provides', files: { 'main.go': 'package main\n\nimport _ "example.com/nosuch/pkg"\n\nfunc main() {}\n' }, args: ['build', '.'] },
  { name: 'embed pattern matching nothing', files: { 'main.go': 'package main\n\nimport _ "embed"\n\n//go:embed nothere.txt\nvar s string\n\nfunc main() {}\n' }, args: ['build', '.'] },
  { name: 'directory path too long', args: ['build', `./${LONG}`] },
  { name: 'directory path through a file', args: ['build', './main.go/x'] },
  { name: 'directory path through a symbolic link loop', args: ['build', './loop1'], setup: (d) => { symlinkSync('loop2', join(d, 'loop1')); symlinkSync('loop1', join(d, 'loop2')); } },
  { name: 'missing directory', args: ['build', './nothere'] },
  { name: 'module query with lookups disabled', args: ['list', '-m', 'example.com/nosuch@v1.2.3'] },
];

function twinFor(c: Case): Twin {
  const files: Record<string, string> = {};
  for (const [name, text] of Object.entries({ 'go.mod': GO_MOD, 'main.go': MAIN, ...c.files })) {
    if (text !== null) files[name] = text;
  }
  const t = makeTwin(join(tmp, `case-${++serial}`), undefined, files);
  if (c.setup) { c.setup(t.go); c.setup(t.gocmd); }
  return t;
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-badinput-test-'));
  GOCMD = join(tmp, 'gocmd.mjs');
  await bundleCLI(GOCMD);
  mkdirSync(join(tmp, 'gopath'));
});

after(() => { if (tmp) removeTestDir(tmp); });

describe('malformed input: go\'s message and exit status', () => {
  for (const c of CASES) {
    test(c.name, c.todo ? { todo: c.todo } : {}, async () => {
      const t = twinFor(c);
      const env: NodeJS.ProcessEnv = {
        ...process.env, GOPROXY: 'off', GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local', GOWORK: '', GO111MODULE: '',
        GOCACHE: join(tmp, 'gocache'), GOPATH: join(tmp, 'gopath'), GOMODCACHE: join(tmp, 'gopath', 'pkg', 'mod'), ...c.env,
      };
      const g = await runGoOrGocmd('go', GOCMD, t.go, c.args, env);
      const m = await runGoOrGocmd('gocmd', GOCMD, t.gocmd, c.args, env);
      assert.notEqual(g.code, 0, `${c.name}: go itself accepted this input`);
      assert.doesNotMatch(m.stderr, /internal error|\n\s+at .*\.c?js:\d+/, `${c.name}: gocmd crashed:\n${m.stderr}`);
      assertSameRuns(t, g, m, { what: c.name });
    });
  }
});
