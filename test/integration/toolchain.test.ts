// Integration: GOTOOLCHAIN=auto with a go.mod that needs go1.27.3. gocmd downloads the toolchain module
// through the configured GOPROXY into a private module cache and builds with it; go then uses that
// same download (no second one) and builds the same bytes, with and without cgo. The other way round,
// go unpacks the toolchain into a second module cache (from the first one's download cache, served as
// a file:// proxy, so the ~75 MB come over the network once per run) and gocmd uses it without any
// proxy at all.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GO } from './buildharness.js';
import { bundleCLI, removeTestDir, runGoOrGocmd } from './cliharness.js';

const TOOLCHAIN = 'go1.27.3';
const TOOLCHAIN_MOD = `golang.org/toolchain/@v/v0.0.1-${TOOLCHAIN}.linux-amd64`;

let tmp = '';
let GOCMD = '';
let skipReason = '';

interface Result { code: number; stdout: string; stderr: string }

function goEnv(name: string): string {
  const r = spawnSync(GO, ['env', name], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
  return r.status === 0 ? r.stdout.trim() : '';
}

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {
    ...process.env,
    GOPATH: join(tmp, 'gopath'), GOCACHE: join(tmp, 'gocache'), GOFLAGS: '-buildvcs=false',
    GOWORK: 'off', GO111MODULE: 'on', GOTOOLCHAIN: 'auto', GOENV: 'off',
    ...extra,
  };
  for (const k of ['GOOS', 'GOARCH', 'GOROOT', 'CGO_ENABLED', 'GOTOOLCHAIN_INTERNAL_SWITCH_VERSION']) if (!(k in extra)) delete e[k];
  return e;
}

function run(bin: 'go' | 'gocmd', dir: string, args: string[], extra: Record<string, string>): Promise<Result> {
  return runGoOrGocmd(bin, GOCMD, join(tmp, dir), args, env(extra));
}

/** '' when the first proxy of GOPROXY serves the toolchain module's .info within 5 s, else why not. */
async function probe(): Promise<string> {
  if (!existsSync(GO)) return 'no go toolchain';
  if (process.platform !== 'linux' || process.arch !== 'x64') return 'the test downloads the linux-amd64 toolchain';
  const goproxy = process.env.GOPROXY ?? goEnv('GOPROXY');
  const first = goproxy.split(/[,|]/).map((s) => s.trim()).find((s) => /^https?:\/\//.test(s));
  if (!first) return `GOPROXY=${goproxy || '(empty)'} names no proxy URL`;
  try {
    const r = await fetch(`${first.replace(/\/$/, '')}/${TOOLCHAIN_MOD}.info`, { signal: AbortSignal.timeout(5000) });
    await r.arrayBuffer();
    if (r.status !== 200) return `the configured GOPROXY answered ${r.status} for ${TOOLCHAIN}`;
  } catch (e) {
    const err = e as Error & { cause?: Error };
    return `the configured GOPROXY is unreachable (${err.cause?.message ?? err.message})`;
  }
  return '';
}

function writeModule(dir: string, mainGo: string): void {
  mkdirSync(join(tmp, dir), { recursive: true });
  writeFileSync(join(tmp, dir, 'go.mod'), `module example.com/${dir}\n\ngo 1.27.3\n`);
  writeFileSync(join(tmp, dir, 'main.go'), mainGo);
}

before(async () => {
  skipReason = await probe();
  if (skipReason !== '') return;
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-toolchain-'));
  GOCMD = join(tmp, 'gocmd.mjs');
  await bundleCLI(GOCMD);
  writeModule('hello', 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello from", "1.27") }\n');
  writeModule('withcgo', 'package main\n\n// static int twice(int x) { return 2*x; }\nimport "C"\n\nimport "fmt"\n\nfunc main() { fmt.Println("cgo", C.twice(21)) }\n');
});

after(() => {
  if (tmp !== '') removeTestDir(tmp);
});

function sameFile(a: string, b: string, what: string): void {
  assert.ok(readFileSync(a).equals(readFileSync(b)), `${what}: gocmd and go binaries differ`);
}

test('GOTOOLCHAIN=auto: go1.27.3 downloaded once into the module cache, shared by gocmd and go, same bytes', async (t) => {
  if (skipReason !== '') {
    t.skip(`skipped: ${skipReason}`);
    return;
  }
  const modA = { GOMODCACHE: join(tmp, 'modA'), GOFLAGS: '-buildvcs=false -modcacherw' };

  // GOTOOLCHAIN=local refuses, with go's message.
  const localErr = await run('gocmd', 'hello', ['build', '.'], { ...modA, GOTOOLCHAIN: 'local' });
  const goLocalErr = await run('go', 'hello', ['build', '.'], { ...modA, GOTOOLCHAIN: 'local' });
  assert.equal(localErr.code, 1);
  assert.equal(localErr.stderr, goLocalErr.stderr);
  assert.match(localErr.stderr, /^go: go\.mod requires go >= 1\.27\.3 \(running go 1\.\d+\.\d+; GOTOOLCHAIN=local\)\n$/);

  // gocmd downloads it (into an empty module cache) and builds with it.
  const ours = await run('gocmd', 'hello', ['build', '-o', join(tmp, 'hello.gocmd'), '.'], { ...modA, CGO_ENABLED: '0' });
  assert.equal(ours.code, 0, `gocmd build failed:\n${ours.stderr}`);
  assert.equal(ours.stderr, `go: downloading ${TOOLCHAIN} (linux/amd64)\n`);
  const v = await run('gocmd', 'hello', ['version'], modA);
  assert.equal(v.stdout, `go version ${TOOLCHAIN} linux/amd64\n`);
  const envRoot = await run('gocmd', 'hello', ['env', 'GOROOT', 'GOVERSION'], modA);
  assert.equal(envRoot.stdout, `${join(tmp, 'modA', `golang.org/toolchain@v0.0.1-${TOOLCHAIN}.linux-amd64`)}\n${TOOLCHAIN}\n`);

  // go finds gocmd's download: nothing downloaded, the same binary.
  const theirs = await run('go', 'hello', ['build', '-o', join(tmp, 'hello.go'), '.'], { ...modA, CGO_ENABLED: '0' });
  assert.equal(theirs.code, 0, `go build failed:\n${theirs.stderr}`);
  assert.equal(theirs.stderr, '');
  sameFile(join(tmp, 'hello.gocmd'), join(tmp, 'hello.go'), 'hello');

  // cgo, through the go1.27.3 runtime/cgo and cgo tool.
  const c1 = await run('gocmd', 'withcgo', ['build', '-o', join(tmp, 'cgo.gocmd'), '.'], { ...modA, CGO_ENABLED: '1' });
  assert.equal(c1.code, 0, `gocmd cgo build failed:\n${c1.stderr}`);
  const c2 = await run('go', 'withcgo', ['build', '-o', join(tmp, 'cgo.go'), '.'], { ...modA, CGO_ENABLED: '1' });
  assert.equal(c2.code, 0, `go cgo build failed:\n${c2.stderr}`);
  sameFile(join(tmp, 'cgo.gocmd'), join(tmp, 'cgo.go'), 'cgo');
  const out = spawnSync(join(tmp, 'cgo.gocmd'), { encoding: 'utf8' });
  assert.equal(out.stdout, 'cgo 42\n');

  // The other way: go unpacks the toolchain into a second module cache (fetching the zip from the
  // first cache; its checksum was verified against GOSUMDB by gocmd above), then gocmd uses it with
  // no proxy at all.
  const modB = {
    GOMODCACHE: join(tmp, 'modB'), GOFLAGS: '-buildvcs=false -modcacherw',
    GOPROXY: 'file://' + join(tmp, 'modA', 'cache', 'download'), GONOSUMDB: 'golang.org/toolchain',
  };
  const goFirst = await run('go', 'hello', ['build', '-o', join(tmp, 'hello2.go'), '.'], { ...modB, CGO_ENABLED: '0' });
  assert.equal(goFirst.code, 0, `go build (modB) failed:\n${goFirst.stderr}`);
  assert.equal(goFirst.stderr, `go: downloading ${TOOLCHAIN} (linux/amd64)\n`);
  const oursB = await run('gocmd', 'hello', ['build', '-o', join(tmp, 'hello2.gocmd'), '.'], { ...modB, GOPROXY: 'off', CGO_ENABLED: '0' });
  assert.equal(oursB.code, 0, `gocmd build (modB) failed:\n${oursB.stderr}`);
  assert.equal(oursB.stderr, '');
  sameFile(join(tmp, 'hello2.gocmd'), join(tmp, 'hello2.go'), 'hello (modB)');
});
