// modfetch's public API: the Fetcher (proxy downloads, module cache, go.sum, checksum database) and helpers.
export { Fetcher, DIRECT_UNSUPPORTED, isValidSum, removeAll } from './fetcher.js';
export { settingsFromConfig, type FetchSettings } from './settings.js';
export { CacheLayout, DownloadDirPartialError, cacheDirError } from './cache.js';
export { FatalError, NotExistError, isNotExist } from './errors.js';
export { removeModCache } from './modcache.js';
export { parseRevInfo, marshalRevInfo, type RevInfo, type Origin } from './revinfo.js';
export type { Repo } from './proxyrepo.js';
export { lockFile, withLock, crossProcessLocking } from './lock.js';
export { checkZip, unzip, MAX_ZIP_FILE, MAX_GO_MOD, MAX_LICENSE } from './modzip.js';
