// A fast reader for the common shape of dependency go.mod files (module, go, toolchain, require); anything else is left to the full parser.

/** What the module graph needs from a dependency's go.mod when it has no retractions or deprecation. */
export interface QuickModFile {
  modulePath: string;
  goVersion: string;
  /** Always '': the lax parse of a dependency's go.mod ignores its toolchain line. */
  toolchain: string;
  require: { path: string; version: string }[];
}

const pathRe = /^[A-Za-z0-9][A-Za-z0-9._~/-]*$/;
// Canonical semver with major v0 or v1 and no build metadata (the prerelease is checked below).
const versionRe = /^v[01]\.(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;
const goRe = /^1\.(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))?$/;
const toolchainRe = /^go1\.(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))?$/;

/** A module path whose requirement needs no major-version or gopkg.in handling. */
function simplePath(p: string): boolean {
  if (!pathRe.test(p) || p.startsWith('gopkg.in/') || p.includes('//') || p.endsWith('/')) return false;
  const last = p.slice(p.lastIndexOf('/') + 1);
  return !/^v[0-9]+$/.test(last) && !last.includes('.v');
}

function simpleVersion(v: string): boolean {
  const m = versionRe.exec(v);
  if (!m) return false;
  // Numeric prerelease identifiers have no leading zeros.
  return m[1] === undefined || m[1].split('.').every((id) => !/^0[0-9]+$/.test(id));
}

/** The words of a line without a trailing "// comment" (undefined if the comment could matter, or quotes appear). */
function words(line: string): string[] | undefined {
  let s = line;
  const c = s.indexOf('//');
  if (c >= 0) {
    if (/deprecated/i.test(s.slice(c))) return undefined;
    s = s.slice(0, c);
  }
  if (s.includes('"') || s.includes('`') || s.includes('/*')) return undefined;
  return s.split(/[ \t]+/).filter((w) => w !== '');
}

/**
 * Reads data when every line is blank, a comment, `module P`, `go V`, `toolchain T`, `require P V`
 * or a `require ( ... )` block of plain `P V` lines, with ordinary paths and canonical v0/v1
 * versions; undefined otherwise (then the full parser decides, including every error).
 */
export function quickParseModFile(data: string): QuickModFile | undefined {
  if (data.includes('\r') || data.includes('\u00a0') || data.includes('\ufeff')) return undefined;
  const out: QuickModFile = { modulePath: '', goVersion: '', toolchain: '', require: [] };
  let haveModule = false;
  let haveGo = false;
  let inBlock = false;
  for (const line of data.split('\n')) {
    const w = words(line);
    if (!w) return undefined;
    if (w.length === 0) continue;
    if (inBlock) {
      if (w.length === 1 && w[0] === ')') {
        inBlock = false;
        continue;
      }
      if (w.length !== 2 || !simplePath(w[0]!) || !simpleVersion(w[1]!)) return undefined;
      out.require.push({ path: w[0]!, version: w[1]! });
      continue;
    }
    switch (w[0]) {
      case 'module':
        if (haveModule || w.length !== 2 || !pathRe.test(w[1]!)) return undefined;
        haveModule = true;
        out.modulePath = w[1]!;
        break;
      case 'go':
        if (haveGo || w.length !== 2 || !goRe.test(w[1]!)) return undefined;
        haveGo = true;
        out.goVersion = w[1]!;
        break;
      case 'toolchain':
        // Dependency go.mod files are read laxly: their toolchain lines are ignored.
        if (w.length !== 2 || !toolchainRe.test(w[1]!)) return undefined;
        break;
      case 'require':
        if (w.length === 2 && w[1] === '(') {
          inBlock = true;
          break;
        }
        if (w.length !== 3 || !simplePath(w[1]!) || !simpleVersion(w[2]!)) return undefined;
        out.require.push({ path: w[1]!, version: w[2]! });
        break;
      default:
        return undefined;
    }
  }
  if (inBlock || !haveModule) return undefined;
  return out;
}
