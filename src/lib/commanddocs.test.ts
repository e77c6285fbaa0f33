import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandDocs, goStringValue } from './commanddocs.js';

const src = [
  'package x',
  '',
  'const testUsage = "go test [flags] [packages]"',
  '',
  'var CmdA = &base.Command{',
  '\tRun:       runA,',
  '\tUsageLine: "go a [-x] \\"q\\"",',
  '\tShort:     "do a",',
  '\tLong: `',
  'A does a.',
  '\tindented  kept as is\r',
  '`,',
  '}',
  '',
  'var CmdT = &base.Command{',
  '\tCustomFlags: true,',
  '\tUsageLine:   testUsage,',
  '\tShort:       "test packages",',
  '\tLong:        `T tests.`,',
  '}',
  '',
  'var NoLong = &base.Command{UsageLine: "go n", Short: "n"}',
  '',
  'var Topic = &base.Command{',
  '\tUsageLine: "gopath",',
  '\tShort:     "GOPATH environment variable",',
  '\tLong: `The Go path.`,',
  '}',
].join('\n');

test('command literals give usage line, short and raw long text', () => {
  assert.deepEqual(commandDocs(src), [
    { usageLine: 'go a [-x] "q"', short: 'do a', long: '\nA does a.\n\tindented  kept as is\n' },
    { usageLine: 'go test [flags] [packages]', short: 'test packages', long: 'T tests.' },
    { usageLine: 'gopath', short: 'GOPATH environment variable', long: 'The Go path.' },
  ]);
});

test('a literal without a long text is left out', () => {
  assert.equal(commandDocs('var X = &base.Command{UsageLine: "go x"}').length, 0);
});

test('Go string literal values', () => {
  assert.equal(goStringValue('`a\r\nb`'), 'a\nb');
  assert.equal(goStringValue('"a\\tb\\\\"'), 'a\tb\\');
  assert.equal(goStringValue('x'), undefined);
});
