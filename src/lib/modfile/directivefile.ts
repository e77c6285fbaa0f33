// What go.mod and go.work files have in common: the go, toolchain, godebug and replace directives, and their
// edits. Only where a new go or toolchain line goes differs between the two.

import { goVersionRE, toolchainRE } from './args.js';
import { addGodebugTo, addReplaceTo, dropGodebugFrom, dropReplaceFrom } from './edit-common.js';
import { formatSyntax } from './print.js';
import { goQuote } from './quote.js';
import { markRemoved, newFileSyntax, updateLine, type FileSyntax, type Line } from './syntax.js';
import type { Godebug, GoStmt, Replace, ToolchainStmt } from './types.js';

export abstract class DirectiveFile {
  go?: GoStmt;
  toolchain?: ToolchainStmt;
  godebug: Godebug[] = [];
  replace: Replace[] = [];
  syntax: FileSyntax;

  constructor(syntax: FileSyntax = newFileSyntax()) {
    this.syntax = syntax;
  }

  format(): string {
    return formatSyntax(this.syntax);
  }

  /** Adds the syntax line of a new go statement where this kind of file puts it. */
  protected abstract insertGoLine(version: string): Line;

  /** Adds the syntax line of a new toolchain statement where this kind of file puts it. */
  protected abstract insertToolchainLine(name: string): Line;

  addGoStmt(version: string): void {
    if (!goVersionRE.test(version)) throw new Error(`invalid language version ${goQuote(version)}`);
    if (!this.go) {
      this.go = { version, syntax: this.insertGoLine(version) };
    } else {
      this.go.version = version;
      updateLine(this.go.syntax, ['go', version]);
    }
  }

  dropGoStmt(): void {
    if (this.go) {
      markRemoved(this.go.syntax);
      this.go = undefined;
    }
  }

  addToolchainStmt(name: string): void {
    if (!toolchainRE.test(name)) throw new Error(`invalid toolchain name ${goQuote(name)}`);
    if (!this.toolchain) {
      this.toolchain = { name, syntax: this.insertToolchainLine(name) };
    } else {
      this.toolchain.name = name;
      updateLine(this.toolchain.syntax, ['toolchain', name]);
    }
  }

  dropToolchainStmt(): void {
    if (this.toolchain) {
      markRemoved(this.toolchain.syntax);
      this.toolchain = undefined;
    }
  }

  addGodebug(key: string, value: string): void {
    addGodebugTo(this.syntax, this.godebug, key, value);
  }

  dropGodebug(key: string): void {
    dropGodebugFrom(this.godebug, key);
  }

  /** Replaces oldPath (at oldVers, or every version when "") by newPath@newVers or a directory. */
  addReplace(oldPath: string, oldVers: string, newPath: string, newVers: string): void {
    addReplaceTo(this.syntax, this.replace, oldPath, oldVers, newPath, newVers);
  }

  dropReplace(oldPath: string, oldVers: string): void {
    dropReplaceFrom(this.replace, oldPath, oldVers);
  }
}
