// The data `go mod edit -json` and `go work edit -json` print, built from parsed files.

import type { ModFile } from './modfile.js';
import type { ModVersion } from './types.js';
import type { WorkFile } from './work.js';

type Obj = Record<string, unknown>;

/** module.Version as Go encodes it: {Path, Version?}. */
const versionJSON = (m: ModVersion): Obj => (m.version ? { Path: m.path, Version: m.version } : { Path: m.path });

/** Go's nil slice encodes as null. */
const list = <T>(xs: T[], f: (x: T) => Obj): Obj[] | null => (xs.length > 0 ? xs.map(f) : null);

/** The value `go mod edit -json` encodes for f, with go's field order and omitempty rules. */
export function modFileJSON(f: ModFile): Obj {
  const out: Obj = {};
  out.Module = f.module?.deprecated
    ? { Path: f.module.path, Deprecated: f.module.deprecated }
    : { Path: f.module?.path ?? '' };
  if (f.go) out.Go = f.go.version;
  if (f.toolchain) out.Toolchain = f.toolchain.name;
  if (f.godebug.length > 0) out.GoDebug = f.godebug.map((g) => ({ Key: g.key, Value: g.value }));
  out.Require = list(f.require, (r) =>
    r.indirect ? { Path: r.path, Version: r.version, Indirect: true } : { Path: r.path, Version: r.version },
  );
  out.Exclude = list(f.exclude, (x) => versionJSON(x));
  out.Replace = list(f.replace, (r) => ({ Old: versionJSON(r.old), New: versionJSON(r.new) }));
  out.Retract = list(f.retract, (r) => {
    const o: Obj = {};
    if (r.low) o.Low = r.low;
    if (r.high) o.High = r.high;
    if (r.rationale) o.Rationale = r.rationale;
    return o;
  });
  out.Tool = list(f.tool, (t) => ({ Path: t.path }));
  out.Ignore = list(f.ignore, (t) => ({ Path: t.path }));
  return out;
}

/** The value `go work edit -json` encodes for f. */
export function workFileJSON(f: WorkFile): Obj {
  const out: Obj = {};
  if (f.go) out.Go = f.go.version;
  out.Use = list(f.use, (u) => (u.modulePath ? { DiskPath: u.path, ModPath: u.modulePath } : { DiskPath: u.path }));
  out.Replace = list(f.replace, (r) => ({ Old: versionJSON(r.old), New: versionJSON(r.new) }));
  return out;
}

/** json.MarshalIndent(v, "", "\t") plus a newline, with Go's escaping of <, >, &, U+2028, U+2029. */
export function marshalIndentJSON(v: unknown): string {
  const s = JSON.stringify(v, null, '\t').replace(
    /[<>&\u2028\u2029]/g,
    (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'),
  );
  return s + '\n';
}
