import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveFips140Version } from './fips140.js';

test('GOFIPS140 values resolve as go does', () => {
  const goroot = mkdtempSync(join(tmpdir(), 'gocmd-fips-'));
  try {
    const lib = join(goroot, 'lib', 'fips140');
    mkdirSync(lib, { recursive: true });
    writeFileSync(join(lib, 'v1.26.0.zip'), '');
    writeFileSync(join(lib, 'inprocess.txt'), 'v1.26.0\n');
    writeFileSync(join(lib, 'gone.txt'), 'v9.9.9\n');
    assert.equal(resolveFips140Version(goroot, ''), 'off');
    assert.equal(resolveFips140Version(goroot, 'latest'), 'latest');
    assert.equal(resolveFips140Version(goroot, 'v1.26.0'), 'v1.26.0');
    assert.equal(resolveFips140Version(goroot, 'inprocess'), 'v1.26.0');
    assert.throws(() => resolveFips140Version(goroot, 'v2.0.0'), { message: 'go: unknown GOFIPS140 version "v2.0.0"' });
    assert.throws(() => resolveFips140Version(goroot, 'gone'), { message: 'go: unknown GOFIPS140 version "v9.9.9" (from "gone")' });
    assert.throws(() => resolveFips140Version(goroot, '../x'), { message: 'go: malformed GOFIPS140 version "../x"' });
  } finally {
    rmSync(goroot, { recursive: true, force: true });
  }
});
