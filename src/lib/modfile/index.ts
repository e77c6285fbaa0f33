// Public API of the go.mod / go.work library: parse, inspect, edit and format.

export { ModFile } from './modfile.js';
export { parseModFile, formatModText, type ParseOptions } from './parse-mod.js';
export { parseWorkFile, WorkFile } from './work.js';
export { ModFileError, ModFileEntryError, InvalidVersionError, ModuleError } from './errors.js';
export {
  goVersionRE,
  toolchainRE,
  isDirectoryPath,
  type VersionFixer,
  type VersionInterval,
  type ModVersion,
} from './args.js';
export { autoQuote, mustQuote, goQuote, goUnquote } from './quote.js';
export { checkCanonicalVersion } from './modver.js';
export { modFileJSON, workFileJSON, marshalIndentJSON } from './json.js';
export { parseSyntax } from './read.js';
export { formatSyntax } from './print.js';
export { modulePath } from './module-path.js';
export type * from './types.js';
export type { FileSyntax, Line, LineBlock, CommentBlock, Comment, Comments, Position, Stmt } from './syntax.js';
