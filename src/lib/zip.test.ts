// Tests for the zip reader/writer: round trips, strictness, and interchange with go's archive/zip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, readZip, writeZip } from './zip.js';

const files = [
  { name: 'example.com/m@v1.0.0/go.mod', data: Buffer.from('module example.com/m\n') },
  { name: 'example.com/m@v1.0.0/x.go', data: Buffer.from('package m\n\n// ' + 'repetitive text '.repeat(50) + '\n') },
  { name: 'example.com/m@v1.0.0/empty', data: Buffer.alloc(0) },
  { name: 'example.com/m@v1.0.0/ünïcode.txt', data: Buffer.from('héllo\n') },
];

test('crc32 check value', () => {
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  assert.equal(crc32(Buffer.alloc(0)), 0);
});

test('writeZip/readZip round trip, stored and deflated', () => {
  for (const method of ['store', 'deflate'] as const) {
    const z = writeZip(files, { method });
    const entries = readZip(z);
    assert.deepEqual(entries.map((e) => e.name), files.map((f) => f.name));
    for (const [i, e] of entries.entries()) {
      assert.equal(e.method, method === 'store' ? 0 : 8);
      assert.equal(e.size, files[i]!.data.length);
      assert.equal(e.mode, 0o100644);
      assert.deepEqual(e.data(), files[i]!.data);
    }
  }
  assert.deepEqual(readZip(writeZip([])), []);
});

test('readZip is strict', () => {
  const z = writeZip(files, { method: 'store' });
  assert.throws(() => readZip(z.subarray(0, z.length - 1)), { message: 'zip: not a valid zip file' });
  assert.throws(() => readZip(Buffer.from('not a zip at all, not even close to one')), { message: 'zip: not a valid zip file' });
  // flip a content byte of the first (stored) entry: CRC no longer matches
  const bad = Buffer.from(z);
  const off = 30 + Buffer.byteLength(files[0]!.name);
  bad[off]! ^= 0xff;
  assert.throws(() => readZip(bad)[0]!.data(), { message: 'zip: checksum error' });
  // break the local header signature
  const bad2 = Buffer.from(z);
  bad2[0] = 0;
  assert.throws(() => readZip(bad2)[0]!.data(), /zip: bad local header/);
});

const goBin = join(process.env.GOROOT ?? '/usr/local/go', 'bin', 'go');

// A go program that prints the entries of the zip named by argv[1] and writes a zip of its own to argv[2].
const goProg = `package main

import (
	"archive/zip"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
)

func main() {
	r, err := zip.OpenReader(os.Args[1])
	if err != nil {
		panic(err)
	}
	for _, f := range r.File {
		rc, err := f.Open()
		if err != nil {
			panic(err)
		}
		h := sha256.New()
		if _, err := io.Copy(h, rc); err != nil {
			panic(err)
		}
		fmt.Printf("%s %x %o\\n", f.Name, h.Sum(nil), f.Mode().Perm())
	}
	out, _ := os.Create(os.Args[2])
	w := zip.NewWriter(out)
	fw, _ := w.Create("a/deflated.txt")
	fw.Write([]byte("hello, deflate hello, deflate hello, deflate\\n"))
	sw, _ := w.CreateHeader(&zip.FileHeader{Name: "a/stored.txt", Method: zip.Store})
	sw.Write([]byte("stored\\n"))
	if err := w.Close(); err != nil {
		panic(err)
	}
	out.Close()
}
`;

test('go reads our zips and we read go zips', { skip: !existsSync(goBin) && 'no go toolchain' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ziptest-'));
  try {
    writeFileSync(join(dir, 'main.go'), goProg);
    writeFileSync(join(dir, 'ours.zip'), writeZip(files));
    const out = execFileSync(goBin, ['run', join(dir, 'main.go'), join(dir, 'ours.zip'), join(dir, 'go.zip')], {
      env: { ...process.env, GO111MODULE: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local' },
      encoding: 'utf8',
    });
    const want = files.map((f) => `${f.name} ${execSha(f.data)} 644\n`).join('');
    assert.equal(out, want);
    const entries = readZip(readFileSync(join(dir, 'go.zip')));
    assert.deepEqual(
      entries.map((e) => [e.name, e.method, e.data().toString()]),
      [
        ['a/deflated.txt', 8, 'hello, deflate hello, deflate hello, deflate\n'],
        ['a/stored.txt', 0, 'stored\n'],
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function execSha(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
