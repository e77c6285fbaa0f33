// go's fsys TestReadDir/TestOpen cases on a real directory tree (testdata/overlay-readdir.txtar:
// the overlay JSON as the archive comment, the files laid out in a temporary directory).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '../lib/txtar.js';
import { parseOverlay } from '../lib/overlay.js';
import { actual, buildInitOverlay, isDir, readDir, readFile, replaced, setOverlay, statPath } from './fsys.js';

const here = dirname(fileURLToPath(import.meta.url));
const archive = join(here, '../../../src/base/testdata/overlay-readdir.txtar');

function layout(): string {
  const a = parse(readFileSync(archive));
  const root = mkdtempSync(join(tmpdir(), 'gocmd-fsys-'));
  for (const f of a.files) {
    mkdirSync(dirname(join(root, f.name)), { recursive: true });
    writeFileSync(join(root, f.name), f.data);
  }
  setOverlay(parseOverlay(a.comment.toString(), root));
  return root;
}

test('readDir merges the overlay into disk listings (go TestReadDir)', () => {
  const root = layout();
  try {
    const want: Record<string, [string, boolean][]> = {
      '.': [['other', true], ['overlayfiles', true], ['parentoverwritten', true], ['subdir1', true], ['subdir10', true],
        ['subdir11', false], ['subdir2', true], ['subdir3', true], ['subdir4', false], ['subdir6', true], ['subdir7', true],
        ['subdir8', true], ['subdir9', true], ['textfile.txt', true]],
      subdir1: [['file1.txt', false]],
      subdir2: [['file2.txt', false]],
      subdir3: [['file3a.txt', false], ['file3b.txt', false]],
      subdir6: [['anothersubsubdir', true], ['asubsubdir', true], ['file.txt', false], ['zsubsubdir', true]],
      'subdir6/asubsubdir': [['afile.txt', false], ['file.txt', false], ['zfile.txt', false]],
      subdir8: [['doesntexist', false]],
      subdir9: [['this_file_is_overlaid.txt', false]],
      subdir10: [],
      parentoverwritten: [['subdir1', false]],
      'textfile.txt': [['file.go', false]],
    };
    for (const [dir, entries] of Object.entries(want)) {
      const got = readDir(join(root, dir)).map((e) => [e.name, e.isDirectory()]);
      assert.deepEqual(got, entries, dir);
    }
    for (const dir of ['subdir1/file1.txt', 'subdir2/file2.txt', 'subdir4', 'subdir5', 'parentoverwritten/subdir1/subdir2/subdir3',
      'parentoverwritten/subdir1/subdir2', 'subdir11', 'other/pointstodir']) {
      assert.throws(() => readDir(join(root, dir)), Error, dir);
    }
    // A missing replacement is listed, but is no regular file.
    assert.equal(readDir(join(root, 'subdir8'))[0]!.isFile(), false);
  } finally {
    setOverlay(undefined);
    rmSync(root, { recursive: true, force: true });
  }
});

test('readFile, statPath, actual under the overlay', () => {
  const root = layout();
  try {
    assert.equal(readFile(join(root, 'subdir9/this_file_is_overlaid.txt')).toString(), '99999999\n');
    assert.equal(readFile(join(root, 'subdir1/file1.txt')).toString(), readFileSync(join(root, 'subdir1/file1.txt'), 'utf8'));
    assert.throws(() => readFile(join(root, 'subdir5')), { message: `open ${join(root, 'subdir5')}: deleted in overlay` });
    assert.throws(() => readFile(join(root, 'subdir6')), { message: `open ${join(root, 'subdir6')}: cannot open directory in overlay` });
    assert.deepEqual(statPath(join(root, 'subdir7')), { isDir: true, isFile: false });
    assert.deepEqual(statPath(join(root, 'subdir4')), { isDir: false, isFile: true });
    assert.equal(statPath(join(root, 'subdir5')), undefined);
    assert.equal(statPath(join(root, 'other/pointstodir')), undefined, 'a file overlaid by a directory does not stat');
    assert.equal(isDir(join(root, 'textfile.txt')), true);
    assert.equal(actual(join(root, 'subdir2/file2.txt')), join(root, 'overlayfiles/subdir2_file2.txt'));
    assert.equal(replaced(join(root, 'subdir1/file1.txt')), false);
  } finally {
    setOverlay(undefined);
    rmSync(root, { recursive: true, force: true });
  }
});

test('buildInitOverlay: go\'s errors and the GOMODCACHE rule', () => {
  const root = mkdtempSync(join(tmpdir(), 'gocmd-fsys-'));
  try {
    assert.throws(() => buildInitOverlay(join(root, 'nope.json'), root, '/m'), { message: `go: reading overlay: open ${join(root, 'nope.json')}: no such file or directory` });
    writeFileSync(join(root, 'o.json'), '{"Replace": {"/m/cache/x": ""}}');
    assert.throws(() => buildInitOverlay(join(root, 'o.json'), root, '/m'),
      { message: 'go: overlay contains a replacement for /m/cache/x. Files beneath GOMODCACHE (/m) must not be replaced.' });
  } finally {
    setOverlay(undefined);
    rmSync(root, { recursive: true, force: true });
  }
});

test('embed patterns resolve through the overlay (checked against go list -overlay)', async () => {
  const { resolveEmbed } = await import('../load/embed.js');
  const root = mkdtempSync(join(tmpdir(), 'gocmd-fsys-'));
  try {
    mkdirSync(join(root, 'd'));
    mkdirSync(join(root, 'ov'));
    for (const f of ['d/a.txt', 'd/c.txt', 'ov/b']) writeFileSync(join(root, f), 'x\n');
    setOverlay(parseOverlay(JSON.stringify({ Replace: { 'd/a.txt': '', 'd/b.txt': 'ov/b', 'e/x.txt': 'ov/b', 'd/sub/y.txt': 'ov/b' } }), root));
    assert.deepEqual(resolveEmbed(root, ['d', 'e/*.txt']).files, ['d/b.txt', 'd/c.txt', 'd/sub/y.txt', 'e/x.txt']);
    setOverlay(parseOverlay(JSON.stringify({ Replace: { 'd/a.txt': '', 'd/c.txt': '' } }), root));
    assert.throws(() => resolveEmbed(root, ['d']), { message: 'pattern d: cannot embed directory d: contains no embeddable files' });
  } finally {
    setOverlay(undefined);
    rmSync(root, { recursive: true, force: true });
  }
});
