// The #cgo directives of a cgo preamble: CFLAGS/CPPFLAGS/CXXFLAGS/FFLAGS/LDFLAGS/pkg-config (go/build's saveCgo).
import { isAbsolute, join } from 'node:path';
import { parseConstraint } from '../lib/constraint.js';
import { evalConstraint, type BuildContext } from './context.js';

export interface CgoFlags {
  cgoCFLAGS: string[];
  cgoCPPFLAGS: string[];
  cgoCXXFLAGS: string[];
  cgoFFLAGS: string[];
  cgoLDFLAGS: string[];
  cgoPkgConfig: string[];
}

export function emptyCgoFlags(): CgoFlags {
  return { cgoCFLAGS: [], cgoCPPFLAGS: [], cgoCXXFLAGS: [], cgoFFLAGS: [], cgoLDFLAGS: [], cgoPkgConfig: [] };
}

const SAFE = '+-.,/0123456789=ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz:$@%! ~^';

export function safeCgoName(s: string): boolean {
  if (s === '') return false;
  for (const c of s) if (c.charCodeAt(0) < 0x80 && !SAFE.includes(c)) return false;
  return true;
}

/** Splits a #cgo argument string with go's quoting rules; throws Error("unclosed quote"/"unfinished escaping"). */
export function splitQuoted(s: string): string[] {
  const args: string[] = [];
  let arg = '';
  let escaped = false;
  let quoted = false;
  let quote = '';
  for (const r of s) {
    if (escaped) {
      escaped = false;
    } else if (r === '\\') {
      escaped = true;
      continue;
    } else if (quote !== '') {
      if (r === quote) { quote = ''; continue; }
    } else if (r === '"' || r === "'") {
      quoted = true;
      quote = r;
      continue;
    } else if (/\s/u.test(r)) {
      if (quoted || arg.length > 0) {
        quoted = false;
        args.push(arg);
        arg = '';
      }
      continue;
    }
    arg += r;
  }
  if (quoted || arg.length > 0) args.push(arg);
  if (quote !== '') throw new Error('unclosed quote');
  if (escaped) throw new Error('unfinished escaping');
  return args;
}

export function expandSrcDir(str: string, srcdir: string): { value: string; ok: boolean } {
  const chunks = str.split('${SRCDIR}');
  if (chunks.length < 2) return { value: str, ok: safeCgoName(str) };
  let ok = chunks.every((c) => c === '' || safeCgoName(c));
  ok = ok && (srcdir === '' || safeCgoName(srcdir));
  const value = chunks.join(srcdir);
  return { value, ok: ok && value !== '' };
}

function makePathsAbsolute(args: string[], srcDir: string): void {
  let nextPath = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (nextPath) {
      if (!isAbsolute(arg)) args[i] = join(srcDir, arg);
      nextPath = false;
    } else if (arg.startsWith('-I') || arg.startsWith('-L')) {
      if (arg.length === 2) nextPath = true;
      else if (!isAbsolute(arg.slice(2))) args[i] = arg.slice(0, 2) + join(srcDir, arg.slice(2));
    }
  }
}

function matchAuto(ctxt: BuildContext, text: string): boolean {
  const line = /[&|()]/.test(text) ? '//go:build ' + text : '// +build ' + text;
  try {
    return evalConstraint(ctxt, parseConstraint(line));
  } catch {
    return false;
  }
}

/**
 * Applies the #cgo lines of a preamble (CommentGroup text) to flags. `filename` is the file's full path.
 * Throws Error with go's message for malformed lines.
 */
export function saveCgo(ctxt: BuildContext, filename: string, dir: string, text: string, flags: CgoFlags): void {
  for (const orig of text.split('\n')) {
    let line = orig.trim();
    if (line.length < 5 || !line.startsWith('#cgo') || (line[4] !== ' ' && line[4] !== '\t')) continue;
    const fields = line.split(/\s+/).filter((f) => f !== '');
    if (fields.length === 3 && (fields[1] === 'nocallback' || fields[1] === 'noescape')) continue;
    line = line.slice(4).trim();
    const colon = line.indexOf(':');
    if (colon < 0) throw new Error(`${filename}: invalid #cgo line: ${orig}`);
    const argstr = line.slice(colon + 1);
    const f = line.slice(0, colon).split(/\s+/).filter((x) => x !== '');
    if (f.length < 1) throw new Error(`${filename}: invalid #cgo line: ${orig}`);
    const cond = f.slice(0, -1);
    const verb = f[f.length - 1]!;
    if (cond.length > 0 && !cond.some((c) => matchAuto(ctxt, c))) continue;
    let args: string[];
    try {
      args = splitQuoted(argstr);
    } catch {
      throw new Error(`${filename}: invalid #cgo line: ${orig}`);
    }
    for (let i = 0; i < args.length; i++) {
      const { value, ok } = expandSrcDir(args[i]!, dir);
      if (!ok) throw new Error(`${filename}: malformed #cgo argument: ${value}`);
      args[i] = value;
    }
    if (['CFLAGS', 'CPPFLAGS', 'CXXFLAGS', 'FFLAGS', 'LDFLAGS'].includes(verb)) makePathsAbsolute(args, dir);
    switch (verb) {
      case 'CFLAGS': flags.cgoCFLAGS.push(...args); break;
      case 'CPPFLAGS': flags.cgoCPPFLAGS.push(...args); break;
      case 'CXXFLAGS': flags.cgoCXXFLAGS.push(...args); break;
      case 'FFLAGS': flags.cgoFFLAGS.push(...args); break;
      case 'LDFLAGS': flags.cgoLDFLAGS.push(...args); break;
      case 'pkg-config': flags.cgoPkgConfig.push(...args); break;
      default: throw new Error(`${filename}: invalid #cgo verb: ${orig}`);
    }
  }
}
