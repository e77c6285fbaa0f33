// Line diffs in go's unified format (internal/diff: anchored on lines unique to both sides, 3 lines of context).

/** A position in both texts: line x of the old one, line y of the new one. */
interface Pos { x: number; y: number }

/** The text's lines with their newlines; a last line without one is marked as diff marks it. */
function splitLines(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const j = s.indexOf('\n', i);
    if (j < 0) {
      out.push(s.slice(i) + '\n\\ No newline at end of file\n');
      break;
    }
    out.push(s.slice(i, j + 1));
    i = j + 1;
  }
  return out;
}

/**
 * The anchors: pairs of lines that occur exactly once in each text, the longest run of them in
 * the same order on both sides (a longest increasing subsequence), between sentinels at both ends.
 */
function anchors(x: string[], y: string[]): Pos[] {
  const countX = new Map<string, number>();
  for (const s of x) countX.set(s, (countX.get(s) ?? 0) + 1);
  const countY = new Map<string, number>();
  for (const s of y) countY.set(s, (countY.get(s) ?? 0) + 1);
  // Unique lines, numbered in the order they appear in y.
  const rankInY = new Map<string, number>();
  const yLine: number[] = [];
  y.forEach((s, i) => {
    if (countX.get(s) === 1 && countY.get(s) === 1) {
      rankInY.set(s, yLine.length);
      yLine.push(i);
    }
  });
  const xLine: number[] = [];
  const rank: number[] = [];
  x.forEach((s, i) => {
    const r = rankInY.get(s);
    if (r !== undefined) {
      xLine.push(i);
      rank.push(r);
    }
  });
  // Patience-style LIS: tails[k] is the smallest rank ending an increasing run of length k+1.
  const n = rank.length;
  const tails: number[] = [];
  const level: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const r = rank[i]!;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid]! >= r) hi = mid;
      else lo = mid + 1;
    }
    tails[lo] = r;
    level[i] = lo + 1;
  }
  let k = tails.length;
  const seq: Pos[] = new Array<Pos>(k + 2);
  seq[k + 1] = { x: x.length, y: y.length };
  // From the end: at each level the last entry of that level below the one chosen above it.
  for (let i = n - 1; i >= 0 && k > 0; i--) {
    if (level[i] === k) {
      seq[k] = { x: xLine[i]!, y: yLine[rank[i]!]! };
      k--;
    }
  }
  seq[0] = { x: 0, y: 0 };
  return seq;
}

/**
 * The unified diff go prints (go mod tidy -diff, gofmt -d): "" when the texts are equal,
 * else a "diff old new" header, "---"/"+++" lines and hunks with 3 lines of context.
 */
export function unifiedDiff(oldName: string, oldText: string, newName: string, newText: string): string {
  if (oldText === newText) return '';
  const x = splitLines(oldText);
  const y = splitLines(newText);
  let out = `diff ${oldName} ${newName}\n--- ${oldName}\n+++ ${newName}\n`;
  const C = 3;
  let done: Pos = { x: 0, y: 0 };
  let hunk: Pos = { x: 0, y: 0 };
  let count: Pos = { x: 0, y: 0 };
  let text: string[] = [];
  const context = (from: number, to: number): void => {
    for (let i = from; i < to; i++) text.push(' ' + x[i]!);
    count = { x: count.x + (to - from), y: count.y + (to - from) };
  };
  for (const a of anchors(x, y)) {
    if (a.x < done.x) continue;
    // Grow the match around the anchor both ways.
    const start = { ...a };
    while (start.x > done.x && start.y > done.y && x[start.x - 1] === y[start.y - 1]) {
      start.x--;
      start.y--;
    }
    const end = { ...a };
    while (end.x < x.length && end.y < y.length && x[end.x] === y[end.y]) {
      end.x++;
      end.y++;
    }
    for (let i = done.x; i < start.x; i++) text.push('-' + x[i]!);
    count.x += start.x - done.x;
    for (let i = done.y; i < start.y; i++) text.push('+' + y[i]!);
    count.y += start.y - done.y;
    const atEnd = end.x >= x.length && end.y >= y.length;
    const matched = end.x - start.x;
    // A short match inside the text joins the hunk around it.
    if (!atEnd && (matched < C || (text.length > 0 && matched < 2 * C))) {
      context(start.x, end.x);
      done = end;
      continue;
    }
    if (text.length > 0) {
      const n = Math.min(matched, C);
      context(start.x, start.x + n);
      done = { x: start.x + n, y: start.y + n };
      const hx = count.x > 0 ? hunk.x + 1 : hunk.x;
      const hy = count.y > 0 ? hunk.y + 1 : hunk.y;
      out += `@@ -${hx},${count.x} +${hy},${count.y} @@\n` + text.join('');
      count = { x: 0, y: 0 };
      text = [];
    }
    if (atEnd) break;
    hunk = { x: end.x - C, y: end.y - C };
    context(hunk.x, end.x);
    done = end;
  }
  return out;
}
