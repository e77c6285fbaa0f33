// Reads a Go file's header: package clause, imports (with doc comments), directives and //go:embed patterns.
import { readHeaderFast } from './gofast.js';
import { GoScanner, type Token } from './goscan.js';
import type { Pos } from './types.js';
import { findImportComment } from './importcomment.js';

export interface FileImport {
  path: string;
  pos: Pos;
  /** The doc comment's text (CommentGroup.Text), for import "C" this is the cgo preamble. */
  doc?: string;
}

export interface FileEmbed {
  pattern: string;
  pos: Pos;
}

export interface Directive {
  text: string;
  pos: Pos;
}

export interface ParseError {
  pos: Pos;
  msg: string;
  /** Further errors go/parser would report (for "(and N more errors)"). */
  more: number;
  /** A lone error (go's scanner.Error, not an ErrorList): printed with its absolute position. */
  single?: boolean;
}

export interface GoFileInfo {
  /** Package name; "" if the package clause could not be parsed. */
  name: string;
  imports: FileImport[];
  embeds: FileEmbed[];
  /** //go: comments before the package clause. */
  directives: Directive[];
  parseError?: ParseError;
  /** go/build's read error for the file (its import reader met a NUL byte): the file is skipped. */
  readError?: string;
  /** Offset just past the token where header parsing stopped. */
  stopEnd: number;
  /** The file imports "embed" (so //go:embed comments anywhere in it matter). */
  hasEmbed: boolean;
  /** `package x // import "path"`: the comment's (still quoted) path and line, as go/build finds it. */
  importComment?: { quoted: string; line: number };
}

/** Formats a parse error as go prints a scanner.ErrorList. */
export function parseErrorString(e: ParseError): string {
  const base = `${e.pos.file}:${e.pos.line}:${e.pos.col}: ${e.msg}`;
  if (e.more === 0) return base;
  return `${base} (and ${e.more} more error${e.more === 1 ? '' : 's'})`;
}

/** latin1 → UTF-8 reinterpretation of a byte string slice. */
export function bytesToUTF8(s: string): string {
  // Nearly every name, import path and directive is ASCII, which reads the same either way: skip the Buffer round trip.
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x80) return Buffer.from(s, 'latin1').toString('utf8');
  }
  return s;
}

const STMT_START = new Set(['break', 'const', 'continue', 'defer', 'fallthrough', 'for', 'go', 'goto', 'if', 'import', 'return', 'select', 'switch', 'type', 'var']);
const EXPR_END = new Set([',', ':', ';', ')', ']', '}']);

class Bailout extends Error {}

class HeaderParser {
  readonly sc: GoScanner;
  tok!: Token;
  leadComment: string[] | undefined;
  lineComment: string[] | undefined;
  /** All comment groups seen, with the offset of their first comment. */
  groups: { off: number; list: Token[] }[] = [];
  errors: { off: number; line: number; msg: string }[] = [];

  constructor(readonly file: string, src: string) {
    this.sc = new GoScanner(src);
    this.sc.onError = (off, msg) => this.error(off, msg);
    this.advanceToken(-1);
  }

  pos(off: number): Pos {
    const { line, col } = this.sc.position(off);
    return { file: this.file, line, col };
  }

  private scan(): Token {
    return this.sc.next();
  }

  private endLine(t: Token): number {
    return this.sc.line(t.off + t.lit.length - (t.lit.endsWith('\n') ? 1 : 0));
  }

  private consumeGroup(n: number): { list: Token[]; endline: number } {
    const list: Token[] = [];
    let endline = this.sc.line(this.tok.off);
    while (this.tok.kind === 'COMMENT' && this.sc.line(this.tok.off) <= endline + n) {
      list.push(this.tok);
      endline = this.endLine(this.tok);
      this.tok = this.scan();
    }
    this.groups.push({ off: list[0]!.off, list });
    return { list, endline };
  }

  private advanceToken(prevOff: number): void {
    this.leadComment = undefined;
    this.lineComment = undefined;
    const prevLine = prevOff < 0 ? 0 : this.sc.line(prevOff);
    this.tok = this.scan();
    if (this.tok.kind !== 'COMMENT') return;
    let group: Token[] | undefined;
    if (prevOff >= 0 && this.sc.line(this.tok.off) === prevLine) {
      const g = this.consumeGroup(0);
      group = g.list;
      if (this.sc.line(this.tok.off) !== g.endline || (this.tok as Token).kind === ';' || (this.tok as Token).kind === 'EOF') {
        this.lineComment = commentTexts(group);
      }
    }
    let endline = -1;
    while (this.tok.kind === 'COMMENT') {
      const g = this.consumeGroup(1);
      group = g.list;
      endline = g.endline;
    }
    if (group && endline + 1 === this.sc.line(this.tok.off)) this.leadComment = commentTexts(group);
  }

  next(): void {
    this.advanceToken(this.tok.off);
  }

  error(off: number, msg: string): void {
    const line = this.sc.line(off);
    const n = this.errors.length;
    if (n > 0 && this.errors[n - 1]!.line === line) return;
    if (n > 10) throw new Bailout();
    this.errors.push({ off, line, msg });
  }

  tokString(): string {
    const t = this.tok;
    switch (t.kind) {
      case ';': return t.lit === '\n' ? 'newline' : "';'";
      case 'IDENT': case 'INT': case 'FLOAT': case 'IMAG': case 'CHAR': case 'STRING': return t.lit;
      case 'EOF': return "'EOF'";
      default: return `'${t.lit}'`;
    }
  }

  errorExpected(off: number, what: string): void {
    let msg = 'expected ' + what;
    if (off === this.tok.off) msg += ', found ' + this.tokString();
    this.error(off, msg);
  }

  is(kind: Token['kind'], lit?: string): boolean {
    return this.tok.kind === kind && (lit === undefined || this.tok.lit === lit);
  }

  expectKeyword(kw: string): void {
    if (!this.is('KEYWORD', kw)) this.errorExpected(this.tok.off, `'${kw}'`);
    this.next();
  }

  expectSemi(): void {
    if (this.is('OP', ')') || this.is('OP', '}')) return;
    if (this.is('OP', ',')) {
      this.errorExpected(this.tok.off, "';'");
      this.next();
      return;
    }
    if (this.is(';')) {
      this.next();
      return;
    }
    this.errorExpected(this.tok.off, "';'");
    this.advance(STMT_START, true);
  }

  /** go/parser's guard against resynchronizing at the same token forever. */
  private syncPos = -1;
  private syncCnt = 0;

  advance(set: Set<string>, keywords: boolean): void {
    for (; this.tok.kind !== 'EOF'; this.next()) {
      const t = this.tok;
      if (keywords ? t.kind === 'KEYWORD' && set.has(t.lit) : (t.kind === 'OP' || t.kind === ';') && set.has(t.lit === '\n' ? ';' : t.lit)) {
        // As go/parser: stop here at most 10 times without progress (a '}' in an import group would
        // otherwise loop forever), then skip the token.
        if (t.off === this.syncPos && this.syncCnt < 10) { this.syncCnt++; return; }
        if (t.off > this.syncPos) { this.syncPos = t.off; this.syncCnt = 0; return; }
      }
    }
  }

  parseIdent(): string {
    if (this.is('IDENT')) {
      const name = this.tok.lit;
      this.next();
      return name;
    }
    this.errorExpected(this.tok.off, "'IDENT'");
    this.next();
    return '_';
  }
}

function isLiteral(t: Token): boolean {
  return t.kind === 'IDENT' || t.kind === 'INT' || t.kind === 'FLOAT' || t.kind === 'IMAG' || t.kind === 'CHAR' || t.kind === 'STRING';
}

function commentTexts(list: Token[]): string[] {
  return list.map((t) => t.lit);
}

/** go/ast CommentGroup.Text: comment markers removed, directives dropped, blank lines collapsed. */
export function commentGroupText(comments: string[]): string {
  const lines: string[] = [];
  for (let c of comments) {
    if (c[1] === '/') {
      c = c.slice(2);
      if (c.length > 0) {
        if (c[0] === ' ') c = c.slice(1);
        else if (isDirectiveText(c)) continue;
      }
    } else {
      c = c.slice(2, -2);
    }
    for (const l of c.split('\n')) lines.push(l.replace(/[ \t\n\r]+$/, ''));
  }
  let n = 0;
  for (const line of lines) {
    if (line !== '' || (n > 0 && lines[n - 1] !== '')) lines[n++] = line;
  }
  lines.length = n;
  if (n > 0 && lines[n - 1] !== '') lines.push('');
  return lines.join('\n');
}

function isDirectiveText(c: string): boolean {
  if (c.startsWith('line ')) return true;
  if (c.startsWith('extern ') || c.startsWith('export ')) return true;
  const colon = c.indexOf(':');
  if (colon <= 0 || colon + 1 >= c.length) return false;
  for (let i = 0; i <= colon + 1; i++) {
    if (i === colon) continue;
    const b = c.charCodeAt(i);
    if (!((b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39))) return false;
  }
  return true;
}

/** strconv.Unquote for Go string literals (byte string in, byte string out); undefined if invalid. */
export function unquoteGo(lit: string): string | undefined {
  if (lit.length < 2) return undefined;
  const q = lit[0];
  if (q !== lit[lit.length - 1]) return undefined;
  const body = lit.slice(1, -1);
  if (q === '`') return body.includes('`') ? undefined : body.replace(/\r/g, '');
  if (q !== '"') return undefined;
  // Fast path (almost every import path): no escapes, quotes or newlines, so the body is the value.
  if (!/["\\\n]/.test(body)) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '"' || c === '\n') return undefined;
    if (c !== '\\') { out += c; continue; }
    const e = body[++i];
    switch (e) {
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case '\\': out += '\\'; break;
      case '"': out += '"'; break;
      case 'x': {
        const h = body.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(h)) return undefined;
        out += String.fromCharCode(parseInt(h, 16));
        i += 2;
        break;
      }
      case 'u': case 'U': {
        const n = e === 'u' ? 4 : 8;
        const h = body.slice(i + 1, i + 1 + n);
        if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h)) return undefined;
        const cp = parseInt(h, 16);
        if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return undefined;
        out += Buffer.from(String.fromCodePoint(cp), 'utf8').toString('latin1');
        i += n;
        break;
      }
      default: {
        if (e !== undefined && e >= '0' && e <= '7') {
          const o = body.slice(i, i + 3);
          if (!/^[0-7]{3}$/.test(o)) return undefined;
          const v = parseInt(o, 8);
          if (v > 255) return undefined;
          out += String.fromCharCode(v);
          i += 2;
          break;
        }
        return undefined;
      }
    }
  }
  return out;
}

/** go/build's isValidImport (spec implementation restriction). s is UTF-8 text. */
export function isValidImportPath(s: string): boolean {
  if (s === '') return false;
  if (/^[A-Za-z0-9_.\/+~@-]+$/.test(s)) return true; // fast path: common ASCII paths
  const illegal = '!"#$%&\'()*,:;<=>?[\\]^{|}`\uFFFD';
  for (const r of s) {
    if (illegal.includes(r) || /\s/u.test(r) || !/[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]/u.test(r)) return false;
  }
  return true;
}

/**
 * Parses the header of a Go source file. `src` is the file's bytes decoded as latin1;
 * `file` is the absolute file name used in positions.
 */
export function readGoFile(file: string, fullSrc: string): GoFileInfo {
  const info = readGoFileInfo(file, fullSrc);
  if (!info.readError) {
    const ic = findImportComment(fullSrc);
    if (ic) info.importComment = ic;
  }
  return info;
}

function readGoFileInfo(file: string, fullSrc: string): GoFileInfo {
  const readError = headerNULError(fullSrc);
  if (readError) return { name: '', imports: [], embeds: [], directives: [], stopEnd: fullSrc.length, hasEmbed: false, readError };
  // Most headers are plain: read those without the full parser (same result, a fraction of the work).
  const fast = readHeaderFast(fullSrc);
  if (fast) {
    const sc = new GoScanner(fullSrc);
    const info = headerInfo(file, fullSrc, fast.end, (off) => ({ file, ...sc.position(off) }), fast.imports, fast.directives);
    info.name = bytesToUTF8(fast.name);
    return info;
  }
  return readGoFileFull(file, fullSrc);
}

/** readGoFile without the fast reader: always the import reader's cut and the full header parser (tests compare the two). */
export function readGoFileFull(file: string, fullSrc: string): GoFileInfo {
  // Like go/build, parse only the header the import reader accepts (the whole file if it is malformed).
  const end = importHeaderEnd(fullSrc);
  return parseHeader(file, fullSrc, end, end < 0 ? fullSrc : fullSrc.slice(0, end));
}

function parseHeader(file: string, fullSrc: string, end: number, src: string): GoFileInfo {
  const p = new HeaderParser(file, src);
  let pkgOff = -1;
  let name = '';
  const rawImports: { lit: string; off: number; doc?: string[] }[] = [];
  try {
    pkgOff = p.tok.off;
    p.expectKeyword('package');
    const ident = p.parseIdent();
    p.expectSemi();
    if (p.errors.length === 0) {
      name = bytesToUTF8(ident);
      while (p.is('KEYWORD', 'import')) {
        const declDoc = p.leadComment;
        p.next();
        const spec = (doc: string[] | undefined): void => {
          const specOff = p.tok.off; // ImportSpec.Pos(): the name if present, else the path
          if (p.is('IDENT')) p.parseIdent();
          else if (p.is('OP', '.')) p.next();
          const off = p.tok.off;
          if (p.is('STRING')) {
            rawImports.push({ lit: p.tok.lit, off: specOff, doc });
            p.next();
          } else if (isLiteral(p.tok)) {
            p.error(off, 'import path must be a string');
            p.next();
          } else {
            p.error(off, 'missing import path');
            p.advance(EXPR_END, false);
          }
          p.expectSemi();
        };
        if (p.is('OP', '(')) {
          p.next();
          const start = rawImports.length;
          while (!p.is('OP', ')') && !p.is('EOF')) spec(p.leadComment);
          if (!p.is('OP', ')')) p.errorExpected(p.tok.off, "')'");
          p.next();
          p.expectSemi();
          if (rawImports.length - start === 1 && rawImports[start]!.doc === undefined) {
            // go uses the declaration's doc for a lone spec in parentheses too.
            rawImports[start]!.doc = declDoc;
          }
        } else {
          spec(declDoc);
        }
      }
    }
  } catch (e) {
    if (!(e instanceof Bailout)) throw e;
  }
  if (p.errors.length > 0) {
    const info: GoFileInfo = { name, imports: [], embeds: [], directives: [], stopEnd: end < 0 ? fullSrc.length : end + 1, hasEmbed: false };
    const errs = [...p.errors].sort((a, b) => a.off - b.off);
    info.parseError = { pos: p.pos(errs[0]!.off), msg: bytesToUTF8(errs[0]!.msg), more: errs.length - 1 };
    // go/build records no imports, embeds or directives for a file that does not parse.
    return info;
  }
  const directives: { lit: string; off: number }[] = [];
  for (const g of p.groups) {
    if (pkgOff >= 0 && g.off >= pkgOff) break;
    for (const c of g.list) if (c.lit.startsWith('//go:')) directives.push({ lit: c.lit, off: c.off });
  }
  const info = headerInfo(file, fullSrc, end, (off) => p.pos(off), rawImports, directives);
  info.name = name;
  return info;
}

/**
 * The GoFileInfo (all but the name) of a header that parsed without syntax errors, from its import
 * literals and its //go: comments before the package clause (offsets into the header).
 */
function headerInfo(
  file: string, fullSrc: string, end: number, pos: (off: number) => Pos,
  rawImports: readonly { lit: string; off: number; doc?: string[] }[], directives: readonly { lit: string; off: number }[],
): GoFileInfo {
  const info: GoFileInfo = { name: '', imports: [], embeds: [], directives: [], stopEnd: end < 0 ? fullSrc.length : end + 1, hasEmbed: false };
  let hasEmbed = false;
  for (const imp of rawImports) {
    const v = unquoteGo(imp.lit);
    const path = v === undefined ? '' : bytesToUTF8(v);
    if (v === undefined || !isValidImportPath(path)) {
      info.parseError = { pos: pos(imp.off), msg: 'invalid import path: ' + path, more: 0, single: true };
      info.imports = [];
      return info;
    }
    if (path === 'embed') hasEmbed = true;
    const fi: FileImport = { path, pos: pos(imp.off) };
    // Only import "C"'s doc (the cgo preamble) is ever used.
    if (imp.doc && path === 'C') fi.doc = bytesToUTF8(commentGroupText(imp.doc));
    info.imports.push(fi);
  }
  for (const d of directives) info.directives.push({ text: bytesToUTF8(d.lit), pos: pos(d.off) });
  info.hasEmbed = hasEmbed;
  if (hasEmbed) info.embeds = scanEmbeds(file, fullSrc);
  return info;
}

/** Finds //go:embed comments anywhere in the file and returns their patterns; bad lines are skipped. */
function scanEmbeds(file: string, src: string): FileEmbed[] {
  const sc = new GoScanner(src);
  const out: FileEmbed[] = [];
  for (let t = sc.next(); t.kind !== 'EOF'; t = sc.next()) {
    if (t.kind !== 'COMMENT' || !t.lit.startsWith('//go:embed')) continue;
    const args = parseDirectiveArgs(t.lit, 'embed');
    if (!args) continue;
    for (const a of args) {
      const { line, col } = sc.position(t.off + a.off);
      out.push({ pattern: bytesToUTF8(a.arg), pos: { file, line, col } });
    }
  }
  return out;
}

const isSpaceByte = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f' || c === '\x85' || c === '\xa0';

/** Parses `//go:<name> args...` into arguments with their offsets in the comment; undefined if malformed. */
export function parseDirectiveArgs(comment: string, name: string): { arg: string; off: number }[] | undefined {
  const prefix = '//go:' + name;
  if (!comment.startsWith(prefix)) return undefined;
  let i = prefix.length;
  if (i < comment.length && !isSpaceByte(comment[i]!)) return undefined;
  const end = comment.replace(/[ \t\n\r\v\f\x85\xa0]+$/, '').length;
  const out: { arg: string; off: number }[] = [];
  for (;;) {
    while (i < end && isSpaceByte(comment[i]!)) i++;
    if (i >= end) break;
    const start = i;
    const c = comment[i]!;
    if (c === '"' || c === '`') {
      let j = i + 1;
      if (c === '`') {
        j = comment.indexOf('`', i + 1);
        if (j < 0 || j >= end) return undefined;
        j++;
      } else {
        while (j < end && comment[j] !== '"') j += comment[j] === '\\' ? 2 : 1;
        if (j >= end) return undefined;
        j++;
      }
      const v = unquoteGo(comment.slice(i, j));
      if (v === undefined) return undefined;
      if (j < end && !isSpaceByte(comment[j]!)) return undefined;
      out.push({ arg: v, off: start });
      i = j;
    } else {
      while (i < end && !isSpaceByte(comment[i]!)) i++;
      out.push({ arg: comment.slice(start, i), off: start });
    }
  }
  return out;
}

function isIdentByte(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c >= 0x80;
}

class SyntaxStop extends Error {}
class EOFStop extends Error {}

/**
 * go/build's importReader: the offset just past the package clause and import declarations
 * (excluding the byte that ended them), or -1 when the header is malformed or reaches EOF
 * (then the whole file is parsed).
 */
export function importHeaderEnd(s: string): number {
  return scanImportHeader(s).end;
}

/**
 * importHeaderEnd, and the furthest offset go's reader reads (it reads byte by byte, one past the
 * header, to the offending byte on a syntax error, to the end at EOF): a NUL byte up to there is its
 * "unexpected NUL in input".
 */
function scanImportHeader(s: string): { end: number; lastRead: number } {
  let i = s.startsWith('\xef\xbb\xbf') ? 3 : 0;
  let last = i - 1;
  const mark = (x: number): void => { if (x > last) last = x; };
  const n = s.length;
  const syntax = (): never => { throw new SyntaxStop(); };
  // peek(true): skip spaces, semicolons and comments; returns the next byte's offset.
  const peek = (skipSpace: boolean): number => {
    for (;;) {
      if (i >= n) throw new EOFStop();
      mark(i);
      const c = s.charCodeAt(i);
      if (c === 0) syntax();
      if (!skipSpace) return i;
      if (c === 0x20 || c === 0x0c || c === 0x09 || c === 0x0d || c === 0x0a || c === 0x3b) { i++; continue; }
      if (c === 0x2f) {
        const d = s.charCodeAt(i + 1);
        if (d === 0x2f) {
          const nl = s.indexOf('\n', i);
          if (nl < 0) throw new EOFStop();
          mark(nl);
          i = nl;
          continue;
        }
        if (d === 0x2a) {
          const e = s.indexOf('*/', i + 2);
          if (e < 0) throw new EOFStop();
          mark(e + 1);
          i = e + 2;
          continue;
        }
        syntax();
      }
      return i;
    }
  };
  const next = (skipSpace: boolean): number => {
    const j = peek(skipSpace);
    i = j + 1;
    return s.charCodeAt(j);
  };
  const readKeyword = (kw: string): void => {
    peek(true);
    for (let k = 0; k < kw.length; k++) if (next(false) !== kw.charCodeAt(k)) syntax();
    if (i < n) mark(i);
    if (i < n && isIdentByte(s.charCodeAt(i))) syntax();
  };
  const readIdent = (): void => {
    if (!isIdentByte(s.charCodeAt(peek(true)))) syntax();
    while (i < n && isIdentByte(s.charCodeAt(i))) i++;
    if (i >= n) throw new EOFStop();
    mark(i);
  };
  const readString = (): void => {
    const q = next(true);
    if (q === 0x60) {
      const e = s.indexOf('`', i);
      if (e < 0) { mark(n); syntax(); }
      mark(e);
      i = e + 1;
    } else if (q === 0x22) {
      for (;;) {
        if (i >= n) syntax();
        mark(i);
        const c = s.charCodeAt(i++);
        if (c === 0x22) break;
        if (c === 0x0a) syntax();
        if (c === 0x5c) i++;
      }
    } else {
      syntax();
    }
  };
  const readImport = (): void => {
    const c = s.charCodeAt(peek(true));
    if (c === 0x2e) i++;
    else if (isIdentByte(c)) readIdent();
    readString();
  };
  try {
    readKeyword('package');
    readIdent();
    while (s.charCodeAt(peek(true)) === 0x69 /* i */) {
      readKeyword('import');
      if (s.charCodeAt(peek(true)) === 0x28 /* ( */) {
        i++;
        while (s.charCodeAt(peek(true)) !== 0x29) readImport();
        i++;
      } else {
        readImport();
      }
    }
    return { end: i, lastRead: last };
  } catch (e) {
    if (e instanceof EOFStop) return { end: -1, lastRead: n };
    if (e instanceof SyntaxStop) return { end: -1, lastRead: last };
    throw e;
  }
}

/** go/build's readGoInfo error for a NUL byte its import reader reads, as the message it wraps. */
export function headerNULError(s: string): string | undefined {
  const nul = s.indexOf('\0');
  if (nul < 0) return undefined;
  return nul <= scanImportHeader(s).lastRead ? 'unexpected NUL in input' : undefined;
}
