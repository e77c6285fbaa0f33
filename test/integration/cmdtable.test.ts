// Every entry of the command table, run through the shipped bin/gocmd (the CommonJS bundle in a vm.Script,
// with its V8 code cache): a command gocmd has no module for must fail with go's "not supported yet"
// message, and none may end in an internal error. Runs that used to reach node's ESM loader from the
// bundle (a dynamic import() esbuild could not resolve) crashed only there, not in the tsc build.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { COMMANDS, commandUsage, isGroup, type CommandInfo } from '../../src/base/table.js';
import { GO } from './buildharness.js';
import { gocmdCommand, removeTestDir, SERVED, shippedCLI, type Result } from './cliharness.js';

const ROOT = resolve(import.meta.dirname, '../../..');
let tmp = '';
let GOCMD = '';

/** Every command of the table, `mod` and `work` subcommands included. */
const ALL: CommandInfo[] = COMMANDS.flatMap((c) => (isGroup(c) ? c.commands : [c]));

/**
 * Arguments for the plain run, in an empty directory outside any module; [] unless that would make go
 * do something a test must not (`go bug` with no arguments opens a browser).
 */
const PLAIN_ARGS: Record<string, string[]> = { bug: ['extra'] };

/** Whether src/cmd has a module for the command (gocmd implements it, at least in part). */
function hasModule(c: CommandInfo): boolean {
  return existsSync(join(ROOT, 'src', 'cmd', `${c.module}.ts`));
}

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {
    ...process.env, GOCACHE: process.env['GOCMD_TEST_GOCACHE'] || join(tmp, 'gocache'), GOPATH: join(tmp, 'gopath'),
    GOENV: join(tmp, 'goenv'), GOFLAGS: '', GOTOOLCHAIN: 'local', GOPROXY: 'off', GO111MODULE: '', GOWORK: '',
    GOCMD_NODE: process.execPath,
  };
  for (const k of ['GOOS', 'GOARCH', 'CGO_ENABLED', 'GOROOT']) delete e[k];
  return { ...e, ...extra };
}

function run(bin: string, args: string[], extra: Record<string, string> = {}): Promise<Result> {
  // A fresh empty directory for each run (`work init` writes a go.work).
  const dir = mkdtempSync(join(tmp, 'run-'));
  return new Promise((res, rej) => {
    const c = bin === GO ? { cmd: GO, argv: args, env: env(extra) } : gocmdCommand(bin, args, env(extra));
    const p = spawn(c.cmd, c.argv, { cwd: dir, env: c.env });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    p.on('error', rej);
    p.on('close', (code) => res({ code: code ?? -1, stdout, stderr }));
  });
}

function assertNoCrash(r: Result, what: string): void {
  assert.doesNotMatch(r.stderr, /internal error/, `${what}: internal error:\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /^\s+at .+:\d+:\d+\)?$/m, `${what}: stack trace:\n${r.stderr}`);
}

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-cmdtable-test-'));
  GOCMD = shippedCLI(join(tmp, 'install'));
});

after(() => {
  if (tmp) removeTestDir(tmp);
});

describe('every command of the table through bin/gocmd', () => {
  test('the bundling left a code cache, so the runs below start the way installed ones do', () => {
    assert.ok(readdirSync(join(tmp, 'install', 'dist')).includes('gocmd-main.cjs.cache'));
  });

  // The node builtins a command loads at start-up whether it uses them or not cost start-up time
  // (scripts/bundle.mjs makes them lazy): version and list -m must load neither node:crypto (with the
  // stream modules it pulls in) nor node:v8 (its heap utilities). A preload reports what node loaded.
  // Served, the command runs in the resident server or one of its workers, long since started: what node
  // loaded at start-up there says nothing about this command (and the preload writes to their stderr).
  test('version and list -m load neither node:crypto nor node:v8', { skip: SERVED && 'served: the command runs in a process started before it' }, async () => {
    const preload = join(tmp, 'builtins.cjs');
    writeFileSync(preload, "process.on('exit', () => require('node:fs').writeSync(2, '\\nbuiltins: ' + " +
      "process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)).join(' ') + '\\n'));\n");
    for (const args of [['version'], ['list', '-m']]) {
      const r = await run(GOCMD, args, { NODE_OPTIONS: `--require=${preload}` });
      const line = /^builtins: (.*)$/m.exec(r.stderr);
      assert.ok(line, `gocmd ${args.join(' ')}: no report from the preload:\n${r.stderr}`);
      const loaded = line[1]!.split(' ');
      for (const b of ['crypto', 'v8']) assert.ok(!loaded.includes(b), `gocmd ${args.join(' ')} loaded node:${b}`);
    }
  });

  for (const c of ALL) {
    test(`go ${c.longName} -h: usage, exit 2`, async () => {
      const args = [...c.longName.split(' '), '-h'];
      const r = await run(GOCMD, args);
      assertNoCrash(r, `gocmd ${args.join(' ')}`);
      assert.equal(r.code, 2, r.stderr);
      if (hasModule(c)) {
        const g = await run(GO, args);
        assert.equal(r.stderr, g.stderr);
      } else {
        assert.equal(r.stderr, commandUsage(c.longName));
      }
    });

    test(`go ${c.longName}: go's exit status, or not supported yet (exit 2)`, async () => {
      const args = [...c.longName.split(' '), ...(PLAIN_ARGS[c.longName] ?? [])];
      // With the code cache and without: node lost the bundle's dynamic import callback only with it.
      for (const cache of ['on', 'off']) {
        const r = await run(GOCMD, args, cache === 'off' ? { GOCMD_CODECACHE: 'off' } : {});
        const what = `gocmd ${args.join(' ')} (code cache ${cache})`;
        assertNoCrash(r, what);
        if (hasModule(c)) {
          assert.notEqual(r.stderr, `go ${c.longName}: not supported yet by gocmd\n`, `${what}: src/cmd/${c.module}.ts exists but is not loaded`);
          const g = await run(GO, args);
          assert.equal(r.code, g.code, `${what}: exit ${r.code}, go: exit ${g.code}\ngocmd: ${r.stderr}\ngo: ${g.stderr}`);
        } else {
          assert.deepEqual(r, { code: 2, stdout: '', stderr: `go ${c.longName}: not supported yet by gocmd\n` }, what);
        }
      }
    });
  }
});
