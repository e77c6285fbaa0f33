// The action-entry ("<actionID>-a") text format go writes: "v1 <id> <out> <size %20d> <unixnano %20d>\n".

export const HEX_SIZE = 64;
/** Length of a well-formed entry line, newline included. */
export const ENTRY_SIZE = 2 + 1 + HEX_SIZE + 1 + HEX_SIZE + 1 + 20 + 1 + 20 + 1;

export interface CacheEntry {
  outputID: Buffer;
  size: number;
  /** When the entry was written, in nanoseconds since the Unix epoch. */
  timeNs: bigint;
}

/** Formats an entry exactly as go's putIndexEntry does. */
export function formatEntry(id: Uint8Array, out: Uint8Array, size: number, timeNs: bigint): string {
  const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
  return `v1 ${hex(id)} ${hex(out)} ${String(size).padStart(20, ' ')} ${timeNs.toString().padStart(20, ' ')}\n`;
}

/** Why an entry file was rejected (go's entryNotFoundError reasons). */
export class EntryNotFoundError extends Error {
  constructor(readonly reason?: string) {
    super(reason === undefined ? 'cache entry not found' : `cache entry not found: ${reason}`);
    this.name = 'EntryNotFoundError';
  }
}

const isHex = (s: string): boolean => /^[0-9a-f]*$/i.test(s) && s.length % 2 === 0;

/** Parses leading-space-padded decimal as go does (strip leading spaces, then ParseInt). */
function parsePadded(field: string): bigint | undefined {
  const t = field.replace(/^ +/, '');
  if (!/^[+-]?[0-9]+$/.test(t)) return undefined;
  return BigInt(t);
}

/**
 * Parses and validates the bytes of an entry file for action `id`. Returns the entry, or an
 * EntryNotFoundError whose reason matches go's for the same defect.
 */
export function parseEntry(data: Uint8Array, id: Uint8Array): CacheEntry | EntryNotFoundError {
  if (data.length === 0) return new EntryNotFoundError('file is empty');
  if (data.length > ENTRY_SIZE) return new EntryNotFoundError('too long');
  if (data.length < ENTRY_SIZE) return new EntryNotFoundError('entry file incomplete');
  const s = Buffer.from(data).toString('latin1');
  const sp = (i: number): boolean => s[i] === ' ';
  if (s[0] !== 'v' || s[1] !== '1' || !sp(2) || !sp(3 + HEX_SIZE) || !sp(3 + HEX_SIZE + 1 + HEX_SIZE) ||
      !sp(3 + HEX_SIZE + 1 + HEX_SIZE + 1 + 20) || s[ENTRY_SIZE - 1] !== '\n') {
    return new EntryNotFoundError('invalid header');
  }
  const eid = s.slice(3, 3 + HEX_SIZE);
  const eout = s.slice(4 + HEX_SIZE, 4 + 2 * HEX_SIZE);
  const esize = s.slice(5 + 2 * HEX_SIZE, 25 + 2 * HEX_SIZE);
  const etime = s.slice(26 + 2 * HEX_SIZE, 46 + 2 * HEX_SIZE);
  if (!isHex(eid)) return new EntryNotFoundError('decoding ID: encoding/hex: invalid byte');
  if (eid.toLowerCase() !== Buffer.from(id).toString('hex')) return new EntryNotFoundError('mismatched ID');
  if (!isHex(eout)) return new EntryNotFoundError('decoding output ID: encoding/hex: invalid byte');
  const size = parsePadded(esize);
  if (size === undefined) return new EntryNotFoundError(`parsing size: strconv.ParseInt: parsing "${esize.replace(/^ +/, '')}": invalid syntax`);
  if (size < 0n) return new EntryNotFoundError('negative size');
  const tm = parsePadded(etime);
  if (tm === undefined) return new EntryNotFoundError(`parsing timestamp: strconv.ParseInt: parsing "${etime.replace(/^ +/, '')}": invalid syntax`);
  if (tm < 0n) return new EntryNotFoundError('negative timestamp');
  return { outputID: Buffer.from(eout, 'hex'), size: Number(size), timeNs: tm };
}
