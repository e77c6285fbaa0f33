import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Package } from '../load/types.js';
import { fakePackage } from '../load/fakepackage.test-util.js';
import { parseOverlay } from '../lib/overlay.js';
import { setOverlay } from '../base/fsys.js';
import { arm64LSE, asmArgs, buildModeFlags, compileArgs, compileImportcfg, compileLang, embedcfgJSON, isComplete, langVersion, linkArgs, quotedJoin, trimpathArg, type ToolSettings } from './toolargs.js';

function pkg(over: Partial<Package>): Package {
  return fakePackage('example.com/p', { dir: '/src/p', ...over });
}

const S: ToolSettings = {
  toolDir: '/usr/local/go/pkg/tool/linux_amd64', toolchainVersion: 'go1.26.8', goos: 'linux', goarch: 'amd64', trimpath: false,
  installSuffix: '', forcedGcflags: [], forcedAsmflags: [], forcedLdflags: [], ldBuildmode: 'exe', goroot: '/usr/local/go',
  archEnv: { key: 'GOAMD64', value: 'v1' },
};

test('compile command line matches go build -n for a main package', () => {
  const p = pkg({ dir: '/tmp/h', importPath: 'example.com/hello', name: 'main', goFiles: ['main.go'], module: { path: 'example.com/hello', main: true, goVersion: '1.22' } });
  const args = compileArgs(p, { objdir: '$WORK/b001/', archive: '$WORK/b001/_pkg_.a', buildID: 'X/X', symabis: '', asmhdr: false, embedcfg: false, concurrency: 2, gofiles: ['/tmp/h/main.go'] }, S, []);
  assert.equal(args.join(' '), '/usr/local/go/pkg/tool/linux_amd64/compile -o $WORK/b001/_pkg_.a -trimpath $WORK/b001=> -p main -lang=go1.22 -complete -buildid X/X -goversion go1.26.8 -c=2 -nolocalimports -importcfg $WORK/b001/importcfg -pack /tmp/h/main.go');
});

test('compile of a std package with assembly: -std, no -complete, -symabis, -asmhdr', () => {
  const p = pkg({ dir: '/usr/local/go/src/internal/cpu', importPath: 'internal/cpu', name: 'cpu', goroot: true, standard: true, sFiles: ['cpu.s'] });
  const args = compileArgs(p, { objdir: '$WORK/b011/', archive: '$WORK/b011/_pkg_.a', buildID: 'B/B', symabis: '$WORK/b011/symabis', asmhdr: true, embedcfg: false, concurrency: 2, gofiles: ['/usr/local/go/src/internal/cpu/cpu.go'] }, S, []);
  assert.equal(args.slice(1).join(' '), '-o $WORK/b011/_pkg_.a -trimpath $WORK/b011=> -p internal/cpu -lang=go1.26 -std -buildid B/B -goversion go1.26.8 -symabis $WORK/b011/symabis -c=2 -nolocalimports -importcfg $WORK/b011/importcfg -pack -asmhdr $WORK/b011/go_asm.h /usr/local/go/src/internal/cpu/cpu.go');
});

test('-complete exceptions and ext files', () => {
  assert.equal(isComplete(pkg({ standard: true, importPath: 'os' })), false);
  assert.equal(isComplete(pkg({ standard: true, importPath: 'fmt' })), true);
  assert.equal(isComplete(pkg({ sysoFiles: ['x.syso'] })), false);
});

test('asm args as go prints them', () => {
  const p = pkg({ dir: '/usr/local/go/src/runtime', importPath: 'runtime', name: 'runtime', goroot: true, standard: true });
  const args = asmArgs(p, '$WORK/b009/', { ...S, trimpath: true }, [], {});
  assert.equal(args.slice(1).join(' '), '-p runtime -trimpath /usr/local/go/src/runtime=>runtime;$WORK/b009=> -I $WORK/b009/ -I /usr/local/go/pkg/include -D GOOS_linux -D GOARCH_amd64 -D GOAMD64_v1');
  const arm = asmArgs(p, '$WORK/b1/', { ...S, goarch: 'arm', archEnv: { key: 'GOARM', value: '7' } }, [], {});
  assert.deepEqual(arm.slice(-6), ['-D', 'GOARM_7', '-D', 'GOARM_6', '-D', 'GOARM_5']);
  assert.equal(arm64LSE('v8.0'), false);
  assert.equal(arm64LSE('v8.1'), true);
  assert.equal(arm64LSE('v8.0,lse'), true);
});

test('trimpath rewrite for module dependencies uses path@version', () => {
  const p = pkg({ dir: '/m/x@v1.2.0/sub', importPath: 'x.org/x/sub', module: { path: 'x.org/x', version: 'v1.2.0' } });
  assert.equal(trimpathArg(p, '/w/b002/', true), '/m/x@v1.2.0/sub=>x.org/x@v1.2.0/sub;/w/b002=>');
  assert.equal(trimpathArg(p, '/w/b002/', false), '/w/b002=>');
});

test('trimpath under -overlay: replacements map back to where their originals would be rewritten', () => {
  const p = pkg({ dir: '/src/m/p', importPath: 'm/p', goFiles: ['a.go', 'b.go'], cFiles: ['c.c'], hFiles: ['h.h'], cgoFiles: ['x.go'] });
  setOverlay(parseOverlay('{"Replace": {"/src/m/p/a.go": "/ov/a_go"}}', '/'));
  try {
    assert.equal(trimpathArg(p, '/w/b002/', false), '/ov/a_go=>/src/m/p/a.go;/w/b002=>');
    assert.equal(trimpathArg(p, '/w/b002/', true), '/src/m/p=>m/p;/ov/a_go=>m/p/a.go;/w/b002=>');
    // The compiler is handed the replacement.
    const args = compileArgs(p, { objdir: '/w/b002/', archive: '/w/b002/_pkg_.a', buildID: '', symabis: '', asmhdr: false, embedcfg: false,
      concurrency: 1, gofiles: ['/src/m/p/a.go', '/src/m/p/b.go'], omitDebug: false, pgoProfile: '' }, S, []);
    assert.deepEqual(args.slice(-2), ['/ov/a_go', '/src/m/p/b.go']);
    // A replaced C-family (or cgo) file: the files copied into objdir map back too.
    setOverlay(parseOverlay('{"Replace": {"/src/m/p/c.c": "/ov/c_c"}}', '/'));
    assert.equal(trimpathArg(p, '/w/b002/', false), '/w/b002/x.go=>/src/m/p/x.go;/w/b002/h.h=>/src/m/p/h.h;/w/b002=>');
  } finally {
    setOverlay(undefined);
  }
});

test('-lang selection', () => {
  assert.equal(langVersion('1.22.3'), '1.22');
  assert.equal(langVersion('1.21rc1'), '1.21');
  assert.equal(compileLang(pkg({ module: { path: 'm', goVersion: '1.20' } }), 'go1.26.8'), 'go1.20');
  assert.equal(compileLang(pkg({ module: { path: 'm' } }), 'go1.26.8'), 'go1.16');
  assert.equal(compileLang(pkg({ module: { path: 'm', goVersion: '1.30' } }), 'go1.26.8'), 'go1.26');
  assert.equal(compileLang(pkg({ standard: true }), 'go1.26.8'), 'go1.26');
});

test('link args match go build -n', () => {
  const p = pkg({ name: 'main', importPath: 'example.com/hello' });
  const args = linkArgs(p, { target: '$WORK/b001/exe/a.out', importcfg: '$WORK/b001/importcfg.link', mainArchive: '$WORK/b001/_pkg_.a', buildID: 'L/M/M/L', defaultGODEBUG: 'x=1', ldflags: [], cc: ['gcc'], cxx: false, cxxCompiler: ['g++'], omitDebug: false }, S);
  assert.equal(args.slice(1).join(' '), '-o $WORK/b001/exe/a.out -importcfg $WORK/b001/importcfg.link -X=runtime.godebugDefault=x=1 -buildmode=exe -buildid=L/M/M/L -extld=gcc $WORK/b001/_pkg_.a');
  const user = linkArgs(p, { target: 'o', importcfg: 'i', mainArchive: 'm', buildID: '', defaultGODEBUG: '', ldflags: ['-extld=clang'], cc: ['gcc'], cxx: false, cxxCompiler: [], omitDebug: false }, S);
  assert.equal(user.filter((a) => a.startsWith('-extld')).length, 1);
  assert.equal(quotedJoin(['my cc', '-x']), "'my cc' -x");
});

test('GOFIPS140 on: the linker writes the FIPS object into the link action\'s directory, as go -n shows', () => {
  const p = pkg({ name: 'main', importPath: 'm' });
  const args = linkArgs(p, { target: '$WORK/b001/exe/a.out', importcfg: 'i', mainArchive: 'm.a', buildID: 'B', defaultGODEBUG: 'fips140=on', ldflags: [], cc: ['gcc'], cxx: false, cxxCompiler: [], omitDebug: false, fipso: '$WORK/b001/fips.o' }, S);
  assert.equal(args.slice(5, 8).join(' '), '-fipso $WORK/b001/fips.o -X=runtime.godebugDefault=fips140=on');
});

test('build modes force -shared for darwin PIE', () => {
  assert.deepEqual(buildModeFlags('default', 'darwin', 'arm64').forcedGcflags, ['-shared']);
  assert.equal(buildModeFlags('default', 'darwin', 'arm64').ldBuildmode, 'pie');
  assert.deepEqual(buildModeFlags('default', 'windows', 'amd64').forcedGcflags, []);
  assert.equal(buildModeFlags('default', 'windows', 'amd64').ldBuildmode, 'pie');
  assert.equal(buildModeFlags('default', 'linux', 'amd64').ldBuildmode, 'exe');
  assert.throws(() => buildModeFlags('bogus', 'linux', 'amd64'), /buildmode=bogus not supported/);
});

test('importcfg and embedcfg text', () => {
  const p = pkg({ importMap: { 'golang.org/x/net/dns': 'vendor/golang.org/x/net/dns' } });
  assert.equal(compileImportcfg(p, [{ importPath: 'fmt', built: '/c/fmt.a' }, { importPath: 'x', built: '' }]),
    '# import config\nimportmap golang.org/x/net/dns=vendor/golang.org/x/net/dns\npackagefile fmt=/c/fmt.a\n');
  assert.equal(embedcfgJSON({ 'a.txt': ['a.txt'] }, { 'a.txt': '/d/a.txt' }), '{\n\t"Patterns": {\n\t\t"a.txt": [\n\t\t\t"a.txt"\n\t\t]\n\t},\n\t"Files": {\n\t\t"a.txt": "/d/a.txt"\n\t}\n}');
});

test('buildModeFlags: -buildmode=shared compiles with -dynlink and installs under the dynlink suffix', () => {
  const f = buildModeFlags('shared', 'linux', 'amd64');
  assert.equal(f.ldBuildmode, 'shared');
  assert.deepEqual(f.forcedGcflags, ['-dynlink']);
  assert.deepEqual(f.forcedAsmflags, ['-dynlink']);
  assert.equal(f.installSuffix, 'dynlink');
  assert.equal(buildModeFlags('shared', 'linux', 'amd64', 'race', 'x').installSuffix, 'x_race_dynlink');
});

test('buildModeFlags: -linkshared compiles for dynamic linking and says so to every tool (go\'s buildModeInit)', () => {
  const f = buildModeFlags('default', 'linux', 'amd64', '', '', true);
  assert.deepEqual(f.forcedGcflags, ['-dynlink', '-linkshared']);
  assert.deepEqual(f.forcedAsmflags, ['-dynlink', '-D=GOBUILDMODE_shared=1', '-linkshared']);
  assert.deepEqual(f.forcedLdflags, ['-linkshared', '-w']);
  assert.equal(f.ldBuildmode, 'exe');
  assert.equal(f.installSuffix, 'dynlink');
  const s = buildModeFlags('shared', 'linux', 'amd64', '', 'x', true);
  assert.deepEqual(s.forcedGcflags, ['-dynlink', '-linkshared']);
  assert.equal(s.ldBuildmode, 'shared');
  assert.equal(s.installSuffix, 'x_dynlink');
  // Without -linkshared the default mode keeps the plain install suffix.
  assert.equal(buildModeFlags('default', 'linux', 'amd64', '', 'x').installSuffix, 'x');
});
