// The quick go.mod reader agrees with the full parser wherever it answers: cmd/go's test modules, the local module cache, edge cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModFile } from '../lib/modfile/index.js';
import { parse as parseTxtar } from '../lib/txtar.js';
import { quickParseModFile } from './quickmod.js';

/** The full parser's answer in the quick reader's shape, or undefined when it would be more than that (or an error). */
function full(data: string): ReturnType<typeof quickParseModFile> | 'differs' {
  let f;
  try {
    f = parseModFile('go.mod', data, { lax: true });
  } catch {
    return 'differs';
  }
  if (f.retract.length > 0 || f.module?.deprecated !== undefined) return 'differs';
  return { modulePath: f.module?.path ?? '', goVersion: f.go?.version ?? '', toolchain: f.toolchain?.name ?? '', require: f.require.map((r) => ({ path: r.path, version: r.version })) };
}

function check(data: string, where: string): boolean {
  const q = quickParseModFile(data);
  if (q === undefined) return false;
  assert.deepEqual(q, full(data), where);
  return true;
}

test('quick reader: plain files are read, anything unusual is left to the full parser', () => {
  const read = [
    'module example.com/m\n',
    'module example.com/m\n\ngo 1.21\n\ntoolchain go1.22.1\n\nrequire (\n\texample.com/a v1.2.3 // indirect\n\texample.com/b v0.0.0-20200101000000-abcdefabcdef\n)\n\nrequire example.com/c v1.0.0-rc.1\n',
    '// a comment\nmodule example.com/m // trailing\n\nrequire (\n\t// inside\n\n\texample.com/a v1.0.0\n) // done\n',
  ];
  for (const d of read) assert.ok(check(d, d), d);
  const left = [
    '// Deprecated: use x\nmodule example.com/m\n',
    'module example.com/m\nretract v1.0.0\n',
    'module example.com/m\nreplace example.com/a => ../a\n',
    'module example.com/m\nexclude example.com/a v1.0.0\n',
    'module "example.com/m"\n',
    'module example.com/m\nrequire example.com/a/v2 v2.0.0\n',
    'module example.com/m\nrequire gopkg.in/yaml.v2 v2.4.0\n',
    'module example.com/m\nrequire example.com/a v2.0.0+incompatible\n',
    'module example.com/m\nrequire example.com/a v1.2\n',
    'module example.com/m\nrequire example.com/a v1.02.0\n',
    'module example.com/m\nrequire example.com/a v1.0.0-01\n',
    'module example.com/m\ngo 1.21rc1\n',
    'module example.com/m\ngo 1.21\ngo 1.22\n',
    'module example.com/m\r\n',
    'module example.com/m\nrequire (\n\texample.com/a v1.0.0\n',
    'go 1.21\n',
    'module example.com/m\ngodebug default=go1.21\n',
  ];
  for (const d of left) assert.equal(quickParseModFile(d), undefined, d);
});

test('quick reader agrees with the full parser on real go.mod files', () => {
  let n = 0;
  const modDir = '/usr/local/go/src/cmd/go/testdata/mod';
  if (existsSync(modDir)) {
    for (const name of readdirSync(modDir)) {
      if (!name.endsWith('.txt')) continue;
      const ar = parseTxtar(readFileSync(join(modDir, name), 'utf8'));
      for (const f of ar.files) if (f.name === '.mod' && check(f.data.toString(), `${name} .mod`)) n++;
    }
  }
  // go.mod files from the local module cache, if there is one (a few hundred at most).
  const cache = join(process.env.HOME ?? '/root', 'go/pkg/mod/cache/download');
  let budget = 400;
  const walk = (dir: string): void => {
    let ents;
    try {
      ents = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of ents) {
      if (budget <= 0) return;
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'sumdb') walk(p);
      } else if (e.name.endsWith('.mod')) {
        budget--;
        if (check(readFileSync(p, 'utf8'), p)) n++;
      }
    }
  };
  walk(cache);
  assert.ok(n > 20, `only ${n} files were read quickly`);
});
