// Template tests: every case of testdata/golden.go, compared with the outputs real Go recorded in golden.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, dirname } from 'node:path';
import { GoNil, GoStruct, Template, TemplateError, type TemplateFunc } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const goldenPath = join(here, '../../../../src/lib/template/testdata/golden.json');

interface Golden { Tmpl: string; Out: string; Err?: string }

function data(): GoStruct {
  const mod = new GoStruct('main.Module', new Map<string, unknown>([['Path', 'example.com/m'], ['Version', 'v1.2.3']]), true, {
    String: () => 'example.com/m v1.2.3',
  });
  return new GoStruct('main.PackagePublic', new Map<string, unknown>([
    ['Dir', '/src/fmt'], ['ImportPath', 'fmt'], ['Name', 'fmt'], ['Goroot', true],
    ['GoFiles', ['a.go', 'b.go', 'c.go']], ['Imports', new GoNil('[]string')],
    ['ImportMap', new Map([['b', 'vendor/b'], ['a', 'vendor/a']])],
    ['Module', mod], ['Error', new GoNil('*main.Module')], ['Count', 3],
  ]));
}

const funcs: Record<string, TemplateFunc> = {
  join: { params: ['[]string', 'string'], fn: (a, sep) => (Array.isArray(a) ? a : []).join(sep as string) },
};

const golden = JSON.parse(readFileSync(goldenPath, 'utf8')) as Golden[];

for (const g of golden) {
  test(`template ${JSON.stringify(g.Tmpl)}`, () => {
    let out = '';
    let err = '';
    try {
      const t = new Template('main', g.Tmpl, funcs);
      out = t.execute(data());
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      err = e.message;
      out = (e as TemplateError & { partial?: string }).partial ?? '';
    }
    assert.equal(err, g.Err ?? '');
    assert.equal(out, g.Out);
  });
}

test('printf of a nil pointer with an Error or String method prints <nil>, as fmt recovers the panic', () => {
  const run = (tmpl: string, v: unknown): string => new Template('t', tmpl, funcs).execute(new GoStruct('main.P', new Map<string, unknown>([['E', v]])));
  assert.equal(run('{{.E | printf "%q"}}', new GoNil('*load.PackageError', true)), '<nil>');
  assert.equal(run('{{printf "%5s|%x" .E .E}}', new GoNil('*load.PackageError', true)), '<nil>|<nil>');
  assert.equal(run('{{.E | printf "%q"}}', new GoNil('*main.T')), '%!q(*main.T=<nil>)');
});
