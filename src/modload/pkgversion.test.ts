// go install/run pkg@version: the -modfile check of go's NoRoot mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modFileOutsideModuleError } from './pkgversion.js';

test('-modfile with pkg@version is refused only when it is not in $GOFLAGS (mod_install_pkg_version)', () => {
  const msg = '-modfile cannot be used with commands that ignore the current module';
  const cases: { modFile: string; goflags: string; want: string }[] = [
    { modFile: '', goflags: '', want: '' },
    { modFile: 'go.mod', goflags: '', want: msg },
    { modFile: 'go.mod', goflags: '-modfile=go.mod', want: '' },
    { modFile: 'other.mod', goflags: '-mod=mod --modfile=go.mod', want: '' },
    { modFile: 'go.mod', goflags: '-mod=mod', want: msg },
  ];
  for (const c of cases) assert.equal(modFileOutsideModuleError(c.modFile, c.goflags), c.want, JSON.stringify(c));
});
