// modload's error types, each carrying go's exact message text (without the "go: " prefix).
import type { Version } from '../lib/module.js';
import { isZeroPseudoVersion } from '../lib/pseudo.js';

/** A fatal modload error: commands print "go: " + message and exit 1. */
export class ModloadError extends Error {
  override name = 'ModloadError';
  /** go prints this one without the "go: " prefix. */
  readonly noPrefix: boolean;
  constructor(message: string, opts: { noPrefix?: boolean } = {}) {
    super(message);
    this.noPrefix = opts.noPrefix ?? false;
  }
}

/** The line go prints for a modload error (with "go: " unless the error says otherwise). */
export function errorText(e: Error): string {
  return e instanceof ModloadError && e.noPrefix ? e.message : `go: ${e.message}`;
}

/** go.mod not found (go's noMainModulesError). */
export class NoMainModulesError extends ModloadError {
  override name = 'NoMainModulesError';
  constructor(readonly inWorkspaceMode = false) {
    super(
      inWorkspaceMode
        ? "no modules were found in the current workspace; see 'go help work'"
        : "go.mod file not found in current directory or any parent directory; see 'go help modules'",
    );
  }
}

/** No module in the build list provides an imported package (go's ImportMissingError). */
export class ImportMissingError extends ModloadError {
  override name = 'ImportMissingError';
  constructor(
    readonly path: string,
    opts: { isStd?: boolean; goroot?: string; queryErr?: Error; replaced?: Version; modRootHint?: string } = {},
  ) {
    super(ImportMissingError.text(path, opts));
    this.queryable = !opts.isStd && !opts.queryErr && !opts.replaced;
    this.isStd = opts.isStd === true;
  }

  /** The path is reserved for the standard library (only a replaced module may still provide it). */
  readonly isStd: boolean;

  /** -mod=mod would look this import up (go's queryImport): not std, no query error, not replaced. */
  readonly queryable: boolean;

  private static text(
    path: string,
    o: { isStd?: boolean; goroot?: string; queryErr?: Error; replaced?: Version; modRootHint?: string },
  ): string {
    if (o.isStd) return `package ${path} is not in std (${o.goroot ?? ''}/src/${path})`;
    if (o.queryErr) return `cannot find module providing package ${path}: ${o.queryErr.message}`;
    if (o.replaced) {
      const arg = o.replaced.version !== '' && !isZeroPseudoVersion(o.replaced.version) ? `${o.replaced.path}@${o.replaced.version}` : o.replaced.path;
      return `module ${o.replaced.path} provides package ${path} and is replaced but not required; to add it:\n\tgo get ${arg}`;
    }
    const message = `no required module provides package ${path}`;
    if (o.modRootHint) return `${message}; to add it:\n\tcd ${o.modRootHint}\n\tgo get ${path}`;
    return `${message}; to add it:\n\tgo get ${path}`;
  }
}

/** A package found in more than one module or directory (go's AmbiguousImportError). */
export class AmbiguousImportError extends ModloadError {
  override name = 'AmbiguousImportError';
  constructor(
    readonly importPath: string,
    readonly dirs: string[],
    readonly modules: Version[] = [],
  ) {
    let s = `ambiguous import: found package ${importPath} in multiple ${modules.length === 0 ? 'directories' : 'modules'}:`;
    dirs.forEach((dir, i) => {
      s += '\n\t';
      const m = modules[i];
      if (m) {
        s += m.path;
        if (m.version !== '') s += ` ${m.version}`;
        s += ` (${dir})`;
      } else {
        s += dir;
      }
    });
    super(s);
  }
}

/** An import path that can never name a package in module mode (go's invalidImportError). */
export class InvalidImportError extends ModloadError {
  override name = 'InvalidImportError';
}

/** A go.sum entry needed to trust a module is missing (go's sumMissingError / ImportMissingSumError). */
export class MissingSumError extends ModloadError {
  override name = 'MissingSumError';
}

/** go.mod needs changes the build mode does not allow (go's goModDirtyError). */
export function goModDirtyMessage(buildMod: string, explicit: boolean, reason = ''): string {
  if (explicit) return `updates to go.mod needed, disabled by -mod=${buildMod}; to update it:\n\tgo mod tidy`;
  if (reason !== '') return `updates to go.mod needed, disabled by -mod=${buildMod}\n\t(${reason})\n\tto update it:\n\tgo mod tidy`;
  return 'updates to go.mod needed; to update it:\n\tgo mod tidy';
}

/** go.sum lacks the zip hash of a module that could provide an import (go's ImportMissingSumError). */
export class ImportMissingSumError extends ModloadError {
  override name = 'ImportMissingSumError';
  constructor(
    readonly importPath: string,
    readonly mods: Version[],
    readonly found: boolean,
  ) {
    super('');
    this.message = this.text();
  }

  /** The message once the importing package is known (go fills it from the import stack). */
  text(importer = '', importerVersion = '', importerIsTest = false): string {
    const paren = importer !== '' ? ` (imported by ${importer})` : '';
    const message = this.found
      ? `missing go.sum entry needed to verify package ${this.importPath}${paren} is provided by exactly one module`
      : `missing go.sum entry for module providing package ${this.importPath}${paren}`;
    let hint = '';
    if (importer === '') {
      if (this.mods.length > 0) hint = `; to add:\n\tgo mod download ${this.mods.map((m) => m.path).join(' ')}`;
    } else {
      hint = `; to add:\n\tgo get${importerIsTest ? ' -t' : ''} ${importer}${importerVersion !== '' ? '@' + importerVersion : ''}`;
    }
    return message + hint;
  }
}
