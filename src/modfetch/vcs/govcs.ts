// GOVCS: which version control tools may be used for which module paths (go help vcs).
import { goQuote } from '../../lib/goquote.js';
import { matchPrefixPatterns } from '../../lib/module.js';

export interface GovcsRule {
  pattern: string;
  allowed: string[];
}

/** go's search.IsRelativePath: ".", "..", or starting with "./" or "../". */
const isRelativePath = (p: string): boolean => p === '.' || p === '..' || p.startsWith('./') || p.startsWith('../');

/** Parses a GOVCS value; throws go's error text for malformed entries. */
export function parseGOVCS(s: string): GovcsRule[] {
  s = s.trim();
  if (s === '') return [];
  const rules: GovcsRule[] = [];
  const have = new Map<string, string>();
  for (let item of s.split(',')) {
    item = item.trim();
    if (item === '') throw new Error('empty entry in GOVCS');
    const colon = item.indexOf(':');
    if (colon < 0) throw new Error(`malformed entry in GOVCS (missing colon): ${goQuote(item)}`);
    const pattern = item.slice(0, colon).trim();
    const list = item.slice(colon + 1).trim();
    if (pattern === '') throw new Error(`empty pattern in GOVCS: ${goQuote(item)}`);
    if (list === '') throw new Error(`empty VCS list in GOVCS: ${goQuote(item)}`);
    if (isRelativePath(pattern)) throw new Error(`relative pattern not allowed in GOVCS: ${goQuote(pattern)}`);
    const old = have.get(pattern);
    if (old !== undefined) throw new Error(`unreachable pattern in GOVCS: ${goQuote(item)} after ${goQuote(old)}`);
    have.set(pattern, item);
    const allowed = list.split('|').map((a) => a.trim());
    if (allowed.some((a) => a === '')) throw new Error(`empty VCS name in GOVCS: ${goQuote(item)}`);
    rules.push({ pattern, allowed });
  }
  return rules;
}

/** The rules that always follow the user's: private paths may use any tool, public ones git and hg. */
export const DEFAULT_GOVCS: GovcsRule[] = [
  { pattern: 'private', allowed: ['all'] },
  { pattern: 'public', allowed: ['git', 'hg'] },
];

/** The first rule matching path decides; no match means not allowed. */
export function govcsAllows(rules: GovcsRule[], path: string, isPrivate: boolean, vcs: string): boolean {
  for (const rule of rules) {
    let match: boolean;
    if (rule.pattern === 'private') match = isPrivate;
    else if (rule.pattern === 'public') match = !isPrivate;
    else match = matchPrefixPatterns(rule.pattern, path);
    if (!match) continue;
    return rule.allowed.some((a) => a === vcs || a === 'all');
  }
  return false;
}

/**
 * checkGOVCS: undefined if the tool vcs may be used for repository root `root`, else go's error.
 * "mod" (the proxy protocol served by a go-import tag) is always allowed.
 */
export function checkGOVCS(govcs: string, goprivate: string, vcs: string, root: string): Error | undefined {
  if (vcs === 'mod') return undefined;
  let rules: GovcsRule[];
  try {
    rules = [...parseGOVCS(govcs), ...DEFAULT_GOVCS];
  } catch (e) {
    return e as Error;
  }
  const isPrivate = matchPrefixPatterns(goprivate, root);
  if (!govcsAllows(rules, root, isPrivate, vcs)) {
    return new Error(`GOVCS disallows using ${vcs} for ${isPrivate ? 'private' : 'public'} ${root}; see 'go help vcs'`);
  }
  return undefined;
}
