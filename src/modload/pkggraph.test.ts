// go mod why's package graph through the standard library (vendored golang.org/x packages, std tests), against real go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemSource } from './source.js';
import { ModState } from './state.js';
import { loadPackageGraph, mainModulePackages, stdVendorPath, whyText } from './pkggraph.js';

const GOROOT = '/usr/local/go';
const GO = join(GOROOT, 'bin/go');

test('stdVendorPath: std importers see GOROOT/src/vendor, cmd importers cmd/vendor', () => {
  const cases: [string, string, string, string][] = [
    ['example.com/m', 'net/http', 'golang.org/x/net/http/httpguts', 'vendor/golang.org/x/net/http/httpguts'],
    ['example.com/m', 'net/http', 'bytes', 'bytes'],
    ['example.com/m', 'vendor/golang.org/x/net/http/httpguts', 'golang.org/x/net/idna', 'vendor/golang.org/x/net/idna'],
    ['example.com/m', 'net/http', 'golang.org/x/not/vendored', 'golang.org/x/not/vendored'],
    ['example.com/m', 'cmd/go', 'golang.org/x/mod/module', 'cmd/vendor/golang.org/x/mod/module'],
    // Inside the std module only vendor/ packages use the vendor directory.
    ['std', 'net/http', 'golang.org/x/net/http/httpguts', 'golang.org/x/net/http/httpguts'],
    ['std', 'vendor/golang.org/x/net/http/httpguts', 'golang.org/x/net/idna', 'vendor/golang.org/x/net/idna'],
  ];
  for (const [main, parent, path, want] of cases) assert.equal(stdVendorPath(GOROOT, main, parent, path), want, `${main} ${parent} ${path}`);
});

test('why follows imports through std and tests of std packages, as real go mod why does', { skip: existsSync(GO) ? false : 'no go' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pkggraph-test-'));
  try {
    writeFileSync(join(dir, 'go.mod'), 'module example.com/w\n\ngo 1.22\n');
    writeFileSync(join(dir, 'main.go'), 'package main\n\nimport (\n\t_ "net/http"\n\t_ "crypto/tls"\n\t_ "os/exec"\n)\n\nfunc main() {}\n');
    writeFileSync(join(dir, 'main_test.go'), 'package main\n\nimport (\n\t"testing"\n\t_ "net/http/httptest"\n)\n\nfunc TestX(t *testing.T) {}\n');
    const env = { ...process.env, GOFLAGS: '', GOWORK: 'off', GO111MODULE: 'on', GOPROXY: 'off', GOTOOLCHAIN: 'local' };
    const std = execFileSync(GO, ['list', 'std'], { cwd: dir, env, encoding: 'utf8' }).trim().split('\n');
    // A sample of std, plus every vendored package (the paths go reaches through net/http and crypto/tls).
    const names = std.filter((p, i) => i % 3 === 0 || p.startsWith('vendor/')).concat(['golang.org/x/net/http/httpguts', 'example.com/w']);
    for (const vendor of [false, true]) {
      const want = execFileSync(GO, ['mod', 'why', ...(vendor ? ['-vendor'] : []), ...names], { cwd: dir, env, encoding: 'utf8' });
      const st = new ModState({ cwd: dir, goroot: GOROOT, gomodcache: join(dir, 'modcache'), localGo: '1.26.8', gotoolchain: 'local', cmdName: 'mod why', source: new MemSource(), buildMod: 'mod' });
      const g = await loadPackageGraph(st, mainModulePackages('example.com/w', dir), { tests: !vendor });
      const v = vendor ? ' to vendor' : '';
      const got = names.map((n) => `# ${n}\n${whyText(g, n) || `(main module does not need${v} package ${n})\n`}`).join('\n');
      assert.equal(got, want, vendor ? '-vendor' : '');
      // The check is not vacuous: chains through std, a vendored package and a std package's test.
      assert.match(want, /\nnet\/http\nvendor\/golang\.org\/x\/net\/http\/httpguts\n/);
      if (!vendor) assert.match(want, /\.test\n/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
