// go list's view of a Package: the PackagePublic struct (field order, types) for templates, and its JSON form.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { GoNil, GoStruct } from '../lib/template/index.js';
import { packageErrorString } from './errors.js';
import type { ModuleInfo, Package, PackageError } from './types.js';

/** Values go list computes outside the loader (set by cmd/list). */
export interface ListExtras {
  doc?: string;
  export?: string;
  buildID?: string;
  forTest?: string;
  depOnly?: boolean;
  compiledGoFiles?: string[];
  /** Deps / DepsErrors, when collected. */
  deps?: string[];
  depsErrors?: PackageError[];
  importMap?: Record<string, string>;
  imports?: string[];
  testImports?: string[];
  xTestImports?: string[];
  importPath?: string;
  /** Root in place of the package's own (see stdVendorRoots in cmd/list). */
  root?: string;
  /** Module as go list -m shows it (cmd/list fills it in module mode); else built from the package's own. */
  module?: GoStruct | GoNil;
}

const STR = '';
/** PackagePublic's fields in go's order, with the zero value of each type. */
const PACKAGE_FIELDS: [string, 'string' | 'bool' | '[]string' | 'map' | 'module' | 'error' | 'errors'][] = [
  ['Dir', 'string'], ['ImportPath', 'string'], ['ImportComment', 'string'], ['Name', 'string'], ['Doc', 'string'],
  ['Target', 'string'], ['Shlib', 'string'], ['Root', 'string'], ['ConflictDir', 'string'], ['ForTest', 'string'],
  ['Export', 'string'], ['BuildID', 'string'], ['Module', 'module'], ['Match', '[]string'], ['Goroot', 'bool'],
  ['Standard', 'bool'], ['DepOnly', 'bool'], ['BinaryOnly', 'bool'], ['Incomplete', 'bool'], ['DefaultGODEBUG', 'string'],
  ['Stale', 'bool'], ['StaleReason', 'string'], ['GoFiles', '[]string'], ['CgoFiles', '[]string'],
  ['CompiledGoFiles', '[]string'], ['IgnoredGoFiles', '[]string'], ['InvalidGoFiles', '[]string'],
  ['IgnoredOtherFiles', '[]string'], ['CFiles', '[]string'], ['CXXFiles', '[]string'], ['MFiles', '[]string'],
  ['HFiles', '[]string'], ['FFiles', '[]string'], ['SFiles', '[]string'], ['SwigFiles', '[]string'],
  ['SwigCXXFiles', '[]string'], ['SysoFiles', '[]string'], ['EmbedPatterns', '[]string'], ['EmbedFiles', '[]string'],
  ['CgoCFLAGS', '[]string'], ['CgoCPPFLAGS', '[]string'], ['CgoCXXFLAGS', '[]string'], ['CgoFFLAGS', '[]string'],
  ['CgoLDFLAGS', '[]string'], ['CgoPkgConfig', '[]string'], ['Imports', '[]string'], ['ImportMap', 'map'],
  ['Deps', '[]string'], ['Error', 'error'], ['DepsErrors', 'errors'], ['TestGoFiles', '[]string'],
  ['TestImports', '[]string'], ['TestEmbedPatterns', '[]string'], ['TestEmbedFiles', '[]string'],
  ['XTestGoFiles', '[]string'], ['XTestImports', '[]string'], ['XTestEmbedPatterns', '[]string'],
  ['XTestEmbedFiles', '[]string'],
];

/** The names of PackagePublic's fields, in order (for -json=Field,… checks). */
export const PACKAGE_FIELD_NAMES: readonly string[] = PACKAGE_FIELDS.map(([n]) => n);

/** ModulePublic.String: "path version => replacement" as go list -m prints it. */
export function moduleString(m: ModuleInfo): string {
  const vs = (mm: ModuleInfo): string => (mm.version ? ' ' + mm.version : '');
  let s = m.path + vs(m);
  if (m.replace) {
    s += ' => ' + m.replace.path + vs(m.replace);
  }
  return s;
}

/** A module as the template/JSON value *modinfo.ModulePublic. */
export function moduleStruct(m: ModuleInfo | undefined): GoStruct | GoNil {
  if (!m) return new GoNil('*modinfo.ModulePublic', true);
  const f = new Map<string, unknown>([
    ['Path', m.path], ['Version', m.version ?? STR], ['Query', STR], ['Versions', new GoNil('[]string')],
    ['Replace', moduleStruct(m.replace)], ['Time', new GoNil('*time.Time', true)], ['Update', new GoNil('*modinfo.ModulePublic', true)],
    ['Main', m.main ?? false], ['Indirect', false], ['Dir', m.dir ?? STR], ['GoMod', m.goMod ?? STR],
    ['GoVersion', m.goVersion ?? STR], ['Retracted', new GoNil('[]string')], ['Deprecated', STR],
    ['Error', new GoNil('*modinfo.ModuleError')], ['Sum', STR], ['GoModSum', STR], ['Origin', new GoNil('*codehost.Origin')],
    ['Reuse', false],
  ]);
  return new GoStruct('modinfo.ModulePublic', f, true, { String: () => moduleString(m) });
}

/** A package error as *load.PackageError (prints as its Error() text). */
export function packageErrorStruct(e: PackageError | undefined): GoStruct | GoNil {
  if (!e) return new GoNil('*load.PackageError', true);
  const f = new Map<string, unknown>([
    ['ImportStack', [...e.importStack]], ['Pos', e.pos ?? STR], ['Err', e.err], ['IsImportCycle', e.isImportCycle ?? false],
  ]);
  return new GoStruct('load.PackageError', f, true, { Error: () => packageErrorString(e), String: () => packageErrorString(e) });
}

const strs = (a: string[] | undefined): string[] | GoNil => (a && a.length ? [...a] : new GoNil('[]string'));

/** A Package as go list's template value (*load.PackagePublic): every field, zero values included. */
export function packageStruct(p: Package, x: ListExtras = {}): GoStruct {
  const im = x.importMap ?? p.importMap;
  const v: Record<string, unknown> = {
    Dir: p.dir, ImportPath: x.importPath ?? p.importPath, ImportComment: p.importComment ?? STR, Name: p.name, Doc: x.doc ?? STR,
    Target: p.target ?? STR, Shlib: p.shlib ?? STR, Root: packageRoot(p, x), ConflictDir: p.conflictDir ?? STR, ForTest: x.forTest ?? STR,
    Export: x.export ?? STR, BuildID: x.buildID ?? STR, Module: x.module ?? moduleStruct(p.module), Match: strs(p.match),
    Goroot: p.goroot, Standard: p.standard, DepOnly: x.depOnly ?? false, BinaryOnly: p.binaryOnly ?? false,
    Incomplete: p.incomplete ?? false, DefaultGODEBUG: p.defaultGODEBUG ?? STR, Stale: p.stale ?? false,
    StaleReason: p.staleReason ?? STR, GoFiles: strs(p.goFiles), CgoFiles: strs(p.cgoFiles),
    CompiledGoFiles: strs(x.compiledGoFiles), IgnoredGoFiles: strs(p.ignoredGoFiles), InvalidGoFiles: strs(p.invalidGoFiles),
    IgnoredOtherFiles: strs(p.ignoredOtherFiles), CFiles: strs(p.cFiles), CXXFiles: strs(p.cxxFiles), MFiles: strs(p.mFiles),
    HFiles: strs(p.hFiles), FFiles: strs(p.fFiles), SFiles: strs(p.sFiles), SwigFiles: strs(p.swigFiles),
    SwigCXXFiles: strs(p.swigCXXFiles), SysoFiles: strs(p.sysoFiles), EmbedPatterns: strs(p.embedPatterns),
    EmbedFiles: strs(p.embedFiles), CgoCFLAGS: strs(p.cgoCFLAGS), CgoCPPFLAGS: strs(p.cgoCPPFLAGS),
    CgoCXXFLAGS: strs(p.cgoCXXFLAGS), CgoFFLAGS: strs(p.cgoFFLAGS), CgoLDFLAGS: strs(p.cgoLDFLAGS),
    CgoPkgConfig: strs(p.cgoPkgConfig), Imports: strs(x.imports ?? p.imports),
    ImportMap: Object.keys(im).length ? new Map(Object.entries(im)) : new GoNil('map[string]string'),
    Deps: strs(x.deps), Error: packageErrorStruct(p.error),
    DepsErrors: x.depsErrors && x.depsErrors.length ? x.depsErrors.map((e) => packageErrorStruct(e)) : new GoNil('[]*load.PackageError'),
    TestGoFiles: strs(p.testGoFiles), TestImports: strs(x.testImports ?? p.testImports),
    TestEmbedPatterns: strs(p.testEmbedPatterns), TestEmbedFiles: strs(p.testEmbedFiles),
    XTestGoFiles: strs(p.xTestGoFiles), XTestImports: strs(x.xTestImports ?? p.xTestImports),
    XTestEmbedPatterns: strs(p.xTestEmbedPatterns), XTestEmbedFiles: strs(p.xTestEmbedFiles),
  };
  return new GoStruct('load.PackagePublic', new Map(PACKAGE_FIELDS.map(([n]) => [n, v[n]])));
}

/** The Root go list shows for p (GOROOT packages: the GOROOT itself, not its src directory). */
function packageRoot(p: Package, x: ListExtras): string {
  return x.root ?? (p.goroot && p.root ? p.root.replace(/[/\\]src([/\\]cmd)?$/, '') : p.root ?? STR);
}

/**
 * JSON text of the module values seen so far, by value: every package of a module shows the same Module
 * (list -deps -json over a large module writes ~1000 packages from ~30 modules).
 */
const moduleJSONMemo = new WeakMap<object, string>();

function moduleJSON(v: GoStruct | GoNil): string {
  let s = moduleJSONMemo.get(v);
  if (s === undefined) {
    const w = { s: '' };
    writeJSON(w, v, '\t');
    s = w.s;
    moduleJSONMemo.set(v, s);
  }
  return s;
}

/** moduleStruct's value per ModuleInfo, so that moduleJSON's memo finds it again. */
const moduleStructMemo = new WeakMap<ModuleInfo, GoStruct>();

/**
 * json.MarshalIndent(packageStruct(p, x), "", "\t"), written straight from the package: the same fields in
 * the same order with the same omitempty rules, without building the template value (a Map of 58 fields
 * and a copy of every list, per package). keep filters fields (-json=A,B).
 */
export function packageJSON(p: Package, x: ListExtras = {}, keep?: (field: string) => boolean): string {
  const w = { s: '' };
  let first = true;
  // Field names are plain ASCII identifiers: no quoting needed.
  const head = (k: string): boolean => {
    if (keep && !keep(k)) return false;
    w.s += (first ? '{\n\t"' : ',\n\t"') + k + '": ';
    first = false;
    return true;
  };
  const str = (k: string, v: string | undefined): void => { if (v && head(k)) w.s += jsonString(v); };
  const bool = (k: string, v: boolean | undefined): void => { if (v && head(k)) w.s += 'true'; };
  const list = (k: string, v: readonly string[] | undefined): void => { if (v && v.length > 0 && head(k)) writeJSON(w, v, '\t'); };
  str('Dir', p.dir); str('ImportPath', x.importPath ?? p.importPath); str('ImportComment', p.importComment);
  str('Name', p.name); str('Doc', x.doc); str('Target', p.target); str('Shlib', p.shlib); str('Root', packageRoot(p, x));
  str('ConflictDir', p.conflictDir); str('ForTest', x.forTest); str('Export', x.export); str('BuildID', x.buildID);
  if (x.module !== undefined || p.module !== undefined) {
    let m = x.module;
    if (m === undefined) {
      const info = p.module!;
      let ms = moduleStructMemo.get(info);
      if (ms === undefined) { ms = moduleStruct(info) as GoStruct; moduleStructMemo.set(info, ms); }
      m = ms;
    }
    if (!(m instanceof GoNil) && head('Module')) w.s += moduleJSON(m);
  }
  list('Match', p.match); bool('Goroot', p.goroot); bool('Standard', p.standard); bool('DepOnly', x.depOnly);
  bool('BinaryOnly', p.binaryOnly); bool('Incomplete', p.incomplete); str('DefaultGODEBUG', p.defaultGODEBUG);
  bool('Stale', p.stale); str('StaleReason', p.staleReason); list('GoFiles', p.goFiles); list('CgoFiles', p.cgoFiles);
  list('CompiledGoFiles', x.compiledGoFiles); list('IgnoredGoFiles', p.ignoredGoFiles);
  list('InvalidGoFiles', p.invalidGoFiles); list('IgnoredOtherFiles', p.ignoredOtherFiles); list('CFiles', p.cFiles);
  list('CXXFiles', p.cxxFiles); list('MFiles', p.mFiles); list('HFiles', p.hFiles); list('FFiles', p.fFiles);
  list('SFiles', p.sFiles); list('SwigFiles', p.swigFiles); list('SwigCXXFiles', p.swigCXXFiles);
  list('SysoFiles', p.sysoFiles); list('EmbedPatterns', p.embedPatterns); list('EmbedFiles', p.embedFiles);
  list('CgoCFLAGS', p.cgoCFLAGS); list('CgoCPPFLAGS', p.cgoCPPFLAGS); list('CgoCXXFLAGS', p.cgoCXXFLAGS);
  list('CgoFFLAGS', p.cgoFFLAGS); list('CgoLDFLAGS', p.cgoLDFLAGS); list('CgoPkgConfig', p.cgoPkgConfig);
  list('Imports', x.imports ?? p.imports);
  const im = x.importMap ?? p.importMap;
  if (Object.keys(im).length > 0 && head('ImportMap')) writeJSON(w, new Map(Object.entries(im)), '\t');
  list('Deps', x.deps);
  if (p.error && head('Error')) writeJSON(w, packageErrorStruct(p.error), '\t');
  if (x.depsErrors && x.depsErrors.length > 0 && head('DepsErrors')) writeJSON(w, x.depsErrors.map((e) => packageErrorStruct(e)), '\t');
  list('TestGoFiles', p.testGoFiles); list('TestImports', x.testImports ?? p.testImports);
  list('TestEmbedPatterns', p.testEmbedPatterns); list('TestEmbedFiles', p.testEmbedFiles);
  list('XTestGoFiles', p.xTestGoFiles); list('XTestImports', x.xTestImports ?? p.xTestImports);
  list('XTestEmbedPatterns', p.xTestEmbedPatterns); list('XTestEmbedFiles', p.xTestEmbedFiles);
  w.s += first ? '{}' : '\n}';
  return w.s;
}

/** Structs whose fields are not omitempty in go's JSON. */
const NO_OMITEMPTY = new Set(['load.PackageError', 'modinfo.ModuleError']);

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v instanceof GoNil) return true;
  if (v === '' || v === false || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (v instanceof Map) return v.size === 0;
  return false;
}

/** A character jsonString escapes, or a surrogate (a lone one is written as is, by the slow path). */
const NEEDS_ESCAPE = /["\\\x00-\x1f<>&\u2028\u2029\ud800-\udfff]/;

/** encoding/json's string quoting (HTML-safe: <, >, & and U+2028/2029 escaped). */
export function jsonString(s: string): string {
  // Most strings (paths, names) need no escape: one regexp test instead of a concatenation per character.
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

/** json.MarshalIndent(v, "", "\t") of a template value; keep(name) filters top-level fields (-json=A,B). */
export function marshalIndent(v: unknown, indent = '', keep?: (field: string) => boolean): string {
  const w = { s: '' };
  writeJSON(w, v, indent, keep);
  return w.s;
}

/**
 * marshalIndent's encoder, appending to w.s: one string grown in place rather than a joined array per
 * array, map and struct (list -deps -json over a large module encodes ~100k strings, most of them Deps).
 */
function writeJSON(w: { s: string }, v: unknown, indent: string, keep?: (field: string) => boolean): void {
  if (v === null || v === undefined || v instanceof GoNil) { w.s += 'null'; return; }
  if (typeof v === 'string') { w.s += jsonString(v); return; }
  if (typeof v === 'number' || typeof v === 'boolean') { w.s += String(v); return; }
  const ni = indent + '\t';
  if (Array.isArray(v)) {
    if (v.length === 0) { w.s += '[]'; return; }
    if (v.every((e) => typeof e === 'string' && !NEEDS_ESCAPE.test(e))) {
      // A list of plain strings (file names, import paths, Deps) as one joined string.
      w.s += '[\n' + ni + '"' + v.join('",\n' + ni + '"') + '"\n' + indent + ']';
      return;
    }
    w.s += '[\n';
    for (let i = 0; i < v.length; i++) {
      w.s += ni;
      const e: unknown = v[i];
      if (typeof e === 'string') w.s += jsonString(e);
      else writeJSON(w, e, ni);
      w.s += i < v.length - 1 ? ',\n' : '\n';
    }
    w.s += indent + ']';
    return;
  }
  if (v instanceof Map) {
    if (v.size === 0) { w.s += '{}'; return; }
    const keys = [...v.keys()].sort();
    w.s += '{\n';
    keys.forEach((k, i) => {
      w.s += ni + jsonString(k) + ': ';
      writeJSON(w, v.get(k), ni);
      w.s += i < keys.length - 1 ? ',\n' : '\n';
    });
    w.s += indent + '}';
    return;
  }
  if (v instanceof GoStruct) {
    const omit = !NO_OMITEMPTY.has(v.typeName);
    let first = true;
    for (const [k, x] of v.fields) {
      if (keep && !keep(k)) continue;
      if (v.typeName === 'load.PackageError' && k === 'IsImportCycle') continue;
      if (omit && isEmpty(x)) continue;
      w.s += (first ? '{\n' : ',\n') + ni + jsonString(k) + ': ';
      first = false;
      writeJSON(w, x, ni);
    }
    w.s += first ? '{}' : '\n' + indent + '}';
    return;
  }
  w.s += 'null';
}

/**
 * The synopsis of the package comment of the first non-test Go file that has one (go/build's Doc): from
 * what the scan recorded (p.internal.fileDocs), else by reading the file.
 */
export function packageDoc(p: Package): string {
  const files = [...p.goFiles, ...p.cgoFiles, ...p.invalidGoFiles].filter((f, i, a) => a.indexOf(f) === i).sort();
  const known = p.internal.fileDocs;
  for (const f of files) {
    const k = known?.get(f);
    if (k === null) continue;
    if (k !== undefined) return k;
    const text = fileDoc(join(p.dir, f));
    if (text !== undefined && text !== '') return synopsis(text);
  }
  return '';
}

/**
 * The synopsis of a Go file's package doc comment, or null when it has none (or an empty one), given the
 * file's head (all of it unless truncated: bytes, or bytes held as a latin1 string); reads the whole file
 * only when the head ends too soon. Undefined when the file cannot be read.
 */
export function fileDocSynopsis(file: string, head: Buffer | string, truncated: boolean): string | null | undefined {
  const src = typeof head === 'string' ? latin1AsUTF8(head) : head.toString('utf8');
  let text: string | undefined | typeof MORE = truncated ? docComment(src, false) : docComment(src);
  if (text === MORE) {
    try {
      text = docComment(readFileSync(file, 'utf8'));
    } catch {
      return undefined;
    }
  }
  return text === undefined || text === '' ? null : synopsis(text);
}

/**
 * Bytes held as a latin1 string, decoded as UTF-8. Nearly every Go file is ASCII, which reads the same
 * either way: the package index's scan then skips a Buffer copy and a decode of every file's head.
 */
function latin1AsUTF8(s: string): string {
  return NON_ASCII.test(s) ? Buffer.from(s, 'latin1').toString('utf8') : s;
}

const NON_ASCII = /[^\x00-\x7f]/;

/** How much of a file is read first for its doc comment: most package clauses come well before this. */
const DOC_HEAD_BYTES = 8192;

/**
 * A file's package doc comment (see docComment), reading only its head when the package clause is there:
 * `list -json` over hundreds of packages otherwise reads every byte of every file.
 */
function fileDoc(file: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const buf = Buffer.allocUnsafe(DOC_HEAD_BYTES);
    let n = 0;
    for (let r; n < buf.length && (r = readSync(fd, buf, n, buf.length - n, null)) > 0;) n += r;
    if (n < buf.length) return docComment(buf.toString('utf8', 0, n));
    const head = docComment(buf.toString('utf8'), false);
    if (head !== MORE) return head;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
  try {
    return docComment(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** docComment's answer when the text given is a file's head that ends before the scan could decide. */
export const MORE: unique symbol = Symbol('more');

/**
 * The text of the comment group directly above the package clause (go/ast CommentGroup.Text), or undefined.
 * `complete` false: src is only the file's head, and MORE says the answer lies past its end.
 */
export function docComment(src: string): string | undefined;
export function docComment(src: string, complete: false): string | undefined | typeof MORE;
export function docComment(src: string, complete = true): string | undefined | typeof MORE {
  const more = complete ? undefined : MORE;
  // Scan comments and find the package clause; remember the last comment group and where it ended.
  let i = 0;
  let line = 1;
  let group: { lines: string[]; endLine: number } | undefined;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (c === '\n') { line++; i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\ufeff') { i++; continue; }
    if (src.startsWith('//', i)) {
      let e = src.indexOf('\n', i);
      if (e < 0) {
        if (!complete) return more;
        e = n;
      }
      const body = src.slice(i + 2, e);
      if (group && group.endLine >= line - 1) group.lines.push('//' + body);
      else group = { lines: ['//' + body], endLine: line };
      group.endLine = line;
      i = e;
      continue;
    }
    if (src.startsWith('/*', i)) {
      let e = src.indexOf('*/', i + 2);
      if (e < 0) return more;
      e += 2;
      const body = src.slice(i, e);
      const startLine = line;
      line += (body.match(/\n/g) ?? []).length;
      if (group && group.endLine >= startLine - 1) group.lines.push(body);
      else group = { lines: [body], endLine: line };
      group.endLine = line;
      i = e;
      continue;
    }
    if (i + 8 > n && !complete) return more;
    if (src.startsWith('package', i) && /\s/.test(src[i + 7] ?? '')) {
      if (!group || group.endLine < line - 1) return undefined;
      return commentText(group.lines);
    }
    return undefined;
  }
  return more;
}

/** go/ast.CommentGroup.Text: markers removed, directives dropped, blank lines trimmed and collapsed. */
function commentText(comments: string[]): string {
  const lines: string[] = [];
  for (const c0 of comments) {
    let c = c0;
    if (c.startsWith('//')) {
      c = c.slice(2);
      if (/^(go:|line |extern |export |[a-z0-9]+:[a-z0-9])/.test(c)) {
        // directive ("//go:build", "//line", "//export", "//extern", "//tool:directive")
        if (/^(line |extern |export )/.test(c) || /^[a-z0-9]+:[a-z0-9]/.test(c)) continue;
      }
      if (c.startsWith(' ')) c = c.slice(1);
      lines.push(c);
    } else {
      lines.push(...c.slice(2, -2).split('\n'));
    }
  }
  const out = lines.map((l) => l.replace(/[ \t\r]+$/, ''));
  while (out.length && out[0] === '') out.shift();
  while (out.length && out[out.length - 1] === '') out.pop();
  const res: string[] = [];
  for (const l of out) if (!(l === '' && res[res.length - 1] === '')) res.push(l);
  return res.length ? res.join('\n') + '\n' : '';
}

function isUpper(r: string): boolean {
  return r !== '' && r.toUpperCase() === r && r.toLowerCase() !== r;
}

/** go/doc's Synopsis: the first sentence of the first paragraph, on one line; "" for copyright notices. */
export function synopsis(text: string): string {
  let ppp = '', pp = '', p = '';
  let end = text.length;
  let idx = 0;
  for (const q0 of text) {
    const q = q0 === '\n' || q0 === '\r' || q0 === '\t' ? ' ' : q0;
    if (q === ' ' && p === '.' && (!isUpper(pp) || isUpper(ppp))) { end = idx; break; }
    if (p === '。' || p === '．') { end = idx; break; }
    ppp = pp; pp = p; p = q;
    idx += q0.length;
  }
  const s = text.slice(0, end);
  const lower = s.toLowerCase();
  if (['copyright', 'all rights', 'author'].some((x) => lower.startsWith(x))) return '';
  // first paragraph only; a code block or heading is not a synopsis
  const para = s.split(/\n[ \t]*\n/)[0] ?? '';
  const first = para.split('\n')[0] ?? '';
  if (/^[ \t]/.test(first) || /^# /.test(first)) return '';
  return docLinksAsText(para.split('\n').map((l) => l.trim()).filter((l) => l !== '').join(' '))
    .replace(/``/g, '\u201c').replace(/''/g, '\u201d').trim();
}

// go/doc/comment's stdPkgs: the standard packages with one-element paths, which a doc link may name
// bare ([math.Sin]); go/doc's Synopsis knows no imports, so these are the only short names it takes.
const STD_ONE_ELEMENT = new Set(('bufio bytes cmp context crypto embed encoding errors expvar flag fmt hash html image io iter ' +
  'log maps math mime net os path plugin reflect regexp runtime slices sort strconv strings structs sync syscall testing ' +
  'time unicode unique unsafe weak').split(' '));

/** go/doc/comment's isName: a Go identifier starting with an upper-case letter. */
function isDocName(s: string): boolean {
  return /^[\p{L}_][\p{L}_\p{Nd}]*$/u.test(s) && /^\p{Lu}/u.test(s);
}

/** go/doc/comment's splitDocName: "before.Name" → [before, Name, true]; otherwise [text, "", false]. */
function splitDocName(text: string): [string, string, boolean] {
  const i = text.lastIndexOf('.');
  const name = text.slice(i + 1);
  if (!isDocName(name)) return [text, '', false];
  return [i >= 0 ? text.slice(0, i) : '', name, true];
}

/** go/doc/comment's validImportPath. */
function validDocImportPath(path: string): boolean {
  if (path === '' || path[0] === '-' || path.includes('//') || path.endsWith('/')) return false;
  return path.split('/').every((e) => e !== '' && e[0] !== '.' && !e.endsWith('.') && /^[A-Za-z0-9\-._~+]+$/.test(e));
}

/**
 * Whether [text] is a doc link for go/doc's Synopsis (a Package with no symbols or imports): a
 * package path with a slash, or a one-element standard package, optionally with .Name or .Recv.Name,
 * set off by punctuation or space on both sides.
 */
function isSynopsisDocLink(text: string, before: string, after: string): boolean {
  const ok = (r: string | undefined): boolean => r === undefined || /^[\p{P} \t\n]$/u.test(r);
  if (!ok([...before].pop()) || !ok([...after][0])) return false;
  let [pkg, , found] = splitDocName(text.replace(/^\*/, ''));
  if (found) [pkg] = splitDocName(pkg);
  if (pkg === '') return false; // a symbol of this package: Synopsis knows none
  return pkg.includes('/') ? validDocImportPath(pkg) : STD_ONE_ELEMENT.has(pkg);
}

/** go/doc/comment's parseLinkedText as the text printer shows it: a doc link loses its brackets. */
function docLinksAsText(text: string): string {
  let out = '';
  let wrote = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[') start = i;
    else if (c === ']') {
      if (start >= 0 && isSynopsisDocLink(text.slice(start + 1, i), text.slice(0, start), text.slice(i + 1))) {
        out += text.slice(wrote, start) + text.slice(start + 1, i);
        wrote = i + 1;
      }
      start = -1;
    }
  }
  return out + text.slice(wrote);
}
