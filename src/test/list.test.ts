import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Package } from '../load/types.js';
import { renameTestVariants } from './list.js';

// Only the fields renameTestVariants reads (a full Package has dozens more).
function pkg(importPath: string, imports: Package[], importMap: Record<string, string> = {}, forTest?: string): Package {
  const p = { importPath, imports: imports.map((q) => q.importPath), importMap, internal: { imports }, forTest };
  return p as unknown as Package;
}

test('renameTestVariants names variants "p [q.test]" and keys ImportMap by the path in the source', () => {
  const nettest = pkg('vendor/golang.org/x/net/nettest', [], {}, 'net');
  const net = pkg('net', [], {}, 'net');
  const xtest = pkg('net_test', [net, nettest], { 'golang.org/x/net/nettest': 'vendor/golang.org/x/net/nettest' }, 'net');
  const plain = pkg('fmt', []);
  renameTestVariants([nettest, net, xtest, plain]);
  assert.equal(nettest.importPath, 'vendor/golang.org/x/net/nettest [net.test]');
  assert.equal(plain.importPath, 'fmt');
  assert.deepEqual(xtest.imports, ['net [net.test]', 'vendor/golang.org/x/net/nettest [net.test]']);
  assert.deepEqual(xtest.importMap, {
    'golang.org/x/net/nettest': 'vendor/golang.org/x/net/nettest [net.test]',
    net: 'net [net.test]',
  });
});
