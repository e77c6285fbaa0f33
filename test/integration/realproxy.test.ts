// Integration: a small real module graph fetched through the machine's configured GOPROXY by gocmd, then built by go from the same module cache; binaries byte-identical.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleCLI, machineGoEnv, probeConfiguredProxy, removeTestDir, runGoOrGocmd } from './cliharness.js';

const ROOT = resolve(import.meta.dirname, '../../..');
let tmp = '';
let GOCMD = '';
/** Why the test cannot run here ('' when it can). */
let skipReason = '';

// A uuid module (no dependencies) and a command-line module with two (one only built on Windows).
const GO_MOD = `module example.com/realproxy

go 1.22

require (
	github.com/google/uuid v1.6.0
	github.com/spf13/cobra v1.10.2
)

require (
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/spf13/pflag v1.0.9 // indirect
)
`;
// As go mod tidy wrote it (real go, go1.26.8).
const GO_SUM = `github.com/cpuguy83/go-md2man/v2 v2.0.6/go.mod h1:oOW0eioCTA6cOiMLiUPZOpcVxMig6NIQQ7OS05n1F4g=
github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=
github.com/google/uuid v1.6.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=
github.com/inconshreveable/mousetrap v1.1.0 h1:wN+x4NVGpMsO7ErUn/mUI3vEoE6Jt13X2s0bqwp9tc8=
github.com/inconshreveable/mousetrap v1.1.0/go.mod h1:vpF70FUmC8bwa3OWnCshd2FqLfsEA9PFc4w1p2J65bw=
github.com/russross/blackfriday/v2 v2.1.0/go.mod h1:+Rmxgy9KzJVeS9/2gXHxylqXiyQDYRxCVz55jmeOWTM=
github.com/spf13/cobra v1.10.2 h1:DMTTonx5m65Ic0GOoRY2c16WCbHxOOw6xxezuLaBpcU=
github.com/spf13/cobra v1.10.2/go.mod h1:7C1pvHqHw5A4vrJfjNwvOdzYu0Gml16OCs2GRiTUUS4=
github.com/spf13/pflag v1.0.9 h1:9exaQaMOCwffKiiiYk6/BndUBv+iRViNW+4lEMi0PvY=
github.com/spf13/pflag v1.0.9/go.mod h1:McXfInJRrz4CZXVZOBLb0bTZqETkiAhM9Iw0y3An2Bg=
go.yaml.in/yaml/v3 v3.0.4/go.mod h1:DhzuOOF2ATzADvBadXxruRBLzYTpT36CKvDb3+aBEFg=
gopkg.in/check.v1 v0.0.0-20161208181325-20d25e280405/go.mod h1:Co6ibVJAznAaIkqp8huTwlJQCZ016jof/cbN4VW5Yz0=
`;
const MAIN_GO = `package main

import (
	"fmt"

	"github.com/google/uuid"
	"github.com/spf13/cobra"
)

func main() {
	cmd := &cobra.Command{Use: "rp", Run: func(*cobra.Command, []string) {
		fmt.Println(uuid.NewSHA1(uuid.NameSpaceURL, []byte("gocmd")).String())
	}}
	_ = cmd.Execute()
}
`;

interface Result { code: number; stdout: string; stderr: string }

function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {
    ...process.env,
    GOMODCACHE: join(tmp, 'modcache'), GOPATH: join(tmp, 'gopath'), GOFLAGS: '-modcacherw -buildvcs=false',
    GOWORK: 'off', GO111MODULE: 'on', GOTOOLCHAIN: 'local',
  };
  const cache = process.env.GOCMD_TEST_GOCACHE ?? machineGoEnv('GOCACHE');
  if (cache) e.GOCACHE = cache;
  // The machine's defaults (cgo on where a C compiler is): pflag imports net, which then links with cgo.
  for (const k of ['GOOS', 'GOARCH', 'CGO_ENABLED']) delete e[k];
  return e;
}


function run(bin: 'go' | 'gocmd', args: string[]): Promise<Result> {
  return runGoOrGocmd(bin, GOCMD, join(tmp, 'm'), args, env());
}

before(async () => {
  skipReason = await probeConfiguredProxy();
  if (skipReason !== '') return;
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-realproxy-'));
  GOCMD = join(tmp, 'gocmd.mjs');
  await bundleCLI(GOCMD);
  const m = join(tmp, 'm');
  spawnSync('mkdir', ['-p', m]);
  writeFileSync(join(m, 'go.mod'), GO_MOD);
  writeFileSync(join(m, 'go.sum'), GO_SUM);
  writeFileSync(join(m, 'main.go'), MAIN_GO);
});

after(() => {
  if (tmp !== '') removeTestDir(tmp);
});

test('gocmd fetches a real module graph through the configured GOPROXY; go builds the same bytes from that module cache', async (t) => {
  if (skipReason !== '') {
    t.skip(`skipped: ${skipReason}`);
    return;
  }
  const flags = ['-trimpath', '-ldflags=-buildid='];
  // gocmd first, with an empty module cache: it downloads and checks every zip and go.mod against go.sum.
  const ours = await run('gocmd', ['build', ...flags, '-o', join(tmp, 'gocmd.bin'), '.']);
  assert.equal(ours.code, 0, `gocmd build failed:\n${ours.stderr}`);
  assert.ok(existsSync(join(tmp, 'modcache/cache/download/github.com/spf13/cobra/@v/v1.10.2.zip')));
  // go accepts what gocmd put in the module cache (hashes of the extracted trees and zips)...
  const verify = await run('go', ['mod', 'verify']);
  assert.equal(verify.code, 0, verify.stderr);
  assert.equal(verify.stdout, 'all modules verified\n');
  // ...and builds the same binary from it without downloading anything.
  const theirs = await run('go', ['build', ...flags, '-o', join(tmp, 'go.bin'), '.']);
  assert.equal(theirs.code, 0, `go build failed:\n${theirs.stderr}`);
  assert.equal(theirs.stderr, '');
  assert.ok(readFileSync(join(tmp, 'gocmd.bin')).equals(readFileSync(join(tmp, 'go.bin'))), 'binaries differ');
  const out = spawnSync(join(tmp, 'gocmd.bin'), { encoding: 'utf8' });
  assert.match(out.stdout, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}\n$/);
  // go.mod and go.sum were complete: neither tool changed them.
  assert.equal(readFileSync(join(tmp, 'm/go.mod'), 'utf8'), GO_MOD);
  assert.equal(readFileSync(join(tmp, 'm/go.sum'), 'utf8'), GO_SUM);
});
