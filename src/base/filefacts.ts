// A file's identity and version as stat tells them, for memos of a long-lived process (the resident
// server's warm worker) that keep what they read from a file only while the file is unchanged.
import { statSync } from 'node:fs';

/** The device, inode, size and modification and change times of file; "" when it cannot be stat'ed. */
export function fileFacts(file: string): string {
  const st = statSync(file, { bigint: true, throwIfNoEntry: false });
  return st ? `${st.dev} ${st.ino} ${st.size} ${st.mtimeNs} ${st.ctimeNs}` : '';
}
