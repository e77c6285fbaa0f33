// go install/run pkg@version: the -modfile check of go's NoRoot mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modFileOutsideModuleError, rootModConflict } from './pkgversion.js';
import { ConstraintError } from './edit.js';

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

test('rootModConflict: a module whose requirements select another version of itself', () => {
  const root = { path: 'example.com/cmd', version: 'v1.0.0-newerself' };
  const main = { path: 'command-line-arguments', version: '' };
  const newer = { path: 'example.com/cmd', version: 'v1.0.0' };
  const findPath = (f: (m: { path: string; version: string }) => boolean) => ([main, root, newer].some(f) ? [main, root, newer] : undefined);
  assert.equal(rootModConflict(root, 'v1.0.0-newerself', findPath), undefined);
  const c = rootModConflict(root, 'v1.0.0', findPath);
  assert.deepEqual(c, { path: [root, newer], constraint: root });
  assert.equal(new ConstraintError([c!]).message, 'version constraints conflict:\n\texample.com/cmd@v1.0.0-newerself requires example.com/cmd@v1.0.0, but v1.0.0-newerself is requested');
});
