// Renders Node file-system errors in Go's *PathError text ("open /x: no such file or directory").

const strerror: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'file exists',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  ENOTEMPTY: 'directory not empty',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EMFILE: 'too many open files',
  ETXTBSY: 'text file busy',
  EBUSY: 'device or resource busy',
  EXDEV: 'invalid cross-device link',
  EINVAL: 'invalid argument',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EIO: 'input/output error',
  ENOEXEC: 'exec format error',
};

interface NodeErr {
  code?: string;
  syscall?: string;
  path?: string;
  message?: string;
}

const goOp: Record<string, string> = { scandir: 'open', rmdir: 'remove', unlink: 'remove', utime: 'chtimes', lstat: 'lstat', stat: 'stat' };

/** Go's strerror text for a Node error code, or the Node message when unknown. */
export function errnoText(err: unknown): string {
  const e = err as NodeErr;
  return (e.code && strerror[e.code]) || e.message || String(err);
}

/** "op path: text" as Go's os.PathError prints it. */
export function goPathErrorText(err: unknown, path?: string): string {
  const e = err as NodeErr;
  const p = path ?? e.path;
  if (!e || typeof e !== 'object' || !e.code || p === undefined) return e?.message ?? String(err);
  const op = e.syscall ? (goOp[e.syscall] ?? e.syscall) : 'open';
  return `${op} ${p}: ${errnoText(err)}`;
}

export function isNotExist(err: unknown): boolean {
  return (err as NodeErr)?.code === 'ENOENT';
}
