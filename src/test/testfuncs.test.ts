import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commentGroups, commentText, tokenize, type TokenizeError } from './gotoken.js';
import { addTestFile, formatTestmain, isTestName, scanFuncDecls, type TestFuncs } from './testfuncs.js';

const empty = (): TestFuncs => ({ tests: [], benchmarks: [], fuzzTargets: [], examples: [], importTest: false, needTest: false, importXtest: false, needXtest: false });

test('scanFuncDecls finds top-level functions only, not methods, literals, comments or strings', () => {
  const src = `package p
/* func TestInComment(t *testing.T) {} */
var s = "func TestInString(t *testing.T) {}"
var f = func(t *testing.T) {}
func (r R) TestMethod(t *testing.T) {}
func TestA(t *testing.T) { x := func() {}; _ = x }
func TestB[T any](t *testing.T) {}
func F() struct{ a int } { return struct{ a int }{} }
func G() (int, error) { return 0, nil }
func asm(x int)
func H(t *testing.T) {
}
`;
  const { funcs } = scanFuncDecls(src);
  assert.deepEqual(funcs.map((f) => [f.name, f.recv, f.typeParams, !!f.body]), [
    ['TestMethod', true, false, true], ['TestA', false, false, true], ['TestB', false, true, true], ['F', false, false, true],
    ['G', false, false, true], ['asm', false, false, false], ['H', false, false, true],
  ]);
  assert.equal(funcs[3]!.results.map((t) => t.text).join(' '), 'struct { a int }');
});

test('scanFuncDecls rejects a top-level token that starts no declaration, as go/parser does', () => {
  const at = (src: string): [number, string] | undefined => {
    try {
      scanFuncDecls(src);
      return undefined;
    } catch (e) {
      return [(e as TokenizeError).offset, (e as Error).message];
    }
  };
  const ok = 'package p\n\nimport "testing"\n\nvar m = map[string]int{\n\t"a": 1,\n}; const c = 1\ntype T struct {\n\tx int\n}\nfunc f() {}\n';
  assert.equal(at(ok), undefined);
  assert.deepEqual(at('package p\n\nfunc Test(t *testing.T) {}\n\n\u0295x\n'), [39, 'expected declaration, found \u0295x']);
  assert.deepEqual(at('package p\nx := 1\n'), [10, 'expected declaration, found x']);
  assert.deepEqual(at('package p\n}\n'), [10, "expected declaration, found '}'"]);
});

test('addTestFile reports the position of a declaration error', () => {
  const err = addTestFile(empty(), 't_test.go', 'package t\n\nimport "testing"\n\nfunc Test(t *testing.T) {}\n\n// scan error\n\u0295\u25d4\n', '_test');
  assert.deepEqual(err, { file: 't_test.go', lineCol: '8:1', msg: 'expected declaration, found \u0295' });
});

test('isTestName rejects a lower-case letter after the prefix', () => {
  assert.ok(isTestName('Test', 'Test'));
  assert.ok(isTestName('TestX', 'Test'));
  assert.ok(isTestName('Test_x', 'Test'));
  assert.ok(!isTestName('Testx', 'Test'));
  assert.ok(!isTestName('Testé', 'Test'));
});

test('comment groups and CommentGroup.Text as go/ast has them', () => {
  const src = 'x := 1 // line\n// a\n//  b\n\n// c\n/* d\n   e */\n//go:noinline\n';
  const groups = commentGroups(tokenize(src));
  assert.deepEqual(groups.map(commentText), ['line\n', 'a\n b\n', 'c\n d\n   e\n']);
});

test('examples: output comments, unordered output, no output, empty output', () => {
  const t = empty();
  const err = addTestFile(t, '/d/x_test.go', `package p
func ExampleA() {
	fmt.Println("a") // not this
	// Output: a
}
func ExampleB() {
	// Unordered output:
	// 2
	// 1
}
func ExampleC() {
	fmt.Println("never run")
}
func ExampleD() {
	// Output:
}
func ExampleE(x int) {
	// Output: e
}
`, '_test');
  assert.equal(err, undefined);
  assert.deepEqual(t.examples.map((e) => [e.name, e.output, e.unordered]), [['ExampleA', 'a\n', false], ['ExampleB', '2\n1\n', true], ['ExampleD', '', false]]);
  assert.ok(t.importTest && t.needTest);
});

test('malformed test functions get go\'s messages', () => {
  assert.equal(addTestFile(empty(), '/d/a_test.go', 'package p\n\nfunc TestX(x int) {}\n', '_test'),
    '/d/a_test.go:3:1: wrong signature for TestX, must be: func TestX(t *testing.T)');
  assert.equal(addTestFile(empty(), '/d/a_test.go', 'package p\nfunc BenchmarkX[T any](b *testing.B) {}\n', '_test'),
    '/d/a_test.go:2:1: wrong signature for BenchmarkX, test functions cannot have type parameters');
  assert.equal(addTestFile(empty(), '/d/a_test.go', 'package p\nfunc TestMain(m *testing.M) {}\nfunc TestMain(m *M) {}\n', '_test'),
    'multiple definitions of TestMain');
  const t = empty();
  assert.equal(addTestFile(t, '/d/a_test.go', 'package p\nfunc TestMain(t *testing.T) {}\nfunc TestOK(*T) {}\n', '_test'), undefined);
  assert.deepEqual(t.tests.map((x) => x.name), ['TestMain', 'TestOK']);
});

test('formatTestmain follows go\'s template, blank lines included', () => {
  const t = empty();
  addTestFile(t, '/d/a_test.go', 'package p\nfunc TestMain(m *testing.M) {}\nfunc TestA(t *testing.T) {}\n', '_test');
  addTestFile(t, '/d/b_test.go', 'package p_test\nfunc Example() {\n\t// Output: "q"\n}\n', '_xtest');
  t.importTest = true;
  t.importXtest = true;
  const s = formatTestmain(t, { importPath: 'm/p', modulePath: 'm' });
  assert.ok(s.startsWith("\n// Code generated by 'go test'. DO NOT EDIT.\n\npackage main\n\nimport (\n\t\"os\"\n\n\t\"reflect\"\n\n\t\"testing\"\n"));
  assert.ok(s.includes('\n\n\n\t_test "m/p"\n\n\n\t_xtest "m/p_test"\n\n)\n'));
  assert.ok(s.includes('\n\t{"Example", _xtest.Example, "\\"q\\"\\n", false},\n'));
  assert.ok(s.endsWith('\n\t_test.TestMain(m)\n\tos.Exit(int(reflect.ValueOf(m).Elem().FieldByName("exitCode").Int()))\n\n}\n\n'));
});

test('loadTestFuncs reads test files through the -overlay (go test -list with a replaced _test.go)', async () => {
  const { mkdtempSync, writeFileSync, mkdirSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { setOverlay } = await import('../base/fsys.js');
  const { parseOverlay } = await import('../lib/overlay.js');
  const { loadTestFuncs } = await import('./testfuncs.js');
  const root = mkdtempSync(join(tmpdir(), 'testfuncs-overlay-'));
  mkdirSync(join(root, 'foo'));
  mkdirSync(join(root, 'tmp'));
  writeFileSync(join(root, 'foo', 'foo_test.go'), 'package foo\n\nimport "testing"\n\nfunc TestFoo(t *testing.T) {}\n');
  writeFileSync(join(root, 'tmp', 'bar_test.go'), 'package foo\n\nimport "testing"\n\nfunc TestBar(t *testing.T) {}\n');
  setOverlay(parseOverlay('{"Replace": {"foo_test.go": "../tmp/bar_test.go"}}', join(root, 'foo')));
  try {
    const { t, err } = loadTestFuncs(join(root, 'foo'), ['foo_test.go'], []);
    assert.equal(err, undefined);
    assert.deepEqual(t.tests.map((f) => f.name), ['TestBar']);
  } finally {
    setOverlay(undefined);
  }
});
