// A ModuleSource over modfetch's Fetcher (GOPROXY downloads into GOMODCACHE, checked against go.sum).
import type { Fetcher } from '../modfetch/fetcher.js';
import type { ModuleSource } from './source.js';

export function fetcherSource(f: Fetcher): ModuleSource {
  return {
    list: (path) => f.versions(path),
    info: async (path, version) => {
      const i = await f.stat(path, version);
      return i.time ? { version: i.version, time: i.time } : { version: i.version };
    },
    goMod: (path, version) => f.goMod(path, version),
    zipDir: (path, version) => f.download({ path, version }),
    cachedDir: (path, version) => f.downloadedSync({ path, version }),
    goModSync: (path, version) => f.goModCachedSync(path, version),
    zipSum: (path, version) => f.sum({ path, version }),
    downloadDir: (path, version) => {
      try {
        return f.cache.downloadDir({ path, version });
      } catch {
        return undefined; // missing, partial, or no usable cache: not a module directory
      }
    },
  };
}
