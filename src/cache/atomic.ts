// Atomic file writes for the cache: write a uniquely named temp file beside the target, then rename over it.
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Suffix marking our temp files; never ends in "-a"/"-d", so go's trim ignores them and ours ages them out. */
export const TEMP_MARK = '.gocmdtmp-';

let tempSeq = 0;

/**
 * A fresh temporary name beside target (or in tmpDir, which must be on the same file system): the pid and a per-process counter make it unique among the
 * processes of one machine, the random part among machines (or pid namespaces) sharing the directory.
 * Not crypto.randomBytes: its per-call cost showed in cold builds' profiles.
 */
export function tempNameFor(target: string, tmpDir = dirname(target)): string {
  const rnd = Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return join(tmpDir, `${basename(target)}${TEMP_MARK}${process.pid}-${++tempSeq}-${rnd}`);
}

/**
 * Writes `chunks` (produced lazily by `fill`) to a temp file next to `target` with `mode`, then renames it
 * into place. `fill` receives a write function; if it throws, the temp file is removed and the error rethrown.
 */
export function writeFileAtomic(target: string, fill: (write: (b: Uint8Array) => void) => void, mode = 0o666, sync = false, tmpDir?: string): void {
  const tmp = tempNameFor(target, tmpDir);
  const fd = openSync(tmp, 'wx', mode);
  let ok = false;
  try {
    // The mode passed to open is masked by the umask, as go's OpenFile is; nothing more to do.
    fill((b) => {
      let off = 0;
      while (off < b.length) off += writeSync(fd, b, off, b.length - off);
    });
    if (sync) fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, target);
    ok = true;
  } finally {
    if (!ok) {
      try { closeSync(fd); } catch { /* already closed */ }
      try { unlinkSync(tmp); } catch { /* best effort */ }
    }
  }
}

export function writeBytesAtomic(target: string, data: Uint8Array | string, mode = 0o666): void {
  writeFileAtomic(target, (w) => w(typeof data === 'string' ? Buffer.from(data, 'utf8') : data), mode);
}
