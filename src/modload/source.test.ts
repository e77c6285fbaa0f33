import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { downloadFile } from './source.js';

test('downloadFile names the download cache file as join over every part would', () => {
  for (const root of ['/mc', '/mc/', '/a/../mc', 'rel/mc', '']) {
    for (const [path, version] of [['golang.org/x/mod', 'v0.37.0'], ['github.com/BurntSushi/toml', 'v1.6.0'], ['gopkg.in/check.v1', 'v1.0.0-20190902080502-41f04d3bba15']] as const) {
      const want = join(root, 'cache', 'download', path.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase()), '@v', `${version}.mod`);
      assert.equal(downloadFile(root, path, version, 'mod'), want);
    }
  }
  assert.throws(() => downloadFile('/mc', 'golang.org/x/../mod', 'v1.0.0', 'mod'));
});
