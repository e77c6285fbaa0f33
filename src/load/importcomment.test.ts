// go/build's import comment reading, on the build_import_comment script's files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findImportComment, unquoteImportComment } from './importcomment.js';

test('import comments after the package clause', () => {
  assert.deepEqual(findImportComment('package x // import "m/works/x"\n'), { quoted: '"m/works/x"', line: 1 });
  assert.deepEqual(findImportComment('// Copyright\n\npackage conflict /* import "b" */\n'), { quoted: '"b"', line: 1 });
  assert.deepEqual(findImportComment('package bad // import\n'), { quoted: '', line: 1 });
  assert.equal(findImportComment('package x // important! not an import comment\n'), undefined);
  assert.equal(findImportComment('package x\n// import "a"\n'), undefined);
  assert.equal(findImportComment('package x /* import\n"a" */\n'), undefined);
  assert.equal(findImportComment('// no package clause\n'), undefined);
});

test('unquoting the path', () => {
  assert.equal(unquoteImportComment('"my/x"'), 'my/x');
  assert.equal(unquoteImportComment('`my/x`'), 'my/x');
  assert.equal(unquoteImportComment(''), undefined);
  assert.equal(unquoteImportComment('"my/x'), undefined);
});
