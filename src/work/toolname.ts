// Names of go tools: which are builtin (cmd/<name>), executable names of go.mod tools, and matching a name against them.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { goQuote } from '../lib/goquote.js';

/**
 * go's loadBuiltinTool: the import path cmd/<name> when that is a command go would install into the
 * tool directory (every main package under cmd except go and gofmt), else "".
 */
export function builtinToolPackage(goroot: string, name: string): string {
  if (!validToolName(name) || name === '' || name === 'go' || name === 'gofmt') return '';
  const dir = join(goroot, 'src', 'cmd', name);
  try {
    if (!statSync(dir).isDirectory()) return '';
    if (!readdirSync(dir).some((f) => f.endsWith('.go'))) return '';
  } catch {
    return '';
  }
  return 'cmd/' + name;
}

/** go's ValidToolName: lower-case letters, digits and underscores only. */
export function validToolName(name: string): boolean {
  return /^[a-z0-9_]*$/.test(name);
}

/** go's DefaultExecName in module mode: the last path element, or the one before a /vN major-version suffix. */
export function defaultExecName(importPath: string): string {
  const parts = importPath.split('/');
  const last = parts[parts.length - 1]!;
  if (parts.length > 1 && isVersionElement(last)) return parts[parts.length - 2]!;
  return last;
}

/** "v2", "v3", … "v10": a major-version path element (not v0, v1 or v01). */
function isVersionElement(s: string): boolean {
  return /^v[1-9][0-9]*$/.test(s) && s !== 'v1';
}

/** The go.mod tools named name (by full path or by executable name), as go's loadModTool matches them. */
export function matchModTools(tools: readonly string[], name: string): string[] {
  return tools.filter((t) => t === name || defaultExecName(t) === name);
}

/** go's text for a tool name matching several go.mod tools. */
export function ambiguousToolMessage(name: string, matches: readonly string[]): string {
  return `go: tool ${goQuote(name)} is ambiguous; choose one of:\n\t${matches.map((m) => m + '\n\t').join('')}`;
}
