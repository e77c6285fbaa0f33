// Integration tests: go work init/use/edit/sync and two-module workspace builds, gocmd against real go from the same state.
import { after, before, describe, test } from 'node:test';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { proxyTestEnv, type Result, runGoOrGocmd, startProxySuite, stopProxySuite } from './cliharness.js';
import { assertSameFiles, assertSameRuns, makeTwin, readIfExists, writeFiles, type Twin } from './sidebyside.js';
import { type Proxy } from '../../conformance/proxy/server.js';

let GOCMD = '';
let tmp = '';
let proxy: Proxy | undefined;

function run(bin: 'go' | 'gocmd', dir: string, args: string[], extra: Record<string, string> = {}): Promise<Result> {
  // Each side downloads into its own module cache, so "go: downloading" lines compare.
  return runGoOrGocmd(bin, GOCMD, dir, args, proxyTestEnv(tmp, proxy!, { GOMODCACHE: join(tmp, 'modcache-' + bin), ...extra }));
}

/** Two copies of one starting tree: one for go, one for gocmd. */
function twin(name: string, files: Record<string, string>): Twin {
  rmSync(join(tmp, name), { recursive: true, force: true });
  return makeTwin(join(tmp, name), undefined, files);
}

const read = readIfExists;
const write = writeFiles;

/** Runs the same command in both trees at once and checks exit status, stdout, stderr (with the tree's path replaced). */
async function same(t: Twin, sub: string, args: string[], extra: Record<string, string> = {}): Promise<Result> {
  const [a, b] = await Promise.all([run('go', join(t.go, sub), args, extra), run('gocmd', join(t.gocmd, sub), args, extra)]);
  assertSameRuns(t, a, b, { what: `${args.join(' ')} in ${sub}` });
  return b;
}

const sameFiles = (t: Twin, files: string[]): void => assertSameFiles(t, files);

const MODS = {
  'a/go.mod': 'module example.com/a\n\ngo 1.21\n\nrequire rsc.io/quote v1.5.1\n',
  'a/a.go': 'package a\n\nimport "rsc.io/quote"\n\nfunc Hello() string { return quote.Hello() }\n',
  'b/go.mod': 'module example.com/b\n\ngo 1.22\n\nrequire rsc.io/quote v1.5.2\n',
  'b/main.go': 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/a"\n\t"rsc.io/quote"\n)\n\nfunc main() { fmt.Println(a.Hello(), quote.Go()) }\n',
  'c/sub/go.mod': 'module example.com/c/sub\n\ngo 1.20\n',
  'c/sub/c.go': 'package sub\n',
};

before(async () => {
  ({ tmp, gocmd: GOCMD, proxy } = await startProxySuite('gocmd-work-test-'));
});

after(async () => {
  await stopProxySuite(tmp, proxy);
});

describe('go work commands against real go', () => {
  test('init, use (-r, missing dirs), edit flags, -json, -print, -fmt: same go.work', async () => {
    const t = twin('edit', MODS);
    await same(t, '.', ['work', 'init', './a']);
    sameFiles(t, ['go.work']);
    await same(t, '.', ['work', 'init']); // already exists
    await same(t, '.', ['work', 'use', '-r', '.']);
    sameFiles(t, ['go.work']);
    await same(t, '.', ['work', 'use', 'nosuchdir']);
    for (const flags of [
      ['-replace=rsc.io/quote@v1.5.2=rsc.io/quote@v1.5.1'],
      ['-replace=example.com/x=./x', '-dropuse=./c/sub'],
      ['-godebug=panicnil=1', '-toolchain=go1.30.0'],
      ['-go=1.23', '-dropreplace=example.com/x', '-use=./c/sub'],
      ['-dropgodebug=panicnil', '-toolchain=none'],
    ]) {
      await same(t, '.', ['work', 'edit', ...flags]);
      sameFiles(t, ['go.work']);
    }
    await same(t, '.', ['work', 'edit', '-json']);
    await same(t, '.', ['work', 'edit', '-print']);
    await same(t, '.', ['work', 'edit', '-replace=bad']);
    await same(t, '.', ['work', 'edit']);
    write(t.go, { 'go.work': 'go 1.21\nuse (\n  ./b\n    ./a\n)\n' });
    write(t.gocmd, { 'go.work': 'go 1.21\nuse (\n  ./b\n    ./a\n)\n' });
    await same(t, '.', ['work', 'edit', '-fmt']);
    sameFiles(t, ['go.work']);
    rmSync(join(t.go, 'c'), { recursive: true });
    rmSync(join(t.gocmd, 'c'), { recursive: true });
    await same(t, '.', ['work', 'use', '-r', '.']);
    sameFiles(t, ['go.work']);
    // -r . inside a used module's directory keeps that module (its walk starts at the module itself).
    await same(t, 'b', ['work', 'use', '-r', '.']);
    sameFiles(t, ['go.work']);
  });

  test('errors: go.work parse errors with the line, modules outside the workspace, -modfile', async () => {
    const t = twin('errors', { ...MODS, 'go.work': 'go 1.22\n\nuse ./b\nbogus ./a\n' });
    await same(t, 'b', ['list', '.']);
    write(t.go, { 'go.work': 'go 1.22\n\nuse ./b\n' });
    write(t.gocmd, { 'go.work': 'go 1.22\n\nuse ./b\n' });
    await same(t, 'a', ['list', '.']);
    await same(t, 'c/sub', ['list', '.']);
    await same(t, 'b', ['list', '-modfile=x.mod', '.']);
    await same(t, '.', ['list', './...']);
  });

  test('a two-module workspace: list -m, list, build and run, go.work.sum as go writes it', async () => {
    const t = twin('build', { ...MODS, 'go.work': 'go 1.22\n\nuse (\n\t./a\n\t./b\n)\n' });
    await same(t, '.', ['list', '-m']);
    await same(t, '.', ['list', '-m', '-json']);
    await same(t, 'b', ['list', '-deps', '.']);
    await same(t, 'b', ['run', '.']);
    sameFiles(t, ['go.work.sum', 'a/go.sum', 'b/go.sum']);
    await same(t, '.', ['env', 'GOWORK']);
    await same(t, 'b', ['env', 'GOWORK'], { GOWORK: 'off' });
  });

  test('work vendor: vendor/modules.txt, and go.work.sum with the sums the load used, as go writes them', async () => {
    const t = twin('vendor', { ...MODS, 'go.work': 'go 1.22\n\nuse (\n\t./a\n\t./b\n)\n' });
    await same(t, '.', ['work', 'vendor']);
    sameFiles(t, ['go.work.sum', 'vendor/modules.txt', 'a/go.sum', 'b/go.sum']);
  });

  test('work sync: go.mod and go.sum of each module as go writes them', async () => {
    const t = twin('sync', { ...MODS, 'go.work': 'go 1.22\n\nuse (\n\t./a\n\t./b\n)\n' });
    await same(t, '.', ['work', 'sync']);
    // go.sum too: go adds no go.mod sum the workspace's load had already checked.
    sameFiles(t, ['go.work', 'a/go.mod', 'b/go.mod', 'a/go.sum', 'b/go.sum']);
  });

  test('mod why in a workspace: the packages of every module go.work uses are roots', async () => {
    const t = twin('why', { ...MODS, 'go.work': 'go 1.22\n\nuse (\n\t./a\n\t./b\n)\n' });
    await same(t, '.', ['mod', 'why', 'example.com/b', 'example.com/a', 'rsc.io/quote']);
    await same(t, '.', ['mod', 'why', 'all']);
    await same(t, 'b', ['mod', 'why', './...', '../a']);
    await same(t, 'b', ['mod', 'why', '-m']);
    // A requirement between workspace modules at a version no proxy has: naming main modules reads no
    // module's go.mod, "all" needs the whole graph and fails on it.
    const u = twin('whyunpub', {
      'go.work': 'go 1.22\n\nuse (\n\t./a\n\t./b\n)\n',
      'a/go.mod': 'module example.com/a\n\ngo 1.22\n\nrequire example.com/b v0.0.0\n',
      'a/a.go': 'package a\n\nimport _ "example.com/b"\n',
      'b/go.mod': 'module example.com/b\n\ngo 1.22\n',
      'b/b.go': 'package b\n',
    });
    await same(u, '.', ['mod', 'why', '-m', 'example.com/b', 'example.com/a']);
    await same(u, '.', ['mod', 'why', '-m', 'all']);
  });

  test('work sync and mod why with a go.mod tool: the tool\'s dependencies count in every module\'s "all", as go counts them', async () => {
    // a's tool is workspace module t's command, which imports rsc.io/quote: go's sync records quote (and what
    // it needs) in a's go.mod, and marks the tool's module indirect.
    const t = twin('synctool', {
      'go.work': 'go 1.24\n\nuse (\n\t./a\n\t./t\n)\n',
      'a/go.mod': 'module example.com/a\n\ngo 1.24\n\ntool example.com/t\n\nrequire example.com/t v0.0.0\n\nreplace example.com/t => ../t\n',
      'a/a.go': 'package a\n',
      't/go.mod': 'module example.com/t\n\ngo 1.24\n\nrequire rsc.io/quote v1.5.2\n',
      't/main.go': 'package main\n\nimport "rsc.io/quote"\n\nfunc main() { println(quote.Hello()) }\n',
    });
    // The tool is in "all" for go mod why too.
    await same(t, '.', ['mod', 'why', '-m', 'rsc.io/quote']);
    await same(t, '.', ['mod', 'why', 'rsc.io/quote']);
    await same(t, '.', ['work', 'sync']);
    sameFiles(t, ['go.work', 'a/go.mod', 't/go.mod', 'a/go.sum', 't/go.sum']);
  });
});
