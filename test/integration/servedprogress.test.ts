// The progress line in served runs (GOCMD_SERVER=1): the client says in its request that its stderr is a
// terminal, and the server's workers draw the line there as a plain run draws it on its own terminal. Each
// client (the C one `npm run build` makes, and the Go one it falls back to) runs builds on a pseudo-terminal
// (script(1)) through the warm worker and through a pool worker: the line is drawn, the screen ends as go's
// does, a Ctrl-C leaves no half-drawn line; with stderr a pipe the output is go's, byte for byte. The tools
// run under a -toolexec that sleeps first, so that a small build lasts long enough for the line to appear.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GO } from './buildharness.js';
import { buildClients, installClient } from './clientharness.js';
import { removeTestDir, shippedCLI } from './cliharness.js';
import { ERASE_LINE } from '../../src/lib/statusline.js';
import { HAVE_SCRIPT, onTerminal, screen, shellOnTerminal, shQuote } from './terminalharness.js';

/** The line as drawn: erase, then "[ n/m] compile …" or "… link …". */
const DRAWN = /\r\x1b\[K\[ *\d+\/\d+\] /;

let tmp = '';
let ship = '';
let gocmd = '';
let mod = '';
let slow = '';
let slower = '';
/** The clients to check, each built into tmp: kind → binary (a kind whose compiler is missing is left out). */
const clients = new Map<string, string>();

function env(xdg: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {
    ...process.env, GOCACHE: join(tmp, 'gocache'), GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local', GOWORK: 'off', TERM: 'xterm',
    XDG_RUNTIME_DIR: xdg, GOCMD_SERVER_IDLE: '30s', ...extra,
  };
  for (const k of ['GOOS', 'GOARCH', 'CGO_ENABLED', 'GOCMD_PROGRESS', 'GOCMD_SERVER_WARM']) if (!(k in extra)) delete e[k];
  return e;
}

/** Puts the client of kind in the shipped dist/, which bin/gocmd execs with GOCMD_SERVER=1. */
function install(kind: string): void {
  installClient(ship, clients.get(kind)!);
}

function privateDir(name: string): string {
  const d = join(tmp, name);
  mkdirSync(d, { recursive: true, mode: 0o700 });
  return d;
}

/** The servers' logs under xdg: one "warm: ARGV" line per request the warm worker ran. */
function serverLog(xdg: string): string {
  const dir = join(xdg, 'gocmd');
  if (!existsSync(dir)) return '';
  return readdirSync(dir).filter((n) => n.endsWith('.log')).map((n) => readFileSync(join(dir, n), 'utf8')).join('');
}

const warmBuilds = (xdg: string): number => (serverLog(xdg).match(/ warm: build /g) ?? []).length;

/** The routes: the warm worker (waited for until it is up), and a pool worker (GOCMD_SERVER_WARM=0). */
const ROUTES = [{ route: 'warm', extra: {} }, { route: 'pool', extra: { GOCMD_SERVER_WARM: '0' } }] as const;

/**
 * Runs a served build on a terminal by route; for the warm route, retried until the server's log says the
 * warm worker ran it (the first requests to a new server find it still starting, and a pool worker runs them).
 * The build's output, if any, is removed before each run: the build then links again, under the toolexec.
 */
function servedOnTerminal(xdg: string, route: 'warm' | 'pool', args: string[], extra: Record<string, string>, output?: string): { code: number; raw: string } {
  const e = env(xdg, { ...extra, GOCMD_SERVER: '1' });
  for (let i = 0; ; i++) {
    if (output !== undefined) rmSync(output, { force: true });
    const before = warmBuilds(xdg);
    const r = onTerminal(gocmd, args, mod, e);
    const wasWarm = warmBuilds(xdg) > before;
    if (route === 'pool') {
      assert.ok(!wasWarm, 'GOCMD_SERVER_WARM=0: a pool worker ran the build');
      return r;
    }
    if (wasWarm) return r;
    assert.ok(i < 10, 'the warm worker never took the build');
    spawnSync('sleep', ['0.5']);
  }
}

describe('progress line in served runs', { skip: HAVE_SCRIPT && existsSync(GO) ? false : 'no script(1) or go' }, () => {
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'gocmd-servedprogress-'));
    ship = join(tmp, 'ship');
    gocmd = shippedCLI(ship);
    for (const [kind, bin] of buildClients(tmp)) clients.set(kind, bin);
    slow = join(tmp, 'slow.sh');
    writeFileSync(slow, '#!/bin/sh\nsleep 0.5\nexec "$@"\n');
    chmodSync(slow, 0o755);
    slower = join(tmp, 'slower.sh');
    writeFileSync(slower, '#!/bin/sh\nsleep 2\nexec "$@"\n');
    chmodSync(slower, 0o755);
    mod = join(tmp, 'm');
    mkdirSync(join(mod, 'bad'), { recursive: true });
    writeFileSync(join(mod, 'go.mod'), 'module example.com/m\n\ngo 1.22\n');
    writeFileSync(join(mod, 'main.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n');
    writeFileSync(join(mod, 'bad', 'bad.go'), 'package bad\n\nimport "fmt"\n\nfunc F() int { return fmt.Sprint(1) }\n');
    // The standard packages in the cache first (go's compiles, once): the tests' builds then compile little.
    const warm = spawnSync(GO, ['build', '-o', join(tmp, 'hi.warm'), '.'], { cwd: mod, env: env(tmp), encoding: 'utf8' });
    assert.equal(warm.status, 0, warm.stderr);
  });
  // The servers end by themselves once idle (GOCMD_SERVER_IDLE).
  after(() => { if (tmp) removeTestDir(tmp); });

  test('a served build draws the line on the client\'s terminal and erases it: the screen ends as with go', () => {
    const theirs = onTerminal(GO, ['build', `-toolexec=${slow}`, '-o', join(tmp, 'hi.go'), '.'], mod, env(tmp));
    assert.equal(theirs.code, 0, theirs.raw);
    const theirsBad = onTerminal(GO, ['build', `-toolexec=${slow}`, './bad'], mod, env(tmp));
    assert.equal(theirsBad.code, 1, theirsBad.raw);
    for (const kind of clients.keys()) {
      install(kind);
      const xdg = privateDir(`xdg-${kind}`);
      for (const { route, extra } of ROUTES) {
        const what = `${kind} client, ${route}`;
        const mine = servedOnTerminal(xdg, route, ['build', `-toolexec=${slow}`, '-o', join(tmp, 'hi'), '.'], extra, join(tmp, 'hi'));
        assert.equal(mine.code, 0, `${what}: ${mine.raw}`);
        assert.equal(screen(mine.raw), screen(theirs.raw), what);
        assert.match(mine.raw, DRAWN, `${what}: the line was drawn`);
        assert.ok(mine.raw.endsWith(ERASE_LINE), `${what}: the line is erased at the end: ${JSON.stringify(mine.raw.slice(-80))}`);

        const bad = servedOnTerminal(xdg, route, ['build', `-toolexec=${slow}`, './bad'], extra);
        assert.equal(bad.code, 1, `${what}: ${bad.raw}`);
        assert.equal(screen(bad.raw), screen(theirsBad.raw), `${what}, failing build`);
        assert.ok(bad.raw.includes(ERASE_LINE + '# example.com/m/bad'), `${what}: the line is erased before the error`);
      }
    }
  });

  test('Ctrl-C in a served build leaves no half-drawn line', () => {
    for (const kind of clients.keys()) {
      install(kind);
      const xdg = privateDir(`xdg-${kind}`);
      for (const { route, extra } of ROUTES) {
        const what = `${kind} client, ${route}`;
        // The client in the background on the terminal (its stderr still the terminal), interrupted once the
        // line is up: the signal frame reaches the worker, which erases the line as it dies.
        const e = env(xdg, { ...extra, GOCMD_SERVER: '1' });
        // Started once first, so that the warm worker is up for the run that is interrupted.
        if (route === 'warm') servedOnTerminal(xdg, route, ['build', '-o', join(tmp, 'hi'), '.'], extra);
        const cmd = [gocmd, 'build', `-toolexec=${slower}`, '-o', join(tmp, 'hi.int'), '.'].map(shQuote).join(' ');
        const r = shellOnTerminal(`${cmd} & pid=$!; sleep 1.5; kill -INT $pid; wait $pid; echo "status $?"`, mod, e);
        assert.match(r.raw, DRAWN, `${what}: the line was drawn before the interrupt`);
        assert.match(r.raw, /status 130/, `${what}: the client died of SIGINT`);
        assert.equal(screen(r.raw), 'status 130', `${what}: only the status is on the screen: ${JSON.stringify(r.raw)}`);
      }
    }
  });

  test('a served build whose stderr is not a terminal prints go\'s bytes', () => {
    const theirs = spawnSync(GO, ['build', `-toolexec=${slow}`, './bad'], { cwd: mod, env: env(tmp), encoding: 'utf8' });
    for (const kind of clients.keys()) {
      install(kind);
      const xdg = privateDir(`xdg-${kind}`);
      for (const { route, extra } of ROUTES) {
        const mine = spawnSync(gocmd, ['build', `-toolexec=${slow}`, './bad'], { cwd: mod, env: env(xdg, { ...extra, GOCMD_SERVER: '1' }), encoding: 'utf8' });
        assert.equal(mine.status, theirs.status, `${kind}, ${route}`);
        assert.equal(mine.stderr, theirs.stderr, `${kind}, ${route}`);
        assert.equal(mine.stdout, theirs.stdout, `${kind}, ${route}`);
      }
    }
  });
});
