// Integration: module maintenance on real modules from the machine's configured GOPROXY. Two copies of one
// module, each with its own empty module cache, one driven by go and one by gocmd, go through the same
// sequence: add a web framework with a large graph, upgrade with -u, downgrade, remove, tidy. After every
// step the exit status, go.mod, go.sum and stderr (less the download lines, whose order follows the
// downloads) must be go's.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleCLI, probeConfiguredProxy, removeTestDir, runGoOrGocmd } from './cliharness.js';

let tmp = '';
let GOCMD = '';
let skipReason = '';

type Tool = 'go' | 'gocmd';
const TOOLS: readonly Tool[] = ['go', 'gocmd'];

function env(tool: Tool): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {
    ...process.env,
    GOMODCACHE: join(tmp, tool, 'modcache'), GOPATH: join(tmp, tool, 'gopath'), GOFLAGS: '-modcacherw',
    GOWORK: 'off', GO111MODULE: 'on', GOTOOLCHAIN: 'local',
  };
  for (const k of ['GOOS', 'GOARCH', 'CGO_ENABLED']) delete e[k];
  return e;
}

const modDir = (tool: Tool): string => join(tmp, tool, 'm');

/** main.go importing the given packages (blank imports: the program only has to load). */
function writeMain(imports: string[]): void {
  const body = `package main\n\nimport (\n${imports.map((p) => `\t_ "${p}"\n`).join('')})\n\nfunc main() {}\n`;
  for (const t of TOOLS) writeFileSync(join(modDir(t), 'main.go'), body);
}

const readOr = (f: string): string => {
  try {
    return readFileSync(f, 'utf8');
  } catch {
    return '(missing)';
  }
};

/** Runs args in both copies and checks that gocmd did what go did. */
async function step(args: string[]): Promise<void> {
  const results = [];
  for (const t of TOOLS) {
    const r = await runGoOrGocmd(t, GOCMD, modDir(t), args, env(t));
    results.push({
      code: r.code,
      stdout: r.stdout.split(join(tmp, t)).join('$TMP'),
      stderr: r.stderr.split('\n').filter((l) => !l.startsWith('go: downloading ')).join('\n').split(join(tmp, t)).join('$TMP'),
      goMod: readOr(join(modDir(t), 'go.mod')),
      goSum: readOr(join(modDir(t), 'go.sum')),
    });
  }
  const [theirs, ours] = results;
  const what = `go ${args.join(' ')}`;
  assert.equal(ours!.stderr, theirs!.stderr, `${what}: stderr`);
  assert.equal(ours!.code, theirs!.code, `${what}: exit status`);
  assert.equal(ours!.stdout, theirs!.stdout, `${what}: stdout`);
  assert.equal(ours!.goMod, theirs!.goMod, `${what}: go.mod`);
  assert.equal(ours!.goSum, theirs!.goSum, `${what}: go.sum`);
}

before(async () => {
  skipReason = await probeConfiguredProxy();
  if (skipReason !== '') return;
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-realget-'));
  GOCMD = join(tmp, 'gocmd.mjs');
  await bundleCLI(GOCMD);
  for (const t of TOOLS) {
    mkdirSync(modDir(t), { recursive: true });
    writeFileSync(join(modDir(t), 'go.mod'), 'module example.com/realget\n\ngo 1.22\n');
  }
});

after(() => {
  if (tmp !== '') removeTestDir(tmp);
});

test('get and tidy on real modules: add a framework, -u, downgrade, @none, tidy: go.mod, go.sum and output as go', { timeout: 600_000 }, async (t) => {
  if (skipReason !== '') {
    t.skip(`skipped: ${skipReason}`);
    return;
  }
  const gin = 'github.com/gin-gonic/gin';
  const echo = 'github.com/labstack/echo/v4';
  writeMain([gin, echo]);
  // Add: two web frameworks at older versions; their graphs (~40 modules) come in with them.
  await step(['get', `${gin}@v1.9.1`, `${echo}@v4.13.4`]);
  // Upgrade: echo and its dependencies to their latest versions (gin's -u would ask for a dependency
  // whose newest release needs a newer Go than the machine's).
  await step(['get', '-u', echo]);
  await step(['get', `${gin}@v1.10.1`]);
  // Downgrade: gin to an older minor; what needed the newer one goes down with it.
  await step(['get', `${gin}@v1.8.1`]);
  // Remove: echo is no longer imported; @none drops it, tidy drops what only it needed.
  writeMain([gin]);
  await step(['get', `${echo}@none`]);
  await step(['mod', 'tidy']);
  await step(['list', '-m', 'all']);
});
