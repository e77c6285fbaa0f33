// Tests for GOCACHEPROG: a small disk-backed cache program shared by real go and gocmd's ProgCache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cache } from './cache.js';
import { ProgCache, splitQuotedArgs } from './prog.js';
import { haveGo, runGo, writeTree } from './testgo.js';

/**
 * A minimal GOCACHEPROG: entries as files in a directory, one JSON response per line. With a second
 * argument N it holds get answers until N are outstanding (or 2 s pass), answers them last first, and
 * records the most it held in dir/max-held.
 */
const FAKE_PROG = `
const fs = require('node:fs');
const path = require('node:path');
const dir = process.argv[2];
const hold = Number(process.argv[3] || 0);
let held = [];
let maxHeld = 0;
let timer;
function flush() {
  clearTimeout(timer);
  fs.writeFileSync(path.join(dir, 'max-held'), String(maxHeld));
  const h = held.reverse();
  held = [];
  for (const f of h) f();
}
fs.mkdirSync(dir, { recursive: true });
const send = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
send({ ID: 0, KnownCommands: ['get', 'put', 'close'] });
let pending = null;
let buf = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (s) => {
  buf += s;
  let i;
  while ((i = buf.indexOf('\\n')) >= 0) {
    const line = buf.slice(0, i);
    buf = buf.slice(i + 1);
    if (line.trim() === '') continue;
    if (pending) { finishPut(pending, Buffer.from(JSON.parse(line), 'base64')); pending = null; continue; }
    const req = JSON.parse(line);
    const hex = (b) => Buffer.from(b || '', 'base64').toString('hex');
    if (req.Command === 'get') {
      const answer = () => {
        const f = path.join(dir, 'a-' + hex(req.ActionID));
        if (!fs.existsSync(f)) return send({ ID: req.ID, Miss: true });
        const e = JSON.parse(fs.readFileSync(f, 'utf8'));
        send({ ID: req.ID, OutputID: e.OutputID, Size: e.Size, DiskPath: path.join(dir, 'o-' + hex(e.OutputID)) });
      };
      if (hold === 0) { answer(); continue; }
      held.push(answer);
      maxHeld = Math.max(maxHeld, held.length);
      if (held.length >= hold) flush();
      else { clearTimeout(timer); timer = setTimeout(flush, 2000); }
    } else if (req.Command === 'put') {
      if (req.BodySize > 0) pending = req; else finishPut(req, Buffer.alloc(0));
    } else if (req.Command === 'close') {
      send({ ID: req.ID });
      process.exit(0);
    }
  }
});
function finishPut(req, body) {
  const hex = (b) => Buffer.from(b || '', 'base64').toString('hex');
  const out = path.join(dir, 'o-' + hex(req.OutputID));
  fs.writeFileSync(out, body);
  fs.writeFileSync(path.join(dir, 'a-' + hex(req.ActionID)), JSON.stringify({ OutputID: req.OutputID || '', Size: body.length }));
  send({ ID: req.ID, DiskPath: out });
}
`;

function setup(): { prog: string; store: string; disk: Cache } {
  const d = mkdtempSync(join(tmpdir(), 'gocmd-prog-'));
  writeFileSync(join(d, 'fake.cjs'), FAKE_PROG);
  const store = join(d, 'store');
  const disk = Cache.open(mkdtempSync(join(tmpdir(), 'gocmd-prog-disk-')));
  return { prog: `${process.execPath} ${join(d, 'fake.cjs')} ${store}`, store, disk };
}

test('splitQuotedArgs', () => {
  assert.deepEqual(splitQuotedArgs(` a "b c" 'd'  e`), ['a', 'b c', 'd', 'e']);
});

test('ProgCache: put/get through the program', () => {
  const { prog, disk } = setup();
  const c = ProgCache.start(disk, prog);
  const id = Buffer.alloc(32, 3);
  assert.equal(c.get(id), undefined);
  const r = c.put(id, Buffer.from('hello'));
  assert.equal(r.size, 5);
  assert.deepEqual(c.getBytes(id)?.data, Buffer.from('hello'));
  assert.equal(readFileSync(c.getFile(id)!.file, 'utf8'), 'hello');
  c.putBytes(Buffer.alloc(32, 4), '');
  assert.equal(c.get(Buffer.alloc(32, 4))?.size, 0);
  c.close();
});

test('ProgCache: prefetched lookups are in flight together, answered in any order', async () => {
  const { prog, store, disk } = setup();
  const ids = Array.from({ length: 24 }, (_, i) => Buffer.alloc(32, i + 1));
  const fill = ProgCache.start(disk, prog);
  for (const id of ids) fill.put(id, Buffer.from(`out ${id[0]}`));
  fill.close();
  const c = ProgCache.start(Cache.open(mkdtempSync(join(tmpdir(), 'gocmd-prog-disk-'))), `${prog} ${ids.length}`);
  const t0 = Date.now();
  await c.prefetch(ids);
  for (const id of ids) assert.equal(c.getBytes(id)?.data.toString(), `out ${id[0]}`);
  c.close();
  // All 24 were out at once (the program answered none before the last arrived), well under its 2 s wait.
  assert.equal(readFileSync(join(store, 'max-held'), 'utf8'), String(ids.length));
  assert.ok(Date.now() - t0 < 1900, `took ${Date.now() - t0} ms`);
});

test("GOCACHEPROG shared with real go: go reads our puts and we read go's", { skip: !haveGo }, () => {
  const { prog, disk } = setup();
  const mod = writeTree({
    'go.mod': 'module example.com/p\n\ngo 1.26\n',
    'lib/lib.go': 'package lib\n\nfunc F() int { return 3 }\n',
  });
  const env = { GOCACHE: disk.dir, GOCACHEPROG: prog };
  const r1 = runGo(['build', './lib'], { cwd: mod, env: { ...env, GODEBUG: 'gocachehash=1' } });
  assert.equal(r1.status, 0, r1.stderr);
  const actionID = Buffer.from(/HASH\[build example\.com\/p\/lib\]: ([0-9a-f]{64})\n/.exec(r1.stderr)![1]!, 'hex');
  const c = ProgCache.start(disk, prog);
  const hit = c.getFile(actionID);
  assert.ok(hit, 'go stored the archive through the program');
  const archive = readFileSync(hit.file);
  c.close();
  // A fresh store holding only what gocmd put: go must find it there and not compile.
  const second = setup();
  const c2 = ProgCache.start(second.disk, second.prog);
  c2.put(actionID, archive);
  c2.close();
  const r2 = runGo(['build', '-x', './lib'], { cwd: mod, env: { GOCACHE: second.disk.dir, GOCACHEPROG: second.prog } });
  assert.equal(r2.status, 0, r2.stderr);
  assert.doesNotMatch(r2.stderr, /\/compile /);
});
