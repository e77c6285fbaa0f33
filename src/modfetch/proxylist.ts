// GOPROXY lists: parsing ("," falls through on not-found only, "|" on any error) and trying each proxy in turn.
import { AsyncLocalStorage } from 'node:async_hooks';
import { isAbsolute } from 'node:path';
import { isNotExist, NotExistError } from './errors.js';

export interface ProxySpec {
  /** A proxy URL, or one of "off", "direct", "noproxy". */
  url: string;
  /** Try the next entry after any error (a "|" separator), not only after not-found. */
  fallBackOnError: boolean;
}

/** Checks a proxy base URL as newProxyRepo does; returns go's error text or undefined. */
export function checkProxyURL(raw: string): string | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    // A URL without a scheme (a bare path).
    return `invalid proxy URL missing scheme: ${raw}`;
  }
  switch (u.protocol) {
    case 'http:':
    case 'https:':
      return undefined;
    case 'file:':
      if (u.host !== '' || u.search !== '' || u.hash !== '' || u.username !== '') {
        return `invalid file:// proxy URL with non-path elements: ${raw}`;
      }
      return undefined;
    default:
      return `invalid proxy URL scheme (must be https, http, file): ${raw}`;
  }
}

/** The proxies of a GOPROXY setting; throws go's errors for bad entries or an empty list. */
export function parseProxyList(goproxy: string, gonoproxy: string): ProxySpec[] {
  const list: ProxySpec[] = [];
  if (gonoproxy !== '' && goproxy !== 'direct') list.push({ url: 'noproxy', fallBackOnError: false });
  let rest = goproxy;
  while (rest !== '') {
    let url: string;
    let fallBackOnError = false;
    const i = rest.search(/[,|]/);
    if (i >= 0) {
      url = rest.slice(0, i);
      fallBackOnError = rest[i] === '|';
      rest = rest.slice(i + 1);
    } else {
      url = rest;
      rest = '';
    }
    url = url.trim();
    if (url === '') continue;
    if (url === 'off') {
      list.push({ url: 'off', fallBackOnError: false });
      break;
    }
    if (url === 'direct') {
      list.push({ url: 'direct', fallBackOnError: false });
      break;
    }
    // Single words are reserved; other entries without ":/" that are not absolute paths get https://.
    if (/[.:/]/.test(url) && !url.includes(':/') && !isAbsolute(url)) url = 'https://' + url;
    const err = checkProxyURL(url);
    if (err !== undefined) throw new Error(err);
    list.push({ url, fallBackOnError });
  }
  if (list.length === 0 || (list.length === 1 && list[0]!.url === 'noproxy')) {
    throw new Error('GOPROXY list is not the empty string, but contains no entries');
  }
  return list;
}

/** "noproxy" used for a module that GONOPROXY does not match. */
export const errUseProxy = (): NotExistError => new NotExistError('path does not match GOPRIVATE/GONOPROXY');
export const errNoproxy = (): NotExistError => new NotExistError('disabled by GOPRIVATE/GONOPROXY');
export const errProxyOff = (): NotExistError => new NotExistError('module lookup disabled by GOPROXY=off');

/**
 * Calls f with each proxy until one succeeds, or one fails with an error that may not fall
 * through; returns nothing on success and throws the most helpful error otherwise ("direct" and
 * "noproxy" errors first, then proxy errors that are not "not found", then "not found").
 */
/** The message for direct (VCS) fetching, which gocmd does not implement yet. */
export const DIRECT_UNSUPPORTED = 'direct (VCS) module fetching is not supported yet by gocmd';

/** The one proxy that lookups under withProxy use (go's queries that run per proxy). */
const pinned = new AsyncLocalStorage<string>();

/**
 * Runs fn with every lookup it starts going to proxy alone, without falling through the GOPROXY
 * list: go tries a whole package query (all its path prefixes) against one proxy before the next,
 * so a prefix the proxy does not know falls through to `direct` only when no prefix was found.
 */
export function withProxy<T>(proxy: string, fn: () => Promise<T>): Promise<T> {
  return pinned.run(proxy, fn);
}

/** Runs fn with no proxy pinned (downloads use the whole GOPROXY list, as go's do). */
export function withAllProxies<T>(fn: () => Promise<T>): Promise<T> {
  return pinned.exit(fn);
}

/** The proxy withProxy set for the current lookup, if any. */
export function pinnedProxy(): string | undefined {
  return pinned.getStore();
}

export async function tryProxies(proxies: readonly ProxySpec[], f: (proxy: string) => Promise<void>): Promise<void> {
  const only = pinned.getStore();
  if (only !== undefined) return f(only);
  const notExistRank = 0;
  const proxyRank = 1;
  const directRank = 2;
  let bestErr: unknown;
  let bestRank = notExistRank;
  let useProxyErr: unknown;
  for (const p of proxies) {
    try {
      await f(p.url);
      return;
    } catch (err) {
      const notExist = isNotExist(err);
      const isUseProxy = err instanceof NotExistError && err.message === 'path does not match GOPRIVATE/GONOPROXY';
      if (isUseProxy) useProxyErr = err;
      // A proxy's "not found" stands when the fall-back is gocmd's missing direct mode: a path prefix that is
      // no module must stay "not found" (go's query then takes the prefix that is one), not fail the lookup.
      if (p.url === 'direct' && bestErr !== undefined && err instanceof Error && err.message.startsWith(DIRECT_UNSUPPORTED)) continue;
      if (p.url === 'direct' || (p.url === 'noproxy' && !isUseProxy)) {
        bestErr = err;
        bestRank = directRank;
      } else if (bestRank <= proxyRank && !notExist) {
        bestErr = err;
        bestRank = proxyRank;
      } else if (bestRank === notExistRank) {
        bestErr = err;
      }
      if (!p.fallBackOnError && !notExist) break;
    }
  }
  throw bestErr ?? useProxyErr;
}
