// Tests for reading cmd/go's testdata/mod fixtures: names, zips and go.sum lines (compared with real go's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readZip } from '../../src/lib/zip.js';
import { parse as parseTxtar } from '../../src/lib/txtar.js';
import { FixtureStore, archiveName, buildZip, goSumLines, parseModList } from './fixtures.js';

test('parseModList unescapes names and skips invalid ones', () => {
  const { mods, errors } = parseModList([
    'rsc.io_quote_v1.5.2.txt',
    'rsc.io_!q!u!o!t!e_v1.5.3-!p!r!e.txt',
    'rsc.io_quote_v2_v2.0.1.txt',
    'example.com_invalidpath_v1_v1.0.0.txt',
    'README',
    'noversion.txt',
    'example.com_retract_self_pseudo_v0.0.0-20200325131415-0123456789ab',
    'Bad_v1.0.0.txt',
  ]);
  assert.deepEqual(mods, [
    { path: 'rsc.io/QUOTE', version: 'v1.5.3-PRE' },
    { path: 'rsc.io/quote', version: 'v1.5.2' },
    { path: 'rsc.io/quote/v2', version: 'v2.0.1' },
  ]);
  assert.equal(errors.length, 1); // Bad (upper case); the invalidpath fixture is skipped silently
  assert.equal(archiveName('rsc.io/QUOTE', 'v1.5.3-PRE'), 'rsc.io_!q!u!o!t!e_v1.5.3-!p!r!e.txt');
});

test('zips prefix names with path@version, except names starting with "/"', () => {
  const a = parseTxtar('-- .info --\n{}\n-- .mod --\nmodule m\n-- go.mod --\nmodule m\n-- /other@v1.0.0.txt --\nx\n');
  const z = readZip(buildZip('m', 'v1.0.0', a));
  assert.deepEqual(z.map((e) => [e.name, e.data().toString()]), [
    ['m@v1.0.0/go.mod', 'module m\n'],
    ['other@v1.0.0.txt', 'x\n'],
  ]);
});

const modDir = join(process.env.GOROOT ?? '/usr/local/go', 'src/cmd/go/testdata/mod');

test('go.sum lines match those real go records for the fixtures', { skip: !existsSync(modDir) && 'no GOROOT' }, () => {
  const store = new FixtureStore(modDir);
  assert.ok(store.mods.length > 200);
  // The rsc.io/quote lines appear in go.sum files of cmd/go's script tests; the rsc.io/sampler lines
  // are what real go wrote to go.sum after `go get rsc.io/quote@v1.5.2` against the reference proxy.
  assert.equal(
    store.goSum('rsc.io/quote', 'v1.5.2')!.toString(),
    'rsc.io/quote v1.5.2 h1:3fEykkD9k7lYzXqCYrwGAf7iNhbk4yCjHmKBN9td4L0=\nrsc.io/quote v1.5.2/go.mod h1:LzX7hefJvL54yjefDEDHNONDjII0t9xZLPXsUe+TKr0=\n',
  );
  assert.equal(
    store.goSum('rsc.io/sampler', 'v1.3.0')!.toString(),
    'rsc.io/sampler v1.3.0 h1:HLGR/BgEtI3r0uymSP/nl2uPLsUnNJX8toRyhfpBTII=\nrsc.io/sampler v1.3.0/go.mod h1:T1hPZKmBbMNahiBKFy5HrXp6adAjACjK9JXDnKaTXpA=\n',
  );
  assert.equal(store.goSum('rsc.io/quote', 'v9.9.9'), undefined);
  const a = store.archive('rsc.io/quote', 'v1.5.2')!;
  assert.equal(goSumLines('rsc.io/quote', 'v1.5.2', a).toString(), store.goSum('rsc.io/quote', 'v1.5.2')!.toString());
});
