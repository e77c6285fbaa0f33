// Replacing a user's file (go.mod, go.work) whole: readers see the old text or the new, never a half-written
// one, and the file keeps its permission bits.
import { renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';

export function replaceFile(path: string, text: string): void {
  let mode = 0o666;
  try {
    mode = statSync(path).mode & 0o777;
  } catch { /* a new file */ }
  const tmp = `${path}.tmp${process.pid}`;
  try {
    writeFileSync(tmp, text, { mode });
    renameSync(tmp, path);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* never written */ }
    throw e;
  }
}
