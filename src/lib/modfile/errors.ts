// Typed errors for go.mod / go.work parsing, formatted exactly as the go command prints them.

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

export { InvalidVersionError, ModuleError } from '../module.js';
