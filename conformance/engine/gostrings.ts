// Go-syntax helpers: strconv.Unquote of a double-quoted string, strings.NewReplacer's
// replacement order, time.ParseDuration, and strconv.ParseUint with base prefix detection.

/** Unquotes the body of a Go double-quoted string literal; throws "invalid syntax" on error. */
export function unquoteGo(body: string): string {
  const bad = (): never => {
    throw new Error('invalid syntax');
  };
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '"' || c === '\n') bad();
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) bad();
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"' };
    if (e! in simple) {
      out += simple[e!];
      continue;
    }
    const hex = (n: number): number => {
      const h = body.slice(i + 1, i + 1 + n);
      if (h.length !== n || !/^[0-9a-fA-F]+$/.test(h)) bad();
      i += n;
      return parseInt(h, 16);
    };
    if (e === 'x') out += String.fromCharCode(hex(2));
    else if (e === 'u') out += String.fromCodePoint(hex(4));
    else if (e === 'U') {
      const v = hex(8);
      if (v > 0x10ffff) bad();
      out += String.fromCodePoint(v);
    } else if (e! >= '0' && e! <= '7') {
      const o = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(o)) bad();
      const v = parseInt(o, 8);
      if (v > 255) bad();
      out += String.fromCharCode(v);
      i += 2;
    } else bad();
  }
  return out;
}

/** Replaces like strings.NewReplacer(oldNew...).Replace: leftmost, earlier pairs first, no overlaps. */
export function replaceAllPairs(text: string, oldNew: string[]): string {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < oldNew.length; i += 2) pairs.push([oldNew[i]!, oldNew[i + 1]!]);
  let out = '';
  let i = 0;
  while (i <= text.length) {
    let matched = false;
    for (const [o, n] of pairs) {
      if (text.startsWith(o, i)) {
        out += n;
        if (o.length === 0) {
          if (i < text.length) out += text[i];
          i++;
        } else {
          i += o.length;
        }
        matched = true;
        break;
      }
    }
    if (!matched) {
      if (i < text.length) out += text[i];
      i++;
    }
  }
  return out;
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };

/** Parses a Go duration ("1.5s", "100ms", "2m30s") into milliseconds. */
export function parseDuration(s: string): number {
  const orig = s;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw new Error(`time: invalid duration "${orig}"`);
  let total = 0;
  const re = /^([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)/;
  while (s !== '') {
    const m = re.exec(s);
    if (!m || m[1] === '' || m[1] === '.') {
      throw new Error(/^[0-9.]+$/.test(s) ? `time: missing unit in duration "${orig}"` : `time: invalid duration "${orig}"`);
    }
    total += parseFloat(m[1]!) * UNIT_MS[m[2]!]!;
    s = s.slice(m[0].length);
  }
  return sign * total;
}

/** strconv.ParseUint(s, 0, 32): "0x", "0o", "0b" and a leading "0" choose the base. */
export function parseUintBase0(s: string): number | null {
  const t = s.replaceAll('_', '');
  let m: RegExpExecArray | null;
  if ((m = /^0[xX]([0-9a-fA-F]+)$/.exec(t))) return parseInt(m[1]!, 16);
  if ((m = /^0[oO]([0-7]+)$/.exec(t))) return parseInt(m[1]!, 8);
  if ((m = /^0[bB]([01]+)$/.exec(t))) return parseInt(m[1]!, 2);
  if (/^0[0-7]*$/.test(t)) return parseInt(t, 8);
  if (/^[1-9][0-9]*$/.test(t)) return parseInt(t, 10);
  return null;
}
