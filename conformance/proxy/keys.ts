// The test checksum database's name and keys, read at run time from cmd/go's proxy_test.go.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SumDBKeys {
  name: string;
  verifierKey: string;
  signerKey: string;
}

/** Extracts the three testSumDB* string constants from the text of proxy_test.go. */
export function parseSumDBKeys(src: string): SumDBKeys {
  const get = (ident: string): string => {
    const m = new RegExp(`\\b${ident}\\s*=\\s*"([^"]*)"`).exec(src);
    if (!m) throw new Error(`proxy_test.go: no ${ident} constant`);
    return m[1]!;
  };
  return { name: get('testSumDBName'), verifierKey: get('testSumDBVerifierKey'), signerKey: get('testSumDBSignerKey') };
}

/** The keys of the test checksum database of the go toolchain at goroot. */
export function readSumDBKeys(goroot: string): SumDBKeys {
  return parseSumDBKeys(readFileSync(join(goroot, 'src/cmd/go/proxy_test.go'), 'utf8'));
}
