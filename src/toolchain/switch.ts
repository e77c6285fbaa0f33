// Switching to a newer toolchain when something needs a newer Go (go's toolchain.Switcher), and the
// request to switch that cli/run.ts carries out (go re-executes; gocmd re-runs itself on the new GOROOT).
import { readdirSync, statSync, accessSync, constants } from 'node:fs';
import { isAbsolute, join, delimiter } from 'node:path';
import { compare, dlToGo, fromToolchain, isPrerelease, lang, toolchainVersions, TooNewError } from '../lib/gover.js';
import { hasAuto, hasPath } from './select.js';

/** Thrown to have the command line re-run as toolchain (go's toolchain.Exec); caught by cli/run.ts. */
export class SwitchRequest extends Error {
  override name = 'SwitchRequest';
  constructor(readonly toolchain: string) {
    super(`switch to ${toolchain}`);
  }
}

/**
 * newerToolchain: from list (ascending Go versions), the release to use for a need of at least
 * `need`: the latest patch of the newest language family that is not the current one, preferring the
 * previous family's latest patch once a newer family has a release; "go" + version.
 */
export function newerToolchain(need: string, list: readonly string[]): string {
  let latest = '';
  for (let i = list.length - 1; i >= 0; i--) {
    const v = list[i]!;
    if (compare(v, need) < 0) break;
    if (lang(latest) === lang(v)) continue;
    const newer = latest;
    latest = v;
    if (newer !== '' && !isPrerelease(newer)) break;
  }
  if (latest === '') throw new Error(`no releases found for go >= ${need}`);
  return 'go' + latest;
}

/** The Go versions of the go1.* executables on PATH (absolute entries only), ascending (go's pathToolchains). */
export function pathToolchains(pathEnv: string): string[] {
  const have = new Set<string>();
  for (const dir of pathEnv.split(delimiter)) {
    if (dir === '' || !isAbsolute(dir)) continue;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names) {
      if (!n.startsWith('go1.')) continue;
      const v = fromToolchain(n);
      if (v === '' || !v.startsWith('1.') || have.has(v)) continue;
      try {
        if (statSync(join(dir, n)).isDirectory()) continue;
        accessSync(join(dir, n), constants.X_OK);
      } catch {
        continue;
      }
      have.add(v);
    }
  }
  return [...have].sort(compare);
}

/** The "go" module's versions as go lists them: see gover.toolchainVersions. */
export function goVersionsFromDL(dlVersions: readonly string[], localGo: string): string[] {
  return toolchainVersions('go', dlVersions, localGo);
}

export { dlToGo };

/** Where newer toolchains may come from: the "go" versions the proxy lists, for GOTOOLCHAIN=auto. */
export interface ToolchainSource {
  /** The versions of module "go" the module proxy lists. */
  goVersions(): Promise<string[]>;
}

/** NewerToolchain: the toolchain to switch to for need, from the proxy (auto) or PATH (path). */
export async function newerToolchainFor(gotoolchain: string, need: string, src: ToolchainSource, pathEnv: string): Promise<string> {
  const list = hasAuto(gotoolchain) ? await src.goVersions() : pathToolchains(pathEnv);
  return newerToolchain(need, list);
}

/**
 * Switcher collects errors; when one says a newer Go is needed and GOTOOLCHAIN allows switching,
 * switch() names the toolchain and throws a SwitchRequest, else it hands the errors back.
 */
export class Switcher {
  tooNew?: TooNewError;
  readonly errors: Error[] = [];

  constructor(
    private readonly gotoolchain: string,
    private readonly src: ToolchainSource,
    private readonly pathEnv: string,
    private readonly stderr: (s: string) => void,
  ) {}

  error(e: Error): void {
    this.errors.push(e);
    this.addTooNew(e);
  }

  private addTooNew(e: unknown): void {
    if (e instanceof TooNewError) {
      const t = this.tooNew;
      if (!t || compare(e.goVersion, t.goVersion) > 0 || (compare(e.goVersion, t.goVersion) === 0 && e.what < t.what)) this.tooNew = e;
      return;
    }
    if (e instanceof AggregateError) for (const x of e.errors) this.addTooNew(x);
    else if (e instanceof Error && e.cause !== undefined) this.addTooNew(e.cause);
  }

  needSwitch(): boolean {
    return this.tooNew !== undefined && (hasAuto(this.gotoolchain) || hasPath(this.gotoolchain));
  }

  /**
   * Throws SwitchRequest when a switch is needed and a toolchain was found; otherwise returns the
   * errors to report (with go's "switching to go >= V: ..." when no toolchain could be found).
   */
  async switch(): Promise<Error[]> {
    if (!this.needSwitch()) return this.errors;
    const need = this.tooNew!.goVersion;
    let tv: string;
    try {
      tv = await newerToolchainFor(this.gotoolchain, need, this.src, this.pathEnv);
    } catch (e) {
      return [...this.errors, new Error(`switching to go >= ${need}: ${(e as Error).message}`)];
    }
    this.stderr(`go: ${this.tooNew!.what} requires go >= ${need}; switching to ${tv}\n`);
    throw new SwitchRequest(tv);
  }
}
