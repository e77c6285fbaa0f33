// Public API of the load room: build context, directory scans, import resolution and the package loader.
export type { Package, PackageError, ModuleInfo, Pos } from './types.js';
export {
  makeContext, matchTag, goodOSArchFile, enabledExperiments, archFeatureTags, toolchainMinor,
  KNOWN_OS, KNOWN_ARCH, UNIX_OS, GoExperimentError, type BuildContext, type ContextEnv,
} from './context.js';
export { scanDir, matchFile, shouldBuild, parseFileHeader, fileListForExt, dirErrorString, type DirInfo, type DirError } from './dir.js';
export { PackageIndex, packageIndexFor, indexMode, type IndexMode, type PackageIndexOptions } from './pkgindex.js';
export { readGoFile, parseDirectiveArgs, type GoFileInfo, type FileImport, type FileEmbed, type Directive } from './gofile.js';
export {
  StdAndMainResolver, findMainModule, isDirWithGoFiles,
  type ImportResolver, type ResolvedImport, type ResolveError, type Importer, type MainModule, type DirImport,
} from './resolve.js';
export { Loader, loadPackages, defaultLoadConfig, packageList, mustLinkExternal, type LoadConfig, type LoadOptions, type LoadResult } from './load.js';
export { expandPatterns, type PatternMatch, type MatchedPkg } from './search.js';
export { resolveEmbed, EmbedError, isBadEmbedName, type EmbedResult } from './embed.js';
export {
  godebugTable, parseGodebugTable, defaultGODEBUG, parseGoDebug, checkGodebug, godebugForGoVersion, NotGoDebugError,
  type GodebugTable, type GodebugInfo,
} from './godebug.js';
export { packageErrorString, shortPath, newPackageError, type StackEntry } from './errors.js';
export {
  matchPattern, treeCanMatchPattern, isMetaPackage, isLocalImport, isLocalPattern, isStandardImportPath, findInternal,
  findVendor, hasPathPrefix,
} from './pkgpattern.js';
