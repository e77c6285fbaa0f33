// A file's identity and version as stat tells them (device, inode, size, modification and change times),
// as text: the key under which memos keep what they read or hashed from a file only while it is unchanged
// (the build cache's stat memo and file hashes, the resident server's warm worker's memos).
import { statSync, type BigIntStats } from 'node:fs';

/** A bigint stat's (dev, ino, size, mtime, ctime) as text. */
export function statFacts(st: BigIntStats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}

/** statFacts of file; "" when it cannot be stat'ed. */
export function fileFacts(file: string): string {
  const st = statSync(file, { bigint: true, throwIfNoEntry: false });
  return st ? statFacts(st) : '';
}
