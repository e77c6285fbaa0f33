// Integration: a `go` link to dist/gocmd-client (the fastest served path, README "Resident server") does
// bin/gocmd's work itself: it runs commands plain without GOCMD_SERVER=1 and through the server with it,
// through links of links, with GOCMD_EXE (GOROOT found around the path it was started by), GOCMD_NODE and
// NODE_EXTRA_CA_CERTS as bin/gocmd has them, and runs plain when the server cannot be used. Both clients
// are checked: the C one `npm run build` makes with a C compiler, and the Go one it falls back to.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { GO } from './buildharness.js';
import { buildClients, installClient } from './clientharness.js';
import { removeTestDir, shippedCLI, type Result } from './cliharness.js';

let tmp = '';
let ship = '';
let gocmd = '';
let mod = '';
let skip = '';
/** The clients to check, each built into tmp: kind → binary (a kind whose compiler is missing is left out). */
const clients = new Map<string, string>();

before(() => {
  if (!existsSync(GO)) { skip = 'no go toolchain at ' + GO; return; }
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-serverlink-'));
  ship = join(tmp, 'ship');
  gocmd = shippedCLI(ship);
  mod = join(tmp, 'mod');
  mkdirSync(mod);
  writeFileSync(join(mod, 'go.mod'), 'module example.com/m\n\ngo 1.22\n');
  for (const [kind, bin] of buildClients(tmp)) clients.set(kind, bin);
});

after(() => { if (tmp !== '') removeTestDir(tmp); });

/** Puts the client of kind in the shipped dist/ and links dir/go to it (through a second link when twice). */
function install(kind: string, dir: string, twice = false): string {
  const client = installClient(ship, clients.get(kind)!);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (twice) {
    symlinkSync(client, join(dir, 'gocmd-client'));
    symlinkSync('gocmd-client', join(dir, 'go'));
  } else {
    symlinkSync(client, join(dir, 'go'));
  }
  return join(dir, 'go');
}

function env(xdg: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {
    ...process.env, GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local', GOWORK: 'off', GO111MODULE: 'on',
    GOCACHE: process.env['GOCMD_TEST_GOCACHE'] || join(tmp, 'gocache'), XDG_RUNTIME_DIR: xdg, GOCMD_SERVER_IDLE: '30s',
  };
  for (const k of ['GOCMD_SERVER', 'GOCMD_EXE', 'GOCMD_NODE', 'NODE_EXTRA_CA_CERTS', 'GOCMD_NODE_EXTRA_CA_CERTS']) delete e[k];
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete e[k];
    else e[k] = v;
  }
  return e;
}

function run(bin: string, args: string[], e: NodeJS.ProcessEnv, cwd = mod): Result {
  const r = spawnSync(bin, args, { cwd, env: e, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function privateDir(name: string): string {
  const d = join(tmp, name);
  mkdirSync(d, { recursive: true, mode: 0o700 });
  return d;
}

const sockets = (xdg: string): string[] => existsSync(join(xdg, 'gocmd')) ? readdirSync(join(xdg, 'gocmd')).filter((n) => n.endsWith('.sock')) : [];

const cmds = [['version'], ['env', 'GOFLAGS', 'GOMOD'], ['list', '-m', '-json'], ['mod', 'graph'], ['nosuchcmd']];

test('a go link to the client runs commands plain, and served with GOCMD_SERVER=1, as bin/gocmd does', (t) => {
  if (skip) return t.skip(skip);
  for (const kind of clients.keys()) {
    for (const twice of [false, true]) {
      const go = install(kind, join(tmp, `links-${kind}`), twice);
      const plainXDG = privateDir(`xdg-plain-${kind}-${twice}`);
      const servedXDG = privateDir(`xdg-served-${kind}-${twice}`);
      for (const args of cmds) {
        const want = run(gocmd, args, env(plainXDG));
        assert.deepEqual(run(go, args, env(plainXDG)), want, `${kind} client, plain: go ${args.join(' ')}`);
        assert.deepEqual(run(go, args, env(servedXDG, { GOCMD_SERVER: '1' })), want, `${kind} client, served: go ${args.join(' ')}`);
      }
      assert.deepEqual(sockets(plainXDG), [], `${kind} client: plain runs start no server`);
      assert.equal(sockets(servedXDG).length, 1, `${kind} client: served runs went through a server`);
      // bin/gocmd execs the same client when served.
      assert.deepEqual(run(gocmd, ['version'], env(servedXDG, { GOCMD_SERVER: '1' })), run(go, ['version'], env(plainXDG)));
    }
  }
});

test('the client started by a link finds GOROOT around the path it was started by, as bin/gocmd does', (t) => {
  if (skip) return t.skip(skip);
  // The shipped copy made to look like a GOROOT: the link resolves to its dist/gocmd-client, and GOROOT is
  // looked for around that (../..), as bin/gocmd's ../.. is the same directory.
  mkdirSync(join(ship, 'pkg', 'tool'), { recursive: true });
  mkdirSync(join(ship, 'src', 'cmd', 'go'), { recursive: true });
  t.after(() => rmSync(join(ship, 'pkg'), { recursive: true, force: true }));
  for (const kind of clients.keys()) {
    const links = join(tmp, `goroot-links-${kind}`);
    install(kind, links);
    const xdg = privateDir(`xdg-goroot-${kind}`);
    // Started by name through PATH (argv[0] is then just "go"), and by its path.
    const path = `${links}${delimiter}${dirname(GO)}${delimiter}${process.env['PATH'] ?? ''}`;
    for (const served of [undefined, '1']) {
      const e = env(xdg, { GOROOT: undefined, PATH: path, GOCMD_SERVER: served });
      assert.equal(run('go', ['env', 'GOROOT'], e).stdout, `${ship}\n`, `${kind} client by name, GOCMD_SERVER=${served}`);
      assert.equal(run(join(links, 'go'), ['env', 'GOROOT'], e).stdout, `${ship}\n`, `${kind} client by path, GOCMD_SERVER=${served}`);
    }
    assert.equal(run(gocmd, ['env', 'GOROOT'], env(xdg, { GOROOT: undefined, PATH: path })).stdout, `${ship}\n`, 'bin/gocmd');
  }
});

test('the client started by a link keeps NODE_EXTRA_CA_CERTS from node\'s start-up and runs $GOCMD_NODE', (t) => {
  if (skip) return t.skip(skip);
  const wrapper = join(tmp, 'node-wrapper');
  const marker = join(tmp, 'node-wrapper-ran');
  writeFileSync(wrapper, `#!/bin/sh\necho "$@" >> '${marker}'\nexec '${process.execPath}' "$@"\n`, { mode: 0o755 });
  for (const kind of clients.keys()) {
    const go = install(kind, join(tmp, `env-links-${kind}`));
    const xdg = privateDir(`xdg-env-${kind}`);
    // node warns about a CA file it cannot read when it sees one at its start.
    const ca = { NODE_EXTRA_CA_CERTS: join(tmp, 'no-such-ca.pem') };
    assert.deepEqual(run(go, ['version'], env(xdg, ca)), run(go, ['version'], env(xdg)), `${kind} client: plain`);
    assert.deepEqual(run(go, ['version'], env(xdg, { ...ca, GOCMD_SERVER: '1' })), run(go, ['version'], env(xdg)), `${kind} client: served`);
    rmSync(marker, { force: true });
    assert.equal(run(go, ['version'], env(xdg, { GOCMD_NODE: wrapper })).code, 0);
    assert.match(readFileSync(marker, 'utf8'), /gocmd\.cjs version\n$/, `${kind} client: GOCMD_NODE ran`);
    const missing = run(go, ['version'], env(xdg, { GOCMD_NODE: 'no-such-node' }));
    assert.equal(missing.code, 127, `${kind} client: a node that is not there`);
    assert.match(missing.stderr, /no-such-node/);
  }
});

test('the client started by a link runs plain when the socket directory is open to others', (t) => {
  if (skip) return t.skip(skip);
  for (const kind of clients.keys()) {
    const go = install(kind, join(tmp, `open-links-${kind}`));
    const xdg = join(tmp, `open-${kind}`);
    mkdirSync(join(xdg, 'gocmd'), { recursive: true });
    chmodSync(join(xdg, 'gocmd'), 0o755);
    const plain = run(go, ['env', 'GOFLAGS'], env(xdg));
    assert.equal(plain.code, 0);
    assert.deepEqual(run(go, ['env', 'GOFLAGS'], env(xdg, { GOCMD_SERVER: '1' })), plain, `${kind} client`);
    assert.deepEqual(sockets(xdg), []);
  }
});
