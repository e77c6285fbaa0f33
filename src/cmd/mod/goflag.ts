// The -go=version flag of go mod graph and go mod tidy (go's goVersionFlag): checked while parsing.
import type { FlagSet, Ref } from '../../lib/flags.js';
import { loadConfig } from '../../cfg/config.js';
import * as gover from '../../lib/gover.js';
import { goVersionRE } from '../../lib/modfile/index.js';

/** Defines -go; a bad value is a usage error worded as go words it. */
export function goVersionFlag(fs: FlagSet, name = 'go'): Ref<string> {
  const ref = { value: '' };
  fs.func(name, '', (s) => {
    if (s !== '') {
      const latest = loadConfig().localGo;
      if (!goVersionRE.test(s)) throw new Error(`expecting a Go version like "${latest}"`);
      if (gover.compare(s, latest) > 0) throw new Error(`maximum supported Go version is ${latest}`);
    }
    ref.value = s;
  });
  return ref;
}
