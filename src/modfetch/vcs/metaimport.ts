// go-import <meta> tags: parsing an HTML page's head as go's lax XML reader does, and choosing the tag for an import path.
import { goQuote } from '../../lib/goquote.js';

/** One `<meta name="go-import" content="prefix vcs repoRoot [subdir]">`. */
export interface MetaImport {
  prefix: string;
  vcs: string;
  repoRoot: string;
  subDir: string;
}

interface Token {
  kind: 'start' | 'end';
  name: string;
  attrs: [string, string][];
}

/** XML's local name of a possibly prefixed name ("xml:lang" → "lang"). */
const localName = (n: string): string => n.slice(n.indexOf(':') + 1);

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** Decodes the entities a lax XML reader knows in attribute values. */
function unescapeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (all, e: string) => {
    switch (e) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    const n = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(n) && n <= 0x10ffff ? String.fromCodePoint(n) : all;
  });
}

/** The line number (1-based) of offset i, for syntax errors. */
const lineAt = (s: string, i: number): number => s.slice(0, i).split('\n').length;

/** Tokenizes start and end elements (comments, directives and text skipped); yields or throws go's error text. */
function* tokens(s: string): Generator<Token> {
  let i = 0;
  const eof = (): never => {
    throw new Error(`XML syntax error on line ${lineAt(s, s.length)}: unexpected EOF`);
  };
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    if (lt < 0) return;
    i = lt + 1;
    if (s.startsWith('!--', i)) {
      const end = s.indexOf('-->', i + 3);
      if (end < 0) eof();
      i = end + 3;
      continue;
    }
    if (s[i] === '!' || s[i] === '?') {
      const end = s.indexOf('>', i);
      if (end < 0) eof();
      i = end + 1;
      continue;
    }
    const close = s[i] === '/';
    if (close) i++;
    let j = i;
    while (j < s.length && !isSpace(s[j]) && s[j] !== '>' && s[j] !== '/') j++;
    const name = s.slice(i, j);
    if (name === '') throw new Error(`XML syntax error on line ${lineAt(s, i)}: expected element name after <`);
    i = j;
    const attrs: [string, string][] = [];
    for (;;) {
      while (isSpace(s[i])) i++;
      if (i >= s.length) eof();
      if (s[i] === '>') {
        i++;
        break;
      }
      if (s[i] === '/' && s[i + 1] === '>') {
        i += 2;
        break;
      }
      if (s[i] === '/') {
        i++;
        continue;
      }
      let k = i;
      while (k < s.length && !isSpace(s[k]) && s[k] !== '=' && s[k] !== '>' && !(s[k] === '/' && s[k + 1] === '>')) k++;
      const an = s.slice(i, k);
      i = k;
      while (isSpace(s[i])) i++;
      if (s[i] !== '=') {
        // A lax reader takes a bare attribute name as name="name".
        attrs.push([an, an]);
        continue;
      }
      i++;
      while (isSpace(s[i])) i++;
      let value: string;
      if (s[i] === '"' || s[i] === "'") {
        const q = s[i]!;
        const end = s.indexOf(q, i + 1);
        if (end < 0) eof();
        value = s.slice(i + 1, end);
        i = end + 1;
      } else {
        let e = i;
        while (e < s.length && !isSpace(s[e]) && s[e] !== '>') e++;
        value = s.slice(i, e);
        i = e;
      }
      attrs.push([an, unescapeEntities(value)]);
    }
    yield { kind: close ? 'end' : 'start', name, attrs };
  }
}

function attrValue(attrs: [string, string][], name: string): string {
  for (const [k, v] of attrs) if (localName(k).toLowerCase() === name) return v;
  return '';
}

/**
 * The go-import tags of an HTML page, read up to <body> or </head>. With preferMod, "mod" entries
 * come first and hide other entries with the same prefix; otherwise "mod" entries are dropped.
 * Throws go's XML syntax error when the page breaks off before any tag was found.
 */
export function parseMetaGoImports(html: string, preferMod: boolean): MetaImport[] {
  const imports: MetaImport[] = [];
  try {
    for (const t of tokens(html)) {
      const name = localName(t.name).toLowerCase();
      if (t.kind === 'start' && name === 'body') break;
      if (t.kind === 'end' && name === 'head') break;
      if (t.kind !== 'start' || name !== 'meta') continue;
      if (attrValue(t.attrs, 'name') !== 'go-import') continue;
      const f = attrValue(t.attrs, 'content').split(/\s+/).filter((x) => x !== '');
      if (f.length === 3 || f.length === 4) imports.push({ prefix: f[0]!, vcs: f[1]!, repoRoot: f[2]!, subDir: f[3] ?? '' });
    }
  } catch (e) {
    if (imports.length === 0) throw e;
  }
  const list: MetaImport[] = [];
  const have = new Set<string>();
  if (preferMod) {
    for (const m of imports) {
      if (m.vcs === 'mod') {
        have.add(m.prefix);
        list.push(m);
      }
    }
  }
  for (const m of imports) if (m.vcs !== 'mod' && !have.has(m.prefix)) list.push(m);
  return list;
}

/** str.HasPathPrefix: s is prefix, or prefix followed by "/" (any s when prefix is ""). */
export function hasPathPrefix(s: string, prefix: string): boolean {
  if (s.length === prefix.length) return s === prefix;
  if (prefix === '') return true;
  if (s.length > prefix.length && (prefix.endsWith('/') || s[prefix.length] === '/')) return s.startsWith(prefix);
  return false;
}

/** No tag's prefix matched the import path (go's ImportMismatchError). */
export class ImportMismatchError extends Error {
  constructor(importPath: string, mismatches: string[]) {
    super(mismatches.map((p) => `meta tag ${p} did not match import path ${importPath}`).join(', '));
    this.name = 'ImportMismatchError';
  }
}

/** The one tag whose prefix covers importPath; a "mod" entry wins over the entries after it. */
export function matchGoImport(imports: MetaImport[], importPath: string): MetaImport {
  let match = -1;
  const mismatches: string[] = [];
  for (let i = 0; i < imports.length; i++) {
    const im = imports[i]!;
    if (!hasPathPrefix(importPath, im.prefix)) {
      mismatches.push(im.prefix);
      continue;
    }
    if (match >= 0) {
      if (imports[match]!.vcs === 'mod' && im.vcs !== 'mod') break;
      throw new Error(`multiple meta tags match import path ${goQuote(importPath)}`);
    }
    match = i;
  }
  if (match < 0) throw new ImportMismatchError(importPath, mismatches);
  return imports[match]!;
}
