import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXEC_ARG_LENGTH_LIMIT, responseFileText, useResponseFile } from './respfile.js';

test('useResponseFile: only the flag-parsing tools, and only past the length limit', () => {
  const long = 'x'.repeat(EXEC_ARG_LENGTH_LIMIT - '/t/cgo'.length);
  assert.equal(useResponseFile(['/t/cgo', long]), false); // exactly the limit, program path included
  assert.equal(useResponseFile(['/t/cgo', long, 'y']), true);
  assert.equal(useResponseFile(['/t/link.exe', long, 'y']), true);
  assert.equal(useResponseFile(['/t/gcc', long, 'y']), false);
  assert.equal(useResponseFile(['/t/compile', 'a', 'b']), false);
});

test('responseFileText: one argument a line, backslash and newline escaped', () => {
  assert.equal(responseFileText(['/t/cgo', 'a b', 'c\\d', 'e\nf']), 'a b\nc\\\\d\ne\\nf\n');
});
