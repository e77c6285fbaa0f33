// Table tests for the cgo flag checks, on go's own inputs (cmd/go/internal/work/security_test.go).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RE2JS } from 're2js';
import {
  compilerFlagPatterns,
  linkerFlagDenyPatterns,
  linkerFlagPatterns,
  jsPattern,
  pkgConfigFlagPatterns,
  checkCompilerFlags,
  checkCompilerFlagsForInternalLink,
  checkLinkerFlags,
  checkPkgConfigFlags,
  flagsNotCompatibleWithInternalLinking,
  InvalidFlagError,
  safeArg,
  type Getenv,
} from './cgosecurity.js';

const noEnv: Getenv = () => '';
const envOf = (vars: Record<string, string>): Getenv => (k) => vars[k] ?? '';

const goodCompilerFlags: string[][] = [
  ['-DFOO'],
  ['-Dfoo=bar'],
  ['-Ufoo'],
  ['-Ufoo1'],
  ['-F/Qt'],
  ['-F', '/Qt'],
  ['-I/'],
  ['-I/etc/passwd'],
  ['-I.'],
  ['-O'],
  ['-O2'],
  ['-Osmall'],
  ['-W'],
  ['-Wall'],
  ['-Wp,-Dfoo=bar'],
  ['-Wp,-Ufoo'],
  ['-Wp,-Dfoo1'],
  ['-Wp,-Ufoo1'],
  ['-flto'],
  ['-fobjc-arc'],
  ['-fno-objc-arc'],
  ['-fomit-frame-pointer'],
  ['-fno-omit-frame-pointer'],
  ['-fpic'],
  ['-fno-pic'],
  ['-fPIC'],
  ['-fno-PIC'],
  ['-fpie'],
  ['-fno-pie'],
  ['-fPIE'],
  ['-fno-PIE'],
  ['-fsplit-stack'],
  ['-fno-split-stack'],
  ['-fstack-xxx'],
  ['-fno-stack-xxx'],
  ['-fsanitize=hands'],
  ['-ftls-model=local-dynamic'],
  ['-g'],
  ['-ggdb'],
  ['-mabi=lp64d'],
  ['-march=souza'],
  ['-mcmodel=medium'],
  ['-mcpu=123'],
  ['-mfpu=123'],
  ['-mtls-dialect=gnu'],
  ['-mtls-dialect=gnu2'],
  ['-mtls-dialect=trad'],
  ['-mtls-dialect=desc'],
  ['-mtls-dialect=xyz'],
  ['-msimd=lasx'],
  ['-msimd=xyz'],
  ['-mdouble-float'],
  ['-mrelax'],
  ['-mstrict-align'],
  ['-mlsx'],
  ['-mlasx'],
  ['-mfrecipe'],
  ['-mlam-bh'],
  ['-mlamcas'],
  ['-mld-seq-sa'],
  ['-mno-relax'],
  ['-mno-strict-align'],
  ['-mno-lsx'],
  ['-mno-lasx'],
  ['-mno-frecipe'],
  ['-mno-lam-bh'],
  ['-mno-lamcas'],
  ['-mno-ld-seq-sa'],
  ['-mlarge-data-threshold=16'],
  ['-mtune=happybirthday'],
  ['-mstack-overflow'],
  ['-mno-stack-overflow'],
  ['-mmacosx-version'],
  ['-mnop-fun-dllimport'],
  ['-pthread'],
  ['-std=c99'],
  ['-xc'],
  ['-D', 'FOO'],
  ['-D', 'foo=bar'],
  ['-I', '.'],
  ['-I', '/etc/passwd'],
  ['-I', '世界'],
  ['-I', '=/usr/include/libxml2'],
  ['-I', 'dir'],
  ['-I', '$SYSROOT/dir'],
  ['-isystem', '/usr/include/mozjs-68'],
  ['-include', '/usr/include/mozjs-68/RequiredDefines.h'],
  ['-framework', 'Chocolate'],
  ['-x', 'c'],
  ['-v'],
];

const badCompilerFlags: string[][] = [
  ['-D@X'],
  ['-D-X'],
  ['-Ufoo=bar'],
  ['-F@dir'],
  ['-F-dir'],
  ['-I@dir'],
  ['-I-dir'],
  ['-O@1'],
  ['-Wa,-foo'],
  ['-W@foo'],
  ['-Wp,-DX,-D@X'],
  ['-Wp,-UX,-U@X'],
  ['-g@gdb'],
  ['-g-gdb'],
  ['-march=@dawn'],
  ['-march=-dawn'],
  ['-mcmodel=@model'],
  ['-mfpu=@0'],
  ['-mfpu=-0'],
  ['-mlarge-data-threshold=@12'],
  ['-mtls-dialect=@gnu'],
  ['-mtls-dialect=-gnu'],
  ['-msimd=@none'],
  ['-msimd=-none'],
  ['-std=@c99'],
  ['-std=-c99'],
  ['-x@c'],
  ['-x-c'],
  ['-D', '@foo'],
  ['-D', '-foo'],
  ['-I', '@foo'],
  ['-I', '-foo'],
  ['-I', '=@obj'],
  ['-include', '@foo'],
  ['-framework', '-Caffeine'],
  ['-framework', '@Home'],
  ['-x', '--c'],
  ['-x', '@obj'],
];

const goodLinkerFlags: string[][] = [
  ['-Fbar'],
  ['-lbar'],
  ['-Lbar'],
  ['-fpic'],
  ['-fno-pic'],
  ['-fPIC'],
  ['-fno-PIC'],
  ['-fpie'],
  ['-fno-pie'],
  ['-fPIE'],
  ['-fno-PIE'],
  ['-fsanitize=hands'],
  ['-g'],
  ['-ggdb'],
  ['-march=souza'],
  ['-mcpu=123'],
  ['-mfpu=123'],
  ['-mtune=happybirthday'],
  ['-pic'],
  ['-pthread'],
  ['-Wl,--hash-style=both'],
  ['-Wl,-rpath,foo'],
  ['-Wl,-rpath,$ORIGIN/foo'],
  ['-Wl,-R', '/foo'],
  ['-Wl,-R', 'foo'],
  ['-Wl,-R,foo'],
  ['-Wl,--just-symbols=foo'],
  ['-Wl,--just-symbols,foo'],
  ['-Wl,--warn-error'],
  ['-Wl,--no-warn-error'],
  ['foo.so'],
  ['_世界.dll'],
  ['./x.o'],
  ['libcgosotest.dylib'],
  ['-F', 'framework'],
  ['-l', '.'],
  ['-l', '/etc/passwd'],
  ['-l', '世界'],
  ['-L', 'framework'],
  ['-framework', 'Chocolate'],
  ['-v'],
  ['-Wl,-sectcreate,__TEXT,__info_plist,${SRCDIR}/Info.plist'],
  ['-Wl,-framework', '-Wl,Chocolate'],
  ['-Wl,-framework,Chocolate'],
  ['-Wl,-unresolved-symbols=ignore-all'],
  ['-Wl,-z,relro'],
  ['-Wl,-z,relro,-z,now'],
  ['-Wl,-z,now'],
  ['-Wl,-z,noexecstack'],
  ['libcgotbdtest.tbd'],
  ['./libcgotbdtest.tbd'],
  ['-Wl,--push-state'],
  ['-Wl,--pop-state'],
  ['-Wl,--push-state,--as-needed'],
  ['-Wl,--push-state,--no-as-needed,-Bstatic'],
  ['-Wl,--just-symbols,.'],
  ['-Wl,-framework,.'],
  ['-Wl,-rpath,.'],
  ['-Wl,-rpath-link,.'],
  ['-Wl,-sectcreate,.,.,.'],
  ['-Wl,-syslibroot,.'],
  ['-Wl,-undefined,.'],
];

const badLinkerFlags: string[][] = [
  ['-DFOO'],
  ['-Dfoo=bar'],
  ['-W'],
  ['-Wall'],
  ['-fobjc-arc'],
  ['-fno-objc-arc'],
  ['-fomit-frame-pointer'],
  ['-fno-omit-frame-pointer'],
  ['-fsplit-stack'],
  ['-fno-split-stack'],
  ['-fstack-xxx'],
  ['-fno-stack-xxx'],
  ['-mstack-overflow'],
  ['-mno-stack-overflow'],
  ['-mnop-fun-dllimport'],
  ['-std=c99'],
  ['-xc'],
  ['-D', 'FOO'],
  ['-D', 'foo=bar'],
  ['-I', 'FOO'],
  ['-L', '@foo'],
  ['-L', '-foo'],
  ['-x', 'c'],
  ['-D@X'],
  ['-D-X'],
  ['-I@dir'],
  ['-I-dir'],
  ['-O@1'],
  ['-Wa,-foo'],
  ['-W@foo'],
  ['-g@gdb'],
  ['-g-gdb'],
  ['-march=@dawn'],
  ['-march=-dawn'],
  ['-std=@c99'],
  ['-std=-c99'],
  ['-x@c'],
  ['-x-c'],
  ['-D', '@foo'],
  ['-D', '-foo'],
  ['-I', '@foo'],
  ['-I', '-foo'],
  ['-l', '@foo'],
  ['-l', '-foo'],
  ['-framework', '-Caffeine'],
  ['-framework', '@Home'],
  ['-Wl,-framework,-Caffeine'],
  ['-Wl,-framework', '-Wl,@Home'],
  ['-Wl,-framework', '@Home'],
  ['-Wl,-framework,Chocolate,@Home'],
  ['-Wl,--hash-style=foo'],
  ['-x', '--c'],
  ['-x', '@obj'],
  ['-Wl,-rpath,@foo'],
  ['-Wl,-R,foo,bar'],
  ['-Wl,-R,@foo'],
  ['-Wl,--just-symbols,@foo'],
  ['../x.o'],
  ['-Wl,-R,'],
  ['-Wl,-O'],
  ['-Wl,-e='],
  ['-Wl,-e,'],
  ['-Wl,-R,-flag'],
  ['-Wl,--push-state,'],
  ['-Wl,--push-state,@foo'],
  ['-fplugin=./-Wl,--push-state,-R.so'],
  ['./-Wl,--push-state,-R.c'],
];

function errorOf(f: () => void): Error | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    assert.ok(e instanceof InvalidFlagError, `not an InvalidFlagError: ${String(e)}`);
    return e;
  }
}

test('compiler flags: go good list passes', () => {
  for (const f of goodCompilerFlags) assert.equal(errorOf(() => checkCompilerFlags('test', 'test', f, noEnv))?.message, undefined, JSON.stringify(f));
});

test('compiler flags: go bad list fails', () => {
  for (const f of badCompilerFlags) assert.ok(errorOf(() => checkCompilerFlags('test', 'test', f, noEnv)), JSON.stringify(f));
});

test('linker flags: go good list passes', () => {
  for (const f of goodLinkerFlags) assert.equal(errorOf(() => checkLinkerFlags('test', 'test', f, noEnv))?.message, undefined, JSON.stringify(f));
});

test('linker flags: go bad list fails', () => {
  for (const f of badLinkerFlags) assert.ok(errorOf(() => checkLinkerFlags('test', 'test', f, noEnv)), JSON.stringify(f));
});

test('CGO_<name>_ALLOW / _DISALLOW: whole-argument match, disallow wins', () => {
  const check = (vars: Record<string, string>, flag: string) => errorOf(() => checkCompilerFlags('TEST', 'test', [flag], envOf(vars)));
  assert.ok(check({}, '-disallow'));
  assert.ok(check({ CGO_TEST_ALLOW: '-disallo' }, '-disallow'), 'a partial match does not allow');
  assert.equal(check({ CGO_TEST_ALLOW: '-disallow' }, '-disallow'), undefined);
  assert.equal(check({}, '-Wall'), undefined);
  assert.ok(check({ CGO_TEST_DISALLOW: '-Wall' }, '-Wall'));
  assert.ok(check({ CGO_TEST_DISALLOW: '-Wall', CGO_TEST_ALLOW: '-Wall' }, '-Wall'), 'disallow wins');
  const plugin = { CGO_TEST_ALLOW: '-fplugin.*', CGO_TEST_DISALLOW: '-fplugin=lint.so' };
  assert.equal(check(plugin, '-fplugin=faster.so'), undefined);
  assert.ok(check(plugin, '-fplugin=lint.so'));
  // Leftmost-first, as Go's FindString: "a|ab" finds "a" in "ab", which is not the whole argument.
  assert.ok(check({ CGO_TEST_ALLOW: '-fplugin=a|-fplugin=ab' }, '-fplugin=ab'));
  // The variable read is named after the flag list checked.
  assert.equal(errorOf(() => checkLinkerFlags('LDFLAGS', '#cgo LDFLAGS', ['-fplugin=x'], envOf({ CGO_LDFLAGS_ALLOW: '-fplugin=x' }))), undefined);
  assert.ok(errorOf(() => checkLinkerFlags('LDFLAGS', '#cgo LDFLAGS', ['-fplugin=x'], envOf({ CGO_CFLAGS_ALLOW: '-fplugin=x' }))));
});

test('internal link: bad compiler flags and -flto rule it out, the rest do not', () => {
  for (const f of badCompilerFlags) assert.ok(errorOf(() => checkCompilerFlagsForInternalLink('test', 'test', f)), JSON.stringify(f));
  for (const f of goodCompilerFlags) {
    const lto = f.some((s) => s.includes('-flto'));
    const err = errorOf(() => checkCompilerFlagsForInternalLink('test', 'test', f));
    assert.equal(err !== undefined, lto, JSON.stringify(f));
  }
  assert.equal(errorOf(() => checkCompilerFlagsForInternalLink('CFLAGS', 'CFLAGS', ['-O2', '-flto']))?.message, 'flag "-flto" triggers external linking');
  assert.equal(flagsNotCompatibleWithInternalLinking(['CFLAGS', 'CXXFLAGS'], [['-O2', '-g'], ['-Wall']]), false);
  assert.equal(flagsNotCompatibleWithInternalLinking(['CFLAGS', 'CXXFLAGS'], [['-O2'], ['-fplugin=x']]), true);
});

test('internal link check ignores the user overrides', () => {
  // The env argument is not consulted: an allowed-by-user flag still forces external linking.
  const env = envOf({ CGO_CFLAGS_ALLOW: '-fplugin=x' });
  assert.equal(errorOf(() => checkCompilerFlags('CFLAGS', '#cgo CFLAGS', ['-fplugin=x'], env)), undefined);
  assert.ok(errorOf(() => checkCompilerFlagsForInternalLink('CFLAGS', 'CFLAGS', ['-fplugin=x'], env)));
});

test('error messages are go\'s', () => {
  const msg = (f: () => void) => errorOf(f)?.message;
  assert.equal(msg(() => checkCompilerFlags('CFLAGS', '#cgo CFLAGS', ['-O2', '-fplugin=foo'], noEnv)),
    'invalid flag in #cgo CFLAGS: -fplugin=foo (see https://go.dev/s/invalidflag)');
  assert.equal(msg(() => checkCompilerFlags('CFLAGS', '#cgo CFLAGS', ['-I', '@foo'], noEnv)),
    'invalid flag in #cgo CFLAGS: -I @foo (see https://go.dev/s/invalidflag)');
  assert.equal(msg(() => checkCompilerFlags('CFLAGS', '#cgo CFLAGS', ['-I'], noEnv)),
    'invalid flag in #cgo CFLAGS: -I without argument (see https://go.dev/s/invalidflag)');
  assert.equal(msg(() => checkLinkerFlags('LDFLAGS', 'pkg-config --libs', ['-lto_library'], noEnv)),
    'invalid flag in pkg-config --libs: -lto_library (see https://go.dev/s/invalidflag)');
  assert.equal(msg(() => checkCompilerFlags('CFLAGS', '#cgo CFLAGS', ['-O2'], envOf({ CGO_CFLAGS_ALLOW: '(' }))),
    'parsing $CGO_CFLAGS_ALLOW: error parsing regexp: missing closing ): `(`');
  assert.equal(msg(() => checkCompilerFlags('CFLAGS', '#cgo CFLAGS', ['-O2'], envOf({ CGO_CFLAGS_DISALLOW: 'a**' }))),
    'parsing $CGO_CFLAGS_DISALLOW: error parsing regexp: invalid nested repetition operator: `**`');
});

test('pkg-config options: allow list, no user overrides', () => {
  assert.equal(errorOf(() => checkPkgConfigFlags('', 'pkg-config', ['--static', '--define-variable=prefix=/usr', '--atleast-version=1.2.3'])), undefined);
  assert.equal(errorOf(() => checkPkgConfigFlags('', 'pkg-config', ['--define-variable=prefix=@x']))?.message,
    'invalid flag in pkg-config: --define-variable=prefix=@x (see https://go.dev/s/invalidflag)');
  assert.ok(errorOf(() => checkPkgConfigFlags('', 'pkg-config', ['--atleast-version=1.2'])));
  assert.ok(errorOf(() => checkPkgConfigFlags('', 'pkg-config', ['--foo'], envOf({ CGO__ALLOW: '--foo' }))));
});

test('an empty argument: go\'s FindString gives "" for no match, so "" passes unless a deny list runs', () => {
  assert.equal(errorOf(() => checkCompilerFlags('CFLAGS', 'x', [''], noEnv)), undefined);
  assert.ok(errorOf(() => checkLinkerFlags('LDFLAGS', 'x', [''], noEnv)));
});

test('safeArg', () => {
  for (const s of ['a', 'Z', '0', '.', '_', '/x', '世界']) assert.ok(safeArg(s), s);
  for (const s of ['', '-x', '@x', '=x', '$x', ' x']) assert.ok(!safeArg(s), s);
});

test('jsPattern: go\'s flag patterns find the same whole matches as RE2 does', () => {
  const args = ['', '-O', '-O2', '-I/x', '-I-x', '-Wall', '-Wl,--as-needed', '-Wl,-rpath,/x', '-Wl,-rpath,-x', '-fno-lto', '-f', '-lm', '-L/x',
    '-pthread', '-Wl,--push-state,--as-needed', '-framework', 'Cocoa', '-D_X=1', '-DX=@y', '-std=c99', '--std=c99', '--sysroot=/x', '-isystem',
    '-mfpu=neon', '-x', 'x.o', '-O\n', '-O\r', '-Ia\u2028b', '-Wl,-z,relro', '-Wl,--hash-style=both', '-fmessage-length=0', '-fstack-protector',
    '-mavx2', '-msse4.1', '-I\u00e9', '-Wl,-Bsymbolic', '-lfoo-bar', '-Wl,-framework,Foo', 'a.a', '-Wl,--no-undefined', '-@x', '-I@x'];
  for (const list of [compilerFlagPatterns, linkerFlagDenyPatterns, linkerFlagPatterns, pkgConfigFlagPatterns]) {
    for (const p of list) {
      const js = jsPattern(p);
      assert.ok(js, p);
      const re = RE2JS.compile(p);
      for (const a of args) {
        const m = re.matcher(a);
        assert.equal(js.exec(a)?.[0] ?? '', m.find() ? m.group() : '', `${p} on ${JSON.stringify(a)}`);
      }
    }
  }
  assert.equal(jsPattern('(?i)x'), undefined);
  assert.equal(jsPattern('[[:alpha:]]'), undefined);
  assert.equal(jsPattern('a.b')!.test('a\rb'), true);
});
