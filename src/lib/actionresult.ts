// The Bazel remote-execution ActionResult, reduced to what an HTTP cache's /ac/ entry needs to name one output:
// ActionResult{output_files(2): OutputFile{path(1), digest(2): Digest{hash(1), size_bytes(2)}}}.
// Servers such as bazel-remote check that /ac/ bodies are this message, so gocmd writes exactly that.

/** What an /ac/ entry says: the output's sha256 (hex) and size. */
export interface ACOutput {
  hash: string;
  size: number;
}

/** The path gocmd gives its single output file. */
export const AC_OUTPUT_PATH = 'output';

function varint(n: number): number[] {
  const out: number[] = [];
  let v = BigInt(n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return out;
}

function field(num: number, payload: Uint8Array): number[] {
  return [...varint((num << 3) | 2), ...varint(payload.length), ...payload];
}

export function encodeActionResult(o: ACOutput): Uint8Array {
  const digest = [...field(1, new TextEncoder().encode(o.hash)), ...(o.size > 0 ? [2 << 3, ...varint(o.size)] : [])];
  const file = [...field(1, new TextEncoder().encode(AC_OUTPUT_PATH)), ...field(2, Uint8Array.from(digest))];
  return Uint8Array.from(field(2, Uint8Array.from(file)));
}

interface Field {
  num: number;
  wire: number;
  value: bigint | Uint8Array;
}

/** The fields of one message; undefined when the bytes are not well-formed protobuf. */
function fields(b: Uint8Array): Field[] | undefined {
  const out: Field[] = [];
  let i = 0;
  const readVarint = (): bigint | undefined => {
    let v = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (i >= b.length) return undefined;
      const x = b[i++]!;
      v |= BigInt(x & 0x7f) << shift;
      if ((x & 0x80) === 0) return v;
    }
    return undefined;
  };
  while (i < b.length) {
    const key = readVarint();
    if (key === undefined) return undefined;
    const num = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === 0) {
      const v = readVarint();
      if (v === undefined) return undefined;
      out.push({ num, wire, value: v });
    } else if (wire === 2) {
      const n = readVarint();
      if (n === undefined || i + Number(n) > b.length) return undefined;
      out.push({ num, wire, value: b.subarray(i, i + Number(n)) });
      i += Number(n);
    } else if (wire === 1 || wire === 5) {
      const n = wire === 1 ? 8 : 4;
      if (i + n > b.length) return undefined;
      i += n;
    } else return undefined;
  }
  return out;
}

/** The first output file an ActionResult names, or undefined when there is none or the bytes are not one. */
export function decodeActionResult(b: Uint8Array): ACOutput | undefined {
  const top = fields(b);
  const file = top?.find((f) => f.num === 2 && f.wire === 2);
  if (!file) return undefined;
  const ff = fields(file.value as Uint8Array);
  const d = ff?.find((f) => f.num === 2 && f.wire === 2);
  if (!d) return undefined;
  const df = fields(d.value as Uint8Array);
  const hash = df?.find((f) => f.num === 1 && f.wire === 2);
  if (!hash) return undefined;
  const size = df!.find((f) => f.num === 2 && f.wire === 0);
  const h = new TextDecoder().decode(hash.value as Uint8Array);
  if (!/^[0-9a-f]{64}$/.test(h)) return undefined;
  const n = size ? Number(size.value as bigint) : 0;
  if (!Number.isSafeInteger(n) || n < 0) return undefined;
  return { hash: h, size: n };
}

/**
 * decodeActionResult as self-contained source text (it and its parser, which use nothing else), for a worker
 * thread built from a string: it defines a function of decodeActionResult.name.
 */
export function actionResultDecoderSource(): string {
  return `${fields.toString()}\n${decodeActionResult.toString()}\n`;
}
