// Tests for the no-op stamp: fingerprints, pattern walks, and end to end that every change is caught (via the CLI).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ABSENT, fingerprint, isBuildInputName, isRacy } from './noopfp.js';
import { NoStamp, walkRoots } from './noopinputs.js';
import { trimStamps } from './noop.js';

describe('noopfp', () => {
  it('names go/build reads', () => {
    const table: [string, boolean][] = [
      ['a.go', true], ['a_test.go', true], ['x.s', true], ['x.S', true], ['h.h', true], ['z.syso', true], ['go.mod', true],
      ['default.pgo', true], ['hello', false], ['README.md', false], ['go.sum', false], ['a.go~', false], ['Makefile', false],
    ];
    for (const [name, want] of table) assert.equal(isBuildInputName(name), want, name);
  });

  it('fingerprints, absent paths and the racy rule', () => {
    const d = mkdtempSync(join(tmpdir(), 'noopfp-'));
    try {
      const f = join(d, 'f');
      writeFileSync(f, 'x');
      assert.equal(fingerprint(join(d, 'missing')), ABSENT);
      assert.equal(fingerprint(join(f, 'under-a-file')), ABSENT);
      const fp = fingerprint(f)!;
      const st = statSync(f);
      assert.equal(isRacy(fp, st.ctimeMs - 1), true);
      assert.equal(isRacy(fp, Math.max(st.mtimeMs, st.ctimeMs) + 1), false);
      assert.equal(isRacy(ABSENT, 0), false);
      // A same-size rewrite with the old mtime put back still changes the fingerprint (ctime).
      const t = st.mtime;
      writeFileSync(f, 'y');
      utimesSync(f, t, t);
      assert.notEqual(fingerprint(f), fp);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('walkRoots', () => {
  it('maps patterns to the directories they walk', () => {
    const table: [string, string[]][] = [
      ['.', []], ['./cmd/x', []], ['example.com/m/x', []],
      ['./...', ['/w']], ['./a/...', ['/w/a']], ['./a/b...', ['/w/a']], ['/abs/...', ['/abs']], ['../...', ['/']],
      ['std', ['/goroot/src']], ['cmd', ['/goroot/src/cmd']],
    ];
    for (const [arg, want] of table) assert.deepEqual(walkRoots(arg, '/w', '/goroot').map((r) => r.root), want, arg);
    for (const arg of ['all', 'example.com/m/...', 'tool']) assert.throws(() => walkRoots(arg, '/w', '/goroot'), NoStamp, arg);
  });
});

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('trimStamps', () => {
  it('removes stamps unused for 5 days, once a day', () => {
    const d = mkdtempSync(join(tmpdir(), 'nooptrim-'));
    try {
      const now = Date.now();
      const old = 'a'.repeat(64), fresh = 'b'.repeat(64), other = 'notes';
      for (const n of [old, fresh, other]) writeFileSync(join(d, n), '{}');
      const sixDays = new Date(now - 6 * 24 * 3600 * 1000);
      utimesSync(join(d, old), sixDays, sixDays);
      utimesSync(join(d, other), sixDays, sixDays);
      trimStamps(d, now);
      assert.deepEqual(readdirSync(d).sort(), [fresh, other, 'trim.txt'].sort());
      // Within a day of the last trim nothing is scanned.
      writeFileSync(join(d, old), '{}');
      utimesSync(join(d, old), sixDays, sixDays);
      trimStamps(d, now + 1000);
      assert.ok(readdirSync(d).includes(old));
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

// End to end through the CLI, in a private module and GOCACHE: a library compiled to an archive
// with -o (no link, so no standard library to build).
describe('no-op stamp, end to end', () => {
  let CLI = '', tmp = '', mod = '', out = '';
  let env: NodeJS.ProcessEnv = {};
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
  /** After a change: wait out the racy window so the next build may record its stamp. */
  const settle = (): Promise<void> => sleep(2100);
  const run = (args: string[], extra: NodeJS.ProcessEnv = {}): { code: number; stderr: string } => {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: mod, env: { ...env, ...extra }, encoding: 'utf8' });
    return { code: r.status ?? -1, stderr: r.stderr };
  };
  const BUILD = ['build', '-o', '', './lib'];
  const build = (extra: NodeJS.ProcessEnv = {}): { code: number; stderr: string } => run(BUILD.map((a) => a || out), extra);
  /** A build that must take the fast path: exit 0, no output, and the stamp's debug line absent. */
  const assertFast = (extra: NodeJS.ProcessEnv = {}): void => {
    const r = build(extra);
    assert.deepEqual(r, { code: 0, stderr: '' });
  };
  /** A build that must not take the fast path; returns why (the debug line). */
  const assertSlow = (extra: NodeJS.ProcessEnv = {}): string => {
    const r = build(extra);
    assert.equal(r.code, 0, r.stderr);
    const m = /no-op stamp not used: (.*)/.exec(r.stderr);
    assert.ok(m, `expected the slow path, got ${JSON.stringify(r.stderr)}`);
    return m[1]!;
  };
  const lib = (): string => join(mod, 'lib', 'lib.go');
  /** Waits out the racy window, builds (recording a stamp), and checks the next build is a fast no-op. */
  const restamp = async (): Promise<void> => {
    await settle();
    const r = build();
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /not recorded/);
    assertFast();
  };

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'gocmd-noop-test-'));
    // A private bundle: build/ is shared with other runs of tsc, and gocmd's own files are stamp inputs.
    CLI = join(tmp, 'gocmd.mjs');
    const { build: bundle } = await import('esbuild');
    await bundle({
      entryPoints: [join(ROOT, 'src/main.ts')], outfile: CLI, bundle: true, platform: 'node', format: 'esm',
      target: 'node20', logLevel: 'warning', define: { GOCMD_BUNDLED: 'true' }, // see loadCommand in src/cli/run.ts
      plugins: [{ name: 'no-tests', setup(b) { b.onLoad({ filter: /\.test\.ts$/ }, () => ({ contents: 'export {};', loader: 'js' })); } }],
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    mod = join(tmp, 'm');
    out = join(tmp, 'out', 'lib.a');
    mkdirSync(join(mod, 'lib'), { recursive: true });
    mkdirSync(join(tmp, 'cache'));
    mkdirSync(join(tmp, 'out'));
    writeFileSync(join(mod, 'go.mod'), 'module example.com/m\n\ngo 1.22\n');
    writeFileSync(lib(), 'package lib\n\nfunc F() int { return 1 }\n');
    env = { ...process.env, GOCACHE: join(tmp, 'cache'), GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local', GOCMD_NOOPDEBUG: '1' };
    delete env.GOCMD_NOOPSTAMP;
    await settle();
    assert.match(assertSlow(), /no stamp/);
    assertFast();
  });

  after(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  it('a same-size edit with its mtime put back is caught (ctime), and is racy until it settles', async () => {
    const before = readFileSync(out);
    const st = statSync(lib());
    writeFileSync(lib(), 'package lib\n\nfunc F() int { return 2 }\n');
    utimesSync(lib(), st.atime, st.mtime);
    assert.equal(statSync(lib()).size, st.size);
    assert.match(assertSlow(), /changed: .*lib\.go/);
    assert.ok(!readFileSync(out).equals(before), 'archive not rebuilt');
    // Changed less than 2 s ago: the stamp is not trusted, so it was not written.
    assert.match(assertSlow(), /not recorded: racy|changed/);
    await restamp();
  });

  it('an added and a removed file are caught', async () => {
    writeFileSync(join(mod, 'lib', 'b.go'), 'package lib\n\nfunc G() int { return 3 }\n');
    assert.match(assertSlow(), /changed: .*lib/);
    await restamp();
    unlinkSync(join(mod, 'lib', 'b.go'));
    assert.match(assertSlow(), /changed: .*lib/);
    await restamp();
  });

  it('files go/build ignores do not matter; go.mod does', async () => {
    writeFileSync(join(mod, 'lib', 'notes.txt'), 'x');
    // The directory changed (a new entry): a new stamp; then notes.txt edits are ignored.
    assert.match(assertSlow(), /changed: .*lib/);
    await restamp();
    writeFileSync(join(mod, 'lib', 'notes.txt'), 'yy');
    assertFast();
    writeFileSync(join(mod, 'go.mod'), 'module example.com/m\n\ngo 1.23\n');
    assert.match(assertSlow(), /changed: .*go\.mod/);
    await restamp();
  });

  it('a changed environment or GOFLAGS is a different stamp', () => {
    assert.match(assertSlow({ GOAMD64: 'v2' }), /no stamp/);
    assert.match(assertSlow({ GOFLAGS: '-buildvcs=false -trimpath' }), /no stamp/);
    // Those builds rewrote the same -o file: the first stamp sees another build ID there.
    assert.match(assertSlow(), /target build ID/);
    assertFast();
    assert.match(assertSlow({ GOFLAGS: '-buildvcs=false -trimpath' }), /target build ID/);
    assertFast({ GOFLAGS: '-buildvcs=false -trimpath' });
    assert.match(assertSlow({ GOCMD_NOOPSTAMP: '0' }), /GOCMD_NOOPSTAMP=0/);
  });

  it('a deleted output and a trimmed cache are rebuilt', () => {
    unlinkSync(out);
    assert.match(assertSlow(), /target unreadable/);
    assert.ok(statSync(out).isFile());
    assertFast();
    const cache = join(tmp, 'cache');
    for (const d of readdirSync(cache)) {
      if (/^[0-9a-f]{2}$/.test(d)) for (const f of readdirSync(join(cache, d))) unlinkSync(join(cache, d, f));
    }
    assert.match(assertSlow(), /cache file missing/);
    assertFast();
  });

  it('pkg@version arguments use no stamp before a version query answered them', () => {
    // build has no version query; install pkg@version's stamp is named by its query's answer (integration/modquery.test.ts).
    const r = run(['build', 'example.com/m/lib@v1.0.0']);
    assert.match(r.stderr, /no-op stamp not used: versioned argument/);
  });

  it('flags that print or change the build never use the stamp', () => {
    for (const f of ['-x', '-v', '-a', '-n']) {
      const r = run(['build', f, '-o', out, './lib']);
      assert.equal(r.code, 0);
      assert.match(r.stderr, new RegExp(`no-op stamp not used: ${f}`), f);
    }
  });
});
