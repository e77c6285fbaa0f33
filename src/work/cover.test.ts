import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coverPlan, coverVarName, goJSONString, metaFileForPackage, pkgcfgJSON } from './cover.js';

test('pkgcfgJSON: covcmd.CoverPkgConfig as encoding/json writes it', () => {
  assert.equal(pkgcfgJSON({ outConfig: '/w/b003/coveragecfg', pkgPath: 'example.com/m/a', pkgName: 'a', modulePath: 'example.com/m', local: false, emitMetaFile: '' }),
    '{"OutConfig":"/w/b003/coveragecfg","PkgPath":"example.com/m/a","PkgName":"a","Granularity":"perblock","ModulePath":"example.com/m","Local":false,"EmitMetaFile":""}\n');
  assert.equal(goJSONString('a<b>&c'), '"a\\u003cb\\u003e\\u0026c"');
});

test('coverVarName and metaFileForPackage: from the sha256 of the import path (values from go -x)', () => {
  assert.equal(coverVarName('example.com/m/a'), 'goCover_2933e472f85c_');
  assert.equal(metaFileForPackage('example.com/m/a'), 'covmeta.2933e472f85c315e11a3392bf3ecb1d8b1c4bacb06f03b9469e0efbf1a9c0d4e');
});

test('coverPlan: covervars.go first, test files untouched, cgo files covered too', () => {
  const plan = coverPlan({ dir: '/src/p', goFiles: ['a.go', 'a_test.go'], cgoFiles: ['c.go'] }, '/w/b001/');
  assert.deepEqual(plan.infiles, ['/src/p/a.go', '/src/p/c.go']);
  assert.deepEqual(plan.outfiles, ['/w/b001/covervars.go', '/w/b001/a.cover.go', '/w/b001/c.cover.go']);
  assert.deepEqual(plan.goFiles, ['/w/b001/covervars.go', '/w/b001/a.cover.go', '/src/p/a_test.go']);
  assert.deepEqual(plan.cgoFiles, ['/w/b001/c.cover.go']);
  const none = coverPlan({ dir: '/src/p', goFiles: ['x_test.go'], cgoFiles: [] }, '/w/b001/');
  assert.deepEqual(none.outfiles, []);
  assert.deepEqual(none.goFiles, ['/src/p/x_test.go']);
});
