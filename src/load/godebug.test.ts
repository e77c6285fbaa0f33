// Tests for the godebugs table parser, //go:debug parsing and DefaultGODEBUG computation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { parseGodebugTable, parseGoDebug, defaultGODEBUG, godebugTable, godebugForGoVersion, NotGoDebugError, checkGoDebugDirectives } from './godebug.js';

const table = parseGodebugTable(`
var All = []Info{
	{Name: "alpha", Package: "x", Changed: 21, Old: "1"},
	{Name: "beta", Package: "y", Changed: 23, Old: "0", Opaque: true},
	{Name: "gamma", Package: "z"},
}

var Removed = []RemovedInfo{
	{Name: "old", Removed: 24},
}
`);

test('parseGodebugTable', () => {
  assert.deepEqual(table.all.map((i) => [i.name, i.changed, i.old, i.opaque]), [['alpha', 21, '1', false], ['beta', 23, '0', true], ['gamma', 0, '', false]]);
  assert.deepEqual(table.removed, [{ name: 'old', removed: 24 }]);
});

test('parseGoDebug', () => {
  assert.deepEqual(parseGoDebug(table, '1.26.0', '//go:debug alpha=0'), { key: 'alpha', value: '0' });
  assert.deepEqual(parseGoDebug(table, '1.26.0', '//go:debug default=go1.21'), { key: 'default', value: 'go1.21' });
  const errs: [string, string][] = [
    ['//go:debug', 'missing key=value'],
    ['//go:debug alpha', 'missing key=value'],
    ['//go:debug nope=1', 'unknown //go:debug setting "nope"'],
    ['//go:debug old=1', 'use of removed //go:debug setting "old", see https://go.dev/doc/godebug#go-124'],
    ['//go:debug alpha=1,2', 'value contains comma'],
    ['//go:debug default=1.21', 'value for default= must be goVERSION'],
    ['//go:debug default=go1.99', 'default=go1.99 too new (toolchain is go1.26.0)'],
  ];
  for (const [line, msg] of errs) assert.throws(() => parseGoDebug(table, '1.26.0', line), { message: msg }, line);
  // Like go, only the prefix is checked: "//go:debugx a=b" parses as key "a".
  assert.throws(() => parseGoDebug(table, '1.26.0', '//go:debugx a=b'), { message: 'unknown //go:debug setting "a"' });
  assert.throws(() => parseGoDebug(table, '1.26.0', '//go:debugx'), NotGoDebugError);
});

test('defaultGODEBUG', () => {
  assert.equal(defaultGODEBUG(table, '1.26.0', { goVersion: '1.20', modGodebugs: [], directives: [] }), 'alpha=1,beta=0');
  assert.equal(defaultGODEBUG(table, '1.26.0', { goVersion: '1.22', modGodebugs: [], directives: [] }), 'beta=0');
  assert.equal(defaultGODEBUG(table, '1.26.0', { goVersion: '1.23', modGodebugs: [], directives: [] }), '');
  assert.equal(
    defaultGODEBUG(table, '1.26.0', { goVersion: '1.23', modGodebugs: [{ key: 'gamma', value: 'x' }], directives: ['//go:debug default=go1.20', '//go:debug bad'] }),
    'alpha=1,beta=0,gamma=x',
  );
  assert.equal(godebugForGoVersion(table, '2.0'), undefined);
  assert.deepEqual([...godebugForGoVersion(table, '1.21.3')!.keys()], ['beta']);
});

test('real table parses', { skip: !existsSync('/usr/local/go/src/internal/godebugs/table.go') }, () => {
  const t = godebugTable('/usr/local/go');
  assert.ok(t.all.length > 30);
  assert.ok(t.all.some((i) => i.name === 'panicnil' && i.changed === 21 && i.old === '1'));
});

test('checkGoDebugDirectives: go build\'s invalid and repeated //go:debug reports', () => {
  // Texts as go 1.26 prints them for godebug_unknown / build_repeated_godebug_issue62346.
  const got = checkGoDebugDirectives(table, '1.26.0', [
    { text: '//go:debug x=y', pos: '/m/p.go:1:1' },
    { text: '//go:debug alpha=1', pos: '/m/p.go:2:1' },
    { text: '//go:debug alpha=1', pos: '/m/p.go:3:1' },
    { text: '//go:build linux', pos: '/m/p.go:4:1' },
  ]);
  assert.equal(got, '/m/p.go:1:1: invalid //go:debug: unknown //go:debug setting "x"\n' +
    '/m/p.go:3:1: repeated //go:debug for alpha\n\t/m/p.go:2:1: previous //go:debug\n');
  assert.equal(checkGoDebugDirectives(table, '1.26.0', [{ text: '//go:debug alpha=1', pos: 'a' }, { text: '//go:debug beta=1', pos: 'b' }]), '');
});
