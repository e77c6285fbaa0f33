// The interpreted directives of go.mod and go.work files, each tied to its syntax line.

import type { ModVersion, VersionInterval } from './args.js';
import type { Line } from './syntax.js';

export type { ModVersion, VersionInterval };

export interface ModuleStmt {
  path: string;
  /** The "Deprecated:" paragraph of the module directive's comments, when there is one. */
  deprecated?: string;
  syntax: Line;
}

export interface GoStmt {
  version: string; // "1.23"
  syntax: Line;
}

export interface ToolchainStmt {
  name: string; // "go1.21rc1" or "default"
  syntax: Line;
}

export interface Godebug {
  key: string;
  value: string;
  syntax: Line;
}

export interface Require {
  path: string;
  version: string;
  /** The line carries an "// indirect" comment. */
  indirect: boolean;
  /** Absent only for requirements passed into setRequire* that are not yet in the file. */
  syntax?: Line;
}

export interface Exclude {
  path: string;
  version: string;
  syntax: Line;
}

export interface Replace {
  old: ModVersion; // version absent: every version of old.path
  new: ModVersion; // version absent: new.path is a directory
  syntax: Line;
}

export interface Retract extends VersionInterval {
  /** The directive's comment text (the reason for retracting). */
  rationale: string;
  syntax: Line;
}

export interface Tool {
  path: string;
  syntax: Line;
}

export interface Ignore {
  path: string;
  syntax: Line;
}

export interface Use {
  path: string; // directory, as written
  modulePath: string; // module path, when known to the editor ("" after parsing)
  syntax: Line;
}
