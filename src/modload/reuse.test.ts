// Tests for -reuse files and go's rules on which old origins can validate a reused query result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeModulePublic, parseReuseFile, reuseOriginProblem, splitJSONStream } from './reuse.js';

test('a JSON stream splits into its values', () => {
  assert.deepEqual(splitJSONStream('{"a":"}{"}\n{"b":[1,{"c":2}]}{}  "s\\"x" 12 '), ['{"a":"}{"}', '{"b":[1,{"c":2}]}', '{}', '"s\\"x"', '12']);
  assert.deepEqual(splitJSONStream(' \n '), []);
});

test('reuse files key modules with an Origin by version and by query', () => {
  const text = `{
	"Path": "example.com/m",
	"Version": "v0.0.0-20170922010558-fc3a09f3dc5c",
	"Query": "latest",
	"Time": "2017-09-22T01:05:58Z",
	"Origin": {"VCS": "git", "URL": "http://h/git/m", "Hash": "fc3a", "TagSum": "t1:x", "Ref": "HEAD"}
}
{"Path": "example.com/nope", "Version": "v1.0.0"}
{"Path": "example.com/v9", "Version": "latest", "Error": "module example.com/v9: no matching versions for query \\"latest\\"", "Origin": {"VCS": "git", "TagSum": "t1:x"}}
`;
  const m = parseReuseFile('old.json', text);
  assert.deepEqual([...m.keys()], ['example.com/m@v0.0.0-20170922010558-fc3a09f3dc5c', 'example.com/m@latest', 'example.com/v9@latest']);
  const hello = m.get('example.com/m@latest')!;
  assert.equal(hello.reuse, true);
  assert.equal(hello.origin?.Ref, 'HEAD');
  assert.equal(hello.time, '2017-09-22T01:05:58Z');
  // go mod download writes Error as a string, go list -m as {"Err": ...}: both are read.
  assert.match(m.get('example.com/v9@latest')!.error!, /no matching versions/);
  assert.equal(decodeModulePublic({ Path: 'p', Error: { Err: 'boom' } })?.error, 'boom');
  assert.throws(() => parseReuseFile('bad.json', '{"Path": '), /^Error: parsing bad\.json: unexpected end of JSON input$/);
});

test('an origin must carry what the query depends on (go checkReuseRepo)', () => {
  const p = 'example.com/m';
  assert.equal(reuseOriginProblem(p, 'latest', undefined), 'nil Origin');
  // A RepoSum covers everything.
  assert.equal(reuseOriginProblem(p, 'nonexist', { RepoSum: 'r1:x' }), undefined);
  // Canonical versions need anything to check.
  assert.equal(reuseOriginProblem(p, 'v1.2.3', { VCS: 'git', URL: 'u' }), 'no Origin information to check');
  assert.equal(reuseOriginProblem(p, 'v1.2.3', { Hash: 'h' }), undefined);
  // Branches and commits need the ref or hash, and the tags that name the version.
  assert.equal(reuseOriginProblem(p, 'master', { TagSum: 't1:x' }), 'query "master" requires a Hash or Ref');
  assert.equal(reuseOriginProblem(p, 'master', { Ref: 'refs/heads/master', Hash: 'h' }), 'query "master" requires a TagSum');
  assert.equal(reuseOriginProblem(p, 'fc3a09f3dc5c', { Hash: 'h', TagSum: 't1:x' }), undefined);
  // "latest" and comparisons depend on every matching tag.
  assert.equal(reuseOriginProblem(p, 'latest', { Hash: 'h', Ref: 'HEAD' }), 'query "latest" requires a TagSum');
  assert.equal(reuseOriginProblem(p, '>=v1.0.0', { TagSum: 't1:x' }), undefined);
});
