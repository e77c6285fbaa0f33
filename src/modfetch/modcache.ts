// Removing the whole module cache (go clean -modcache): directories there are read-only, so make them writable first.
import { removeAll } from './fetcher.js';

/** Removes the module cache directory dir and everything in it (its 0555 directories included). */
export function removeModCache(dir: string): void {
  removeAll(dir);
}
