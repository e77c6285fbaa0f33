// Go string literal unquoting (strconv.Unquote) for template string and character constants.

const ESC: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' };

/** Unquotes a Go "interpreted" or `raw` string literal; throws Error("invalid syntax") when malformed. */
export function unquoteGo(q: string): string {
  if (q.length >= 2 && q[0] === '`' && q[q.length - 1] === '`') return q.slice(1, -1).replace(/\r/g, '');
  if (q.length < 2 || q[0] !== '"' || q[q.length - 1] !== '"') throw new Error('invalid syntax');
  const s = q.slice(1, -1);
  let out = '';
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length) { out += Buffer.from(bytes).toString('utf8'); bytes = []; }
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"' || c === '\n') throw new Error('invalid syntax');
    if (c !== '\\') { flush(); out += c; continue; }
    const e = s[++i];
    if (e === undefined) throw new Error('invalid syntax');
    if (ESC[e] !== undefined && e !== "'") { flush(); out += ESC[e]; continue; }
    if (e === 'x') {
      const h = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(h)) throw new Error('invalid syntax');
      bytes.push(parseInt(h, 16)); i += 2; continue;
    }
    if (e >= '0' && e <= '7') {
      const o = s.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(o)) throw new Error('invalid syntax');
      bytes.push(parseInt(o, 8)); i += 2; continue;
    }
    if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      const h = s.slice(i + 1, i + 1 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h)) throw new Error('invalid syntax');
      flush(); out += String.fromCodePoint(parseInt(h, 16)); i += n; continue;
    }
    throw new Error('invalid syntax');
  }
  flush();
  return out;
}
