import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goJSONSyntaxError } from './gojsonsyntax.js';

test('goJSONSyntaxError: valid texts pass', () => {
  for (const t of ['{}', ' {"a": [1, -2.5e+3, true, false, null, "x\\u00e9\\n"]} ', '"s"', '0', '[]']) {
    assert.equal(goJSONSyntaxError(t), undefined, t);
    JSON.parse(t);
  }
});

test('goJSONSyntaxError: encoding/json\'s words (checked against go 1.26)', () => {
  const cases: [string, string][] = [
    ['', 'unexpected end of JSON input'],
    ['{\n', 'unexpected end of JSON input'],
    ['x', "invalid character 'x' looking for beginning of value"],
    ['{"Replace": {"a": "b",}}', "invalid character '}' looking for beginning of object key string"],
    ['{"Replace" 1}', "invalid character '1' after object key"],
    ['{"a":tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['[1,2', 'unexpected end of JSON input'],
    ['{} x', "invalid character 'x' after top-level value"],
    ['"\\q"', "invalid character 'q' in string escape code"],
    ['{"a":-}', "invalid character '}' in numeric literal"],
    ['{"a":1.}', "invalid character '}' after decimal point in numeric literal"],
    ['{"a":1e}', "invalid character '}' in exponent of numeric literal"],
    ["{'a':1}", "invalid character '\\'' looking for beginning of object key string"],
    ['{"a":1 "b"}', "invalid character '\"' after object key:value pair"],
    ['[1 2]', "invalid character '2' after array element"],
    ['"a\nb"', "invalid character '\\n' in string literal"],
  ];
  for (const [t, msg] of cases) assert.equal(goJSONSyntaxError(t), msg, JSON.stringify(t));
});
