// The test functions of a package's _test.go files (go's loadTestFuncs) and the generated _testmain.go.
import { readFile } from '../base/fsys.js';
import { join } from 'node:path';
import { goQuote } from '../lib/goquote.js';
import { commentGroups, commentText, tokenize, TokenizeError, type CommentGroup, type Token } from './gotoken.js';

/** A top-level function declaration, as much of it as the test main needs. */
export interface FuncDecl {
  name: string;
  /** A method (has a receiver). */
  recv: boolean;
  typeParams: boolean;
  /** Tokens between the parameter list's parentheses. */
  params: Token[];
  /** Result tokens (inside the parentheses when parenthesized); empty when there are none. */
  results: Token[];
  /** Offsets of the body's "{" and just after its "}" (undefined: no body). */
  body?: { offset: number; end: number };
  /** The "func" keyword. */
  funcTok: Token;
}

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Whether a newline after tok ends a statement (go's automatic semicolon). */
function endsStatement(tok: Token): boolean {
  switch (tok.kind) {
    case 'ident': return !KEYWORDS_NO_SEMI.has(tok.text);
    case 'number': case 'string': case 'char': return true;
    case 'op': return [')', ']', '}', '++', '--'].includes(tok.text);
    default: return false;
  }
}
const KEYWORDS_NO_SEMI = new Set(['case', 'chan', 'const', 'default', 'defer', 'else', 'for', 'func', 'go', 'goto', 'if', 'import',
  'interface', 'map', 'package', 'range', 'select', 'struct', 'switch', 'type', 'var']);

/** The index of the token closing the bracket at code[i] (code.length if unbalanced). */
function matchClose(code: Token[], i: number): number {
  let depth = 0;
  for (let k = i; k < code.length; k++) {
    const t = code[k]!;
    if (t.kind !== 'op') continue;
    if (OPEN[t.text]) depth++;
    else if (t.text === ')' || t.text === ']' || t.text === '}') {
      depth--;
      if (depth === 0) return k;
    }
  }
  return code.length;
}

/** A newline between code[k-1] and code[k] that ends a statement. */
function semiBefore(code: Token[], k: number): boolean {
  if (k === 0 || k >= code.length) return k >= code.length;
  const prev = code[k - 1]!;
  return code[k]!.line > prev.endLine && endsStatement(prev);
}

const DECL_KEYWORDS = new Set(['package', 'import', 'const', 'type', 'var', 'func']);

/**
 * Whether t may begin a top-level declaration (go/parser's "expected declaration" check). Tokens go's
 * scanner rejects (non-ASCII symbols) are let through: go reports those as illegal characters instead.
 */
function startsDecl(t: Token): boolean {
  if (t.kind === 'ident') return DECL_KEYWORDS.has(t.text);
  if (t.kind === 'op') return t.text === ';' || t.text.charCodeAt(0) > 0x7f;
  return false;
}

/** How go/parser names the token it found instead: a literal's text, an operator quoted. */
function foundText(t: Token): string {
  return t.kind === 'op' ? `'${t.text}'` : t.text;
}

/**
 * The top-level function declarations of a Go source file, and its comment groups. Throws
 * TokenizeError for a top-level token that cannot start a declaration.
 */
export function scanFuncDecls(src: string): { funcs: FuncDecl[]; groups: CommentGroup[] } {
  const toks = tokenize(src);
  const groups = commentGroups(toks);
  const code = toks.filter((t) => t.kind !== 'comment');
  const funcs: FuncDecl[] = [];
  let depth = 0;
  let stmtStart = true;
  let k = 0;
  while (k < code.length) {
    const t = code[k]!;
    if (depth === 0 && k > 0 && semiBefore(code, k)) stmtStart = true;
    if (depth === 0 && stmtStart && !startsDecl(t)) throw new TokenizeError(t.offset, `expected declaration, found ${foundText(t)}`);
    if (depth === 0 && stmtStart && t.kind === 'ident' && t.text === 'func') {
      const r = parseFunc(code, k);
      if (r) {
        funcs.push(r.decl);
        k = r.next;
        stmtStart = false;
        continue;
      }
    }
    if (t.kind === 'op') {
      if (OPEN[t.text]) depth++;
      else if ((t.text === ')' || t.text === ']' || t.text === '}') && depth > 0) depth--;
    }
    stmtStart = depth === 0 && t.kind === 'op' && t.text === ';';
    k++;
  }
  return { funcs, groups };
}

function parseFunc(code: Token[], start: number): { decl: FuncDecl; next: number } | undefined {
  let k = start + 1;
  const at = (text: string): boolean => code[k]?.kind === 'op' && code[k]!.text === text;
  let recv = false;
  if (at('(')) {
    recv = true;
    k = matchClose(code, k) + 1;
  }
  const nameTok = code[k];
  if (!nameTok || nameTok.kind !== 'ident') return undefined;
  k++;
  let typeParams = false;
  if (at('[')) {
    typeParams = true;
    k = matchClose(code, k) + 1;
  }
  if (!at('(')) return undefined;
  const pclose = matchClose(code, k);
  const params = code.slice(k + 1, pclose);
  k = pclose + 1;
  let results: Token[] = [];
  if (k < code.length && !semiBefore(code, k) && !at('{') && !at(';')) {
    if (at('(')) {
      const rclose = matchClose(code, k);
      results = code.slice(k + 1, rclose);
      k = rclose + 1;
    } else {
      // A result type: runs to the body's "{" (a struct or interface type's braces belong to it) or the line's end.
      const rstart = k;
      while (k < code.length) {
        const t = code[k]!;
        if (k > rstart && semiBefore(code, k)) break;
        if (t.kind === 'op' && t.text === '{') {
          const prev = code[k - 1]!;
          if (prev.kind === 'ident' && (prev.text === 'struct' || prev.text === 'interface')) { k = matchClose(code, k) + 1; continue; }
          break;
        }
        if (t.kind === 'op' && (t.text === '(' || t.text === '[')) { k = matchClose(code, k) + 1; continue; }
        if (t.kind === 'op' && t.text === ';') break;
        k++;
      }
      results = code.slice(rstart, k);
    }
  }
  const decl: FuncDecl = { name: nameTok.text, recv, typeParams, params, results, funcTok: code[start]! };
  if (at('{') && !semiBefore(code, k)) {
    const close = matchClose(code, k);
    decl.body = { offset: code[k]!.offset, end: close < code.length ? code[close]!.end : Infinity };
    k = close + 1;
  }
  return { decl, next: k };
}

/** go's isTest: name is prefix, or prefix followed by something other than a lower-case letter. */
export function isTestName(name: string, prefix: string): boolean {
  if (!name.startsWith(prefix)) return false;
  if (name.length === prefix.length) return true;
  const next = String.fromCodePoint(name.codePointAt(prefix.length)!);
  return !/\p{Ll}/u.test(next);
}

/** go's isTestFunc: one parameter of type *X or *pkg.X where X is arg, and no results. */
export function isTestFunc(fn: FuncDecl, arg: string): boolean {
  if (fn.results.length > 0) return false;
  const fields = splitTopLevel(fn.params);
  if (fields.length !== 1) return false;
  let f = fields[0]!;
  if (f.length >= 2 && f[0]!.kind === 'ident' && f[1]!.kind === 'op' && f[1]!.text === '*') f = f.slice(1);
  if (f.length < 2 || f[0]!.text !== '*') return false;
  const rest = f.slice(1);
  if (rest.length === 1) return rest[0]!.kind === 'ident' && rest[0]!.text === arg;
  return rest.length === 3 && rest[0]!.kind === 'ident' && rest[1]!.text === '.' && rest[2]!.kind === 'ident' && rest[2]!.text === arg;
}

/** Splits tokens on commas outside brackets; a trailing comma adds no field. */
function splitTopLevel(toks: Token[]): Token[][] {
  const out: Token[][] = [];
  let cur: Token[] = [];
  let depth = 0;
  for (const t of toks) {
    if (t.kind === 'op' && OPEN[t.text]) depth++;
    else if (t.kind === 'op' && (t.text === ')' || t.text === ']' || t.text === '}')) depth--;
    if (depth === 0 && t.kind === 'op' && t.text === ',') { out.push(cur); cur = []; continue; }
    cur.push(t);
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

export interface TestFunc {
  /** "_test" or "_xtest". */
  pkg: string;
  name: string;
  output: string;
  unordered: boolean;
}

/** What the generated test main registers (go's testFuncs). */
export interface TestFuncs {
  tests: TestFunc[];
  benchmarks: TestFunc[];
  fuzzTargets: TestFunc[];
  examples: TestFunc[];
  testMain?: TestFunc;
  importTest: boolean;
  needTest: boolean;
  importXtest: boolean;
  needXtest: boolean;
}

/** A byte-based "line:col" position of offset in src, as go/token reports it. */
function position(src: string, offset: number): string {
  let line = 1, lineStart = 0;
  for (let i = 0; i < offset; i++) if (src.charCodeAt(i) === 10) { line++; lineStart = i + 1; }
  return `${line}:${Buffer.byteLength(src.slice(lineStart, offset), 'utf8') + 1}`;
}

const OUTPUT_PREFIX = /^[ \t\n\v\f\r]*(unordered )?output:/i;

/** A syntax error in a test file: go reports its position apart from the message (a scanner.ErrorList). */
export interface SyntaxErrorAt {
  file: string;
  /** "line:col" */
  lineCol: string;
  msg: string;
}

/**
 * Adds the tests, benchmarks, fuzz targets, examples and TestMain of one file to t (go's testFuncs.load).
 * Returns an error message (go's text) for a malformed test function or file.
 */
export function addTestFile(t: TestFuncs, filename: string, src: string, pkg: '_test' | '_xtest'): string | SyntaxErrorAt | undefined {
  let scanned: ReturnType<typeof scanFuncDecls>;
  try {
    scanned = scanFuncDecls(src);
  } catch (e) {
    if (e instanceof TokenizeError) return { file: filename, lineCol: position(src, e.offset), msg: e.message };
    throw e;
  }
  const mark = (): void => {
    if (pkg === '_test') { t.importTest = true; t.needTest = true; } else { t.importXtest = true; t.needXtest = true; }
  };
  const check = (fn: FuncDecl, arg: string): string | undefined => {
    let why = '';
    if (!isTestFunc(fn, arg)) why = `must be: func ${fn.name}(${arg.toLowerCase()} *testing.${arg})`;
    if (fn.typeParams) why = 'test functions cannot have type parameters';
    if (why) return `${filename}:${position(src, fn.funcTok.offset)}: wrong signature for ${fn.name}, ${why}`;
    return undefined;
  };
  for (const fn of scanned.funcs) {
    if (fn.recv) continue;
    const name = fn.name;
    if (name === 'TestMain') {
      if (isTestFunc(fn, 'T')) {
        t.tests.push({ pkg, name, output: '', unordered: false });
        mark();
        continue;
      }
      const err = check(fn, 'M');
      if (err) return err;
      if (t.testMain) return 'multiple definitions of TestMain';
      t.testMain = { pkg, name, output: '', unordered: false };
      mark();
    } else {
      for (const [prefix, arg, list] of [['Test', 'T', t.tests], ['Benchmark', 'B', t.benchmarks], ['Fuzz', 'F', t.fuzzTargets]] as const) {
        if (!isTestName(name, prefix)) continue;
        const err = check(fn, arg);
        if (err) return err;
        list.push({ pkg, name, output: '', unordered: false });
        mark();
        break;
      }
    }
  }
  // Examples (go/doc.Examples), in source order: func ExampleXxx() with a body and no parameters or results.
  for (const fn of scanned.funcs) {
    if (fn.recv || !isTestName(fn.name, 'Example') || isTestName(fn.name, 'Test')) continue;
    if (fn.params.length > 0 || fn.results.length > 0 || !fn.body) continue;
    if (pkg === '_test') t.importTest = true; else t.importXtest = true;
    const out = exampleOutput(fn.body, scanned.groups);
    if (!out) continue; // no output comment: compiled, not run
    t.examples.push({ pkg, name: fn.name, output: out.text, unordered: out.unordered });
    if (pkg === '_test') t.needTest = true; else t.needXtest = true;
  }
  return undefined;
}

/** The expected output of an example: the last comment group of its body, when it starts with "Output:". */
function exampleOutput(body: { offset: number; end: number }, groups: CommentGroup[]): { text: string; unordered: boolean } | undefined {
  let last: CommentGroup | undefined;
  for (const g of groups) {
    if (g.offset < body.offset) continue;
    if (g.end > body.end) break;
    last = g;
  }
  if (!last) return undefined;
  let text = commentText(last);
  const m = OUTPUT_PREFIX.exec(text);
  if (!m) return undefined;
  text = text.slice(m[0].length).replace(/^ +/, '');
  if (text.startsWith('\n')) text = text.slice(1);
  return { text, unordered: m[1] !== undefined };
}

/**
 * go's loadTestFuncs over a package's test and xtest files; the first error message, if any (with
 * syntax set when that error is a file's syntax error).
 */
export function loadTestFuncs(dir: string, testGoFiles: string[], xTestGoFiles: string[], read: (file: string) => string = (f) => readFile(f).toString('utf8')): { t: TestFuncs; err?: string; syntax?: SyntaxErrorAt } {
  const t: TestFuncs = { tests: [], benchmarks: [], fuzzTargets: [], examples: [], importTest: false, needTest: false, importXtest: false, needXtest: false };
  let err: string | undefined;
  let syntax: SyntaxErrorAt | undefined;
  for (const [files, pkg] of [[testGoFiles, '_test'], [xTestGoFiles, '_xtest']] as const) {
    for (const f of files) {
      const filename = join(dir, f);
      let src: string;
      try {
        src = read(filename);
      } catch (e) {
        err ??= `open ${filename}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`;
        continue;
      }
      const e = addTestFile(t, filename, src, pkg);
      if (e === undefined || err !== undefined) continue;
      if (typeof e === 'string') {
        err = e;
      } else {
        err = `${e.file}:${e.lineCol}: ${e.msg}`;
        syntax = e;
      }
    }
  }
  if (err === undefined) return { t };
  return syntax ? { t, err, syntax } : { t, err };
}

export interface TestmainInputs {
  importPath: string;
  /** The main module's path ("" outside modules). */
  modulePath: string;
  /** -cover: the mode, and with -coverpkg its patterns and the packages they selected. */
  cover?: { mode: string; paths?: string[]; pkgs: string[] };
}

/** The init lines registering coverage with the testing package (go's testmain template, Cover part). */
function coverInit(c: NonNullable<TestmainInputs['cover']>, importPath: string): string {
  const covered = c.paths ? ' in ' + c.paths.join(', ') : '';
  const selected = `[]string{${(c.paths ? c.pkgs : [importPath]).map((x) => `"${x}"`).join(', ')}}`;
  return `\n\ttestdeps.CoverMode = ${goQuote(c.mode)}\n\ttestdeps.Covered = ${goQuote(covered)}\n`
    + `\ttestdeps.CoverSelectedPackages = ${selected}\n\ttestdeps.CoverSnapshotFunc = cfile.Snapshot\n`
    + '\ttestdeps.CoverProcessTestDirFunc = cfile.ProcessCoverTestDir\n\ttestdeps.CoverMarkProfileEmittedFunc = cfile.MarkProfileEmitted\n\n';
}

/** The test's import path as testdeps.ImportPath records it ("" for command-line files and GOPATH-less dirs). */
function testedImportPath(p: string): string {
  return p.startsWith('_/') || p === 'command-line-arguments' ? '' : p;
}

/** The generated _testmain.go, byte for byte as go's template writes it. */
export function formatTestmain(t: TestFuncs, m: TestmainInputs): string {
  const q = goQuote;
  let s = "\n// Code generated by 'go test'. DO NOT EDIT.\n\npackage main\n\nimport (\n\t\"os\"\n";
  if (t.testMain) s += '\n\t"reflect"\n';
  s += '\n\t"testing"\n\t"testing/internal/testdeps"\n';
  if (m.cover) s += '\n\t"internal/coverage/cfile"\n';
  s += '\n\n';
  if (t.importTest) s += `\n\t${t.needTest ? '_test' : '_'} ${q(m.importPath)}\n`;
  s += '\n';
  if (t.importXtest) s += `\n\t${t.needXtest ? '_xtest' : '_'} ${q(m.importPath + '_test')}\n`;
  s += '\n)\n\nvar tests = []testing.InternalTest{\n';
  for (const f of t.tests) s += `\n\t{"${f.name}", ${f.pkg}.${f.name}},\n`;
  s += '\n}\n\nvar benchmarks = []testing.InternalBenchmark{\n';
  for (const f of t.benchmarks) s += `\n\t{"${f.name}", ${f.pkg}.${f.name}},\n`;
  s += '\n}\n\nvar fuzzTargets = []testing.InternalFuzzTarget{\n';
  for (const f of t.fuzzTargets) s += `\n\t{"${f.name}", ${f.pkg}.${f.name}},\n`;
  s += '\n}\n\nvar examples = []testing.InternalExample{\n';
  for (const f of t.examples) s += `\n\t{"${f.name}", ${f.pkg}.${f.name}, ${q(f.output)}, ${f.unordered}},\n`;
  s += '\n}\n\nfunc init() {\n';
  if (m.cover) s += coverInit(m.cover, m.importPath);
  s += `\n\ttestdeps.ModulePath = ${q(m.modulePath)}\n\ttestdeps.ImportPath = ${q(testedImportPath(m.importPath))}\n}\n\n`;
  s += 'func main() {\n\tm := testing.MainStart(testdeps.TestDeps{}, tests, benchmarks, fuzzTargets, examples)\n';
  if (t.testMain) {
    s += `\n\t${t.testMain.pkg}.${t.testMain.name}(m)\n\tos.Exit(int(reflect.ValueOf(m).Elem().FieldByName("exitCode").Int()))\n`;
  } else {
    s += '\n\tos.Exit(m.Run())\n';
  }
  s += '\n}\n\n';
  return s;
}
