// go mod download / go mod verify side by side with real go on the test module proxy and checksum database:
// output, go.sum and module cache trees compared byte for byte, a shared cache, and tampering.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { execFile } from 'node:child_process';
import { realGo, tempDir, type Ran } from '../../cfg/testutil.js';
import { runGocmd } from '../../cli/testutil.js';
import { startProxy, type Proxy } from '../../../conformance/proxy/server.js';
import { writeZip } from '../../lib/zip.js';

const skip = realGo() ? false : 'no go toolchain to compare with';
let proxy: Proxy;
let root: string;

before(async () => {
  if (skip) return;
  proxy = await startProxy({});
  root = tempDir('gocmd-moddl-');
});
after(async () => {
  if (proxy) await proxy.close();
  if (root) {
    for (const d of walkDirs(root)) chmodSync(d, 0o755);
    rmSync(root, { recursive: true, force: true });
  }
});

function walkDirs(d: string): string[] {
  const out = [d];
  for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) out.push(...walkDirs(join(d, e.name)));
  return out;
}

let seq = 0;
/** A fresh case directory with its own GOPATH and module cache (or the given shared ones). */
function caseEnv(extra: Record<string, string> = {}, shared?: string): { env: Record<string, string | undefined>; dir: string; work: string } {
  const dir = join(root, `c${seq++}`);
  const base = shared ?? dir;
  const work = join(dir, 'work');
  mkdirSync(work, { recursive: true });
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: dir,
    GOROOT: process.env.GOROOT,
    GOENV: 'off',
    GOFLAGS: '',
    GOTOOLCHAIN: 'local',
    GO111MODULE: 'on',
    GOPATH: join(base, 'gopath'),
    GOMODCACHE: join(base, 'modcache'),
    GOPROXY: proxy.url,
    GOSUMDB: proxy.sumdbKey,
    GONOPROXY: '',
    GONOSUMDB: '',
    GOPRIVATE: '',
    ...extra,
  };
  return { env, dir, work };
}

/** Runs the real go asynchronously (the test proxy answers from this process's event loop). */
function runRealGo(args: string[], env: Record<string, string | undefined>, cwd: string): Promise<Ran> {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) clean[k] = v;
  return new Promise((resolve) => {
    const child = execFile(realGo()!, args, { env: clean, cwd, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1) : 0;
      resolve({ stdout, stderr, code });
    });
    child.stdin?.end();
  });
}

const gocmd = runGocmd;

/** Replaces a case's directory with DIR and -x timings with T, so two runs compare equal. */
function norm(r: Ran, dir: string): Ran {
  const f = (s: string): string => s.split(dir).join('DIR').replace(/\(\d+\.\d+s\)/g, '(T)');
  return { stdout: f(r.stdout), stderr: f(r.stderr), code: r.code };
}

/** Every file and directory under dir: kind, mode and content (lock files excluded: go leaves them empty). */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = lstatSync(p);
      const rel = relative(dir, p);
      if (st.isDirectory()) {
        out.push(`d ${(st.mode & 0o777).toString(8)} ${rel}`);
        walk(p);
      } else if (!name.endsWith('.lock')) {
        out.push(`f ${(st.mode & 0o777).toString(8)} ${rel} ${readFileSync(p).toString('base64')}`);
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** Runs the same command with go and gocmd in twin cases; returns both results (normalized) and dirs. */
async function twin(args: string[], setup: (work: string) => void = () => {}, extra: Record<string, string> = {}) {
  const g = caseEnv(extra);
  const o = caseEnv(extra);
  setup(g.work);
  setup(o.work);
  const rg = norm(await runRealGo(args, g.env, g.work), g.dir);
  const ro = norm(await gocmd(args, o.env, o.work), o.dir);
  return { rg, ro, g, o };
}

const gomod121 = (w: string): void => writeFileSync(join(w, 'go.mod'), 'module m\n\ngo 1.21\n\nrequire rsc.io/quote v1.5.2\n');
const gomod116 = (w: string): void => writeFileSync(join(w, 'go.mod'), 'module m\n\ngo 1.16\n\nrequire rsc.io/quote v1.5.2\n');

const gomodOld = (w: string): void => writeFileSync(join(w, 'go.mod'), 'module m\n\ngo 1.16\n\nrequire (\n\trsc.io/quote v1.5.2\n\trsc.io/sampler v1.2.1 // older version than in build list\n)\n');

const sameCases: { name: string; args: string[]; setup?: (w: string) => void; env?: () => Record<string, string> }[] = [
  { name: 'explicit versions, queries and a missing module (-json)', args: ['mod', 'download', '-json', 'rsc.io/quote@v1.5.2', 'rsc.io/quote@latest', 'rsc.io/nonexist@v1.0.0', 'rsc.io/sampler@v1.3'] },
  { name: 'comparison and prefix queries', args: ['mod', 'download', '-json', 'rsc.io/quote@<v1.5.0', 'rsc.io/quote@>v1.2.0', 'rsc.io/quote@>=v9.0.0', 'rsc.io/quote@v1.9'] },
  { name: 'revisions resolved by the proxy', args: ['mod', 'download', '-json', 'rsc.io/quote@1.5.2', 'rsc.io/quote@master', 'rsc.io/quote@e7a685a342c0'] },
  { name: 'a proxy answering invalid JSON', args: ['mod', 'download', 'rsc.io/quote@latest', 'rsc.io/quote@1.5.2'], env: () => ({ GOPROXY: `${proxy.url}/invalid` }) },
  { name: 'a missing module', args: ['mod', 'download', 'rsc.io/nonexist@v1.0.0'] },
  { name: 'main module requirements (go 1.21)', args: ['mod', 'download'], setup: gomod121 },
  { name: 'main module build list (go 1.16)', args: ['mod', 'download'], setup: gomod116 },
  { name: 'explicit path in a module (-json)', args: ['mod', 'download', '-json', 'rsc.io/quote'], setup: gomod121 },
  { name: 'a module outside the build list', args: ['mod', 'download', 'rsc.io/sampler@v1.3.1'], setup: gomod121 },
  { name: '-x trace', args: ['mod', 'download', '-x', 'rsc.io/quote@v1.5.2'] },
  { name: 'retracted versions skipped by @latest', args: ['mod', 'download', '-json', 'example.com/retract@latest'] },
  { name: 'mod verify', args: ['mod', 'verify'], setup: gomod121 },
  { name: 'mod verify with GO111MODULE=off', args: ['mod', 'verify'], setup: gomod121, env: () => ({ GO111MODULE: 'off' }) },
  { name: 'mod download with GO111MODULE=off', args: ['mod', 'download'], setup: gomod121, env: () => ({ GO111MODULE: 'off' }) },
  { name: 'GOPROXY=off', args: ['mod', 'download', 'rsc.io/quote@v1.5.2'], env: () => ({ GOPROXY: 'off' }) },
  { name: 'bad GOPROXY scheme', args: ['mod', 'download', 'rsc.io/quote@v1.5.2'], env: () => ({ GOPROXY: 'ftp://x' }) },
  { name: 'empty GOPROXY list', args: ['mod', 'download', 'rsc.io/quote@v1.5.2'], env: () => ({ GOPROXY: ',' }) },
  { name: 'file:// proxy without the module', args: ['mod', 'download', 'rsc.io/quote@v1.5.2'], env: () => ({ GOPROXY: 'file:///nonexistent-proxy' }) },
  { name: '"," falls through on 404', args: ['mod', 'download', 'rsc.io/quote@v1.5.2'], env: () => ({ GOPROXY: `${proxy.url}/404,${proxy.url}` }) },
  { name: '"," stops on 500', args: ['mod', 'download', 'rsc.io/quote@v1.5.2'], env: () => ({ GOPROXY: `${proxy.url}/500,${proxy.url}` }) },
  { name: '"|" falls through on 500', args: ['mod', 'download', 'rsc.io/quote@v1.5.2'], env: () => ({ GOPROXY: `${proxy.url}/500|${proxy.url}` }) },
  { name: 'connection refused', args: ['mod', 'download', 'rsc.io/quote@v1.5.2'], env: () => ({ GOPROXY: 'http://127.0.0.1:1' }) },
  { name: 'GOSUMDB=off', args: ['mod', 'download', '-json', 'rsc.io/quote@v1.5.2'], env: () => ({ GOSUMDB: 'off' }) },
  { name: 'GONOSUMDB', args: ['mod', 'download', 'rsc.io/quote@v1.5.2'], env: () => ({ GONOSUMDB: 'rsc.io' }) },
  { name: 'checksum database serving wrong hashes', args: ['mod', 'download', 'rsc.io/quote@v1.5.2'], env: () => ({ GOSUMDB: `${proxy.sumdbKey} ${proxy.url}/sumdb-wrong` }) },
  { name: 'checksum database failing', args: ['mod', 'download', 'rsc.io/quote@v1.5.2'], env: () => ({ GOPROXY: `${proxy.url}/sumdb-503` }) },
  {
    name: 'go.sum with a wrong zip hash',
    args: ['mod', 'download', 'rsc.io/quote'],
    setup: (w) => {
      gomod121(w);
      writeFileSync(join(w, 'go.sum'), 'rsc.io/quote v1.5.2 h1:AAAAkkD9k7lYzXqCYrwGAf7iNhbk4yCjHmKBN9td4L0=\nrsc.io/quote v1.5.2/go.mod h1:LzX7hefJvL54yjefDEDHNONDjII0t9xZLPXsUe+TKr0=\n');
    },
  },
  {
    name: 'go.sum with a wrong go.mod hash',
    args: ['mod', 'download'],
    setup: (w) => {
      gomod121(w);
      writeFileSync(join(w, 'go.sum'), 'rsc.io/quote v1.5.2/go.mod h1:AAAAhefJvL54yjefDEDHNONDjII0t9xZLPXsUe+TKr0=\n');
    },
  },
  {
    name: '"all" with a module replaced by a directory (-json): nothing to download',
    args: ['mod', 'download', '-json', 'all'],
    setup: (w) => {
      writeFileSync(join(w, 'go.mod'), 'module example.com/a\n\ngo 1.16\n\nrequire example.com/b v1.0.0\n\nreplace example.com/b => ./local/b\n');
      mkdirSync(join(w, 'local/b'), { recursive: true });
      writeFileSync(join(w, 'local/b/go.mod'), 'module example.com/b\n');
    },
  },
  { name: 'a requirement replaced by another version downloads the replacement', args: ['mod', 'download'], setup: (w) => writeFileSync(join(w, 'go.mod'), 'module m\n\ngo 1.16\n\nrequire rsc.io/quote v1.5.1\n\nreplace rsc.io/quote v1.5.1 => rsc.io/quote v1.5.2\n') },
  { name: 'explicit queries do not follow replacements', args: ['mod', 'download', '-json', 'rsc.io/quote@v1.5.1'], setup: (w) => writeFileSync(join(w, 'go.mod'), 'module m\n\ngo 1.16\n\nrequire rsc.io/quote v1.5.1\n\nreplace rsc.io/quote v1.5.1 => rsc.io/quote v1.5.2\n') },
  { name: 'requirements below the build list are raised in go.mod (no args)', args: ['mod', 'download'], setup: gomodOld },
  { name: 'requirements below the build list are raised in go.mod (a path)', args: ['mod', 'download', 'rsc.io/sampler'], setup: gomodOld },
  { name: 'requirements below the build list are raised in go.mod (all)', args: ['mod', 'download', 'all'], setup: gomodOld },
];

for (const c of sameCases) {
  test(`same as go: ${c.name}`, { skip }, async () => {
    const { rg, ro, g, o } = await twin(c.args, c.setup, c.env?.() ?? {});
    assert.deepEqual(ro, rg);
    const sum = (w: string): string => (existsSync(join(w, 'go.sum')) ? readFileSync(join(w, 'go.sum'), 'utf8') : '<none>');
    assert.equal(sum(o.work), sum(g.work), 'go.sum');
    const gomod = (w: string): string => (existsSync(join(w, 'go.mod')) ? readFileSync(join(w, 'go.mod'), 'utf8') : '<none>');
    assert.equal(gomod(o.work), gomod(g.work), 'go.mod');
    // go leaves its temp zip behind when it stops on a go.sum mismatch; gocmd removes it.
    const t = (d: string): string[] => tree(d).filter((l) => !/\.zip\d+\.tmp /.test(l));
    assert.deepEqual(t(join(o.dir, 'modcache')), t(join(g.dir, 'modcache')), 'module cache');
    assert.deepEqual(tree(join(o.dir, 'gopath')), tree(join(g.dir, 'gopath')), 'GOPATH/pkg/sumdb');
  });
}

test('go and gocmd share one module cache in turn', { skip }, async () => {
  const mods = ['rsc.io/quote@v1.5.2', 'rsc.io/sampler@v1.3.0'];
  // go fills the cache; gocmd then needs no network (GOPROXY=off) and prints what go printed.
  const a = caseEnv();
  const first = await runRealGo(['mod', 'download', '-json', ...mods], a.env, a.work);
  assert.equal(first.code, 0, first.stderr);
  const again = await gocmd(['mod', 'download', '-json', ...mods], { ...a.env, GOPROXY: 'off' }, a.work);
  assert.deepEqual(again, first);
  // gocmd fills a cache; go then uses it offline, and its mod verify accepts it.
  const b = caseEnv();
  const mine = await gocmd(['mod', 'download', '-json', ...mods], b.env, b.work);
  assert.equal(mine.code, 0, mine.stderr);
  const theirs = await runRealGo(['mod', 'download', '-json', ...mods], { ...b.env, GOPROXY: 'off' }, b.work);
  assert.deepEqual(theirs, mine);
  gomod121(b.work);
  const v1 = await runRealGo(['mod', 'download'], b.env, b.work);
  assert.equal(v1.code, 0, v1.stderr);
  const v = await runRealGo(['mod', 'verify'], { ...b.env, GOPROXY: 'off' }, b.work);
  assert.deepEqual([v.code, v.stdout], [0, 'all modules verified\n'], v.stderr);
});

test('tampered cache: go mod verify reports the same modified zip and directory', { skip }, async () => {
  const setup = (w: string): void => gomod121(w);
  const { g, o } = await twin(['mod', 'download'], setup);
  for (const c of [g, o]) {
    const zip = join(c.dir, 'modcache/cache/download/rsc.io/quote/@v/v1.5.2.zip');
    writeFileSync(zip, writeZip([{ name: 'rsc.io/quote@v1.5.2/quote.go', data: Buffer.from('package quote\n') }]));
    const dir = join(c.dir, 'modcache/rsc.io/quote@v1.5.2');
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'quote.go'), 0o644);
    appendFileSync(join(dir, 'quote.go'), '// changed\n');
  }
  const rg = norm(await runRealGo(['mod', 'verify'], g.env, g.work), g.dir);
  const ro = norm(await gocmd(['mod', 'verify'], o.env, o.work), o.dir);
  assert.equal(ro.code, 1);
  assert.match(ro.stderr, /rsc\.io\/quote v1\.5\.2: zip has been modified/);
  assert.match(ro.stderr, /rsc\.io\/quote v1\.5\.2: dir has been modified/);
  assert.deepEqual(ro, rg);
});

test('tampered .mod in the cache is refused against go.sum as go refuses it', { skip }, async () => {
  const { g, o } = await twin(['mod', 'download'], gomod121);
  for (const c of [g, o]) {
    const mod = join(c.dir, 'modcache/cache/download/rsc.io/quote/@v/v1.5.2.mod');
    appendFileSync(mod, '// tampered\n');
  }
  const rg = norm(await runRealGo(['mod', 'download'], g.env, g.work), g.dir);
  const ro = norm(await gocmd(['mod', 'download'], o.env, o.work), o.dir);
  assert.equal(ro.code, 1);
  assert.match(ro.stderr, /verifying rsc\.io\/quote@v1\.5\.2\/go\.mod: checksum mismatch/);
  assert.deepEqual(ro, rg);
});

/** A file:// proxy serving one module version whose zip is given. */
function fileProxy(dir: string, path: string, version: string, zip: Buffer): string {
  const v = join(dir, path, '@v');
  mkdirSync(v, { recursive: true });
  writeFileSync(join(v, 'list'), version + '\n');
  writeFileSync(join(v, `${version}.info`), `{"Version":"${version}","Time":"2020-01-01T00:00:00Z"}`);
  writeFileSync(join(v, `${version}.mod`), `module ${path}\n`);
  writeFileSync(join(v, `${version}.zip`), zip);
  return 'file://' + dir;
}

test('a hostile zip (../ paths) is refused with go\'s error, nothing is extracted, the cache stays usable', { skip }, async () => {
  const evil = writeZip([
    { name: 'example.com/evil@v1.0.0/go.mod', data: Buffer.from('module example.com/evil\n') },
    { name: 'example.com/evil@v1.0.0/../../../../escaped.go', data: Buffer.from('package x\n') },
  ]);
  const pdir = join(root, 'evilproxy');
  const url = fileProxy(pdir, 'example.com/evil', 'v1.0.0', evil);
  const { rg, ro, g, o } = await twin(['mod', 'download', 'example.com/evil@v1.0.0'], () => {}, { GOPROXY: url, GOSUMDB: 'off' });
  assert.equal(ro.code, 1);
  assert.match(ro.stderr, /^go: unzip .*v1\.0\.0\.zip: example\.com\/evil@v1\.0\.0\/\.\.\/\.\.\/\.\.\/\.\.\/escaped\.go: malformed file path "\.\.\/\.\.\/\.\.\/\.\.\/escaped\.go": invalid path element "\.\."$/m);
  assert.deepEqual(ro, rg);
  for (const c of [g, o]) {
    assert.equal(existsSync(join(c.dir, 'modcache/example.com/evil@v1.0.0')), false);
    assert.equal(existsSync(join(c.dir, 'modcache/cache/download/example.com/evil/@v/v1.0.0.partial')), false);
    assert.equal(readdirSync(root).some((n) => n === 'escaped.go'), false);
  }
  assert.deepEqual(tree(join(o.dir, 'modcache')), tree(join(g.dir, 'modcache')));
  const good = await gocmd(['mod', 'download', 'rsc.io/quote@v1.5.2'], { ...o.env, GOPROXY: proxy.url, GOSUMDB: proxy.sumdbKey }, o.work);
  assert.equal(good.code, 0, good.stderr);
});
