// The hook through which a long-lived process (the resident server's warm worker) keeps the module
// cache's .info files between commands: each parsed file is given back only while stat says it is the
// file it was (device, inode, size, times), so a command listing modules (go list -m's Time) stats each
// .info file instead of opening, reading and parsing it. A plain run installs nothing and reads every file.
import { fileFacts } from '../base/filefacts.js';
import type { RevInfo } from './revinfo.js';

/** Files kept at most: far above a large module graph's, so a long-lived process's memo stays small. */
const MAX_FILES = 20_000;

export class InfoMemo {
  private readonly kept = new Map<string, { facts: string; info: RevInfo }>();

  constructor(private readonly facts: (file: string) => string = fileFacts) {}

  /**
   * The facts of file to take before reading it (so that a change during the read shows at the next
   * check), or "" when it cannot be stat'ed.
   */
  before(file: string): string {
    return this.facts(file);
  }

  /** The info kept for file if it was read when file had these facts (a copy: callers may change it). */
  get(file: string, facts: string): RevInfo | undefined {
    const k = this.kept.get(file);
    if (!k || facts === '' || k.facts !== facts) return undefined;
    return copyInfo(k.info);
  }

  /** Keeps info as read from file, whose facts were taken before the read. */
  put(file: string, facts: string, info: RevInfo): void {
    if (facts === '') return;
    if (this.kept.size >= MAX_FILES) this.kept.clear();
    this.kept.set(file, { facts, info: copyInfo(info) });
  }
}

function copyInfo(info: RevInfo): RevInfo {
  return info.origin ? { ...info, origin: { ...info.origin } } : { ...info };
}

let memo: InfoMemo | undefined;

/** Installs (or, with undefined, removes) the process's .info memo. */
export function installInfoMemo(m: InfoMemo | undefined): void {
  memo = m;
}

/** The process's .info memo, if one is installed. */
export function infoMemo(): InfoMemo | undefined {
  return memo;
}
