import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOC_MAIN_PATH, PREBUILT_PREFIX, docMainSource, helperEnv, helperPath, prebuiltName, shQuote, standInScript, viewKey, viewLinks } from './docview.js';

test('the generated main package imports go doc from under cmd/go and runs it', () => {
  const src = docMainSource();
  assert.match(src, /^package main$/m);
  assert.match(src, /"cmd\/go\/internal\/doc"/);
  assert.match(src, /doc\.CmdDoc\.Run\(context\.Background\(\), doc\.CmdDoc, os\.Args\[1:\]\)/);
  // The internal-package rule: the importer must be inside cmd/go.
  assert.ok(DOC_MAIN_PATH.startsWith('cmd/go/'));
});

test('shQuote makes one shell word of anything', () => {
  assert.equal(shQuote('a b'), `'a b'`);
  assert.equal(shQuote(`it's`), `'it'\\''s'`);
  assert.equal(execFileSync('/bin/sh', ['-c', `printf %s ${shQuote(`x'y $HOME "z"`)}`], { encoding: 'utf8' }), `x'y $HOME "z"`);
});

test('the stand-in restores GOROOT and PATH and runs the launcher with the arguments', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docview-test-'));
  try {
    const view = join(dir, 'the view');
    const bin = join(view, 'bin');
    const script = join(dir, 'go');
    writeFileSync(script, standInScript({ goroot: '/real/goroot', view, launcher: ['/bin/sh', '-c', 'printf "%s|%s|%s" "$GOROOT" "$PATH" "$*"', 'sh'] }), { mode: 0o755 });
    const run = (path: string): string =>
      execFileSync('/bin/sh', [script, 'env', 'GOMOD'], { encoding: 'utf8', env: { GOROOT: '/view', PATH: path } });
    assert.equal(run(helperPath(bin, '/usr/bin:/bin')), '/real/goroot|/usr/bin:/bin|env GOMOD');
    assert.equal(run(helperPath(bin, '')), '/real/goroot||env GOMOD');
    // A PATH the helper did not get from us is left alone.
    assert.equal(run('/other:/bin'), '/real/goroot|/other:/bin|env GOMOD');
    // The helper's question for its GOROOT is answered with the view.
    assert.equal(execFileSync('/bin/sh', [script, 'env', 'GOROOT'], { encoding: 'utf8', env: { PATH: bin } }), view + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('helperPath puts the view first', () => {
  assert.equal(helperPath('/v/bin', undefined), '/v/bin');
  assert.equal(helperPath('/v/bin', ''), '/v/bin');
  assert.equal(helperPath('/v/bin', '/usr/bin'), '/v/bin:/usr/bin');
});

test('viewLinks links everything in GOROOT but bin', () => {
  assert.deepEqual(viewLinks(['src', 'bin', 'pkg', 'go.env', 'VERSION']), ['VERSION', 'go.env', 'pkg', 'src']);
});

test('viewKey changes with each input', () => {
  const k = viewKey('/g', 'go1.26.8', ['node', '/d/gocmd.cjs']);
  assert.match(k, /^[0-9a-f]{16}$/);
  assert.equal(k, viewKey('/g', 'go1.26.8', ['node', '/d/gocmd.cjs']));
  assert.notEqual(k, viewKey('/h', 'go1.26.8', ['node', '/d/gocmd.cjs']));
  assert.notEqual(k, viewKey('/g', 'go1.26.7', ['node', '/d/gocmd.cjs']));
  assert.notEqual(k, viewKey('/g', 'go1.26.8', ['node', '/e/gocmd.cjs']));
});

test('helperEnv gives the helper the view as GOROOT only when the user set GOROOT', () => {
  assert.deepEqual(helperEnv({ GOROOT: '/g', PATH: '/bin', X: '1' }, '/v'), { GOROOT: '/v', PATH: '/v/bin:/bin', X: '1' });
  assert.deepEqual(helperEnv({ PATH: '/bin' }, '/v'), { PATH: '/v/bin:/bin' });
  assert.deepEqual(helperEnv({ GOROOT: '', PATH: '' }, '/v'), { PATH: '/v/bin' });
});

test('prebuiltName changes with each part of the toolchain stamp', () => {
  const base = { goroot: '/go', goVersion: 'go1.26.0', host: 'linux/amd64', files: ['VERSION 10 1', 'compile 5 2'] };
  const name = prebuiltName(base);
  assert.match(name, new RegExp(`^${PREBUILT_PREFIX}[0-9a-f]{16}$`));
  assert.equal(prebuiltName({ ...base }), name);
  for (const changed of [
    { ...base, goroot: '/other' }, { ...base, goVersion: 'go1.26.1' }, { ...base, host: 'linux/arm64' },
    { ...base, files: ['VERSION 10 1', 'compile 5 3'] },
  ]) assert.notEqual(prebuiltName(changed), name);
});
