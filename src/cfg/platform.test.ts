import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gomaxprocs } from './platform.js';

test('gomaxprocs: $GOMAXPROCS as the go runtime reads it, else the CPU count', () => {
  const cases: [string | undefined, number][] = [
    [undefined, 2], ['', 2], ['4', 4], ['64', 64], ['0', 2], ['-1', 2], ['x', 2], ['3x', 2],
  ];
  for (const [v, want] of cases) assert.equal(gomaxprocs(v === undefined ? {} : { GOMAXPROCS: v }, 2), want, `GOMAXPROCS=${v}`);
});
