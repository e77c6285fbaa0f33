// A small line diff for the log of a failed cmp: "-" lines only in the first text, "+" only in the second.

export function lineDiff(name1: string, text1: string, name2: string, text2: string): string {
  const a = splitLines(text1);
  const b = splitLines(text2);
  let head = `diff ${name1} ${name2}\n--- ${name1}\n+++ ${name2}\n`;
  if (a.length * b.length > 4_000_000) {
    return head + a.map((l) => '-' + l).join('') + b.map((l) => '+' + l).join('');
  }
  // Longest common subsequence table, computed from the ends.
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  let out = '';
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out += ' ' + a[i];
      i++;
      j++;
    } else if (j < m && (i >= n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      out += '+' + b[j];
      j++;
    } else {
      out += '-' + a[i];
      i++;
    }
  }
  head += out;
  return head;
}

function splitLines(t: string): string[] {
  if (t === '') return [];
  const lines = t.split(/(?<=\n)/);
  const last = lines[lines.length - 1]!;
  if (!last.endsWith('\n')) lines[lines.length - 1] = last + '\n\\ No newline at end of file\n';
  return lines;
}
