import { test } from 'node:test';
import assert from 'node:assert/strict';
import { archEnvError, gomaxprocs } from './platform.js';

test('gomaxprocs: $GOMAXPROCS as the go runtime reads it, else the CPU count', () => {
  const cases: [string | undefined, number][] = [
    [undefined, 2], ['', 2], ['4', 4], ['64', 64], ['0', 2], ['-1', 2], ['x', 2], ['3x', 2],
  ];
  for (const [v, want] of cases) assert.equal(gomaxprocs(v === undefined ? {} : { GOMAXPROCS: v }, 2), want, `GOMAXPROCS=${v}`);
});

test('archEnvError: buildcfg\'s check of the fixed-choice GO<arch> variables', () => {
  assert.equal(archEnvError({}), '');
  assert.equal(archEnvError({ GOAMD64: 'v3', GORISCV64: 'rva23u64', GOPPC64: '' }), '');
  assert.equal(archEnvError({ GORISCV64: 'rva22' }), 'invalid GORISCV64: must be rva20u64, rva22u64, rva23u64');
  // Checked whatever GOARCH is; the last bad variable in buildcfg's order wins.
  assert.equal(archEnvError({ GOARCH: 'arm', GOAMD64: 'v9', GOMIPS: 'x' }), 'invalid GOMIPS: must be hardfloat, softfloat');
});
