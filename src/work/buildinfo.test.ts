// Tests for build info: formatting/parsing, reading binaries, VCS stamping, all compared with real go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModuleInfo, Package } from '../load/types.js';
import {
  computeBuildInfo, formatBuildInfo, modInfoData, modInfoImportcfgLine, parseBuildInfo, formatVersionOutput,
  formatVersionJSON, type BuildInfo, type BuildInfoOptions,
} from './buildinfo.js';
import { readBuildInfo } from './buildinfo-read.js';
import { vcsBuildInfo, rfc3339, hasFilePathPrefix, resetVCSStatusCache, cachedPseudoVersion } from './buildinfo-vcs.js';
import { versionFiles } from './buildinfo-version.js';
import { haveGo, runGo, sharedGocache, writeTree } from '../cache/testgo.js';

const sample: BuildInfo = {
  goVersion: '',
  path: 'example.com/m/cmd/x',
  main: { path: 'example.com/m', version: '(devel)', sum: '' },
  deps: [
    { path: 'example.com/a', version: 'v1.0.0', sum: 'h1:abc=' },
    { path: 'example.com/b', version: 'v0.1.0', sum: '', replace: { path: '../b', version: '(devel)', sum: '' } },
  ],
  settings: [
    { key: '-ldflags', value: '-X main.v=1 -s' },
    { key: 'CGO_CFLAGS', value: '' },
    { key: 'we"ird key', value: 'tab\there' },
    { key: 'GOOS', value: 'linux' },
  ],
};

test('formatBuildInfo is debug.BuildInfo.String and parseBuildInfo inverts it', () => {
  const s = formatBuildInfo(sample);
  assert.equal(s, [
    'path\texample.com/m/cmd/x',
    'mod\texample.com/m\t(devel)\t',
    'dep\texample.com/a\tv1.0.0\th1:abc=',
    'dep\texample.com/b\tv0.1.0',
    '=>\t../b\t(devel)\t',
    '', // go's String() leaves an empty line after a replacement
    'build\t-ldflags="-X main.v=1 -s"',
    'build\tCGO_CFLAGS=',
    'build\t"we\\"ird key"="tab\\there"',
    'build\tGOOS=linux',
    '',
  ].join('\n'));
  assert.deepEqual(parseBuildInfo(s), sample);
});

test('parseBuildInfo errors match debug.ParseBuildInfo', () => {
  const cases: [string, string][] = [
    ['mod\ta\n', 'line 1: expected 2 or 3 columns; got 1'],
    ['path\tp\n=>\ta\tb\tc\n', 'line 2: replacement with no module on previous line'],
    ['build\t=x\n', "line 1: build line with missing key"],
    ['build\tkey\n', "line 1: build line missing '=' after key"],
    ['build\tk=a b\n', 'line 1: unquoted value "a b" must be quoted'],
    ['build\t"k"x\n', "line 1: unexpected character after quoted key: 'x'"],
  ];
  for (const [text, want] of cases) {
    assert.throws(() => parseBuildInfo(text), { message: `could not parse Go build info: ${want}` }, text);
  }
});

test('modinfo framing and importcfg line', () => {
  const d = modInfoData('path\tx\n');
  assert.equal(d.subarray(0, 16).toString('hex'), '3077af0c9274080241e1c107e6d618e6');
  assert.equal(d.subarray(-16).toString('hex'), 'f932433186182072008242104116d8f2');
  assert.equal(modInfoImportcfgLine('path\tx\n'), 'modinfo "0w\\xaf\\f\\x92t\\b\\x02A\\xe1\\xc1\\a\\xe6\\xd6\\x18\\xe6path\\tx\\n\\xf92C1\\x86\\x18 r\\x00\\x82B\\x10A\\x16\\xd8\\xf2"\n');
});

test('a PGO profile adds -pgo and sorts the settings by key, as go does', () => {
  const p = pkg('example.com/pgo', '/tmp/h5/pgo', 'main', { path: 'example.com/pgo', version: '', dir: '/tmp/h5/pgo' });
  const o: BuildInfoOptions = { buildmode: 'default', cgoEnabled: false, goos: 'linux', goarch: 'amd64', archEnv: { key: 'GOAMD64', value: 'v1' }, pgoFile: '/tmp/h5/pgo/default.pgo' };
  // Recorded from go1.26.8: go build with an empty default.pgo, then go version -m.
  assert.equal(formatBuildInfo(computeBuildInfo(p, o)), [
    'path\texample.com/pgo', 'mod\texample.com/pgo\t(devel)\t', 'build\t-buildmode=exe', 'build\t-compiler=gc',
    'build\t-pgo=/tmp/h5/pgo/default.pgo', 'build\tCGO_ENABLED=0', 'build\tGOAMD64=v1', 'build\tGOARCH=amd64', 'build\tGOOS=linux', '',
  ].join('\n'));
  assert.match(formatBuildInfo(computeBuildInfo(p, { ...o, trimpath: true })), /\tbuild\t-pgo=default\.pgo\n|build\t-pgo=default\.pgo\n/);
});

test('small helpers', () => {
  assert.equal(rfc3339(1700000000), '2023-11-14T22:13:20Z');
  assert.ok(hasFilePathPrefix('/a/b', '/a'));
  assert.ok(!hasFilePathPrefix('/ab', '/a'));
  assert.ok(hasFilePathPrefix('/a', ''));
});

function git(dir: string, ...args: string[]): string {
  const r = spawnSync('git', args, {
    cwd: dir, encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t', GIT_COMMITTER_DATE: '2024-03-04T05:06:07Z', GIT_AUTHOR_DATE: '2024-03-04T05:06:07Z' },
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const haveGit = spawnSync('git', ['--version']).status === 0;

function pkg(importPath: string, dir: string, name: string, module: ModuleInfo | undefined, imports: Package[] = []): Package {
  // Only the fields build info reads are meaningful here.
  return { importPath, dir, name, module, standard: false, internal: { imports }, defaultGODEBUG: '' } as unknown as Package;
}

/** Runs go build in dir with env/flags, returns `go version -m` of the result and our rendering of the same file. */
/** A fresh module cache per build: go remembers commit → pseudo-version there (and reuses it with GOPROXY=off). */
function goBuildInfo(dir: string, flags: string[], env: Record<string, string>): { goText: string; ours: string; bin: string } {
  const bin = join(mkdtempSync(join(tmpdir(), 'gocmd-bin-')), 'out.bin'); // outside the repository, so it cannot make the tree dirty
  const r = runGo(['build', ...flags, '-o', bin, './cmd/x'], { cwd: dir, env: { GOCACHE: sharedGocache(), GOFLAGS: '-mod=mod', GOMODCACHE: mkdtempSync(join(tmpdir(), 'gocmd-modcache-')), ...env } });
  assert.equal(r.status, 0, r.stderr);
  const v = runGo(['version', '-m', bin], { cwd: dir });
  assert.equal(v.status, 0, v.stderr);
  return { goText: v.stdout, ours: formatVersionOutput(bin, readBuildInfo(bin), true), bin };
}

test('build info computed by gocmd equals what go stamps (modules, replace, flags, VCS tags)', { skip: !haveGo || !haveGit }, () => {
  const root = writeTree({
    'm/go.mod': 'module example.com/m\n\ngo 1.26\n\nrequire example.com/dep v0.1.0\n\nreplace example.com/dep => ../dep\n',
    'm/cmd/x/main.go': 'package main\n\nimport "example.com/dep"\n\nfunc main() { println(dep.X) }\n',
    'dep/go.mod': 'module example.com/dep\n\ngo 1.26\n',
    'dep/dep.go': 'package dep\n\nconst X = 1\n',
  });
  const m = join(root, 'm');
  git(m, 'init', '-q');
  git(m, 'add', '.');
  git(m, 'commit', '-q', '-m', 'one');
  git(m, 'tag', 'v1.2.3');
  const depMod: ModuleInfo = { path: 'example.com/dep', version: 'v0.1.0', dir: join(root, 'dep'), replace: { path: '../dep', version: '', dir: join(root, 'dep') } };
  const mainMod: ModuleInfo = { path: 'example.com/m', version: '', main: true, dir: m };
  const depPkg = pkg('example.com/dep', join(root, 'dep'), 'dep', depMod);
  const mainPkg = pkg('example.com/m/cmd/x', join(m, 'cmd/x'), 'main', mainMod, [depPkg]);
  const base: BuildInfoOptions = {
    buildmode: 'default', cgoEnabled: false, goos: 'linux', goarch: 'amd64', archEnv: { key: 'GOAMD64', value: 'v1' },
  };
  const cases: { name: string; flags: string[]; env: Record<string, string>; o: Partial<BuildInfoOptions>; edit?: () => void }[] = [
    { name: 'tagged, clean', flags: [], env: { CGO_ENABLED: '0' }, o: {} },
    { name: 'flags', flags: ['-ldflags=-s -X main.v=1', '-tags=a,b', '-gcflags=all=-N'], env: { CGO_ENABLED: '0' }, o: { ldflags: '-s -X main.v=1', tags: ['a', 'b'], gcflags: 'all=-N' } },
    { name: 'trimpath drops ldflags', flags: ['-trimpath', '-ldflags=-s'], env: { CGO_ENABLED: '0' }, o: { trimpath: true, ldflags: '-s' } },
    { name: 'cgo flags', flags: [], env: { CGO_ENABLED: '1', CGO_CFLAGS: '-O2 -g', CGO_LDFLAGS: '-O1' }, o: { cgoEnabled: true, cgoFlags: { CGO_CFLAGS: '-O2 -g', CGO_LDFLAGS: '-O1' } } },
    { name: 'cgo flags unset', flags: [], env: { CGO_ENABLED: '1' }, o: { cgoEnabled: true } },
    { name: 'dirty', flags: [], env: { CGO_ENABLED: '0' }, o: {}, edit: () => writeFileSync(join(m, 'extra.txt'), 'x') },
    {
      name: 'pseudo-version after tag', flags: [], env: { CGO_ENABLED: '0' }, o: {},
      edit: () => {
        git(m, 'add', '.');
        git(m, 'commit', '-q', '-m', 'two');
      },
    },
  ];
  for (const c of cases) {
    c.edit?.();
    const { goText, ours, bin } = goBuildInfo(m, c.flags, c.env);
    assert.equal(ours, goText, `${c.name}: reader`);
    resetVCSStatusCache();
    const vcs = vcsBuildInfo(mainPkg, { buildvcs: 'auto', autoVCS: true, cwd: m });
    assert.ok(vcs && !('error' in vcs), c.name);
    const bi = computeBuildInfo(mainPkg, { ...base, ...c.o, vcs, sum: () => '' });
    bi.goVersion = readBuildInfo(bin).goVersion;
    assert.equal(formatVersionOutput(bin, bi, true), goText, c.name);
  }
});

test('with GOPROXY=off a pseudo-version cached for the commit wins, as in go', () => {
  const mc = mkdtempSync(join(tmpdir(), 'gocmd-modcache-'));
  const d = join(mc, 'cache/download/example.com/!upper/@v');
  mkdirSync(d, { recursive: true });
  for (const v of ['v0.0.0-20240101000000-abcdefabcdef', 'v1.0.1-0.20240101000000-abcdefabcdef', 'v1.0.0', 'v0.0.0-20240101000000-111111111111']) {
    writeFileSync(join(d, v + '.info'), '{}');
  }
  assert.equal(cachedPseudoVersion(mc, 'example.com/Upper', 'abcdefabcdef0123456789'), 'v1.0.1-0.20240101000000-abcdefabcdef');
  assert.equal(cachedPseudoVersion(mc, 'example.com/Upper', '2222222222220000'), undefined);
  assert.equal(cachedPseudoVersion(mc, 'example.com/Upper', 'v1.0.0'), undefined);
});

test('-buildvcs=false and nothing to stamp outside a repository', { skip: !haveGit }, () => {
  const d = mkdtempSync(join(tmpdir(), 'gocmd-novcs-'));
  const p = pkg('example.com/x', d, 'main', { path: 'example.com/x', version: '', dir: d });
  assert.equal(vcsBuildInfo(p, { buildvcs: 'false', autoVCS: true, cwd: d }), undefined);
  assert.equal(vcsBuildInfo(p, { buildvcs: 'auto', autoVCS: false, cwd: d }), undefined);
});

test('go version output for files and directories matches go', { skip: !haveGo }, () => {
  const mod = writeTree({
    'go.mod': 'module example.com/v\n\ngo 1.26\n',
    'main.go': 'package main\n\nfunc main() {}\n',
    'bin/notgo.sh': '#!/bin/sh\n',
    'bin/data.txt': 'hello\n',
  });
  chmodSync(join(mod, 'bin/notgo.sh'), 0o755);
  const r = runGo(['build', '-o', 'bin/v', '.'], { cwd: mod, env: { GOCACHE: sharedGocache(), CGO_ENABLED: '0' } });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(statSync(join(mod, 'bin/v')).isFile());
  const argsets: [string[], boolean, boolean, boolean][] = [
    [['bin'], false, false, false],
    [['bin'], true, true, false],
    [['bin/v', 'bin/notgo.sh', 'bin/data.txt', 'missing'], true, false, false],
    [['bin/v'], true, false, true],
  ];
  for (const [args, m, v, json] of argsets) {
    let stdout = '';
    let stderr = '';
    const status = versionFiles(args.map((a) => join(mod, a)), { m, v, json }, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; } });
    const flags = [...(m ? ['-m'] : []), ...(v ? ['-v'] : []), ...(json ? ['-json'] : [])];
    const g = runGo(['version', ...flags, ...args.map((a) => join(mod, a))], { cwd: mod });
    assert.equal(stdout, g.stdout, args.join(' '));
    assert.equal(stderr, g.stderr, args.join(' '));
    assert.equal(status, g.status, args.join(' '));
  }
  assert.match(formatVersionJSON(readBuildInfo(join(mod, 'bin/v'))), /^\{\n\t"GoVersion": "go/);
});

test('VCS versions for submodules, /v2 modules and untagged repositories match go', { skip: !haveGo || !haveGit }, () => {
  const scenarios: { name: string; files: Record<string, string>; modDir: string; modPath: string; steps: ((repo: string) => void)[] }[] = [
    {
      name: 'submodule with prefixed tags',
      files: {
        'go.mod': 'module example.com/repo\n\ngo 1.26\n',
        'sub/go.mod': 'module example.com/repo/sub\n\ngo 1.26\n',
        'sub/cmd/x/main.go': 'package main\n\nfunc main() {}\n',
      },
      modDir: 'sub', modPath: 'example.com/repo/sub',
      steps: [
        (r) => { git(r, 'tag', 'sub/v0.3.0'); git(r, 'tag', 'v9.0.0'); },
        (r) => { writeFileSync(join(r, 'sub/n.txt'), 'x'); git(r, 'add', '.'); git(r, 'commit', '-q', '-m', 'n'); },
      ],
    },
    {
      name: 'major version suffix',
      files: {
        'go.mod': 'module example.com/r/v2\n\ngo 1.26\n',
        'cmd/x/main.go': 'package main\n\nfunc main() {}\n',
      },
      modDir: '', modPath: 'example.com/r/v2',
      steps: [
        (r) => { git(r, 'tag', 'v1.5.0'); },
        (r) => { git(r, 'tag', 'v2.1.0'); },
        (r) => { writeFileSync(join(r, 'n.txt'), 'x'); git(r, 'add', '.'); git(r, 'commit', '-q', '-m', 'n'); },
        (r) => { git(r, 'tag', 'v2.2.0-rc.1'); writeFileSync(join(r, 'm.txt'), 'x'); git(r, 'add', '.'); git(r, 'commit', '-q', '-m', 'm'); },
      ],
    },
    {
      name: 'untagged',
      files: {
        'go.mod': 'module example.com/u\n\ngo 1.26\n',
        'cmd/x/main.go': 'package main\n\nfunc main() {}\n',
      },
      modDir: '', modPath: 'example.com/u',
      steps: [() => {}, (r) => { git(r, 'tag', 'v1.2'); git(r, 'tag', 'v0.1.0+meta'); }],
    },
  ];
  for (const s of scenarios) {
    const root = writeTree(Object.fromEntries(Object.entries(s.files).map(([k, v]) => [`repo/${k}`, v])));
    const repo = join(root, 'repo');
    git(repo, 'init', '-q');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'one');
    const modDir = join(repo, s.modDir);
    const mainPkg = pkg(`${s.modPath}/cmd/x`, join(modDir, 'cmd/x'), 'main', { path: s.modPath, version: '', main: true, dir: modDir });
    for (const [i, step] of s.steps.entries()) {
      step(repo);
      const { goText, bin } = goBuildInfo(modDir, [], { CGO_ENABLED: '0' });
      resetVCSStatusCache();
      const vcs = vcsBuildInfo(mainPkg, { buildvcs: 'auto', autoVCS: true, cwd: modDir });
      assert.ok(vcs && !('error' in vcs), `${s.name} step ${i}`);
      const bi = computeBuildInfo(mainPkg, {
        buildmode: 'default', cgoEnabled: false, goos: 'linux', goarch: 'amd64', archEnv: { key: 'GOAMD64', value: 'v1' }, vcs,
      });
      bi.goVersion = readBuildInfo(bin).goVersion;
      assert.equal(formatVersionOutput(bin, bi, true), goText, `${s.name} step ${i}`);
    }
  }
});

test('the importcfg modinfo line is byte-identical to the one go hands the linker', { skip: !haveGo }, () => {
  const mod = writeTree({
    'go.mod': 'module example.com/icfg\n\ngo 1.26\n',
    'main.go': 'package main\n\nfunc main() {}\n',
  });
  const bin = join(mkdtempSync(join(tmpdir(), 'gocmd-bin-')), 'icfg');
  const r = runGo(['build', '-work', '-ldflags=-X "main.v=a b"', '-o', bin, '.'], { cwd: mod, env: { GOCACHE: sharedGocache(), CGO_ENABLED: '0' } });
  assert.equal(r.status, 0, r.stderr);
  const work = /WORK=(\S+)/.exec(r.stderr)![1]!;
  const icfg = readFileSync(join(work, 'b001', 'importcfg.link'), 'latin1');
  rmSync(work, { recursive: true, force: true });
  const goLine = icfg.split('\n').find((l) => l.startsWith('modinfo '))! + '\n';
  const bi = readBuildInfo(bin);
  const ours = modInfoImportcfgLine(formatBuildInfo({ ...bi, goVersion: '' }));
  assert.equal(Buffer.from(ours, 'utf8').toString('latin1'), goLine);
});

test('universal (fat) Mach-O binaries: build info of the first slice', { skip: !haveGo }, () => {
  const mod = writeTree({
    'go.mod': 'module example.com/fat\n\ngo 1.26\n',
    'main.go': 'package main\n\nfunc main() {}\n',
  });
  const thin = join(mod, 'thin');
  const r = runGo(['build', '-o', thin, '.'], { cwd: mod, env: { GOCACHE: sharedGocache(), CGO_ENABLED: '0', GOOS: 'darwin', GOARCH: 'arm64' } });
  assert.equal(r.status, 0, r.stderr);
  const body = readFileSync(thin);
  const hdr = Buffer.alloc(4096);
  hdr.writeUInt32BE(0xcafebabe, 0);
  hdr.writeUInt32BE(1, 4);
  hdr.writeUInt32BE(0x0100000c, 8); // CPU_TYPE_ARM64
  hdr.writeUInt32BE(0, 12);
  hdr.writeUInt32BE(4096, 16);
  hdr.writeUInt32BE(body.length, 20);
  hdr.writeUInt32BE(12, 24);
  const fat = join(mod, 'fat');
  writeFileSync(fat, Buffer.concat([hdr, body]), { mode: 0o755 });
  const g = runGo(['version', '-m', fat], { cwd: mod });
  assert.equal(g.status, 0, g.stderr);
  assert.equal(formatVersionOutput(fat, readBuildInfo(fat), true), g.stdout);
});
