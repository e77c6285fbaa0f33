// File-level helpers shared by go/build's scan: extension lists, file headers (//go:build, binary-only).

/** Which Package file list an extension belongs to (go/build's fileListForExt). */
export type FileListName =
  | 'cFiles' | 'cxxFiles' | 'mFiles' | 'hFiles' | 'fFiles' | 'sFiles' | 'swigFiles' | 'swigCXXFiles' | 'sysoFiles';

export function fileListForExt(ext: string): FileListName | undefined {
  switch (ext) {
    case '.c': return 'cFiles';
    case '.cc': case '.cpp': case '.cxx': return 'cxxFiles';
    case '.m': return 'mFiles';
    case '.h': case '.hh': case '.hpp': case '.hxx': return 'hFiles';
    case '.f': case '.F': case '.for': case '.f90': return 'fFiles';
    case '.s': case '.S': case '.sx': return 'sFiles';
    case '.swig': return 'swigFiles';
    case '.swigcxx': return 'swigCXXFiles';
    case '.syso': return 'sysoFiles';
  }
  return undefined;
}

export function nameExt(name: string): string {
  const i = name.lastIndexOf('.');
  return i < 0 ? '' : name.slice(i);
}

export class MultipleGoBuildError extends Error {
  constructor() { super('multiple //go:build comments'); }
}

/**
 * go/build's parseFileHeader: the leading run of comments and blank lines (up to the last blank line
 * before non-comment text), the //go:build line if any, and whether //go:binary-only-package was seen.
 */
export function parseFileHeader(content: string): { trimmed: string; goBuild?: string; binaryOnly: boolean } {
  let end = 0;
  let ended = false;
  let inSlashStar = false;
  let goBuild: string | undefined;
  let binaryOnly = false;
  let pos = 0;
  lines: while (pos < content.length) {
    let nl = content.indexOf('\n', pos);
    let line: string;
    if (nl < 0) { line = content.slice(pos); pos = content.length; } else { line = content.slice(pos, nl); pos = nl + 1; }
    line = trimSpaceBytes(line);
    if (line.length === 0 && !ended) {
      end = pos;
      continue;
    }
    if (!line.startsWith('//')) ended = true;
    if (!inSlashStar && isGoBuildComment(line)) {
      if (goBuild !== undefined) throw new MultipleGoBuildError();
      goBuild = line;
    }
    if (!inSlashStar && line === '//go:binary-only-package') binaryOnly = true;
    while (line.length > 0) {
      if (inSlashStar) {
        const i = line.indexOf('*/');
        if (i >= 0) {
          inSlashStar = false;
          line = trimSpaceBytes(line.slice(i + 2));
          continue;
        }
        continue lines;
      }
      if (line.startsWith('//')) continue lines;
      if (line.startsWith('/*')) {
        inSlashStar = true;
        line = trimSpaceBytes(line.slice(2));
        continue;
      }
      break lines;
    }
    nl = 0;
  }
  return { trimmed: content.slice(0, end), goBuild, binaryOnly };
}

function isAsciiSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

export function trimSpaceBytes(s: string): string {
  let i = 0;
  let j = s.length;
  while (i < j && isAsciiSpace(s.charCodeAt(i))) i++;
  while (j > i && isAsciiSpace(s.charCodeAt(j - 1))) j--;
  return i === 0 && j === s.length ? s : s.slice(i, j);
}

function isGoBuildComment(line: string): boolean {
  if (!line.startsWith('//go:build')) return false;
  const rest = trimSpaceBytes(line).slice('//go:build'.length);
  return rest.length === 0 || trimSpaceBytes(rest).length < rest.length;
}

export function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
