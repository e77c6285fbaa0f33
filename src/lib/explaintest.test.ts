import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainTestRun, formatTestRecord, inputsAsTestLog, parseTestRecord, showPath, testExplainLine, uncacheableReason, type TestRunInputs } from './explaintest.js';

const DIR = '/m/foo';

function run(o: Partial<TestRunInputs> = {}): TestRunInputs {
  return {
    binary: o.binary ?? 'BIN1', args: o.args ?? [], execCmd: o.execCmd ?? '[]',
    inputs: o.inputs ?? ['env GODEBUG G0', 'env HOME H0', `open ${DIR}/testdata/input.json F0`, `stat ${DIR}/gone S0`],
    ...(o.failed ? { failed: true } : {}),
  };
}

test('a record reads back as it was written; other text is not a record', () => {
  const r = run({ args: ['-test.run=TestX', '-test.v=true'] });
  assert.deepEqual(parseTestRecord(formatTestRecord(r)), r);
  const failed = run({ failed: true });
  assert.deepEqual(parseTestRecord(formatTestRecord(failed)), failed);
  assert.match(formatTestRecord(failed), /^result failed$/m);
  assert.equal(parseTestRecord('toolchain go1.26\ncompile\n'), undefined);
  assert.equal(parseTestRecord('arg -test.run=X\n'), undefined, 'no binary line');
});

test('inputsAsTestLog names the recorded inputs again, without GODEBUG (always hashed)', () => {
  assert.equal(inputsAsTestLog(run().inputs), `getenv HOME\nopen ${DIR}/testdata/input.json\nstat ${DIR}/gone\n`);
  // A name with spaces keeps them: only the last word is the hash.
  assert.equal(inputsAsTestLog([`open ${DIR}/my file.txt F0`]), `open ${DIR}/my file.txt\n`);
});

test('nothing differs: no reasons', () => {
  assert.deepEqual(explainTestRun(run(), run(), run().inputs, DIR, []), []);
});

test('the binary changed, with what the build said about it', () => {
  assert.deepEqual(explainTestRun(run(), run({ binary: 'BIN2' }), run().inputs, DIR, ['foo.go changed']), ['test binary changed (foo.go changed)']);
  assert.deepEqual(explainTestRun(run(), run({ binary: 'BIN2' }), run().inputs, DIR, []), ['test binary changed']);
});

test('flags are compared by name as the user writes them', () => {
  const was = run({ args: ['-test.run=TestA', '-test.short=true'] });
  const now = run({ args: ['-test.run=TestB', '-test.v=true'] });
  assert.deepEqual(explainTestRun(was, now, was.inputs, DIR, []),
    ['-run changed (was TestA, now TestB)', '-v changed (was none, now true)', '-short changed (was true, now none)']);
  assert.deepEqual(explainTestRun(run(), run({ args: ['-test.run=TestX'] }), run().inputs, DIR, []), ['-run changed (was none, now TestX)']);
  assert.deepEqual(explainTestRun(run(), run({ execCmd: '["wrap"]' }), run().inputs, DIR, []), ['-exec changed']);
});

test('inputs the tests read: files by their path in the package, variables by name', () => {
  const nowInputs = ['env GODEBUG G1', 'env HOME H1', `open ${DIR}/testdata/input.json F1`, `stat ${DIR}/gone S0`];
  assert.deepEqual(explainTestRun(run(), run(), nowInputs, DIR, []),
    ['$GODEBUG changed', '$HOME changed (the tests read it)', 'testdata/input.json changed (the tests opened it)']);
  assert.deepEqual(explainTestRun(run({ inputs: ['chdir /elsewhere C0'] }), run(), ['chdir /elsewhere C1'], DIR, []),
    ['/elsewhere changed (the tests changed into it)']);
  // Inputs that could not be hashed again (undefined) name nothing.
  assert.deepEqual(explainTestRun(run(), run({ binary: 'B' }), undefined, DIR, []), ['test binary changed']);
});

test('showPath is relative inside the package only', () => {
  assert.equal(showPath('/m/foo/testdata/a', '/m/foo'), 'testdata/a');
  assert.equal(showPath('/m/foo', '/m/foo'), '.');
  assert.equal(showPath('/m/foobar/x', '/m/foo'), '/m/foobar/x');
});

test('the line names three reasons, then how many more', () => {
  assert.equal(testExplainLine('example.com/m/foo', ['a', 'b']), 'gocmd: rerunning tests of example.com/m/foo: a, b\n');
  assert.equal(testExplainLine('p', ['a', 'b', 'c', 'd', 'e']), 'gocmd: rerunning tests of p: a, b, c, and 2 more\n');
});

test('uncacheable runs: -count first, else the flags by name', () => {
  assert.equal(uncacheableReason(['-test.cpuprofile=x', '-test.count=1']), '-count=1 asks for a fresh run');
  assert.equal(uncacheableReason(['-test.cpuprofile=x', '-test.memprofile=y', '-test.cpuprofile=z']), 'flags that are not cacheable (-cpuprofile -memprofile)');
});
