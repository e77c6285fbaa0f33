// go mod vendor's file copying: which files of a package directory go to vendor/, metadata files, embedded files.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { goPathErrorText } from '../lib/oserror.js';
import * as gover from '../lib/gover.js';
import type { BuildContext } from '../load/context.js';
import { dirErrorString, scanDir } from '../load/dir.js';
import { EmbedError, resolveEmbed } from '../load/embed.js';
import { importHeaderEnd } from '../load/gofile.js';
import { anyTagsShouldBuild } from './pkggraph.js';

/** The prefixes of file names vendoring copies from the parent directories of a package, up to its module root. */
const META_PREFIXES = ['AUTHORS', 'CONTRIBUTORS', 'COPYLEFT', 'COPYING', 'COPYRIGHT', 'LEGAL', 'LICENSE', 'NOTICE', 'PATENTS'];

/** go's matchMetadata: a license-like file name. */
export function isMetadataFile(name: string): boolean {
  return META_PREFIXES.some((p) => name.startsWith(p));
}

/**
 * go's matchPotentialSourceFile: whether a file of a vendored package may matter to a build.
 * Tests never do; go.mod and go.sum not from go 1.17 on; a .go file not when it can build under no
 * tags ("ignore"); everything else is kept. read gives a .go file's bytes (latin1).
 */
export function isPotentialSourceFile(name: string, mainGoVersion: string, read: () => string): boolean {
  if (name.endsWith('_test.go')) return false;
  if ((name === 'go.mod' || name === 'go.sum') && gover.compare(mainGoVersion, '1.17') >= 0) return false;
  if (name.endsWith('.go')) {
    const text = read();
    // go reads the package clause and imports; a NUL byte there is a read error, and then the file is kept.
    const end = importHeaderEnd(text);
    if (end < 0 && text.includes('\0')) return true;
    return anyTagsShouldBuild(end < 0 ? text : text.slice(0, end));
  }
  return true;
}

/** A go mod vendor error that does not stop vendoring (go's base.Errorf): printed, and the exit status becomes 1 unless -e. */
export interface VendorCopyReport {
  (msg: string): void;
}

/** Copies vendored packages into a vendor directory as go mod vendor does. */
export class VendorCopier {
  private readonly copiedMetadata = new Set<string>();

  /**
   * @param vdir the directory being filled
   * @param ctxt the build context whose file rules (with UseAllFiles) find a package's embed patterns
   * @param report receives "go: ..." lines of errors that let vendoring go on
   */
  constructor(
    readonly vdir: string,
    readonly mainGoVersion: string,
    readonly ctxt: BuildContext,
    readonly report: VendorCopyReport,
  ) {}

  /** go's vendorPkg: the package's files, its module's metadata files above it, its embedded files. */
  async copyPackage(pkg: string, src: string, modPath: string): Promise<void> {
    const copied = new Set<string>();
    const dst = join(this.vdir, ...pkg.split('/'));
    copyDir(dst, src, (name) => isPotentialSourceFile(name, this.mainGoVersion, () => readFileSync(join(src, name), 'latin1')), copied);
    this.copyMetadata(modPath, pkg, dst, src, copied);

    const bp = await scanDir({ ...this.ctxt, useAllFiles: true }, src);
    if (bp.error) {
      // Files of several packages are fine (go:build-ignored generators); a directory with nothing built has no embeds to copy.
      if (bp.error.kind === 'nogo') return;
      if (bp.error.kind !== 'multiple') {
        throw new VendorFatalError(`internal error: failed to find embedded files of ${pkg}: ${dirErrorString(bp.error)}`);
      }
    }
    // Before go 1.22 the embeds of tests were vendored too (go.dev/issue/63473); kept so vendor trees agree.
    const patterns = gover.compare(this.mainGoVersion, '1.22') >= 0 ? bp.embedPatterns : [...bp.embedPatterns, ...bp.testEmbedPatterns, ...bp.xTestEmbedPatterns];
    let files: string[];
    try {
      files = resolveEmbed(src, patterns).files;
    } catch (e) {
      if (!(e instanceof EmbedError)) throw e;
      this.report(`go: resolving embeds in ${pkg}: ${e.message}`);
      return;
    }
    for (const f of files) {
      const embedDst = join(dst, ...f.split('/'));
      if (copied.has(embedDst)) continue;
      try {
        const data = readFileSync(join(src, ...f.split('/')));
        mkdirSync(dirname(embedDst), { recursive: true });
        writeFileSync(embedDst, data);
      } catch (e) {
        this.report(`go: ${goPathErrorText(e)}`);
      }
    }
  }

  /** go's copyMetadata: license-like files of each parent of src up to the module root. */
  private copyMetadata(modPath: string, pkg: string, dst: string, src: string, copied: Set<string>): void {
    for (let parent = 0; ; parent++) {
      const k = `${modPath}\u0000${dst}`;
      if (this.copiedMetadata.has(k)) break;
      this.copiedMetadata.add(k);
      if (parent > 0) copyDir(dst, src, isMetadataFile, copied);
      if (modPath === pkg) break;
      pkg = posix.dirname(pkg);
      dst = dirname(dst);
      src = dirname(src);
    }
  }
}

/** An error that ends go mod vendor at once (go's base.Fatal). */
export class VendorFatalError extends Error {
  override name = 'VendorFatalError';
}

/** go's copyDir: the regular files of src that match, copied into dst (created) with fresh permissions. */
function copyDir(dst: string, src: string, match: (name: string) => boolean, copied: Set<string>): void {
  let ents;
  try {
    ents = readdirSync(src, { withFileTypes: true });
  } catch (e) {
    throw new VendorFatalError(`go: ${goPathErrorText(e)}`);
  }
  try {
    mkdirSync(dst, { recursive: true });
    for (const ent of ents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (!ent.isFile() || !match(ent.name)) continue;
      const to = join(dst, ent.name);
      copied.add(to);
      // A new file (mode 0666 before umask) as os.Create makes, not a copy of the module cache's read-only one.
      writeFileSync(to, readFileSync(join(src, ent.name)));
    }
  } catch (e) {
    throw new VendorFatalError(`go: ${goPathErrorText(e)}`);
  }
}
