// The cache room's public API: GOCACHE access, action-ID hashing and file hashing.
export { Cache, CacheError, EntryNotFoundError, MTIME_INTERVAL_MS, TRIM_INTERVAL_MS, TRIM_LIMIT_MS } from './cache.js';
export type { CacheEntry, PutResult } from './cache.js';
export { CacheHash, captureHashInputs, HASH_SIZE, subkey, setHashSalt, hashSalt, stripExperiment, goVersionFromGOROOT, toHex, setHashDebugSink } from './hash.js';
export { hashFile, setFileHash } from './filehash.js';
export { defaultDir, defaultCache, openDefaultCache, userCacheDir, CACHE_README } from './default.js';
export type { DefaultDir, Getenv } from './default.js';
export { cacheDebug, setCacheDebug, parseGODEBUG } from './godebug.js';
export { goQuote, goUnquote, goUnquoteBytes } from '../lib/goquote.js';
export { formatEntry, parseEntry, ENTRY_SIZE } from './entry.js';
export { readTestExpire, expireTestResults, nowUnixNano, TEST_EXPIRE_FILE } from './testexpire.js';
export { writeBytesAtomic, writeFileAtomic } from './atomic.js';
export { ProgCache } from './prog.js';
