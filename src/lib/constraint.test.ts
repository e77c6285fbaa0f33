// Tests for build constraint parsing, evaluation and +build line generation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseConstraint, evalExpr, exprString, isGoBuild, isPlusBuild, plusBuildLines,
  ConstraintSyntaxError, NotConstraintError, errComplex,
} from './constraint.js';

test('isGoBuild / isPlusBuild', () => {
  const cases: [string, boolean, boolean][] = [
    ['//go:build linux', true, false],
    ['//go:build', true, false],
    ['//go:build\tlinux\n', true, false],
    ['//go:buildlinux', false, false],
    ['//go:build linux\n//go:build x', false, false],
    ['// +build linux', false, true],
    ['//+build linux', false, true],
    ['// +build', false, true],
    ['// +buildx', false, false],
    ['/* +build x */', false, false],
  ];
  for (const [line, gb, pb] of cases) {
    assert.equal(isGoBuild(line), gb, line);
    assert.equal(isPlusBuild(line), pb, line);
  }
});

test('parse and print', () => {
  const cases: [string, string][] = [
    ['//go:build x', 'x'],
    ['//go:build x && y || z', '(x && y) || z'],
    ['//go:build x && (y || z)', 'x && (y || z)'],
    ['//go:build !(x && y)', '!(x && y)'],
    ['//go:build ((x))', 'x'],
    ['//go:build x||y&&z', 'x || (y && z)'],
    ['// +build x y,!z', 'x || (y && !z)'],
    ['// +build !!x', 'ignore'],
    ['// +build', 'ignore'],
    ['// +build x-y', 'ignore'],
  ];
  for (const [line, want] of cases) assert.equal(exprString(parseConstraint(line)), want, line);
});

test('syntax errors', () => {
  const cases: [string, string][] = [
    ['//go:build x &&', 'unexpected end of expression'],
    ['//go:build (x', 'missing close paren'],
    ['//go:build (x &&', 'missing close paren'],
    ['//go:build x)', 'unexpected token )'],
    ['//go:build !!x', 'double negation not allowed'],
    ['//go:build x & y', 'invalid syntax at &'],
    ['//go:build x - y', 'invalid syntax at -'],
    ['//go:build', 'unexpected end of expression'],
    ['//go:build x y', 'unexpected token y'],
  ];
  for (const [line, want] of cases) {
    assert.throws(() => parseConstraint(line), (e: unknown) => e instanceof ConstraintSyntaxError && e.message === want, line);
  }
  assert.throws(() => parseConstraint('// hello'), NotConstraintError);
  assert.throws(() => parseConstraint('//go:build ' + Array(1001).fill('x').join(' && ')), /build expression too large/);
});

test('eval consults every tag', () => {
  const x = parseConstraint('//go:build linux || (darwin && !cgo)');
  const seen: string[] = [];
  const ok = evalExpr(x, (t) => { seen.push(t); return t === 'linux'; });
  assert.equal(ok, true);
  assert.deepEqual(seen, ['linux', 'darwin', 'cgo']);
  assert.equal(evalExpr(x, (t) => t === 'darwin'), true);
  assert.equal(evalExpr(x, (t) => t === 'darwin' || t === 'cgo'), false);
});

test('plusBuildLines', () => {
  const cases: [string, string[] | string][] = [
    ['x', ['// +build x']],
    ['x && !y', ['// +build x,!y']],
    ['x || y', ['// +build x y']],
    ['(x || y) && z', ['// +build x y', '// +build z']],
    ['!(x || y)', ['// +build !x,!y']],
    ['x && (y || z && w)', ['// +build x', '// +build y z,w']],
    ['(x && (y || z)) || w', errComplex],
  ];
  for (const [expr, want] of cases) {
    const x = parseConstraint('//go:build ' + expr);
    if (typeof want === 'string') assert.throws(() => plusBuildLines(x), { message: want });
    else assert.deepEqual(plusBuildLines(x), want, expr);
  }
});
