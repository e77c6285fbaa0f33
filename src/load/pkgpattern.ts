// Import path patterns: `...` wildcards with vendor exclusion, tree pruning, and pattern classification.

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function replaceVendor(x: string, repl: string): string {
  if (!x.includes('vendor')) return x;
  const elem = x.split('/');
  for (let i = 0; i < elem.length - 1; i++) if (elem[i] === 'vendor') elem[i] = repl;
  return elem.join('/');
}

const VENDOR_CHAR = '\x00';

/**
 * A matcher for a pattern where `...` matches any string; a trailing `/...` also matches the bare
 * prefix. With vendorExclude (the default, as for package patterns), `...` does not match into
 * vendor directories unless the pattern names vendor explicitly.
 */
export function matchPattern(pattern: string, vendorExclude = true): (name: string) => boolean {
  if (vendorExclude && pattern.includes(VENDOR_CHAR)) return () => false;
  // Work on the escaped form the way go does: the literal "..." becomes "\.\.\." after quoting.
  const Q = escapeRegExp('...');
  let re = escapeRegExp(pattern);
  let wild = '.*';
  if (vendorExclude) {
    wild = `[^${VENDOR_CHAR}]*`;
    re = replaceVendor(re, VENDOR_CHAR);
    if (re.endsWith(`/${VENDOR_CHAR}/${Q}`)) {
      re = re.slice(0, -`/${VENDOR_CHAR}/${Q}`.length) + `(/vendor|/${VENDOR_CHAR}/${Q})`;
    } else if (re === `${VENDOR_CHAR}/${Q}`) {
      re = `(/vendor|/${VENDOR_CHAR}/${Q})`;
    }
  }
  if (re.endsWith(`/${Q}`)) re = re.slice(0, -`/${Q}`.length) + `(/${Q})?`;
  re = re.split(Q).join(wild);
  const reg = new RegExp(`^${re}$`, 's');
  return (name: string): boolean => {
    if (vendorExclude) {
      if (name.includes(VENDOR_CHAR)) return false;
      name = replaceVendor(name, VENDOR_CHAR);
    }
    return reg.test(name);
  };
}

/** Whether s has the path prefix (element-wise). */
export function hasPathPrefix(s: string, prefix: string): boolean {
  if (s.length === prefix.length) return s === prefix;
  if (s.length > prefix.length) {
    if (prefix !== '' && prefix.endsWith('/')) return s.startsWith(prefix);
    return s[prefix.length] === '/' && s.startsWith(prefix);
  }
  return false;
}

/** Whether some name under the tree rooted at `name` could match pattern (for pruning walks). */
export function treeCanMatchPattern(pattern: string): (name: string) => boolean {
  let wildCard = false;
  const i = pattern.indexOf('...');
  if (i >= 0) {
    wildCard = true;
    pattern = pattern.slice(0, i);
  }
  return (name) => (name.length <= pattern.length && hasPathPrefix(pattern, name)) || (wildCard && name.startsWith(pattern));
}

/** "std", "cmd", "all", "tool", "work" are meta-packages. */
export function isMetaPackage(name: string): boolean {
  return name === 'std' || name === 'cmd' || name === 'all' || name === 'tool' || name === 'work';
}

/** ".", "..", "./x", "../x". */
export function isLocalImport(path: string): boolean {
  return path === '.' || path === '..' || path.startsWith('./') || path.startsWith('../');
}

/** A pattern naming a directory: local or absolute. */
export function isLocalPattern(pattern: string): boolean {
  return isLocalImport(pattern) || pattern.startsWith('/');
}

/** The first path element has no dot: std (or cmd) territory. */
export function isStandardImportPath(path: string): boolean {
  const i = path.indexOf('/');
  const elem = i < 0 ? path : path.slice(0, i);
  return !elem.includes('.');
}

/** Finds the last "internal" path element: index of its start, or -1. */
export function findInternal(path: string): number {
  if (path.endsWith('/internal')) return path.length - 'internal'.length;
  const i = path.lastIndexOf('/internal/');
  if (i >= 0) return i + 1;
  if (path.startsWith('internal/') || path === 'internal') return 0;
  return -1;
}

/** Finds the last "vendor" path element like go's FindVendor: the index, or -1. */
export function findVendor(path: string): number {
  const i = path.lastIndexOf('/vendor/');
  if (i >= 0) return i + 1;
  if (path.startsWith('vendor/')) return 0;
  return -1;
}

/** Go's path.Clean for slash paths: no empty, "." or dir/.. elements, no trailing slash; "" becomes ".". */
export function cleanSlashPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const e of p.split('/')) {
    if (e === '' || e === '.') continue;
    if (e === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(e);
  }
  const s = (rooted ? '/' : '') + out.join('/');
  return s === '' ? '.' : s;
}

/**
 * go's search.CleanPatterns: canonical patterns (path.Clean, a leading "./" kept, an "@version"
 * suffix of an import path left alone); no patterns means ".".
 */
export function cleanPatterns(patterns: readonly string[]): string[] {
  if (patterns.length === 0) return ['.'];
  return patterns.map((a) => {
    let p = a, v = '';
    const at = a.indexOf('@');
    if (!isLocalImport(a) && !a.startsWith('/') && at >= 0) {
      p = a.slice(0, at);
      v = a.slice(at);
    }
    if (p.startsWith('/')) p = cleanSlashPath(p);
    // A courtesy to Windows users, as go: backslashes in import-path-like arguments become slashes.
    else if ((p = p.replaceAll('\\', '/')).startsWith('./')) {
      p = './' + cleanSlashPath(p);
      if (p === './.') p = '.';
    } else p = cleanSlashPath(p);
    return p + v;
  });
}
