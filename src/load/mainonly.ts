// go's mainPackagesOnly, for install/run pkg@version: wildcard patterns keep only the main packages
// they matched, and a non-main package a literal argument names becomes an error.
import { goQuote } from '../lib/goquote.js';
import { isMetaPackage, matchPattern } from './pkgpattern.js';
import type { Package } from './types.js';

/** Whether pattern names one package (no "..." and no meta name such as "all"). */
export function isLiteralPattern(pattern: string): boolean {
  return !pattern.includes('...') && !isMetaPackage(pattern);
}

/**
 * The packages to build among pkgs (loaded for patterns), with the "not a main package" error set
 * on non-main packages a literal pattern names; warnings lists go's "matched only non-main
 * packages" lines for wildcard patterns.
 */
export function mainPackagesOnly(pkgs: readonly Package[], patterns: readonly string[]): { mains: Package[]; warnings: string[] } {
  const literal = new Set(patterns.filter(isLiteralPattern));
  const treatAsMain = new Set<string>();
  const mains: Package[] = [];
  for (const p of pkgs) {
    if (p.name === 'main' || (p.name === '' && p.error)) {
      treatAsMain.add(p.importPath);
      mains.push(p);
      continue;
    }
    // Conflicting package names may hide a main package: keep it and let its error speak.
    if (literal.has(p.importPath) || p.invalidGoFiles.length > 0) {
      treatAsMain.add(p.importPath);
      if (!p.error) {
        p.error = { importStack: [], err: `package ${p.importPath} is not a main package`, kind: 'other' };
        p.incomplete = true;
      }
      mains.push(p);
    }
  }
  const warnings: string[] = [];
  for (const pat of patterns) {
    if (isLiteralPattern(pat)) continue;
    const m = matchPattern(pat);
    const matched = pkgs.filter((p) => m(p.importPath));
    if (matched.length > 0 && !matched.some((p) => treatAsMain.has(p.importPath))) warnings.push(`go: warning: ${goQuote(pat)} matched only non-main packages`);
  }
  return { mains, warnings };
}
