// Integration: GOCMD_EXPLAIN=1 (beyond go) says why each compile and link whose cache lookup missed runs: a
// small module built, then a file edited, a flag changed, a dependency module changed and the cache cleaned,
// each checked line by line. Without GOCMD_EXPLAIN nothing a user sees changes: output and binaries as go's.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GO } from './buildharness.js';
import { bundleCLI, removeTestDir } from './cliharness.js';

let tmp = '';
let GOCMD = '';
let gocache = '';

interface Result { code: number; stdout: string; stderr: string }

function run(bin: 'go' | 'gocmd', args: string[], extra: Record<string, string> = {}): Result {
  const env: NodeJS.ProcessEnv = { ...process.env, GOCACHE: gocache, GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local', ...extra };
  for (const k of ['GOOS', 'GOARCH', 'CGO_ENABLED', 'GOEXPERIMENT', 'GOCMD_EXPLAIN']) if (!(k in extra)) delete env[k];
  const r = bin === 'go'
    ? spawnSync(GO, args, { cwd: join(tmp, 'm'), env, encoding: 'utf8' })
    : spawnSync(process.execPath, [GOCMD, ...args], { cwd: join(tmp, 'm'), env, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** gocmd build with GOCMD_EXPLAIN=1: its explanation lines, which must be all it printed. */
function explained(args: string[]): string[] {
  const r = run('gocmd', ['build', ...args, '-o', 'm.bin', '.'], { GOCMD_EXPLAIN: '1' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  for (const l of lines) assert.match(l, /^gocmd: (rebuilding|relinking) /);
  return lines;
}

/** The line about one package, or undefined. */
const about = (lines: string[], verb: 'rebuilding' | 'relinking' | 're-vetting', pkg: string): string | undefined =>
  lines.find((l) => l.startsWith(`gocmd: ${verb} ${pkg}: `));

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-explain-test-'));
  GOCMD = join(tmp, 'gocmd.cjs');
  gocache = join(tmp, 'cache');
  mkdirSync(gocache);
  await bundleCLI(GOCMD);
  const m = join(tmp, 'm');
  mkdirSync(join(m, 'bar'), { recursive: true });
  mkdirSync(join(tmp, 'dep'));
  writeFileSync(join(m, 'go.mod'), 'module example.com/m\n\ngo 1.22\n\nrequire example.com/dep v0.0.0\n\nreplace example.com/dep => ../dep\n');
  writeFileSync(join(m, 'main.go'), 'package main\n\nimport "example.com/m/bar"\n\nfunc main() { println(bar.X()) }\n');
  writeFileSync(join(m, 'bar', 'bar.go'), 'package bar\n\nimport "example.com/dep"\n\nfunc X() int { return dep.N + 1 }\n');
  writeFileSync(join(tmp, 'dep', 'go.mod'), 'module example.com/dep\n\ngo 1.22\n');
  writeFileSync(join(tmp, 'dep', 'dep.go'), 'package dep\n\nconst N = 1\n\nvar V = N\n');
  // The runtime and its dependencies, compiled by go: gocmd's misses are then this module's packages.
  const r = run('go', ['build', '-o', join(tmp, 'warm.bin'), '.']);
  assert.equal(r.code, 0, r.stderr);
});

after(() => removeTestDir(tmp));

test('each change is named: no record, a file, -gcflags, a dependency module, a cleaned cache', () => {
  const m = join(tmp, 'm');
  // go built these packages, and wrote no record: gocmd has none to compare with. A build gocmd finds
  // wholly in the cache explains nothing.
  writeFileSync(join(m, 'bar', 'bar.go'), 'package bar\n\nimport "example.com/dep"\n\nfunc X() int { return dep.N + 2 }\n');
  writeFileSync(join(tmp, 'dep', 'dep.go'), 'package dep\n\nconst N = 1\n\nvar V = N * 1\n');
  let lines = explained([]);
  assert.equal(about(lines, 'rebuilding', 'example.com/m/bar'), 'gocmd: rebuilding example.com/m/bar: no earlier build recorded');
  assert.equal(about(lines, 'rebuilding', 'example.com/dep'), 'gocmd: rebuilding example.com/dep: no earlier build recorded');
  assert.equal(about(lines, 'rebuilding', 'runtime'), undefined, 'runtime was a cache hit');
  assert.equal(about(lines, 'relinking', 'example.com/m'), 'gocmd: relinking example.com/m: no earlier build recorded');
  assert.deepEqual(explained([]), []);

  // A file edited.
  writeFileSync(join(m, 'bar', 'bar.go'), 'package bar\n\nimport "example.com/dep"\n\nfunc X() int { return dep.N + 3 }\n');
  lines = explained([]);
  assert.equal(about(lines, 'rebuilding', 'example.com/m/bar'), 'gocmd: rebuilding example.com/m/bar: bar.go changed');
  assert.equal(about(lines, 'rebuilding', 'example.com/m'), 'gocmd: rebuilding example.com/m: dependency example.com/m/bar changed');
  assert.equal(about(lines, 'relinking', 'example.com/m'), 'gocmd: relinking example.com/m: package example.com/m changed, package example.com/m/bar changed');

  // A flag for one package: its compile names the flag; the main package's build info records it.
  lines = explained(['-gcflags=example.com/m/bar=-N']);
  assert.equal(about(lines, 'rebuilding', 'example.com/m/bar'), 'gocmd: rebuilding example.com/m/bar: -gcflags changed (was none, now -N)');
  assert.match(about(lines, 'rebuilding', 'example.com/m') ?? '', /^gocmd: rebuilding example\.com\/m: build info changed: build -gcflags=example\.com\/m\/bar=-N, dependency example\.com\/m\/bar changed$/);

  // A change in a dependency module: its own file, then the importer's dependency.
  writeFileSync(join(tmp, 'dep', 'dep.go'), 'package dep\n\nconst N = 1\n\nvar V = N + 1\n');
  lines = explained(['-gcflags=example.com/m/bar=-N']);
  assert.equal(about(lines, 'rebuilding', 'example.com/dep'), 'gocmd: rebuilding example.com/dep: dep.go changed');
  assert.equal(about(lines, 'rebuilding', 'example.com/m/bar'), 'gocmd: rebuilding example.com/m/bar: dependency example.com/dep changed');

  // vet: its first run here, then a vet flag.
  const vet = (flags: string[]): string[] => {
    const r = run('gocmd', ['vet', ...flags, './bar'], { GOCMD_EXPLAIN: '1' });
    assert.equal(r.code, 0, r.stderr);
    return r.stderr.split('\n').filter((l) => l !== '');
  };
  assert.equal(about(vet([]), 're-vetting', 'example.com/m/bar'), 'gocmd: re-vetting example.com/m/bar: no earlier run recorded');
  assert.match(about(vet(['-printf=false']), 're-vetting', 'example.com/m/bar') ?? '', /^gocmd: re-vetting example\.com\/m\/bar: vet flags changed \(was .*, now -printf=false.*\)$/);

  // The cache cleaned: the same inputs, no entry.
  const clean = run('gocmd', ['clean', '-cache']);
  assert.equal(clean.code, 0, clean.stderr);
  lines = explained(['-gcflags=example.com/m/bar=-N']);
  for (const p of ['example.com/dep', 'example.com/m/bar']) {
    assert.equal(about(lines, 'rebuilding', p), `gocmd: rebuilding ${p}: inputs unchanged, but the cache entry is gone (trimmed or cleaned)`);
  }
  // go compiled the runtime (set-up), and go records nothing.
  assert.equal(about(lines, 'rebuilding', 'runtime'), 'gocmd: rebuilding runtime: no earlier build recorded');
  // The binary is as it was: it is not linked again.
  assert.equal(about(lines, 'relinking', 'example.com/m'), undefined);
  rmSync(join(m, 'm.bin'));
  // Without the binary, the main package's compile (whose entry was cleaned) and the link run again.
  lines = explained(['-gcflags=example.com/m/bar=-N']);
  assert.deepEqual(lines, ['gocmd: rebuilding example.com/m: inputs unchanged, but the cache entry is gone (trimmed or cleaned)',
    'gocmd: relinking example.com/m: inputs unchanged, but m.bin is missing or was built otherwise']);
});

test('without GOCMD_EXPLAIN: output and binary as go\'s, a failed compile\'s message too', () => {
  const m = join(tmp, 'm');
  for (const explain of [undefined, '0']) {
    const extra: Record<string, string> = explain === undefined ? {} : { GOCMD_EXPLAIN: explain };
    // gocmd compiles first (its misses record their inputs, silently); go then finds gocmd's entries.
    writeFileSync(join(m, 'bar', 'bar.go'), `package bar\n\nimport "example.com/dep"\n\nfunc X() int { return dep.N + ${explain === undefined ? 10 : 11} }\n`);
    const c = run('gocmd', ['build', '-o', 'c.bin', '.'], extra);
    const g = run('go', ['build', '-o', 'g.bin', '.']);
    assert.deepEqual(c, g);
    assert.ok(readFileSync(join(m, 'c.bin')).equals(readFileSync(join(m, 'g.bin'))), 'gocmd and go binaries differ');
    // A compile error: go's message, nothing more.
    writeFileSync(join(m, 'bar', 'bar.go'), 'package bar\n\nfunc X() int { return "x" }\n');
    assert.deepEqual(run('gocmd', ['build', '-o', 'c.bin', '.'], extra), run('go', ['build', '-o', 'g.bin', '.']));
  }
});
