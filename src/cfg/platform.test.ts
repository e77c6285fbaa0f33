import { test } from 'node:test';
import assert from 'node:assert/strict';
import { archEnvError, gomaxprocs } from './platform.js';

test('gomaxprocs: $GOMAXPROCS as the go runtime reads it, else the CPU count', () => {
  const cases: [string | undefined, number][] = [
    [undefined, 2], ['', 2], ['4', 4], ['64', 64], ['0', 2], ['-1', 2], ['x', 2], ['3x', 2],
  ];
  for (const [v, want] of cases) assert.equal(gomaxprocs(v === undefined ? {} : { GOMAXPROCS: v }, 2), want, `GOMAXPROCS=${v}`);
});

test('archEnvError: buildcfg\'s checks in its init order, the last bad variable winning', () => {
  assert.equal(archEnvError({}), '');
  assert.equal(archEnvError({ GOAMD64: 'v3', GORISCV64: 'rva23u64', GOPPC64: '' }), '');
  assert.equal(archEnvError({ GORISCV64: 'rva22' }), 'invalid GORISCV64: must be rva20u64, rva22u64, rva23u64');
  // Checked whatever GOARCH is; the last bad variable in buildcfg's order wins.
  assert.equal(archEnvError({ GOARCH: 'arm', GOAMD64: 'v9', GOMIPS: 'x' }), 'invalid GOMIPS: must be hardfloat, softfloat');
  // GOARM64's parse resets the error: bad GOAMD64 and GOARM values are never reported (go builds with the defaults).
  assert.equal(archEnvError({ GOAMD64: 'v5' }), '');
  assert.equal(archEnvError({ GOARM: '9' }), '');
  const arm64 = 'invalid GOARM64: must start with v8.{0-9} or v9.{0-5} and may optionally end in ",lse" and/or ",crypto"';
  assert.equal(archEnvError({ GOARM64: 'v9.9' }), arm64);
  assert.equal(archEnvError({ GOARM64: 'v8.0,foo' }), arm64);
  assert.equal(archEnvError({ GOARM64: 'v9.5,crypto,lse' }), '');
  assert.equal(archEnvError({ GOARM64: 'v9.9', GOPPC64: 'power7' }), 'invalid GOPPC64: must be power8, power9, power10');
  assert.equal(archEnvError({ GOWASM: 'satconv,bogus' }), 'invalid GOWASM: no such feature "bogus"');
  assert.equal(archEnvError({ GOWASM: 'signext,satconv' }), '');
  const fips = 'invalid GOFIPS140: must be off, latest, inprocess, certified, or v1.Y.Z';
  assert.equal(archEnvError({ GOFIPS140: 'bad', GOWASM: 'x' }), fips);
  for (const ok of ['latest', 'v1.0.0', 'v1.26.0-rc1', 'v1.0.0-abcdef12']) assert.equal(archEnvError({ GOFIPS140: ok }), '', ok);
  for (const bad of ['v1.0', 'v2.0.0', 'v1.0.0-abc', 'v1.0.0-rc']) assert.equal(archEnvError({ GOFIPS140: bad }), fips, bad);
});
