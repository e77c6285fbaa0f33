// removeTree: deletes a directory tree with many unlinks in flight on libuv's pool (go's RemoveAll, but not one syscall at a time).
import { rmdirSync } from 'node:fs';
import { readdir, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';

function code(err: unknown): string | undefined {
  return (err as { code?: string } | null)?.code;
}

/**
 * Removes dir and everything under it. Entries of a directory are removed concurrently (each unlink or
 * rmdir waits on the disk, so a serial walk spends most of its time waiting), then the directory itself.
 * A missing path is not an error; anything else rejects with the fs error once the walk has settled.
 */
export async function removeTree(dir: string): Promise<void> {
  // An empty directory (the $WORK of a go list that ran no tool) goes with one rmdir: the walk would load
  // node:fs/promises and start libuv's thread pool for it, a few ms of a sub-second command.
  try {
    rmdirSync(dir);
    return;
  } catch (err) {
    if (code(err) === 'ENOENT') return;
    // Not empty, not a directory, ...: the walk below.
  }
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (code(err) === 'ENOENT') return;
    if (code(err) !== 'ENOTDIR') throw err;
    return removeFile(dir);
  }
  const results = await Promise.allSettled(entries.map((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? removeTree(p) : removeFile(p);
  }));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  try {
    await rmdir(dir);
  } catch (err) {
    if (code(err) !== 'ENOENT') throw err;
  }
}

async function removeFile(p: string): Promise<void> {
  try {
    await unlink(p);
  } catch (err) {
    if (code(err) !== 'ENOENT') throw err;
  }
}
