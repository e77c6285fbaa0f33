// Typed errors for go.mod / go.work parsing, formatted exactly as the go command prints them.

import { goQuote } from './quote.js';
import type { Position } from './syntax.js';

/** One problem in a file: "file:line: verb path: message" (parts omitted when empty). */
export class ModFileEntryError extends Error {
  readonly filename: string;
  readonly pos: Position | undefined;
  readonly verb: string;
  readonly modPath: string;
  readonly err: Error;

  constructor(opts: { filename?: string; pos?: Position; verb?: string; modPath?: string; err: Error | string }) {
    const err = typeof opts.err === 'string' ? new Error(opts.err) : opts.err;
    const filename = opts.filename ?? '';
    const verb = opts.verb ?? '';
    const modPath = opts.modPath ?? '';
    super(formatEntry(filename, opts.pos, verb, modPath, err.message));
    this.name = 'ModFileEntryError';
    this.filename = filename;
    this.pos = opts.pos;
    this.verb = verb;
    this.modPath = modPath;
    this.err = err;
  }
}

function formatEntry(filename: string, pos: Position | undefined, verb: string, modPath: string, msg: string): string {
  let prefix = '';
  if (pos && pos.lineRune > 1) prefix = `${filename}:${pos.line}:${pos.lineRune}: `;
  else if (pos && pos.line > 0) prefix = `${filename}:${pos.line}: `;
  else if (filename !== '') prefix = `${filename}: `;
  let directive = '';
  if (modPath !== '') directive = `${verb} ${modPath}: `;
  else if (verb !== '') directive = `${verb}: `;
  return prefix + directive + msg;
}

/** The error thrown by the parsers: every problem found, one per line as go prints them. */
export class ModFileError extends Error {
  readonly errors: ModFileEntryError[];

  constructor(errors: ModFileEntryError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'ModFileError';
    this.errors = errors;
  }
}

/** A version that is not acceptable: `version "v1.x" invalid: reason`. */
export class InvalidVersionError extends Error {
  readonly version: string;
  readonly pseudo: boolean;
  readonly err: Error;

  constructor(version: string, err: Error | string, pseudo = false) {
    const e = typeof err === 'string' ? new Error(err) : err;
    super(`${pseudo ? 'pseudo-version' : 'version'} ${goQuote(version)} invalid: ${e.message}`);
    this.name = 'InvalidVersionError';
    this.version = version;
    this.pseudo = pseudo;
    this.err = e;
  }
}

/**
 * An error about a module version thrown by a version fixer; the parser reports its inner `err`
 * prefixed by the directive and module path, as go does for module.ModuleError.
 */
export class ModuleVersionError extends Error {
  readonly path: string;
  readonly version: string;
  readonly err: Error;

  constructor(path: string, version: string, err: Error | string) {
    const e = typeof err === 'string' ? new Error(err) : err;
    let msg: string;
    if (e instanceof InvalidVersionError) {
      msg = `${path}@${e.version}: invalid ${e.pseudo ? 'pseudo-version' : 'version'}: ${e.err.message}`;
    } else if (version !== '') msg = `${path}@${version}: ${e.message}`;
    else msg = `module ${path}: ${e.message}`;
    super(msg);
    this.name = 'ModuleVersionError';
    this.path = path;
    this.version = version;
    this.err = e;
  }
}
