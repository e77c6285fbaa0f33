// -buildmode=shared: the shared library's name and the linker command that makes it (go's libname, ldShared).
import { isLocalImport, isMetaPackage } from '../load/pkgpattern.js';
import { join } from 'node:path';
import { quotedJoin, type ToolSettings } from './toolargs.js';

/**
 * The file name of the shared library built from the command line: lib<name>.so, where name is the
 * meta patterns joined by commas ("std"), the one "dir/..." pattern with slashes as dashes, or else the
 * packages' import paths so joined. localImportPath gives a local directory's import path ("" if none).
 */
export function libname(args: readonly string[], importPaths: readonly string[], localImportPath: (dir: string) => string = () => ''): string {
  const parts: string[] = [];
  let haveNonMeta = false;
  for (const arg of args) {
    if (isMetaPackage(arg)) parts.push(arg);
    else haveNonMeta = true;
  }
  if (parts.length === 0) {
    if (args.length === 1 && args[0]!.endsWith('/...')) {
      let arg = args[0]!.slice(0, -'/...'.length);
      if (isLocalImport(arg)) {
        const ip = localImportPath(arg);
        if (ip !== '' && ip !== '.') arg = ip;
      }
      parts.push(arg.replaceAll('/', '-'));
    } else {
      for (const ip of importPaths) parts.push(ip.replaceAll('/', '-'));
    }
  } else if (haveNonMeta) {
    throw new Error('mixing of meta and non-meta packages is not allowed');
  }
  return 'lib' + parts.join(',') + '.so';
}

/**
 * The link command for a shared library (go's gcToolchain.ldShared), run in the library's directory so
 * that only its base name is recorded in it. top: the packages named on the command line and their
 * archives (only .a files count: not unsafe, not other shared libraries).
 */
export function ldSharedArgs(opts: {
  target: string; importcfg: string; ldflags: readonly string[]; cc: string[]; cxx: boolean; cxxCompiler: string[];
  top: readonly { importPath: string; target: string }[];
}, s: Pick<ToolSettings, 'toolDir' | 'installSuffix' | 'forcedLdflags'>): string[] {
  let ld = ['-installsuffix', s.installSuffix, '-buildmode=shared', ...s.forcedLdflags, ...opts.ldflags];
  if (!ld.some((f) => f === '-extld' || f.startsWith('-extld='))) {
    ld = [...ld, '-extld=' + quotedJoin(opts.cxx ? opts.cxxCompiler : opts.cc)];
  }
  for (const t of opts.top) if (t.target.endsWith('.a')) ld.push(`${t.importPath}=${t.target}`);
  return [join(s.toolDir, 'link'), '-o', opts.target, '-importcfg', opts.importcfg, ...ld];
}
