// go mod edit / go mod init: every case run by real go and by gocmd on copies of one go.mod; outputs must match.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const GO = '/usr/local/go/bin/go';
const GOCMD = resolve(import.meta.dirname, '../../main.js');
const haveGo = existsSync(GO);

const BASE = `module example.com/m // comment

go 1.21

require (
	rsc.io/quote v1.5.2
	golang.org/x/text v0.3.0 // indirect
)

exclude rsc.io/sampler v1.0.0

replace rsc.io/quote v1.5.1 => ../quote

retract v1.0.1 // bad
`;

const EDIT_CASES: string[][] = [
  [], ['-fmt'], ['-json'], ['-print'], ['-module=example.com/new'], ['-module=go'], ['-module=bad..path'],
  ['-go=1.22'], ['-go=none'], ['-go=bad'], ['-toolchain=go1.22.1'], ['-toolchain=none'], ['-toolchain=bad'],
  ['-require=rsc.io/x@v1.0.0'], ['-require=rsc.io/x'], ['-require=rsc.io/x@-bad'], ['-require=rsc.io/x@"v1'],
  ['-droprequire=rsc.io/quote'], ['-droprequire=rsc.io/quote@v1.5.2'],
  ['-exclude=rsc.io/a@v1.0.0', '-dropexclude=rsc.io/sampler@v1.0.0'],
  ['-replace=rsc.io/a=../a'], ['-replace=rsc.io/a@v1.0.0=rsc.io/b@v1.2.0'], ['-replace=rsc.io/a=>../a'],
  ['-replace=rsc.io/a'], ['-replace=rsc.io/a=rsc.io/b'], ['-dropreplace=rsc.io/quote@v1.5.1'],
  ['-retract=v1.0.0', '-retract=[v1.1.0,v1.2.0]', '-json'], ['-retract=[v1.1.0', '-dropretract=v1.0.1'],
  ['-godebug=panicnil=1', '-print'], ['-godebug=bad'], ['-dropgodebug=panicnil'],
  ['-tool=example.com/tool', '-ignore=./x', '-json'], ['-droptool=example.com/tool', '-dropignore=./x'],
  ['-json', '-print'], ['-fmt', 'extra1', 'extra2'], ['-print', 'nonexist.mod'],
];

function run(bin: 'go' | 'gocmd', dir: string, args: string[]): string {
  const env = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '', GOWORK: 'off' };
  const r = bin === 'go'
    ? spawnSync(GO, args, { cwd: dir, env, encoding: 'utf8' })
    : spawnSync(process.execPath, [GOCMD, ...args], { cwd: dir, env, encoding: 'utf8' });
  const gomod = existsSync(join(dir, 'go.mod')) ? readFileSync(join(dir, 'go.mod'), 'utf8') : '<none>';
  return `exit ${r.status}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}\ngo.mod:\n${gomod}`;
}

test('go mod edit matches real go', { skip: !haveGo && 'no go toolchain' }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'gocmd-modedit-'));
  try {
    for (const [i, args] of EDIT_CASES.entries()) {
      const out: Record<string, string> = {};
      for (const bin of ['go', 'gocmd'] as const) {
        const dir = join(tmp, `${i}-${bin}`);
        mkdirSync(dir);
        writeFileSync(join(dir, 'go.mod'), BASE);
        out[bin] = run(bin, dir, ['mod', 'edit', ...args]);
      }
      assert.equal(out['gocmd'], out['go'], `go mod edit ${args.join(' ')}`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('go mod init matches real go', { skip: !haveGo && 'no go toolchain' }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'gocmd-modinit-'));
  try {
    const cases: [string[], Record<string, string>][] = [
      [['example.com/ok'], {}],
      [['example.com/ok'], { 'main.go': 'package main\n' }],
      [['./x'], {}], [['example.com/x/v1'], {}], [['gopkg.in/yaml'], {}], [['go'], {}], [['a b'], {}], [['a', 'b'], {}],
      [[], { 'main.go': 'package main // import "example.com/fromcomment"\n' }],
      [[], { 'sub/s.go': 'package sub // import "example.com/c/sub"\n' }],
      [['example.com/again'], { 'go.mod': 'module example.com/old\n' }],
    ];
    for (const [i, [args, files]] of cases.entries()) {
      const out: Record<string, string> = {};
      for (const bin of ['go', 'gocmd'] as const) {
        const dir = join(tmp, `${i}-${bin}`);
        mkdirSync(dir);
        for (const [name, text] of Object.entries(files)) {
          mkdirSync(join(dir, name, '..'), { recursive: true });
          writeFileSync(join(dir, name), text);
        }
        out[bin] = run(bin, dir, ['mod', 'init', ...args]).replaceAll(dir, '$DIR');
      }
      assert.equal(out['gocmd'], out['go'], `go mod init ${args.join(' ')} with ${Object.keys(files).join(',')}`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('go mod init infers the path below GOPATH/src through symlinks ($PWD kept, as go does)', { skip: !haveGo && 'no go toolchain' }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'gocmd-modinit-link-'));
  try {
    // [cwd as the shell names it, GOPATH], relative to each binary's own tree.
    const cases: [string, string][] = [
      ['gopathlink/src/empty', 'gopath'], ['gopath/src/link', 'gopath'], ['gopath/src/empty', 'gopathlink'],
      ['gopathlink/src/link', 'gopathlink'], ['out', 'gopath'],
    ];
    for (const [i, [cwd, gopath]] of cases.entries()) {
      const out: Record<string, string> = {};
      for (const bin of ['go', 'gocmd'] as const) {
        const root = join(tmp, `${i}-${bin}`);
        mkdirSync(join(root, 'gopath/src/empty'), { recursive: true });
        mkdirSync(join(root, 'out'));
        symlinkSync(join(root, 'gopath'), join(root, 'gopathlink'));
        symlinkSync(join(root, 'out'), join(root, 'gopath/src/link'));
        const dir = join(root, cwd);
        const env = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '', GOWORK: 'off', GO111MODULE: 'on', GOPATH: join(root, gopath), PWD: dir };
        const args = ['mod', 'init'];
        const r = bin === 'go'
          ? spawnSync(GO, args, { cwd: dir, env, encoding: 'utf8' })
          : spawnSync(process.execPath, [GOCMD, ...args], { cwd: dir, env, encoding: 'utf8' });
        out[bin] = `exit ${r.status}\n${r.stderr}`.replaceAll(root, '$ROOT');
      }
      assert.equal(out['gocmd'], out['go'], `go mod init in ${cwd} with GOPATH=${gopath}`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
