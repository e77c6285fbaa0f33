// Where build output goes: plain text on stderr, or go's -json build-output/build-fail events on stdout.
import type { Package } from '../load/types.js';
import { packageDesc } from '../load/pgo.js';

export interface Printer {
  /**
   * Prints text attributed to pkg (undefined for builder-wide output like WORK=). command: the text is a
   * command shown under -x/-n (go's ShowCmd), not a tool's output.
   */
  print(pkg: Package | undefined, text: string, command?: boolean): void;
  /** Records that pkg's build failed (JSON: a build-fail event). */
  fail(pkg: Package): void;
}

export class TextPrinter implements Printer {
  constructor(private readonly write: (s: string) => void = (s) => { process.stderr.write(s); }) {}
  print(_pkg: Package | undefined, text: string): void {
    if (text) this.write(text);
  }
  fail(): void {}
}

/** Go's JSON escaping of a string (encoding/json with HTML escaping). */
export function jsonString(s: string): string {
  return JSON.stringify(s)
    .replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export class JSONPrinter implements Printer {
  constructor(private readonly write: (s: string) => void = (s) => { process.stdout.write(s); }) {}
  print(pkg: Package | undefined, text: string): void {
    if (!text) return;
    // go emits one event per line of output.
    const lines = text.split(/(?<=\n)/);
    for (const line of lines) {
      this.write(`{"ImportPath":${jsonString(pkg ? pkgDesc(pkg) : '')},"Action":"build-output","Output":${jsonString(line)}}\n`);
    }
  }
  fail(pkg: Package): void {
    this.write(`{"ImportPath":${jsonString(pkgDesc(pkg))},"Action":"build-fail"}\n`);
  }
}

/** go's Package.Desc() (the test room's and PGO's variants named apart). */
export const pkgDesc = packageDesc;
