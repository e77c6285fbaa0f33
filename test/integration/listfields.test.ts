// Integration: `go list` output compared with go's field by field, on std and on a large real module fetched
// through the machine's configured GOPROXY (golang.org/x/tools/gopls, ~770 packages with its dependencies):
// `list -deps -json -e -compiled -export` and `list -m -json all`. Only the fields that must differ are masked
// (the export data's path and build ID); every other field, its value, order and encoding must match.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GO } from './buildharness.js';
import { bundleCLI, gocmdCommand, machineGoEnv, probeConfiguredProxy, removeTestDir, type Result } from './cliharness.js';

const MODULE = 'golang.org/x/tools/gopls';
const VERSION = 'v0.23.0';
/** Fields whose values name a file in the build cache, or carry a build ID. */
const MASKED = new Set(['Export', 'BuildID']);

let tmp = '';
let GOCMD = '';
let proxySkip = '';

function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {
    ...process.env, GOMODCACHE: join(tmp, 'modcache'), GOPATH: join(tmp, 'gopath'), GOFLAGS: '-modcacherw -buildvcs=false',
    GOWORK: 'off', GO111MODULE: 'on', GOTOOLCHAIN: 'local',
  };
  const cache = process.env['GOCMD_TEST_GOCACHE'] || machineGoEnv('GOCACHE');
  if (cache) e['GOCACHE'] = cache;
  for (const k of ['GOOS', 'GOARCH']) delete e[k];
  return e;
}

function run(bin: 'go' | 'gocmd', dir: string, args: string[]): Promise<Result> {
  const c = bin === 'go' ? { cmd: GO, argv: args, env: env() } : gocmdCommand(GOCMD, args, env());
  return new Promise((res, rej) => {
    const p = spawn(c.cmd, c.argv, { cwd: dir, env: c.env });
    const out: Buffer[] = [];
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => out.push(d));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', rej);
    p.on('close', (code) => res({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr }));
  });
}

/** go's stream of indented JSON objects, one per package or module. */
function parseStream(text: string): Record<string, unknown>[] {
  if (text.trim() === '') return [];
  return JSON.parse('[' + text.replace(/^}\n{/gm, '},\n{') + ']') as Record<string, unknown>[];
}

/** Every difference between two list outputs, as "<object> <field path>: go … gocmd …" lines (at most 40). */
function fieldDiffs(goText: string, ourText: string): string[] {
  const ours = parseStream(ourText);
  const theirs = parseStream(goText);
  const diffs: string[] = [];
  const name = (o: Record<string, unknown>): string => String(o['ImportPath'] ?? o['Path'] ?? '?');
  if (ours.length !== theirs.length) diffs.push(`object count: go ${theirs.length}, gocmd ${ours.length}`);
  const walk = (where: string, a: unknown, b: unknown): void => {
    if (diffs.length >= 40) return;
    if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
      const ka = Object.keys(a as object);
      const kb = Object.keys(b as object);
      if (ka.join(',') !== kb.join(',')) diffs.push(`${where}: field order or set: go [${ka.join(' ')}], gocmd [${kb.join(' ')}]`);
      for (const k of ka) {
        if (MASKED.has(k)) continue;
        walk(`${where}.${k}`, (a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
      }
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) diffs.push(`${where}: go ${JSON.stringify(a)}, gocmd ${JSON.stringify(b)}`);
  };
  for (let i = 0; i < Math.min(ours.length, theirs.length); i++) walk(name(theirs[i]!), theirs[i], ours[i]);
  return diffs;
}

/** The output with the masked fields' values blanked, for a byte-for-byte comparison of everything else. */
const maskText = (s: string): string => s.replace(/^(\t+"(?:Export|BuildID)": )".*"(,?)$/gm, '$1"…"$2');

async function compareList(dir: string, args: string[]): Promise<void> {
  const what = `${args.join(' ')} in ${dir}`;
  // go first, twice: the first run fills the module and build caches both share (a package go had to build
  // reports Stale "build ID mismatch"), the second is the one compared.
  await run('go', dir, args);
  const g = await run('go', dir, args);
  const c = await run('gocmd', dir, args);
  assert.equal(c.code, g.code, `${what}: exit status\ngo stderr:\n${g.stderr}\ngocmd stderr:\n${c.stderr}`);
  assert.deepEqual(fieldDiffs(g.stdout, c.stdout), [], `${what}: fields differ`);
  assert.equal(maskText(c.stdout), maskText(g.stdout), `${what}: output text`);
  // stderr: go's download lines come in parallel order; everything else must match.
  const rest = (s: string): string => s.split('\n').filter((l) => !l.startsWith('go: downloading ')).join('\n');
  assert.equal(rest(c.stderr), rest(g.stderr), `${what}: stderr`);
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-listfields-'));
  GOCMD = join(tmp, 'gocmd.mjs');
  await bundleCLI(GOCMD);
  proxySkip = await probeConfiguredProxy();
});

after(() => {
  if (tmp !== '') removeTestDir(tmp);
});

test('list -deps -json -e -compiled -export std: field by field as go', { timeout: 1_200_000 }, async () => {
  await compareList(tmp, ['list', '-deps', '-json', '-e', '-compiled', '-export', 'std']);
});

test(`a large real module (${MODULE}@${VERSION}): list -deps -json -e -compiled -export ./... and list -m -json all as go`, { timeout: 1_800_000 }, async (t) => {
  if (proxySkip !== '') {
    t.skip(`skipped: ${proxySkip}`);
    return;
  }
  const dl = await run('go', tmp, ['mod', 'download', '-json', `${MODULE}@${VERSION}`]);
  assert.equal(dl.code, 0, `go mod download: ${dl.stderr}`);
  const src = (JSON.parse(dl.stdout) as { Dir: string }).Dir;
  // A writable copy, as a developer's checkout of the module would be.
  const dir = join(tmp, 'gopls');
  cpSync(src, dir, { recursive: true });
  await compareList(dir, ['list', '-m', '-json', 'all']);
  await compareList(dir, ['list', '-deps', '-json', '-e', '-compiled', '-export', './...']);
});
