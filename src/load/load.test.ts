// Loader tests: error texts and import stacks, pattern expansion and DefaultGODEBUG, compared with real go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { loadPackages, type LoadConfig } from './load.js';
import { makeContext } from './context.js';
import { findMainModule } from './resolve.js';
import { packageErrorString } from './errors.js';
import type { Package } from './types.js';


/** go list's Deps: every package reachable through imports, by import path, sorted. */
function transitiveDeps(p: Package): string[] {
  const seen = new Set<string>();
  const walk = (q: Package): void => {
    for (const d of q.internal.imports) {
      if (seen.has(d.importPath)) continue;
      seen.add(d.importPath);
      walk(d);
    }
  };
  walk(p);
  return [...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const GOROOT = '/usr/local/go';
const GO = join(GOROOT, 'bin/go');
const haveGo = existsSync(GO);
// One GOPATH for go and the loader: go's default ($HOME/go) follows $HOME, so Target paths of main packages
// would differ from the loader's whenever HOME is not the account's home directory.
const GOPATH = join(tmpdir(), 'gocmd-load-test-gopath');
const goEnv = { ...process.env, GOPATH, GOPROXY: 'off', GOTOOLCHAIN: 'local', GOWORK: 'off', CGO_ENABLED: '1' };

function writeTree(root: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    const p = join(root, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

function config(cwd: string): LoadConfig {
  return { ctxt: makeContext({ GOROOT, GOPATH, CGO_ENABLED: '1' }), cwd, mainModule: findMainModule(cwd), gobin: '' };
}

const fixture: Record<string, string> = {
  'go.mod': 'module example.com/m\n\ngo 1.22\n',
  'a/a.go': 'package a; import _ "example.com/m/b"; import _ "fmt"\n',
  'b/b.go': 'package b; import _ "example.com/m/nope"\n',
  'c/c.go': 'package c; import _ "foo/bar"\n',
  'c/internal/x/x.go': 'package x\n',
  'd/d.go': 'package d; import _ "example.com/m/c/internal/x"\n',
  'cyc1/a.go': 'package cyc1; import _ "example.com/m/cyc2"\n',
  'cyc2/a.go': 'package cyc2; import _ "example.com/m/cyc1"\n',
  'prog/main.go': 'package main; import _ "example.com/m/prog"\n',
  'q/q.go': 'package q; import _ "example.com/m/prog"\n',
  's/s.go': 'package s; import _ "internal/cpu"\n',
  't/t.go': 'package t; import _ "vendor/golang.org/x/net/dns/dnsmessage"\n',
  'v/v.go': 'package v; import _ "./a"\n',
  'w/w.go': 'package w; import _ "a b"\n',
  'empty/README': 'nothing\n',
  'onlyign/x.go': '//go:build ignore\n\npackage x\n',
  'oi/oi.go': 'package oi; import _ "example.com/m/onlyign"\n',
  'testonly/x_test.go': 'package testonly\n',
  'multi/a.go': 'package a\n', 'multi/b.go': 'package b\n',
  'emb/e.go': 'package emb\n\nimport _ "embed"\n\n//go:embed nothing*.txt\nvar s string\n',
  'emb2/e.go': 'package emb2\n\nimport "embed"\n\n//go:embed d\nvar f embed.FS\n',
  'emb2/d/.hidden': 'x', 'emb2/d/a.txt': 'a', 'emb2/d/_u.txt': 'u',
  'cfiles/x.go': 'package cfiles\n', 'cfiles/x.c': 'int x;\n',
  'ok/main.go': 'package main\n\nimport (\n\t"fmt"\n\t"golang.org/x/net/dns/dnsmessage"\n)\n\nfunc main() { fmt.Println(); _ = dnsmessage.Message{} }\n',
};

test('error messages and import stacks match go build', { skip: !haveGo }, async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gocmd-load-')));
  writeTree(root, fixture);
  const dirs = ['a', 'b', 'c', 'd', 'cyc1', 'prog', 'q', 's', 't', 'v', 'w', 'empty', 'onlyign', 'oi', 'multi', 'emb', 'cfiles'];
  for (const d of dirs) {
    const r = spawnSync(GO, ['build', '-o', '/dev/null', './' + d], { cwd: root, env: goEnv, encoding: 'utf8' });
    const want = r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('go: ') && !l.startsWith('# ')).join('\n');
    const res = await loadPackages(config(root), ['./' + d]);
    const got = res.all.filter((p) => p.error).map((p) => packageErrorString(p.error!)).join('\n');
    assert.equal(got, want, d);
  }
});

test('embed files', { skip: !haveGo }, async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gocmd-load-')));
  writeTree(root, fixture);
  const res = await loadPackages(config(root), ['./emb2']);
  const want = execFileSync(GO, ['list', '-f', '{{join .EmbedFiles ","}}', './emb2'], { cwd: root, env: goEnv, encoding: 'utf8' }).trim();
  assert.equal(res.roots[0]!.embedFiles.join(','), want);
});

test('pattern expansion matches go list', { skip: !haveGo }, async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gocmd-load-')));
  writeTree(root, fixture);
  for (const pat of ['./...', 'example.com/m/...', './c/...', 'net/...', 'std', 'all']) {
    const want = execFileSync(GO, ['list', '-e', pat], { cwd: root, env: goEnv, encoding: 'utf8' }).trim().split('\n');
    const res = await loadPackages(config(root), [pat]);
    assert.deepEqual(res.roots.map((p) => p.importPath), want, pat);
  }
  const res = await loadPackages(config(root), ['example.com/m/zz/...']);
  assert.deepEqual(res.warnings, ['go: warning: "example.com/m/zz/..." matched no packages']);
});

test('std vendor mapping and deps', { skip: !haveGo }, async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gocmd-load-')));
  writeTree(root, fixture);
  const res = await loadPackages(config(root), ['net/http']);
  const p = res.roots[0]!;
  const want = JSON.parse(execFileSync(GO, ['list', '-json', 'net/http'], { cwd: root, env: goEnv, encoding: 'utf8' })) as {
    Imports: string[]; ImportMap: Record<string, string>; Deps: string[]; Target?: string;
  };
  assert.deepEqual(p.imports, want.Imports);
  assert.deepEqual(p.importMap, want.ImportMap);
  assert.deepEqual(transitiveDeps(p), want.Deps);
  assert.equal(p.error, undefined);
});

test('DefaultGODEBUG and target match go list', { skip: !haveGo }, async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gocmd-godebug-')));
  const mods: Record<string, Record<string, string>> = {
    m120: { 'go.mod': 'module m\n\ngo 1.20\n', 'main.go': 'package main\nfunc main(){}\n' },
    m121: { 'go.mod': 'module m\n\ngo 1.21\n', 'main.go': 'package main\nfunc main(){}\n' },
    m122: { 'go.mod': 'module example.com/x/v2\n\ngo 1.22\n', 'main.go': 'package main\nfunc main(){}\n' },
    gd: {
      'go.mod': 'module m\n\ngo 1.21\n\ngodebug (\n\tpanicnil=1\n\thttp2client=0\n)\n',
      'main.go': '//go:debug asynctimerchan=1\n//go:debug default=go1.22\n\npackage main\nfunc main(){}\n',
    },
  };
  for (const [name, files] of Object.entries(mods)) {
    const dir = join(root, name);
    writeTree(dir, files);
    const want = execFileSync(GO, ['list', '-f', '{{.DefaultGODEBUG}}|{{.Target}}', '.'], {
      cwd: dir, env: { ...goEnv, GOBIN: '' }, encoding: 'utf8',
    }).trim();
    const res = await loadPackages(config(dir), ['.']);
    const p = res.roots[0]!;
    assert.equal(`${p.defaultGODEBUG}|${p.target}`, want, name);
  }
});

test('command-line files', { skip: !haveGo }, async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gocmd-files-')));
  writeTree(root, {
    'go.mod': 'module example.com/m\n\ngo 1.22\n',
    'ok/main.go': 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println() }\n',
    'ok/f.go': 'package main\n',
    'ok/ign.go': '//go:build ignore\n\npackage main\n',
    'ok/x_windows.go': 'package main\n',
  });
  const cases: string[][] = [['./ok/main.go', 'ok/f.go'], ['ok/ign.go'], ['ok/x_windows.go', 'ok/main.go']];
  for (const files of cases) {
    const want = JSON.parse(execFileSync(GO, ['list', '-json', ...files], { cwd: root, env: { ...goEnv, GOBIN: '' }, encoding: 'utf8' })) as {
      ImportPath: string; GoFiles: string[]; Target: string; Imports?: string[]; Dir: string;
    };
    const res = await loadPackages(config(root), files);
    const p = res.roots[0]!;
    assert.equal(p.importPath, want.ImportPath);
    assert.deepEqual(p.goFiles, want.GoFiles, files.join(' '));
    assert.equal(p.target, want.Target);
    assert.equal(p.dir, want.Dir);
    assert.deepEqual(p.imports, want.Imports ?? []);
  }
  const bad = await loadPackages(config(root), ['ok/main.go', 'go.mod']);
  assert.equal(bad.roots[0]!.error?.err, 'named files must be .go files: go.mod');
  // go stops (base.Fatalf) when a later named file is missing, even under list -e.
  const r = spawnSync(GO, ['list', '-e', 'ok/main.go', 'x.go'], { cwd: root, env: goEnv, encoding: 'utf8' });
  assert.equal(r.status, 1);
  await assert.rejects(loadPackages(config(root), ['ok/main.go', 'x.go']), (e: Error) => e.name === 'ExitError' && e.message + '\n' === r.stderr);
});

test('syntax errors and header edge cases match go list', { skip: !haveGo }, async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gocmd-syntax-')));
  const srcs = [
    '', 'package', 'package 1', 'package x; import', 'package x\nimport fmt\n', 'package x\nimport (\n"fmt"\n"os"\n',
    'package x\nimport "fmt" "os"\n', "package x\nimport 'a'\n", 'package x\nimport ("fmt", "os")\n',
    'package x\nimport "fmt\n', 'package x\n/* unterminated', '// comment only\n',
    'package x\nimport . "fmt"\nimport _ "os"\nimport y "strings"\nfunc main() {}\n', 'package x\nimport "a b"\n',
    'package x\n\nvar x = 1\nimport "fmt"\n', '//go:build ignore\n\npackage documentation\n', 'package documentation\n',
    'package x_test\n', 'package x\nimport "embed"\n//go:embed a.txt b\n//go:embed "c d" `e`\n//go:embed\nvar x string\n',
    '\ufeffpackage x\nimport "os"\n', '\u00ef\u00bbpackage x\n', 'package \u00e9t\u00e9\n', 'package x\n\n// #cgo CFLAGS: -DX\nimport "C"\n',
  ];
  const files: Record<string, string> = { 'go.mod': 'module m\n\ngo 1.22\n' };
  srcs.forEach((src, i) => { files[`p${i}/a.go`] = src; });
  writeTree(root, files);
  const pats = srcs.map((_, i) => `./p${i}`);
  const fmt = '{{.ImportPath}}|{{.Name}}|{{.GoFiles}}|{{.CgoFiles}}|{{.IgnoredGoFiles}}|{{.InvalidGoFiles}}|{{.Imports}}|{{.EmbedPatterns}}|{{if .Error}}{{.Error.Pos}}: {{.Error.Err}}{{end}}';
  const want = execFileSync(GO, ['list', '-e', '-f', fmt, ...pats], { cwd: root, env: goEnv, encoding: 'utf8' }).trimEnd().split('\n');
  const res = await loadPackages(config(root), pats);
  const l = (x: string[]): string => `[${x.join(' ')}]`;
  const got = res.roots.map((p) => {
    const e = p.error ? `${p.error.pos ?? ''}: ${p.error.err}` : '';
    return `${p.importPath}|${p.name}|${l(p.goFiles)}|${l(p.cgoFiles)}|${l(p.ignoredGoFiles)}|${l(p.invalidGoFiles)}|${l(p.imports)}|${l(p.embedPatterns)}|${e}`;
  });
  assert.deepEqual(got, want);
});

test('embed pattern rules match go list', { skip: !haveGo }, async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gocmd-embed-')));
  const pkg = (name: string, directive: string): string => `package ${name}\n\nimport "embed"\n\n${directive}\nvar f embed.FS\n`;
  const d = { 'd/a.txt': 'a', 'd/.h': 'b', 'd/sub/c.txt': 'c', 'd/.git/cfg': 'g', 'd/_x/u': 'u' };
  const files: Record<string, string> = { 'go.mod': 'module m\n\ngo 1.22\n' };
  const add = (dir: string, directive: string, extra: Record<string, string> = {}): void => {
    files[`${dir}/e.go`] = pkg(dir, directive);
    for (const [k, v] of Object.entries(extra)) files[`${dir}/${k}`] = v;
  };
  add('e1', '//go:embed d', d);
  add('e2', '//go:embed all:d', d);
  add('e3', '//go:embed d/*', d);
  add('e4', '//go:embed nomod', { 'nomod/go.mod': 'module x\n', 'nomod/x.txt': 'x' });
  add('e5', '//go:embed ../x.txt');
  add('e6', '//go:embed emptydir', { 'emptydir/.hid/x': '' });
  add('e7', '//go:embed [x');
  add('e8', '//go:embed a*.txt b.txt', { 'a1.txt': '', 'a2.txt': '', 'b.txt': '' });
  add('e9', '//go:embed d/.git', { 'd/.git/x': '' });
  add('e10', '//go:embed "sp ace.txt"', { 'sp ace.txt': '' });
  add('e11', '//go:embed sub/x.txt', { 'sub/go.mod': 'module y\n', 'sub/x.txt': '' });
  add('e12', '//go:embed missing.txt');
  writeTree(root, files);
  const pats = Object.keys(files).filter((f) => f.endsWith('/e.go')).map((f) => './' + f.split('/')[0]);
  const fmt = '{{.ImportPath}}|{{.EmbedFiles}}|{{if .Error}}{{.Error.Pos}}: {{.Error.Err}}{{end}}';
  const want = execFileSync(GO, ['list', '-e', '-f', fmt, ...pats], { cwd: root, env: goEnv, encoding: 'utf8' }).trimEnd().split('\n');
  const res = await loadPackages(config(root), pats);
  const got = res.roots.map((p) => `${p.importPath}|[${p.embedFiles.join(' ')}]|${p.error ? `${p.error.pos}: ${p.error.err}` : ''}`);
  assert.deepEqual(got, want);
});

test('std and cmd/go match go list -json (imports, vendor map, deps, targets)', { skip: !haveGo }, async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gocmd-std-')));
  writeTree(root, { 'go.mod': 'module m\n\ngo 1.22\n' });
  const combos: Record<string, string>[] = [
    { GOOS: 'linux', GOARCH: 'amd64', CGO_ENABLED: '1' },
    { GOOS: 'windows', GOARCH: 'arm64', CGO_ENABLED: '0' },
  ];
  for (const env of combos) {
    const out = execFileSync(GO, ['list', '-e', '-json', 'std', 'cmd/go', 'cmd/gofmt', 'cmd/vet'], {
      cwd: root, env: { ...goEnv, ...env, GOBIN: '' }, encoding: 'utf8', maxBuffer: 1 << 28,
    });
    const want = JSON.parse('[' + out.replace(/\}\n\{/g, '},{') + ']') as {
      ImportPath: string; Name: string; Imports?: string[]; ImportMap?: Record<string, string>; Deps?: string[];
      Target?: string; GoFiles?: string[]; Standard?: boolean; Goroot?: boolean;
    }[];
    const cfg: LoadConfig = { ...config(root), ctxt: makeContext({ GOROOT, GOPATH, ...env }) };
    const res = await loadPackages(cfg, ['std', 'cmd/go', 'cmd/gofmt', 'cmd/vet']);
    const byPath = new Map(res.all.map((p) => [p.importPath, p]));
    for (const w of want) {
      const p = byPath.get(w.ImportPath);
      assert.ok(p, w.ImportPath);
      const label = `${w.ImportPath} ${env.GOOS}/${env.GOARCH}`;
      assert.equal(p.name, w.Name, label);
      assert.deepEqual(p.goFiles, w.GoFiles ?? [], label);
      assert.deepEqual(p.imports, w.Imports ?? [], label);
      assert.deepEqual(p.importMap, w.ImportMap ?? {}, label);
      assert.deepEqual(transitiveDeps(p), w.Deps ?? [], label);
      assert.equal(p.target ?? '', w.Target ?? '', label);
      assert.equal(p.standard, w.Standard ?? false, label);
      assert.equal(p.error, undefined, label);
    }
  }
});

test('#cgo directives match go list', { skip: !haveGo }, async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gocmd-cgo-')));
  writeTree(root, {
    'go.mod': 'module m\n\ngo 1.22\n',
    'c1/a.go': 'package c1\n\n/*\n#cgo CFLAGS: -I${SRCDIR}/inc -Iinc2 -DA="x y" -O2\n#cgo linux,amd64 LDFLAGS: -L lib -lm\n' +
      '#cgo windows LDFLAGS: -lws2\n#cgo !windows && (amd64 || arm64) CPPFLAGS: -DZ\n#cgo pkg-config: foo \'bar baz\'\n' +
      '#cgo noescape f\n#include <stdio.h>\n*/\nimport "C"\n',
    'c2/a.go': 'package c2\n\n// #cgo CFLAGS -O2\nimport "C"\n',
    'c3/a.go': 'package c3\n\n// #cgo CFLAGS: `x`\nimport "C"\n',
    'c4/a.go': 'package c4\n\n// #cgo FOO: x\nimport "C"\n',
  });
  const pats = ['./c1', './c2', './c3', './c4'];
  const fmt = '{{.CgoCFLAGS}}|{{.CgoCPPFLAGS}}|{{.CgoLDFLAGS}}|{{.CgoPkgConfig}}|{{.InvalidGoFiles}}|{{if .Error}}{{.Error}}{{end}}';
  const want = execFileSync(GO, ['list', '-e', '-f', fmt, ...pats], { cwd: root, env: goEnv, encoding: 'utf8' }).trimEnd().split('\n');
  const res = await loadPackages(config(root), pats);
  const l = (x: string[] | undefined): string => `[${(x ?? []).join(' ')}]`;
  const got = res.roots.map((p) => `${l(p.cgoCFLAGS)}|${l(p.cgoCPPFLAGS)}|${l(p.cgoLDFLAGS)}|${l(p.cgoPkgConfig)}|${l(p.invalidGoFiles)}|${p.error ? packageErrorString(p.error) : ''}`);
  assert.deepEqual(got, want);
});

test('bad and special import paths match go build', { skip: !haveGo }, async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gocmd-imp-')));
  const imps = ['foo//bar', 'example.com/m/../x', 'example.com/m/x@v1', '/abs', 'std', 'example.com/m/.hid', 'a\\\\b', 'mod/x',
    'example.com/m/x~y', 'unsafe', 'cmd/go', 'cmd/internal/objabi', 'golang.org/x/crypto/chacha20', 'internal/cpu', 'crypto/internal/fips140/aes'];
  const files: Record<string, string> = { 'go.mod': 'module example.com/m\n\ngo 1.22\n' };
  imps.forEach((imp, i) => { files[`b${i}/a.go`] = `package b\nimport _ "${imp}"\n`; });
  writeTree(root, files);
  for (let i = 0; i < imps.length; i++) {
    const r = spawnSync(GO, ['list', '-deps', '-e', '-f', '{{if .Error}}{{.Error}}{{end}}', `./b${i}`], { cwd: root, env: goEnv, encoding: 'utf8' });
    const want = r.stdout.split('\n').filter((l) => l !== '').join('\n');
    const res = await loadPackages(config(root), [`./b${i}`]);
    const got = res.all.filter((p) => p.error).map((p) => packageErrorString(p.error!)).join('\n');
    assert.equal(got, want, imps[i]);
  }
});

test('-tags and test imports match go list', { skip: !haveGo }, async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gocmd-tags-')));
  writeTree(root, {
    'go.mod': 'module m\n\ngo 1.22\n',
    'p/a.go': 'package p\n',
    'p/b.go': '//go:build foo && !bar\n\npackage p\n\nimport "os"\n',
    'p/p_test.go': 'package p\n\nimport "golang.org/x/net/dns/dnsmessage"\n',
    'p/x_test.go': 'package p_test\n\nimport (\n\t"m/p"\n\t"net/http"\n)\n',
  });
  for (const tags of [[], ['foo'], ['foo', 'bar']]) {
    const args = ['list', '-e', '-f', '{{.GoFiles}}|{{.Imports}}|{{.IgnoredGoFiles}}', ...(tags.length ? ['-tags', tags.join(',')] : []), './p'];
    const want = execFileSync(GO, args, { cwd: root, env: goEnv, encoding: 'utf8' }).trim();
    const res = await loadPackages(config(root), ['./p'], { tags });
    const p = res.roots[0]!;
    assert.equal(`[${p.goFiles.join(' ')}]|[${p.imports.join(' ')}]|[${p.ignoredGoFiles.join(' ')}]`, want, tags.join(','));
  }
  const want = execFileSync(GO, ['list', '-e', '-f', '{{.TestImports}}|{{.XTestImports}}', './p'], { cwd: root, env: goEnv, encoding: 'utf8' }).trim();
  const res = await loadPackages(config(root), ['./p'], { test: true });
  const p = res.roots[0]!;
  assert.equal(`[${p.testImports.join(' ')}]|[${p.xTestImports.join(' ')}]`, want);
});

test('module-mode directory patterns are not local: ./... with in-module imports loads cleanly, as go build', { skip: !haveGo }, async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gocmd-load-')));
  writeTree(root, {
    'go.mod': 'module example.com/multi\n\ngo 1.23\n',
    'lib.go': 'package multi\n\nconst X = 1\n',
    'cmd/tool/main.go': 'package main\n\nimport "example.com/multi"\n\nfunc main() { _ = multi.X }\n',
  });
  for (const pat of ['./...', '.', './cmd/tool', './cmd/...']) {
    const r = spawnSync(GO, ['build', '-o', '/dev/null', pat], { cwd: root, env: goEnv, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const res = await loadPackages(config(root), [pat]);
    assert.deepEqual(res.all.filter((p) => p.error).map((p) => packageErrorString(p.error!)), [], pat);
    for (const p of res.roots) assert.equal(p.internal.local ?? false, false, `${pat}: ${p.importPath}`);
  }
});

test('files named on the command line have no module (go list .Module is nil) and the toolchain language version', { skip: !haveGo }, async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gocmd-load-')));
  writeTree(root, {
    'go.mod': 'module example.com/hello\n\ngo 1.22\n',
    'main.go': 'package main\n\nfunc main() {}\n',
  });
  const want = execFileSync(GO, ['list', '-f', '{{.Module}}|{{.DefaultGODEBUG}}', 'main.go'], { cwd: root, env: goEnv, encoding: 'utf8' }).trim();
  const res = await loadPackages(config(root), ['main.go']);
  const p = res.roots[0]!;
  assert.equal(`${p.module === undefined ? '<nil>' : p.module.path}|${p.defaultGODEBUG}`, want);
  const toolchain = execFileSync(GO, ['env', 'GOVERSION'], { env: goEnv, encoding: 'utf8' }).trim().replace(/^go/, '');
  assert.equal(p.goVersion, toolchain.split('.').slice(0, 2).join('.'));
});

test('fatal load errors stop the command with go\'s text (go.mod not found, named files in two directories)', { skip: !haveGo }, async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gocmd-load-')));
  writeTree(root, { 'a.go': 'package main\n\nfunc main() {}\n', 'b/b.go': 'package b\n', 'e/README': 'x\n' });
  const env = { ...goEnv, GO111MODULE: 'on', GOFLAGS: '' };
  const cases: string[][] = [['.'], ['./e'], ['./nope'], ['a.go', 'b/b.go']];
  for (const args of cases) {
    const r = spawnSync(GO, ['list', '-e', ...args], { cwd: root, env, encoding: 'utf8' });
    assert.equal(r.status, 1, args.join(' '));
    const cfg = config(root);
    await assert.rejects(loadPackages(cfg, args), (e: Error & { code?: number }) => {
      assert.equal(e.name, 'ExitError');
      assert.equal(e.code, 1);
      assert.equal(e.message + '\n', r.stderr, args.join(' '));
      return true;
    });
  }
  // In a git checkout go points at the repository root instead.
  writeTree(root, { '.git/config': '' });
  const r = spawnSync(GO, ['build', '.'], { cwd: join(root, 'e'), env, encoding: 'utf8' });
  await assert.rejects(loadPackages(config(join(root, 'e')), ['.']), (e: Error) => e.message + '\n' === r.stderr);
});

test('"all" outside a module matches nothing, with go\'s warning', { skip: !haveGo }, async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gocmd-load-')));
  writeTree(root, { 'a.go': 'package main\n\nfunc main() {}\n' });
  const r = spawnSync(GO, ['list', '-e', 'all'], { cwd: root, env: { ...goEnv, GO111MODULE: 'on', GOFLAGS: '' }, encoding: 'utf8' });
  const res = await loadPackages(config(root), ['all']);
  assert.equal(res.roots.length, 0);
  assert.equal(r.stdout, '');
  assert.equal(res.warnings.map((w) => w + '\n').join(''), r.stderr);
});

test('-ldflags=-linkmode=external for a package makes runtime/cgo a link dependency, as go list -deps', { skip: !haveGo }, async () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'gocmd-linkext-')));
  writeTree(dir, { 'go.mod': 'module m\n\ngo 1.22\n', 'main.go': 'package main\nfunc main(){}\n' });
  for (const ld of ['-linkmode=external', '-linkmode=external -linkmode=internal']) {
    const want = execFileSync(GO, ['list', '-deps', `-ldflags=${ld}`, '-f', '{{.ImportPath}}', '.'], { cwd: dir, env: goEnv, encoding: 'utf8' })
      .split('\n').includes('runtime/cgo');
    const res = await loadPackages({ ...config(dir), ldflagsFor: (p) => (p.cmdlinePkg ? ld.split(' ') : []) }, ['.']);
    assert.equal(res.all.some((p) => p.importPath === 'runtime/cgo'), want, ld);
  }
});

test('"all" holds the test imports of every package in "all" only before go 1.16, as go list all', { skip: !haveGo }, async () => {
  for (const v of ['1.15', '1.16']) {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'gocmd-load-')));
    writeTree(root, {
      'go.mod': `module m\n\ngo ${v}\n`,
      'm.go': 'package m\n\nimport _ "m/a"\n',
      'm_test.go': 'package m_test\n\nimport _ "m/fromtest"\n',
      'a/a.go': 'package a\n\nimport _ "errors"\n',
      'a/a_test.go': 'package a_test\n\nimport _ "m/fromatest"\n',
      'fromtest/x.go': 'package fromtest\n',
      'fromatest/x.go': 'package fromatest\n',
    });
    const want = execFileSync(GO, ['list', '-e', 'all'], { cwd: root, env: { ...goEnv, GOFLAGS: '-mod=mod' }, encoding: 'utf8' }).trim().split('\n');
    const res = await loadPackages(config(root), ['all']);
    assert.deepEqual(res.roots.map((p) => p.importPath), want, v);
    assert.equal(want.includes('testing'), v === '1.15'); // errors' own tests import testing
  }
});

test('go.mod tool directives are roots of "all" (their tests are not), as go list -e all', { skip: !haveGo }, async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'gocmd-load-')));
  writeTree(root, {
    'go.mod': 'module m\n\ngo 1.24\n\ntool (\n\tm/cmd/hello\n\texample.com/tools/cmd/hello\n)\n',
    'm.go': 'package m\n',
    'cmd/hello/main.go': 'package main\n\nfunc main() {}\n',
  });
  const want = execFileSync(GO, ['list', '-e', 'all'], { cwd: root, env: goEnv, encoding: 'utf8' }).trim().split('\n');
  const res = await loadPackages(config(root), ['all']);
  assert.deepEqual(res.roots.map((p) => p.importPath), want);
  assert.ok(want.includes('example.com/tools/cmd/hello'));
});
