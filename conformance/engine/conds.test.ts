// Tests for condition evaluation: guards, negation, prefixes and their errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from './engine.js';
import { scriptConditions } from './conds.js';
import { State } from './state.js';
import { enabledExperiments } from './platform.js';
import { hostGOARCH, hostGOOS } from './platform.js';

const h = {
  goos: hostGOOS(),
  goarch: hostGOARCH(),
  hostOS: hostGOOS(),
  hostArch: hostGOARCH(),
  goroot: process.env.GOROOT ?? '/usr/local/go',
  cgoEnabled: true,
  short: true,
  verbose: false,
  hostPath: process.env.PATH ?? '',
};
const engine = new Engine(new Map(), scriptConditions(h));
const s = new State('/tmp', [['GOOS', h.goos], ['GOARCH', h.goarch], ['GODEBUG', 'a=1, gocacheverify=1']]);
const active = (tags: [boolean, string][]): Promise<boolean> => engine.conditionsActive(s, tags.map(([want, tag]) => ({ want, tag })));

test('conditions that hold on this host', async () => {
  assert.equal(await active([[true, `GOOS:${h.goos}`]]), true);
  assert.equal(await active([[false, 'GOOS:plan9']]), true);
  assert.equal(await active([[true, `GOARCH:${h.goarch}`], [true, 'compiler:gc']]), true);
  assert.equal(await active([[true, 'short']]), true);
  assert.equal(await active([[true, 'verbose']]), false);
  assert.equal(await active([[true, 'net:golang.org']]), false);
  assert.equal(await active([[true, 'exec:sh']]), true);
  assert.equal(await active([[true, 'exec:no-such-program-xyz']]), false);
  assert.equal(await active([[true, 'GODEBUG:gocacheverify=1']]), true);
  assert.equal(await active([[true, 'GODEBUG:gocacheverify=0']]), false);
  assert.equal(await active([[true, 'cross']]), false);
  assert.equal(await active([[true, 'symlink'], [true, 'link']]), true);
  assert.equal(await active([[true, 'root']]), process.geteuid?.() === 0);
  assert.equal(await active([[true, 'buildmode:exe']]), true);
  assert.equal(await active([[true, 'buildmode:bogus']]), false);
  assert.equal(await active([[true, 'case-sensitive']]), true);
  assert.equal(await active([[true, 'cc:gcc']]), true);
});

test('condition errors', async () => {
  await assert.rejects(active([[true, 'nosuch']]), /unknown condition "nosuch"/);
  await assert.rejects(active([[true, 'nosuch:x']]), /unknown condition prefix "nosuch"/);
  await assert.rejects(active([[true, 'short:x']]), /condition "short" cannot be used with a suffix/);
  await assert.rejects(active([[true, 'GOOS']]), /condition "GOOS" requires a suffix/);
  await assert.rejects(active([[true, 'GOOS:nosuchos']]), /evaluating condition "GOOS:nosuchos": unrecognized GOOS "nosuchos"/);
  await assert.rejects(active([[true, 'compiler:tcc']]), /unrecognized compiler/);
  await assert.rejects(active([[true, 'GOEXPERIMENT:nosuchexp']]), /unrecognized GOEXPERIMENT/);
});

test('GOEXPERIMENT baseline and overrides', () => {
  const names = ['fieldtrack', 'regabiwrappers', 'regabiargs', 'dwarf5', 'greenteagc', 'randomizedheapbase64', 'arenas'];
  const f = enabledExperiments(names, 'linux', 'amd64', 'fieldtrack,noregabi,nogreenteagc');
  assert.equal(f.get('fieldtrack'), true);
  assert.equal(f.get('regabiargs'), true); // always on for amd64
  assert.equal(f.get('greenteagc'), false);
  assert.equal(f.get('arenas'), false);
  assert.throws(() => enabledExperiments(names, 'linux', 'amd64', 'bogus'), /unknown GOEXPERIMENT bogus/);
});
