// A fast reader for the common, well-formed Go file header (package clause and plain imports); anything unusual is left to gofile's full parser.
import { KEYWORDS } from './goscan.js';

/** What the full header parser would record for a header it parses without errors. */
export interface FastHeader {
  /** The package name (latin1 byte string). */
  name: string;
  /** Offset of the package keyword. */
  pkgOff: number;
  /** Where the import reader stops (importHeaderEnd's answer): the first token after the imports. */
  end: number;
  /** Import path literals (quotes included) and the offset of their spec (the name if present, else the literal). */
  imports: { lit: string; off: number }[];
  /** //go: line comments before the package clause (trailing \r removed), with their offsets. */
  directives: { lit: string; off: number }[];
}

const enum C {
  Tab = 0x09, NL = 0x0a, CR = 0x0d, Space = 0x20, Quote = 0x22, LParen = 0x28, RParen = 0x29, Star = 0x2a,
  Dot = 0x2e, Slash = 0x2f, Semi = 0x3b, Backslash = 0x5c,
}

function isIdentStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 0x30 && c <= 0x39);
}

class Unusual extends Error {}

/**
 * Reads the header of a Go file (`src`: its bytes as latin1) when it has only the plain shapes:
 * comments, `package name`, and `import` declarations of `[name|.] "path"` specs, with semicolons
 * where Go's rules put them, followed by a declaration. Returns undefined for anything else
 * (non-ASCII identifiers, raw-string or escaped paths, import "C" whose doc comment matters, stray
 * semicolons, any syntax error, a file ending in its header), which importHeaderEnd and the full
 * parser then handle; for what it accepts, `end` is importHeaderEnd's answer and the rest exactly
 * what the full parser records for the header cut there.
 */
export function readHeaderFast(src: string): FastHeader | undefined {
  const n = src.length;
  let i = src.startsWith('\xef\xbb\xbf') ? 3 : 0;
  /** Set by skip: a newline (or a comment holding one, or EOF) was crossed. */
  let nl = false;
  const directives: { lit: string; off: number }[] = [];
  let collect = true;
  const fail = (): never => { throw new Unusual(); };
  // Skips white space and comments; records in nl whether a semicolon would be inserted there.
  const skip = (): void => {
    nl = false;
    for (;;) {
      if (i >= n) { nl = true; return; }
      const c = src.charCodeAt(i);
      if (c === C.Space || c === C.Tab || c === C.CR) { i++; continue; }
      if (c === C.NL) { nl = true; i++; continue; }
      if (c !== C.Slash) return;
      const d = src.charCodeAt(i + 1);
      if (d === C.Slash) {
        let e = src.indexOf('\n', i);
        if (e < 0) e = n;
        if (collect && src.startsWith('//go:', i)) {
          directives.push({ lit: src.charCodeAt(e - 1) === C.CR ? src.slice(i, e - 1) : src.slice(i, e), off: i });
        }
        nl = true;
        i = e;
        continue;
      }
      if (d === C.Star) {
        const e = src.indexOf('*/', i + 2);
        if (e < 0) fail();
        const nlAt = src.indexOf('\n', i + 2);
        if (nlAt >= 0 && nlAt < e) nl = true;
        i = e + 2;
        continue;
      }
      return;
    }
  };
  const keyword = (kw: string): boolean => {
    if (!src.startsWith(kw, i) || (i + kw.length < n && isIdentPart(src.charCodeAt(i + kw.length)))) return false;
    i += kw.length;
    return true;
  };
  const ident = (): string => {
    const start = i;
    if (!isIdentStart(src.charCodeAt(i))) fail();
    i++;
    while (i < n && isIdentPart(src.charCodeAt(i))) i++;
    const c = src.charCodeAt(i);
    if (c >= 0x80) fail();
    const s = src.slice(start, i);
    if (KEYWORDS.has(s)) fail();
    return s;
  };
  // After a token that ends a statement: one semicolon (a newline, EOF or an explicit ';'); when
  // closing is allowed, a ')' may stand for it. Leaves i at the next token.
  const semi = (closing: boolean): void => {
    skip();
    if (nl) {
      if (src.charCodeAt(i) === C.Semi) fail();
      return;
    }
    const c = src.charCodeAt(i);
    if (c === C.Semi) {
      i++;
      skip();
      if (src.charCodeAt(i) === C.Semi) fail();
      return;
    }
    if (!(closing && c === C.RParen)) fail();
  };
  const imports: { lit: string; off: number }[] = [];
  const spec = (): void => {
    const off = i;
    const c = src.charCodeAt(i);
    if (c === C.Dot) {
      i++;
      skip();
      if (nl) fail();
    } else if (c !== C.Quote) {
      ident();
      skip();
      if (nl) fail();
    }
    if (src.charCodeAt(i) !== C.Quote) fail();
    const start = i;
    for (i++; ; i++) {
      if (i >= n) fail();
      const d = src.charCodeAt(i);
      if (d === C.Quote) break;
      // Escapes (rare in import paths) are left to the full parser and its error reporting.
      if (d === C.NL || d === C.Backslash) fail();
    }
    i++;
    const lit = src.slice(start, i);
    if (lit === '"C"') fail();
    imports.push({ lit, off });
  };
  try {
    skip();
    collect = false;
    const pkgOff = i;
    if (!keyword('package')) return undefined;
    skip(); // newlines after a keyword are plain space
    const name = ident();
    semi(false);
    for (;;) {
      // The import reader stops at the first token that is not an import. Only a plain identifier there
      // (func, type, var, const, ...) is taken; EOF, 'i…' (which the import reader would try as a
      // keyword) and anything else are left to the full parser.
      const c = src.charCodeAt(i);
      if (c === 0x69 /* i */ && keyword('import')) {
        skip();
        if (src.charCodeAt(i) === C.LParen) {
          i++;
          skip();
          while (src.charCodeAt(i) !== C.RParen) {
            if (i >= n) return undefined;
            spec();
            semi(true);
          }
          i++;
        } else {
          spec();
        }
        semi(false);
        continue;
      }
      if (i >= n || !isIdentStart(c) || c === 0x69) return undefined;
      break;
    }
    return { name, pkgOff, end: i, imports, directives };
  } catch (e) {
    if (e instanceof Unusual) return undefined;
    throw e;
  }
}
