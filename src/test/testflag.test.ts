import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTestFlags, TestUsageError } from './testflag.js';

const parse = (args: string[], goflags = ''): { pkgs: string[]; test: string[] } => {
  const f = parseTestFlags(args, goflags, '/w');
  return { pkgs: f.pkgArgs, test: f.testArgs };
};

test('known flags become -test.* flags, with the default timeout first', () => {
  assert.deepEqual(parse(['-v', '-run', 'X', './...', '-count=1']), {
    pkgs: ['./...'], test: ['-test.timeout=10m0s', '-test.v=true', '-test.run=X', '-test.count=1'],
  });
  assert.deepEqual(parse(['-timeout=90s', '-short', 'p']), { pkgs: ['p'], test: ['-test.timeout=1m30s', '-test.short=true'] });
});

test('unknown flags and everything after a non-flag following the packages go to the binary', () => {
  assert.deepEqual(parse(['p', '-custom', 'v', '-x', 'rest']), { pkgs: ['p'], test: ['-test.timeout=10m0s', '-custom', 'v', 'rest'] });
  assert.deepEqual(parse(['p', '-args', '-v', 'q']), { pkgs: ['p'], test: ['-test.timeout=10m0s', '-v', 'q'] });
  assert.deepEqual(parse(['p', '--', '-v']), { pkgs: ['p'], test: ['-test.timeout=10m0s', '--', '-v'] });
});

test('GOFLAGS test flags are injected before the command line\'s', () => {
  assert.deepEqual(parse(['-run=A', 'p'], '-count=1 -v'), { pkgs: ['p'], test: ['-test.count=1', '-test.v=true', '-test.timeout=10m0s', '-test.run=A'] });
  assert.deepEqual(parse(['-count=2', 'p'], '-count=1'), { pkgs: ['p'], test: ['-test.timeout=10m0s', '-test.count=2'] });
});

test('errors are go\'s', () => {
  assert.throws(() => parse(['-count']), new TestUsageError('flag needs an argument: -count'));
  assert.throws(() => parse(['-n', '-C', '../strings']), new TestUsageError('invalid value "../strings" for flag -C: -C flag must be first flag on command line'));
  assert.throws(() => parse(['-c', '-zz', 'p']), new TestUsageError('go: unknown flag -zz cannot be used with -c'));
  assert.throws(() => parse(['-vet=a b']), new TestUsageError('invalid value "a b" for flag -vet: -vet argument is comma-separated list, cannot contain spaces'));
});
