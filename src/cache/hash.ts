// CacheHash: go's salted sha256 for action IDs, subkeys, and GODEBUG=gocachehash=1 tracing, byte-identical to go.
import { createHash, type Hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDebug } from './godebug.js';
import { goQuote } from '../lib/goquote.js';

export const HASH_SIZE = 32;

/** Where debug lines go (stderr unless a test captures them). */
let debugSink: (line: string) => void = (line) => process.stderr.write(line);
export function setHashDebugSink(f: (line: string) => void): void {
  debugSink = f;
}
function debug(line: string): void {
  // An action ID hashed again for GOCMD_EXPLAIN was traced the first time.
  if (capture !== undefined) return;
  debugSink(line + '\n');
}

/** Strips a " X:..." or "-X:..." GOEXPERIMENT suffix from a version string, as go does for its salt. */
export function stripExperiment(version: string): string {
  let i = version.indexOf(' X:');
  if (i >= 0) return version.slice(0, i);
  i = version.indexOf('-X:');
  if (i >= 0) return version.slice(0, i);
  return version;
}

/** Reads the toolchain version ("go1.26.8") from $GOROOT/VERSION's first line. */
export function goVersionFromGOROOT(goroot: string): string {
  const text = readFileSync(join(goroot, 'VERSION'), 'utf8');
  return text.split('\n')[0]!.trim();
}

let salt: Buffer | undefined;

/**
 * Sets the salt prefixed to every CacheHash: the toolchain's version string (runtime.Version() of the go
 * command being imitated), so gocmd and that go share action IDs. Call once at startup with cfg's GOROOT.
 */
export function setHashSalt(version: string): void {
  salt = Buffer.from(stripExperiment(version), 'utf8');
}

/** The current salt; defaults to $GOROOT/VERSION (GOROOT from the environment, else /usr/local/go). */
export function hashSalt(): Buffer {
  if (salt === undefined) {
    const goroot = process.env['GOROOT'] || '/usr/local/go';
    let v = '';
    try {
      v = goVersionFromGOROOT(goroot);
    } catch {
      // No readable VERSION: an unsalted hash still works, it just won't share entries with go.
    }
    setHashSalt(v);
  }
  return salt!;
}

export const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** A running action-ID hash: sha256(salt || writes...). */
export class CacheHash {
  private readonly h: Hash = createHash('sha256');
  private readonly debugOn: boolean;
  private readonly buf: Buffer[] | undefined;
  /** The text written, kept for captureHashInputs (GOCMD_EXPLAIN); undefined otherwise. */
  private readonly captured: string[] | undefined;

  constructor(readonly name: string) {
    const d = cacheDebug();
    this.debugOn = d.hash;
    if (this.debugOn) debug(`HASH[${name}]`);
    this.buf = d.verify ? [] : undefined;
    if (capture !== undefined && capture.parts === undefined) {
      // The salt is the toolchain's version: kept as a line of its own, as the inputs' first.
      capture.parts = [`toolchain ${hashSalt().toString('utf8')}\n`];
      this.captured = capture.parts;
    }
    this.write(hashSalt());
  }

  /**
   * Strings written since the last flush, hashed together: an action ID is ~30 short lines, and one
   * update per line (with a Buffer each) cost more than the hashing. Only when no debug mode needs each write.
   */
  private pending = '';

  private flush(): void {
    if (this.pending === '') return;
    this.h.update(this.pending, 'utf8');
    this.pending = '';
  }

  /** Adds bytes (strings as UTF-8). */
  write(b: string | Uint8Array): this {
    if (typeof b === 'string' && !this.debugOn && this.buf === undefined) {
      this.pending += b;
      this.captured?.push(b);
      return this;
    }
    if (this.captured && typeof b === 'string') this.captured.push(b);
    this.flush();
    const data = typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
    if (this.debugOn) debug(`HASH[${this.name}]: ${goQuote(data)}`);
    this.buf?.push(Buffer.from(data));
    this.h.update(data);
    return this;
  }

  /** fmt.Fprintf(h, format...) equivalent: callers pre-format; kept for readability at call sites. */
  writeLine(s: string): this {
    return this.write(s + '\n');
  }

  /** The final 32-byte ID. May be called once. */
  /** The hash of everything written so far; writing may go on afterwards (go's gccCompilerID does). */
  sum(): Buffer {
    this.flush();
    const out = this.h.copy().digest();
    if (this.debugOn) debug(`HASH[${this.name}]: ${toHex(out)}`);
    if (this.buf !== undefined) reverseHashes.set(toHex(out), Buffer.concat(this.buf).toString('latin1'));
    return out;
  }
}

/** While captureHashInputs runs: the first CacheHash made records its text here (later ones are nested, e.g. a C compiler's ID). */
let capture: { parts: string[] | undefined } | undefined;

/**
 * Runs f (which computes one action ID) and returns its result with the text that action ID hashed, the salt
 * as a first "toolchain" line: what GOCMD_EXPLAIN records and compares. Only for actions whose lookup missed;
 * the hashes of every other action keep no text.
 */
export function captureHashInputs<T>(f: () => T): { result: T; inputs: string } {
  const outer = capture;
  capture = { parts: undefined };
  const mine = capture;
  try {
    const result = f();
    return { result, inputs: (mine.parts ?? []).join('') };
  } finally {
    capture = outer;
  }
}

/** In gocacheverify mode, the input behind each computed ID (for the verify-failure message). */
const reverseHashes = new Map<string, string>();

/** Forgets the salt and the hash inputs kept for GODEBUG=gocacheverify (resident server: per request). */
export function forgetHashState(): void {
  salt = undefined;
  reverseHashes.clear();
}
export function reverseHash(id: Uint8Array): string {
  return reverseHashes.get(toHex(id)) ?? '';
}

/** cache.Subkey: sha256("subkey:" || parent || desc), unsalted. */
export function subkey(parent: Uint8Array, desc: string): Buffer {
  const out = createHash('sha256').update('subkey:').update(parent).update(desc, 'utf8').digest();
  if (cacheDebug().hash) debug(`HASH subkey ${toHex(parent)} ${goQuote(desc)} = ${toHex(out)}`);
  if (cacheDebug().verify) reverseHashes.set(toHex(out), `subkey ${toHex(parent)} ${goQuote(desc)}`);
  return out;
}

/** Emits go's "HASH file: %x" / "HASH file: err" trace line for file hashes. */
export function debugFileHash(file: string, result: Uint8Array | string): void {
  if (!cacheDebug().hash) return;
  debug(`HASH ${file}: ${typeof result === 'string' ? result : toHex(result)}`);
}
