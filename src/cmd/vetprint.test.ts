import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePosn, printJSONDiagnostics } from './vetprint.js';

test('parsePosn splits at the last two colons and wants decimal numbers', () => {
  assert.deepEqual(parsePosn('/a:b/c.go:12:3'), { file: '/a:b/c.go', line: 12, col: 3 });
  assert.equal(parsePosn('c.go:x:3'), undefined);
  assert.equal(parsePosn('c.go'), undefined);
});

test('printJSONDiagnostics: file:line:col: message relative to cwd, related lines tab-indented, -c context', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vetprint-'));
  const f = join(dir, 'p', 'a.go');
  mkdirSync(join(dir, 'p'));
  writeFileSync(f, 'package p\n\nfunc F() {\n\tx()\n}\n');
  const tree = { 'm/p': { printf: [{ posn: `${f}:4:2`, end: `${f}:4:5`, message: 'bad call', related: [{ posn: `${f}:3:1`, end: '', message: 'here' }] }], other: [] } };
  let out = '';
  const any = printJSONDiagnostics(Buffer.from(JSON.stringify(tree)), { cwd: dir, context: -1, write: (s) => { out += s; } });
  assert.equal(any, true);
  assert.equal(out, 'p/a.go:4:2: bad call\np/a.go:3:1: \there\n');
  out = '';
  printJSONDiagnostics(Buffer.from(JSON.stringify({ 'm/p': { printf: [{ posn: `${f}:4:2`, end: `${f}:4:5`, message: 'bad' }] } })), { cwd: dir, context: 1, write: (s) => { out += s; } });
  assert.equal(out, 'p/a.go:4:2: bad\n3\tfunc F() {\n4\t\tx()\n5\t}\n');
  assert.equal(printJSONDiagnostics(Buffer.from('{}'), { cwd: dir, context: -1, write: () => {} }), false);
  assert.throws(() => printJSONDiagnostics(Buffer.from('{"m/p":{"printf":{"error":"boom"}}}'), { cwd: dir, context: -1, write: () => {} }), { message: 'boom' });
});
