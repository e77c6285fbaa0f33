import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DirectiveError, expandVars, isGoGenerate, packageClauseName, splitDirective } from './gogenerate.js';

const env: Record<string, string> = { GOFILE: 'a.go', GOLINE: '7', GOPACKAGE: 'p', DOLLAR: '$', X: 'x y' };
const lookup = (n: string): string => env[n] ?? '';
const split = (line: string, aliases = new Map<string, string[]>()): string[] => splitDirective(line, aliases, lookup);

test('isGoGenerate: the marker then a space or tab, at the start of the line', () => {
  assert.equal(isGoGenerate('//go:generate echo\n'), true);
  assert.equal(isGoGenerate('//go:generate\techo\n'), true);
  assert.equal(isGoGenerate('//go:generate\n'), false);
  assert.equal(isGoGenerate('//go:generateecho\n'), false);
  assert.equal(isGoGenerate(' //go:generate echo\n'), false);
  assert.equal(isGoGenerate('// go:generate echo\n'), false);
});

test('splitDirective: words, quoted strings, trailing CR and blanks', () => {
  assert.deepEqual(split('//go:generate echo  a\tb \n'), ['echo', 'a', 'b']);
  assert.deepEqual(split('//go:generate echo "a b" "c\\td" "\\u00e9"\r\n'), ['echo', 'a b', 'c\td', 'é']);
  assert.deepEqual(split('//go:generate   \n'), []);
  assert.deepEqual(split('//go:generate echo x"y"\n'), ['echo', 'x"y"']); // a quote inside a word is just a character
});

test('splitDirective: go\'s errors for bad quoting', () => {
  const err = (line: string): string => {
    try {
      split(line);
    } catch (e) {
      assert.ok(e instanceof DirectiveError);
      return e.message;
    }
    return 'no error';
  };
  assert.equal(err('//go:generate echo "abc\n'), 'mismatched quoted string');
  assert.equal(err('//go:generate echo "a"b\n'), 'expect space after quoted argument');
  assert.equal(err('//go:generate echo "\\q"\n'), 'bad quoted string');
  assert.equal(err('//go:generate echo "ab\\\n'), 'bad backslash');
});

test('splitDirective: variables expand after splitting, inside quotes too; aliases replace the first word', () => {
  assert.deepEqual(split('//go:generate echo $GOFILE:$GOLINE ${GOPACKAGE}abc "$X" $X $UNSET.\n'), ['echo', 'a.go:7', 'pabc', 'x y', 'x y', '.']);
  const aliases = new Map([['run', ['echo', 'Now', '$GOPACKAGE']]]);
  assert.deepEqual(split('//go:generate run for $GOFILE\n', aliases), ['echo', 'Now', 'p', 'for', 'a.go']);
  assert.deepEqual(split('//go:generate echo run\n', aliases), ['echo', 'run']);
});

test('expandVars: os.Expand\'s rules', () => {
  const m = (n: string): string => `<${n}>`;
  assert.equal(expandVars('plain', m), 'plain');
  assert.equal(expandVars('$a$b-c', m), '<a><b>-c');
  assert.equal(expandVars('${a b}x', m), '<a b>x');
  assert.equal(expandVars('$1x $@ ${*}', m), '<1>x <@> <*>');
  assert.equal(expandVars('a$', m), 'a$'); // a final $ stays
  assert.equal(expandVars('a$/b', m), 'a$/b'); // no name after $: the $ stays
  assert.equal(expandVars('a${}b', m), 'ab'); // bad syntax is eaten
  assert.equal(expandVars('a${bc', m), 'abc'); // "${" without a brace is eaten
  assert.equal(expandVars('$$', m), '<$>');
});

test('packageClauseName: as go/parser\'s PackageClauseOnly mode', () => {
  assert.equal(packageClauseName('package p\n'), 'p');
  assert.equal(packageClauseName('\ufeff// c\n/* d */ package nopkg\n//go:generate x\n'), 'nopkg');
  assert.equal(packageClauseName('package syntax; 123\n'), 'syntax');
  assert.equal(packageClauseName('package b'), 'b');
  assert.equal(packageClauseName('package c // x\npackage cinvalid\n'), 'c');
  assert.equal(packageClauseName('package π\n'), 'π');
  assert.equal(packageClauseName('//package nopkg\n'), undefined);
  assert.equal(packageClauseName('/*\npackage nopkg\n*/\n'), undefined);
  assert.equal(packageClauseName('const foo = `\npackage nopkg\n`\n'), undefined);
  assert.equal(packageClauseName('package +d+\n'), undefined);
  assert.equal(packageClauseName('foo\npackage syntax\n'), undefined);
  assert.equal(packageClauseName('package a b\n'), undefined);
  assert.equal(packageClauseName('package func\n'), undefined);
  assert.equal(packageClauseName('/* unclosed package p\n'), undefined);
  assert.equal(packageClauseName(''), undefined);
});
