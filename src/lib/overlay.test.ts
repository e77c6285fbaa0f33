// Cases from go's cmd/go/internal/fsys tests (TestStatInfo, TestBadOverlay, TestActual).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { overlayCmp, parseOverlay, OverlayError, type OverlayInfo } from './overlay.js';

const info = (o: Partial<OverlayInfo> & { abs: string }): OverlayInfo => ({ deleted: false, replaced: false, dir: false, file: false, actual: '', ...o });

test('stat: replaced files, implied directories, deletions (go TestStatInfo)', () => {
  const o = parseOverlay('{"Replace": {"x": "replace/x", "a/b/c": "replace/c", "d/e": ""}}', '/tmp');
  const cases: [string, OverlayInfo][] = [
    ['foo', info({ abs: '/tmp/foo', actual: 'foo' })],
    ['foo/bar/baz/quux', info({ abs: '/tmp/foo/bar/baz/quux', actual: 'foo/bar/baz/quux' })],
    ['x', info({ abs: '/tmp/x', replaced: true, file: true, actual: '/tmp/replace/x' })],
    ['/tmp/x', info({ abs: '/tmp/x', replaced: true, file: true, actual: '/tmp/replace/x' })],
    ['x/y', info({ abs: '/tmp/x/y', deleted: true })],
    ['a', info({ abs: '/tmp/a', replaced: true, dir: true, actual: 'a' })],
    ['a/b', info({ abs: '/tmp/a/b', replaced: true, dir: true, actual: 'a/b' })],
    ['a/b/c', info({ abs: '/tmp/a/b/c', replaced: true, file: true, actual: '/tmp/replace/c' })],
    ['d/e', info({ abs: '/tmp/d/e', deleted: true })],
    ['d', info({ abs: '/tmp/d', replaced: true, dir: true, actual: 'd' })],
  ];
  for (const [path, want] of cases) assert.deepEqual(o.stat(path), want, path);

  const children: [string, OverlayInfo[]][] = [
    ['foo', []], ['foo/bar', []], ['x', []], ['x/y', []], ['d/e', []],
    ['a', [info({ abs: '/tmp/a/b', replaced: true, dir: true })]],
    ['a/b', [info({ abs: '/tmp/a/b/c', replaced: true, actual: '/tmp/replace/c' })]],
    ['d', [info({ abs: '/tmp/d/e', deleted: true })]],
    // d/e is a deletion two levels down: it does not make d a child of ".".
    ['.', [info({ abs: '/tmp/a', replaced: true, dir: true }), info({ abs: '/tmp/x', replaced: true, actual: '/tmp/replace/x' })]],
  ];
  for (const [path, want] of children) {
    const got = o.children(o.stat(path));
    for (const c of got) assert.equal(c.name, c.info.abs.slice(c.info.abs.lastIndexOf('/') + 1));
    assert.deepEqual(got.map((c) => c.info), want, path);
  }
});

test('bad overlays: go\'s messages (go TestBadOverlay)', () => {
  const cases: [string, string][] = [
    ['{', 'parsing overlay JSON: unexpected end of JSON input'],
    ['{"Replace": {"":"a"}}', 'empty string key in overlay map'],
    ['{"Replace": {"/tmp/x": "y", "x": "y"}}', 'duplicate paths /tmp/x and x in overlay map'],
    ['{"Replace": {"/tmp/x/z": "z", "x":"y"}}', 'inconsistent files /tmp/x and /tmp/x/z in overlay map'],
    ['{"Replace": {"/tmp/x/z/z2": "z", "x":"y"}}', 'inconsistent files /tmp/x and /tmp/x/z/z2 in overlay map'],
    ['{"Replace": {"/tmp/x": "y", "x/z/z2": "z"}}', 'inconsistent files /tmp/x and /tmp/x/z/z2 in overlay map'],
    // encoding/json's type errors, checked against go 1.26.
    ['{"Replace": 3}', 'parsing overlay JSON: json: cannot unmarshal number into Go struct field overlayJSON.Replace of type map[string]string'],
    ['[]', 'parsing overlay JSON: json: cannot unmarshal array into Go value of type fsys.overlayJSON'],
    ['{"Replace": {"a": 1}}', 'parsing overlay JSON: json: cannot unmarshal number into Go struct field overlayJSON.Replace of type string'],
  ];
  for (const [json, msg] of cases) {
    assert.throws(() => parseOverlay(json, '/tmp'), (e: unknown) => e instanceof OverlayError && e.message === msg, json);
  }
  // A deleted parent may have replaced children; the field name matches case-insensitively.
  assert.equal(parseOverlay('{"replace": {"x": "", "x/y": "z"}}', '/tmp').actual('x/y'), '/tmp/z');
  assert.equal(parseOverlay('null', '/tmp').list.length, 0);
});

test('actual and replaced (go TestActual)', () => {
  const o = parseOverlay(JSON.stringify({ Replace: {
    'subdir2/file2.txt': 'overlayfiles/subdir2_file2.txt',
    'subdir3/doesntexist': 'this_file_doesnt_exist_anywhere',
    'subdir4/this_file_is_overlaid.txt': 'overlayfiles/subdir4_this_file_is_overlaid.txt',
    'subdir5/deleted.txt': '',
    'parentoverwritten/subdir1': '',
  } }), '/w');
  const cases: [string, string, boolean][] = [
    ['subdir1/file1.txt', 'subdir1/file1.txt', false],
    ['subdir2', 'subdir2', false],
    ['subdir2/file2.txt', '/w/overlayfiles/subdir2_file2.txt', true],
    ['subdir3/doesntexist', '/w/this_file_doesnt_exist_anywhere', true],
    ['subdir4/this_file_is_overlaid.txt', '/w/overlayfiles/subdir4_this_file_is_overlaid.txt', true],
    ['subdir5', 'subdir5', false],
    ['subdir5/deleted.txt', '', true],
  ];
  for (const [path, want, ok] of cases) {
    assert.equal(o.actual(path), want, path);
    assert.equal(o.replaced(path), ok, path);
  }
  assert.equal(o.dirContainsReplacement('/w/subdir5'), '/w/subdir5/deleted.txt');
  assert.equal(o.dirContainsReplacement('/w/parentoverwritten/subdir1/x'), '/w/parentoverwritten/subdir1');
  assert.equal(o.dirContainsReplacement('/w/subdir1'), undefined);
});

test('overlayCmp puts a directory just before its children and before siblings like x.go', () => {
  const names = ['/a/x.go', '/a/x/b', '/a/x', '/a/x-y', '/a/w'];
  assert.deepEqual(names.sort(overlayCmp), ['/a/w', '/a/x', '/a/x/b', '/a/x-y', '/a/x.go']);
});
