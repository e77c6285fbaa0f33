// Integration tests: GOPATH mode (GO111MODULE=off) with two GOPATH entries, a vendor directory and a
// command: gocmd's build, install and list against real go's, byte for byte and file for file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { GO } from './buildharness.js';
import { bundleCLI, gocmdSync } from './cliharness.js';

let GOCMD = '';
let tmp = '';
let gocache = '';

interface Result { code: number; stdout: string; stderr: string }

/** The GOPATH tree: gp1 holds the command and its vendor dir, gp2 a library the command imports. */
const FILES: Record<string, string> = {
  'gp1/src/example.com/app/cmd/hello/main.go': 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/app/lib"\n\t"other/dep"\n\t"vendored/v"\n)\n\nfunc main() { fmt.Println(lib.X, dep.Y, v.Z) }\n',
  'gp1/src/example.com/app/lib/lib.go': 'package lib\n\nimport "vendored/v"\n\nconst X = v.Z + 1\n',
  'gp1/src/example.com/app/vendor/vendored/v/v.go': 'package v\n\nconst Z = 40\n',
  'gp1/src/example.com/app/internal/in/in.go': 'package in\n',
  'gp2/src/other/dep/dep.go': 'package dep\n\nconst Y = 2\n',
  'gp2/src/other/bad/bad.go': 'package bad\n\nimport _ "example.com/app/internal/in"\nimport _ "example.com/app/vendor/vendored/v"\n',
  'outside/main.go': 'package main\n\nimport "./sub"\n\nfunc main() { println(sub.S) }\n',
  'outside/sub/sub.go': 'package sub\n\nconst S = "s"\n',
};

function setup(root: string): void {
  for (const [name, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
}

function env(root: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {
    ...process.env, GOCACHE: gocache, GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local', GO111MODULE: 'off',
    GOPATH: `${join(root, 'gp1')}:${join(root, 'gp2')}`, GOBIN: '', ...extra,
  };
  for (const k of ['GOOS', 'GOARCH', 'CGO_ENABLED', 'GOENV']) delete e[k];
  e['GOENV'] = 'off';
  return e;
}

function run(bin: 'go' | 'gocmd', root: string, dir: string, args: string[], extra: Record<string, string> = {}): Result {
  const r = bin === 'go'
    ? spawnSync(GO, args, { cwd: join(root, dir), env: env(root, extra), encoding: 'utf8', maxBuffer: 64 << 20 })
    : gocmdSync(GOCMD, args, { cwd: join(root, dir), env: env(root, extra), encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The files under root/dir (relative names and contents), for comparing installs. */
function tree(root: string, dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    let ents;
    try { ents = readdirSync(d, { withFileTypes: true }); } catch { return; }
    for (const e of ents) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(root, p), readFileSync(p));
    }
  };
  walk(join(root, dir));
  return out;
}

/** Two copies of the tree at the same paths are impossible, so each tool works in turn in one tree. */
function both(dir: string, args: string[], extra: Record<string, string> = {}): { go: Result; mine: Result } {
  const root = join(tmp, 'w');
  const go = run('go', root, dir, args, extra);
  const mine = run('gocmd', root, dir, args, extra);
  return { go, mine };
}

function cleanInstalls(root: string): void {
  for (const d of ['gp1/bin', 'gp1/pkg', 'gp2/bin', 'gp2/pkg']) rmSync(join(root, d), { recursive: true, force: true });
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-gopath-test-'));
  GOCMD = join(tmp, 'gocmd.mjs');
  await bundleCLI(GOCMD);
  gocache = process.env['GOCMD_TEST_GOCACHE'] || join(tmp, 'gocache');
  mkdirSync(gocache, { recursive: true });
  setup(join(tmp, 'w'));
});

after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('GOPATH mode', () => {
  test('list shows what go shows (roots, targets, vendor resolution, staleness)', () => {
    const f = '{{.ImportPath}}|{{.Dir}}|{{.Root}}|{{.Target}}|{{.Goroot}}|{{.Standard}}|{{.Imports}}|{{.ImportMap}}|{{.Stale}}|{{.Incomplete}}';
    const { go, mine } = both('gp1/src/example.com/app', ['list', '-e', '-f', f, './...', 'other/...', 'fmt']);
    assert.equal(go.code, 0, go.stderr);
    assert.equal(mine.stderr, go.stderr);
    assert.equal(mine.stdout, go.stdout);
    assert.match(mine.stdout, /^example\.com\/app\/cmd\/hello\|.*\|\[example\.com\/app\/lib fmt other\/dep example\.com\/app\/vendor\/vendored\/v\]/m);
  });

  test('list -json of a command and its dependencies equals go', () => {
    const { go, mine } = both('gp1/src/example.com/app/cmd/hello', ['list', '-json', '-deps', '.']);
    assert.equal(go.code, 0, go.stderr);
    assert.equal(mine.code, 0, mine.stderr);
    assert.equal(mine.stdout, go.stdout);
  });

  test('vendor and internal errors as go gives them', () => {
    const { go, mine } = both('gp2/src/other/bad', ['build', '.']);
    assert.equal(go.code, 1);
    assert.equal(mine.code, go.code);
    assert.equal(mine.stderr, go.stderr);
  });

  test('install writes the same binary and archives into GOPATH/bin and GOPATH/pkg', () => {
    const root = join(tmp, 'w');
    const args = ['install', 'example.com/app/cmd/hello', 'example.com/app/lib', 'other/dep'];
    cleanInstalls(root);
    const g = run('go', root, '.', args);
    assert.equal(g.code, 0, g.stderr);
    const theirs = new Map([...tree(root, 'gp1'), ...tree(root, 'gp2')].filter(([k]) => !k.includes('/src/')));
    cleanInstalls(root);
    const m = run('gocmd', root, '.', args);
    assert.equal(m.code, 0, m.stderr);
    const mine = new Map([...tree(root, 'gp1'), ...tree(root, 'gp2')].filter(([k]) => !k.includes('/src/')));
    assert.deepEqual([...mine.keys()].sort(), [...theirs.keys()].sort());
    assert.ok(mine.has(join('gp1', 'bin', 'hello')));
    assert.ok(mine.has(join('gp2', 'pkg', 'linux_amd64', 'other', 'dep.a')));
    for (const [k, v] of theirs) assert.ok(mine.get(k)!.equals(v), `${k} differs`);
    // After the install nothing is stale, for either tool.
    const stale = both('.', ['list', '-f', '{{.ImportPath}} {{.Stale}}', ...args.slice(1)]);
    assert.equal(stale.mine.stdout, stale.go.stdout);
    assert.doesNotMatch(stale.mine.stdout, /true/);
    assert.ok(statSync(join(root, 'gp1', 'bin', 'hello')).mode & 0o111);
  });

  test('build of a directory outside GOPATH with a local import is byte-identical', () => {
    const root = join(tmp, 'w');
    const g = run('go', root, 'outside', ['build', '-o', join(tmp, 'outside.go'), '.']);
    assert.equal(g.code, 0, g.stderr);
    const m = run('gocmd', root, 'outside', ['build', '-o', join(tmp, 'outside.gocmd'), '.']);
    assert.equal(m.code, 0, m.stderr);
    assert.ok(readFileSync(join(tmp, 'outside.gocmd')).equals(readFileSync(join(tmp, 'outside.go'))), 'binaries differ');
    const { go, mine } = both('outside', ['list', '-f', '{{.ImportPath}} {{.Target}} {{.Imports}}', '.']);
    assert.equal(mine.stdout, go.stdout);
    assert.match(mine.stdout, /^_\/.*\/outside  \[_\/.*\/outside\/sub\]$/m);
  });

  test('install of a directory outside GOPATH fails as go does', () => {
    const { go, mine } = both('outside', ['install', '.']);
    assert.equal(go.code, 1);
    assert.equal(mine.code, go.code);
    assert.equal(mine.stderr, go.stderr);
  });
});
