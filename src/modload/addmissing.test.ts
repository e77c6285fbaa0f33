import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TooNewError } from '../lib/gover.js';
import { maxTooNewImport } from './addmissing.js';

test('the import reported for a toolchain upgrade is the one needing the newest Go, the first on a tie', () => {
  const a = new TooNewError('a.example/m@v1.0.0', '1.30', '1.26.8');
  const b = new TooNewError('b.example/m@v1.0.0', '1.31.2', '1.26.8');
  const c = new TooNewError('c.example/m@v1.0.0', '1.31.2', '1.26.8');
  const wrapped = new Error('wrapped', { cause: b });
  const errs = new Map<string, Error>([['a.example/m', a], ['b.example/m', wrapped], ['c.example/m', c], ['d.example/m', new Error('no module')]]);
  const got = maxTooNewImport(['a.example/m', 'b.example/m', 'c.example/m', 'd.example/m'], (p) => errs.get(p));
  assert.equal(got?.path, 'b.example/m');
  assert.equal(got?.err, b);
  assert.equal(maxTooNewImport(['d.example/m', 'x.example/m'], (p) => errs.get(p)), undefined);
});
