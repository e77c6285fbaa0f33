import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { parseTestFlags } from './testflag.js';
import { captureOutput, testlogInputs, testStampWhy } from './teststamp.js';

const why = (...args: string[]): string | undefined => {
  const f = parseTestFlags(args, '', '/w');
  return testStampWhy(f, f.bf);
};

test('testStampWhy: plain and -v runs of package lists may use a stamp', () => {
  assert.equal(why('./...'), undefined);
  assert.equal(why('-v', '-run', 'TestX', './...'), undefined);
  assert.equal(why('-count=1', 'p'), undefined); // never cached: the run starts binaries and records nothing
});

test('testStampWhy: runs whose output is not a replay, or that write files, never do', () => {
  assert.equal(why(), 'local directory mode');
  assert.equal(why('-json', './...'), '-json');
  assert.equal(why('-c', 'p'), '-c/-o');
  assert.equal(why('-cover', './...'), 'coverage or profile');
  assert.equal(why('-coverprofile=c.out', './...'), 'coverage or profile');
  assert.equal(why('-bench=.', './...'), '-fuzz/-bench');
  assert.equal(why('-x', './...'), '-n/-x/-work');
});

test('testlogInputs: files inside the root, relative to the last chdir; directories opened; env reads', () => {
  const log = '# test log\ngetenv HOME\nopen testdata/v.txt\nstat /etc/passwd\nchdir /m/sub\nopen d\nstat /m/x.go\n';
  assert.deepEqual(testlogInputs('/m/p', '/m', log), {
    paths: ['/m/p/testdata/v.txt', '/m/p/testdata', '/m/sub', '/m/sub/d', '/m/sub', '/m/x.go', '/m'],
    dirs: ['/m/p/testdata/v.txt', '/m/sub/d'],
    env: ['HOME'],
  });
  assert.deepEqual(testlogInputs('/m/p', '', 'open a\n'), { paths: [], dirs: [], env: [] });
  assert.equal(testlogInputs('/m/p', '/m', 'bogus\n'), undefined);
  assert.equal(testlogInputs('/m/p', '/m', 'write x\n'), undefined);
});

test('captureOutput: keeps stdout, notes other streams, restores on stop', () => {
  const out = new PassThrough(), errs = new PassThrough();
  const c = captureOutput(out, [errs]);
  out.write('ok  \tp\t(cached)\n');
  out.write(Buffer.from('?   \tq\t[no test files]\n'));
  assert.equal(c.text(), 'ok  \tp\t(cached)\n?   \tq\t[no test files]\n');
  assert.equal(c.other(), false);
  errs.write('');
  assert.equal(c.other(), false);
  errs.write('warning\n');
  assert.equal(c.other(), true);
  c.stop();
  out.write('later\n');
  assert.equal(c.text(), 'ok  \tp\t(cached)\n?   \tq\t[no test files]\n');
});

test('captureOutput: output that is not UTF-8 cannot be kept as a stamp\'s text', () => {
  const out = new PassThrough();
  const c = captureOutput(out, []);
  out.write(Buffer.from('caf\xe9\n', 'latin1'));
  assert.equal(c.other(), true);
  c.stop();
});
