import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SpawnHelper, spawnerPath, startDirect, type ToolProcess, type ToolSpawnOptions } from './spawn.js';
import { testSpawner } from './spawnertest.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
let tmp = '';
let helper: SpawnHelper;

/** A helper whose temporary directory (where it takes its CPU locks) is dir: it reads TMPDIR at start. */
function helperIn(dir: string): SpawnHelper {
  const saved = process.env['TMPDIR'];
  process.env['TMPDIR'] = dir;
  try {
    return new SpawnHelper(testSpawner());
  } finally {
    if (saved === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = saved;
  }
}

before(() => {
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'gocmd-spawn-')));
  // Its own temporary directory: CPU locks of other gocmd processes on the machine do not reach it.
  helper = helperIn(tmp);
});
after(() => { rmSync(tmp, { recursive: true, force: true }); });

type Starter = (file: string, args: string[], opts: ToolSpawnOptions) => ToolProcess;
const starters: [string, () => Starter][] = [
  ['direct', () => startDirect],
  ['helper', () => (f, a, o) => helper.start(f, a, o)],
];
const opts = (): ToolSpawnOptions => ({ cwd: tmp, env: { PATH: process.env['PATH'], FOO: 'bar baz' } });

for (const [mode, get] of starters) {
  test(`${mode}: combined output, exit status, env and cwd`, async () => {
    const p = get()('/bin/sh', ['sh', '-c', 'echo "$FOO"; pwd; echo err >&2; exit 3'], opts());
    const end = await p.ended;
    assert.equal(end.code, 3);
    assert.equal(end.signal, null);
    assert.equal(end.out.toString(), `bar baz\n${tmp}\nerr\n`);
    assert.equal(p.running(), false);
  });

  test(`${mode}: death by signal`, async () => {
    const end = await get()('/bin/sh', ['sh', '-c', 'kill -TERM $$'], opts()).ended;
    assert.deepEqual([end.code, end.signal], [null, 'SIGTERM']);
  });

  test(`${mode}: kill`, async () => {
    const p = get()('/bin/sleep', ['sleep', '30'], opts());
    assert.equal(p.running(), true);
    p.kill('SIGINT');
    const end = await p.ended;
    assert.deepEqual([end.code, end.signal], [null, 'SIGINT']);
  });

  test(`${mode}: a program that cannot start gives node's spawn error`, async () => {
    const end = await get()('/nonexistent/tool', ['tool'], opts()).ended;
    assert.equal(end.startError?.message, 'spawn /nonexistent/tool ENOENT');
    const dir = await get()(tmp, ['x'], opts()).ended;
    assert.equal(dir.startError?.message, `spawn ${tmp} EACCES`);
  });

  test(`${mode}: parallel runs keep their own output`, async () => {
    const runs = Array.from({ length: 8 }, (_, i) => get()('/bin/sh', ['sh', '-c', `sleep 0.0${i % 3}; echo ${i}; exit ${i}`], opts()));
    const ends = await Promise.all(runs.map((r) => r.ended));
    assert.deepEqual(ends.map((e) => [e.code, e.out.toString()]), ends.map((_, i) => [i, `${i}\n`]));
  });
}

test('spawnerPath: GOCMD_SPAWNER overrides, off disables, default is beside the entry script', () => {
  assert.equal(spawnerPath({ GOCMD_SPAWNER: '/x/s' }, '/d/gocmd.js'), '/x/s');
  assert.equal(spawnerPath({ GOCMD_SPAWNER: 'off' }, '/d/gocmd.js'), undefined);
  assert.equal(spawnerPath({}, '/d/gocmd.js'), '/d/gocmd-spawner');
});

test('an idle helper does not keep node running', () => {
  // A child node that runs one tool through the helper and then has nothing left to do must exit at once.
  const script = `import { SpawnHelper } from ${JSON.stringify(join(ROOT, 'build', 'src', 'base', 'spawn.js'))};
    const h = new SpawnHelper(process.argv[1]);
    const e = await h.start('/bin/echo', ['echo', 'ok'], { cwd: '/', env: {} }).ended;
    process.stdout.write(e.out);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, testSpawner()], { encoding: 'utf8', timeout: 10000 });
  assert.equal(r.stdout, 'ok\n');
  assert.equal(r.status, 0, r.stderr);
});

test('a helper that cannot run (not a program for this machine) hands its requests to direct starts', async () => {
  const bogus = join(tmp, 'bogus-spawner');
  writeFileSync(bogus, '#!/bin/sh\nexit 3\n');
  chmodSync(bogus, 0o755);
  const h = new SpawnHelper(bogus);
  const runs = [h.start('/bin/echo', ['echo', 'one'], opts()), h.start('/bin/echo', ['echo', 'two'], opts())];
  const ends = await Promise.all(runs.map((r) => r.ended));
  assert.deepEqual(ends.map((e) => [e.code, e.out.toString()]), [[0, 'one\n'], [0, 'two\n']]);
  const later = await h.start('/bin/echo', ['echo', 'three'], opts()).ended;
  assert.equal(later.out.toString(), 'three\n');
});

test('helper locks are flock(2) locks: a lock go (here flock(1)) holds makes us wait, and ours excludes it', async () => {
  const file = join(tmp, 'x.lock');
  const holder = spawn('flock', ['-x', file, '-c', 'echo held; sleep 0.5']);
  await new Promise<void>((r) => holder.stdout.once('data', () => r()));
  const t0 = Date.now();
  const unlock = await helper.lock(file);
  assert.ok(Date.now() - t0 >= 300, `waited only ${Date.now() - t0} ms`);
  const tryLock = (): Promise<number | null> => new Promise((r) => spawn('flock', ['-n', file, 'true']).on('close', r));
  assert.equal(await tryLock(), 1);
  await unlock();
  assert.equal(await tryLock(), 0);
  // The lock file is created when missing, as go's lockedfile.MutexAt does.
  const fresh = join(tmp, 'sub-missing.lock');
  await (await helper.lock(fresh))();
  assert.equal(statSync(fresh).mode & 0o777, 0o666 & ~process.umask());
});

/** The CPUs in a Cpus_allowed_list line of /proc/PID/status ("0-3,6"). */
function cpuList(text: string): number[] {
  const m = /Cpus_allowed_list:\s*(\S+)/.exec(text);
  assert.ok(m, `no Cpus_allowed_list in ${JSON.stringify(text)}`);
  const cpus: number[] = [];
  for (const part of m[1]!.split(',')) {
    const [a, b] = part.split('-').map(Number);
    for (let c = a!; c <= (b ?? a!); c++) cpus.push(c);
  }
  return cpus;
}

const allowedHere = (): number[] => {
  try {
    return cpuList(spawnSync('grep', ['Cpus_allowed_list', '/proc/self/status'], { encoding: 'utf8' }).stdout);
  } catch {
    return [];
  }
};

test('helper: ownCPU gives a process a CPU of its own, and the processes started meanwhile the others', { skip: allowedHere().length < 2 ? 'needs two CPUs or more (and Linux)' : false }, async () => {
  const allowed = allowedHere();
  const show = 'grep Cpus_allowed_list /proc/self/status';
  // The owner prints its CPUs and stays until killed; the helper handles requests in order, so the
  // second process starts while the owner runs.
  const owner = helper.start('/bin/sh', ['sh', '-c', `${show}; exec sleep 60`], { ...opts(), ownCPU: true });
  const meanwhile = await helper.start('/bin/sh', ['sh', '-c', show], opts()).ended;
  owner.kill('SIGKILL');
  const ownerEnd = await owner.ended;
  const own = cpuList(ownerEnd.out.toString());
  assert.equal(own.length, 1, `the owner runs on one CPU: ${own}`);
  assert.ok(allowed.includes(own[0]!));
  assert.deepEqual(cpuList(meanwhile.out.toString()), allowed.filter((c) => c !== own[0]));
  // Once the owner has ended, its CPU is everyone's again.
  const after = await helper.start('/bin/sh', ['sh', '-c', show], opts()).ended;
  assert.deepEqual(cpuList(after.out.toString()), allowed);
  // Without ownCPU nothing is placed.
  const plain = await helper.start('/bin/sh', ['sh', '-c', show], opts()).ended;
  assert.deepEqual(cpuList(plain.out.toString()), allowed);
});

test('helper: two helpers never give their large compiles the same CPU (machine-wide CPU locks)', { skip: allowedHere().length < 2 ? 'needs two CPUs or more (and Linux)' : false }, async () => {
  const other = helperIn(tmp);
  const show = 'grep Cpus_allowed_list /proc/self/status';
  const started = join(tmp, 'first-started');
  const first = helper.start('/bin/sh', ['sh', '-c', `${show}; : > ${started}; exec sleep 60`], { ...opts(), ownCPU: true });
  // The second is asked for once the first runs, so the first holds its CPU's lock by then.
  for (let i = 0; i < 1000 && !existsSync(started); i++) await new Promise((r) => setTimeout(r, 10));
  const second = await other.start('/bin/sh', ['sh', '-c', show], { ...opts(), ownCPU: true }).ended;
  first.kill('SIGKILL');
  const a = cpuList((await first.ended).out.toString());
  const b = cpuList(second.out.toString());
  assert.equal(a.length, 1, `first ${a}`);
  assert.equal(b.length, 1, `second ${b}`);
  assert.notEqual(b[0], a[0]);
});
