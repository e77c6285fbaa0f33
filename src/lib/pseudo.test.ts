// Tests for pseudo-versions: construction, parsing and errors, checked against real Go's x/mod.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import * as pseudo from './pseudo.js';

const golden = JSON.parse(
  readFileSync(new URL('../../../src/lib/testdata/golden/xmod.json', import.meta.url), 'utf8'),
) as Record<string, unknown[][]>;

function thrown<T>(f: () => T): [T | undefined, string] {
  try {
    return [f(), ''];
  } catch (e) {
    return [undefined, (e as Error).message];
  }
}

const t0 = new Date(Date.UTC(2019, 10, 9, 2, 19, 31));

test('pseudoVersion forms', () => {
  const cases: [string, string, string][] = [
    ['', '', 'v0.0.0-20191109021931-daa7c04131f5'],
    ['v2', '', 'v2.0.0-20191109021931-daa7c04131f5'],
    ['v1', 'v1.2.3', 'v1.2.4-0.20191109021931-daa7c04131f5'],
    ['v1', 'v1.2.9', 'v1.2.10-0.20191109021931-daa7c04131f5'],
    ['v1', 'v1.2.3-pre', 'v1.2.3-pre.0.20191109021931-daa7c04131f5'],
    ['v2', 'v2.1.0+incompatible', 'v2.1.1-0.20191109021931-daa7c04131f5+incompatible'],
    ['v1', 'v1.2', 'v1.2.1-0.20191109021931-daa7c04131f5'],
  ];
  for (const [major, older, want] of cases) {
    assert.equal(pseudo.pseudoVersion(major, older, t0, 'daa7c04131f5'), want, `${major} ${older}`);
  }
  assert.equal(pseudo.zeroPseudoVersion('v0'), 'v0.0.0-00010101000000-000000000000');
  assert.equal(pseudo.isZeroPseudoVersion('v3.0.0-00010101000000-000000000000'), true);
});

test('pseudo-version parsing', () => {
  const v = 'v1.2.4-0.20191109021931-daa7c04131f5+incompatible';
  assert.equal(pseudo.isPseudoVersion(v), true);
  assert.equal(pseudo.pseudoVersionBase(v), 'v1.2.3+incompatible');
  assert.equal(pseudo.pseudoVersionRev(v), 'daa7c04131f5');
  assert.equal(pseudo.pseudoVersionTime(v).getTime(), t0.getTime());
  assert.equal(pseudo.pseudoVersionBase('v1.2.3-pre.0.20191109021931-daa7c04131f5'), 'v1.2.3-pre');
  assert.equal(pseudo.pseudoVersionBase('v0.0.0-20191109021931-daa7c04131f5'), '');
  assert.deepEqual(thrown(() => pseudo.pseudoVersionBase('v1.2.3')), [undefined, 'pseudo-version "v1.2.3" invalid: syntax error']);
  assert.deepEqual(thrown(() => pseudo.pseudoVersionBase('v1.0.0-0.20191109021931-daa7c04131f5')), [
    undefined,
    'pseudo-version "v1.0.0-0.20191109021931-daa7c04131f5" invalid: version before v1.0.0 would have negative patch number',
  ]);
  assert.deepEqual(thrown(() => pseudo.pseudoVersionTime('v0.0.0-20191309021931-daa7c04131f5')), [
    undefined,
    'pseudo-version "v0.0.0-20191309021931-daa7c04131f5" invalid: malformed time "20191309021931"',
  ]);
  assert.equal(pseudo.incDecimal('199'), '200');
  assert.equal(pseudo.incDecimal('999'), '1000');
  assert.equal(pseudo.decDecimal('1000'), '999');
  assert.equal(pseudo.decDecimal('10'), '9');
  assert.equal(pseudo.decDecimal('0'), '');
});

test('golden: pseudoVersion matches Go', () => {
  for (const [major, older, unix, rev, want] of golden.pseudoVersion! as [string, string, number, string, string][]) {
    assert.equal(pseudo.pseudoVersion(major, older, new Date(unix * 1000), rev), want, `${major} ${older} ${unix} ${rev}`);
  }
});

test('golden: parsing pseudo-versions matches Go', () => {
  for (const row of golden.pseudoInfo!) {
    const [v, isPseudo, isZero, base, berr, tu, terr, rev, rerr] = row as [
      string, boolean, boolean, string, string, number | null, string, string, string,
    ];
    assert.equal(pseudo.isPseudoVersion(v), isPseudo, v);
    assert.equal(pseudo.isZeroPseudoVersion(v), isZero, v);
    const [b, be] = thrown(() => pseudo.pseudoVersionBase(v));
    assert.deepEqual([b ?? '', be], [base, berr], `base ${v}`);
    const [t, te] = thrown(() => pseudo.pseudoVersionTime(v));
    assert.deepEqual([t === undefined ? null : t.getTime() / 1000, te], [tu, terr], `time ${v}`);
    const [r, re] = thrown(() => pseudo.pseudoVersionRev(v));
    assert.deepEqual([r ?? '', re], [rev, rerr], `rev ${v}`);
  }
});
