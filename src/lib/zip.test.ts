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

/** A stored archive in zip64 form: every size and offset in the zip64 extra fields and end records. */
function zip64Archive(entries: { name: string; data: Buffer }[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let off = 0;
  for (const f of entries) {
    const name = Buffer.from(f.name);
    const crc = crc32(f.data);
    const local = Buffer.alloc(30 + name.length + 20);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(45, 4);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(0xffffffff, 18);
    local.writeUInt32LE(0xffffffff, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(20, 28);
    name.copy(local, 30);
    local.writeUInt16LE(1, 30 + name.length);
    local.writeUInt16LE(16, 32 + name.length);
    local.writeBigUInt64LE(BigInt(f.data.length), 34 + name.length);
    local.writeBigUInt64LE(BigInt(f.data.length), 42 + name.length);
    const cd = Buffer.alloc(46 + name.length + 28);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE((3 << 8) | 45, 4);
    cd.writeUInt16LE(45, 6);
    cd.writeUInt16LE(0x21, 14);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(0xffffffff, 20);
    cd.writeUInt32LE(0xffffffff, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt16LE(28, 30);
    cd.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    cd.writeUInt32LE(0xffffffff, 42);
    name.copy(cd, 46);
    const x = 46 + name.length;
    cd.writeUInt16LE(1, x);
    cd.writeUInt16LE(24, x + 2);
    cd.writeBigUInt64LE(BigInt(f.data.length), x + 4);
    cd.writeBigUInt64LE(BigInt(f.data.length), x + 12);
    cd.writeBigUInt64LE(BigInt(off), x + 20);
    parts.push(local, f.data);
    central.push(cd);
    off += local.length + f.data.length;
  }
  const cdSize = central.reduce((n, b) => n + b.length, 0);
  const end64 = Buffer.alloc(56);
  end64.writeUInt32LE(0x06064b50, 0);
  end64.writeBigUInt64LE(44n, 4);
  end64.writeUInt16LE(45, 12);
  end64.writeUInt16LE(45, 14);
  end64.writeBigUInt64LE(BigInt(entries.length), 24);
  end64.writeBigUInt64LE(BigInt(entries.length), 32);
  end64.writeBigUInt64LE(BigInt(cdSize), 40);
  end64.writeBigUInt64LE(BigInt(off), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(off + cdSize), 8);
  locator.writeUInt32LE(1, 16);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(0xffff, 8);
  eocd.writeUInt16LE(0xffff, 10);
  eocd.writeUInt32LE(0xffffffff, 12);
  eocd.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([...parts, ...central, end64, locator, eocd]);
}

test('readZip reads zip64 archives', () => {
  const z = zip64Archive(files);
  const entries = readZip(z);
  assert.deepEqual(entries.map((e) => [e.name, e.size, e.data()]), files.map((f) => [f.name, f.data.length, f.data]));
  // a saturated end record without the zip64 locator is malformed
  const broken = Buffer.from(z);
  broken.writeUInt32LE(0, z.length - 22 - 20);
  assert.throws(() => readZip(broken), { message: 'zip: not a valid zip file' });
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
	for _, name := range []string{os.Args[1], os.Args[3]} {
	r, err := zip.OpenReader(name)
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

test('go reads our zips (plain and zip64) and we read go zips', { skip: !existsSync(goBin) && 'no go toolchain' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ziptest-'));
  try {
    writeFileSync(join(dir, 'main.go'), goProg);
    writeFileSync(join(dir, 'ours.zip'), writeZip(files));
    writeFileSync(join(dir, 'ours64.zip'), zip64Archive(files));
    const out = execFileSync(goBin, ['run', join(dir, 'main.go'), join(dir, 'ours.zip'), join(dir, 'go.zip'), join(dir, 'ours64.zip')], {
      env: { ...process.env, GO111MODULE: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local' },
      encoding: 'utf8',
    });
    const want = files.map((f) => `${f.name} ${execSha(f.data)} 644\n`).join('').repeat(2);
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
