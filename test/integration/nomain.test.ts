// Integration: go run/build outside any module (no go.mod, no go.work) side by side with real go, through
// the test module proxy: command-line files with and without a non-std import, and a named import path
// (go run, build and list),
// under each -mod value given as a flag or in $GOFLAGS. Exit status, stdout and stderr byte for byte.
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { proxyTestEnv, type Result, runGoOrGocmd, startProxySuite, stopProxySuite } from './cliharness.js';
import { assertSameRuns, makeTwin } from './sidebyside.js';
import { type Proxy } from '../../conformance/proxy/server.js';

let GOCMD = '';
let tmp = '';
let proxy: Proxy | undefined;
let serial = 0;

const FILES = {
  'w/hello.go': 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n',
  'w/dep.go': 'package main\n\nimport (\n\t"fmt"\n\n\t"rsc.io/quote"\n)\n\nfunc main() { fmt.Println(quote.Hello()) }\n',
};
const BASE_FLAGS = '-modcacherw -buildvcs=false';

function run(bin: 'go' | 'gocmd', dir: string, args: string[], extra: Record<string, string>): Promise<Result> {
  // Each side has its own module cache, so both download the same modules.
  return runGoOrGocmd(bin, GOCMD, dir, args, proxyTestEnv(tmp, proxy!, { GOMODCACHE: join(tmp, `modcache-${bin}-${serial}`), ...extra }));
}

/** Runs args in twin directories with no go.mod above them, with go then gocmd, and compares. */
async function same(args: string[], goflags = ''): Promise<void> {
  const dirs = makeTwin(join(tmp, `t${++serial}`), undefined, FILES);
  const extra = { GOFLAGS: `${BASE_FLAGS} ${goflags}`.trim() };
  const g = await run('go', join(dirs.go, 'w'), args, extra);
  const c = await run('gocmd', join(dirs.gocmd, 'w'), args, extra);
  const what = `${goflags ? `GOFLAGS=${goflags} ` : ''}go ${args.join(' ')}`;
  assertSameRuns(dirs, g, c, { what, unordered: ['go: downloading '] });
}

before(async () => {
  ({ tmp, gocmd: GOCMD, proxy } = await startProxySuite('gocmd-nomain-test-'));
});

after(async () => {
  await stopProxySuite(tmp, proxy);
});

describe('outside a module: the stand-in command-line-arguments main module', () => {
  for (const mod of ['', 'mod', 'readonly', 'vendor']) {
    const flag = mod ? [`-mod=${mod}`] : [];
    test(`-mod=${mod || '(default)'}: go run of a file importing only std, and of one importing rsc.io/quote`, async () => {
      await same(['run', ...flag, 'hello.go']);
      await same(['run', ...flag, 'dep.go']);
    });
  }
  for (const mod of ['mod', 'readonly', 'vendor']) {
    test(`GOFLAGS=-mod=${mod}: go build of a file importing rsc.io/quote, and of the import path itself`, async () => {
      await same(['build', 'dep.go'], `-mod=${mod}`);
      await same(['build', 'rsc.io/quote'], `-mod=${mod}`);
    });
  }
  for (const mod of ['mod', 'vendor']) {
    test(`go list -e -deps -mod=${mod} of a file importing rsc.io/quote: packages, modules and errors`, async () => {
      await same(['list', '-e', '-deps', `-mod=${mod}`, '-f', '{{.ImportPath}} {{with .Module}}{{.Path}} {{.Version}} {{.Main}}{{end}} {{.Error}} {{.DepsErrors}}', 'dep.go']);
    });
  }
});
