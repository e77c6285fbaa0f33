// The Go value model templates run over: structs with typed names and ordered fields, typed nils, floats.
//
// JS values map to Go values as: string → string, number → int, boolean → bool, GoFloat → float64,
// unknown[] → slice, Map<string, unknown> → map[string]T (keys sorted when ranged or printed),
// GoStruct → struct (or pointer to struct), GoNil → a typed nil pointer/slice/map/interface,
// null/undefined → an untyped nil, function → a func value.

/** A method callable from a template: receives the template arguments. */
export type GoMethod = (...args: unknown[]) => unknown;

/** A struct value (or pointer to one when ptr is set). typeName is go's "pkg.Type". */
export class GoStruct {
  constructor(
    readonly typeName: string,
    readonly fields: Map<string, unknown>,
    readonly ptr = true,
    readonly methods: Record<string, GoMethod> = {},
  ) {}

  /** The type as go prints it in messages ("*load.PackagePublic"). */
  get type(): string {
    return (this.ptr ? '*' : '') + this.typeName;
  }
}

/** A nil value of a known type ("*modinfo.ModulePublic", "[]string", "map[string]string"). */
export class GoNil {
  /** `stringer`: the pointer type has an Error or String method (fmt prints such a nil as "<nil>" for %q, %x too). */
  constructor(readonly type: string, readonly stringer = false) {}
}

/** A float64 value. */
export class GoFloat {
  constructor(readonly v: number) {}
}

/** Go's type name of a value for messages. */
export function typeOf(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'int';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof GoFloat) return 'float64';
  if (v instanceof GoStruct) return v.type;
  if (v instanceof GoNil) return v.type;
  if (Array.isArray(v)) return '[]' + (v.length && typeof v[0] === 'string' ? 'string' : v.length ? typeOf(v[0]) : 'interface {}');
  if (v instanceof Map) return 'map[string]' + (v.size ? typeOf(v.values().next().value) : 'interface {}');
  if (typeof v === 'function') return 'func';
  return 'interface {}';
}

/** go's kind of a value for comparisons: basic kinds and "other". */
export type BasicKind = 'bool' | 'int' | 'float' | 'string' | 'nil' | 'other';

export function kindOf(v: unknown): BasicKind {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'int';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof GoFloat) return 'float';
  return 'other';
}

/** text/template's isTrue: the zero value is false. ok=false for values with no truth (funcs). */
export function isTrue(v: unknown): { truth: boolean; ok: boolean } {
  if (v === null || v === undefined || v instanceof GoNil) return { truth: false, ok: true };
  if (typeof v === 'string') return { truth: v !== '', ok: true };
  if (typeof v === 'number') return { truth: v !== 0, ok: true };
  if (typeof v === 'boolean') return { truth: v, ok: true };
  if (v instanceof GoFloat) return { truth: v.v !== 0, ok: true };
  if (Array.isArray(v)) return { truth: v.length > 0, ok: true };
  if (v instanceof Map) return { truth: v.size > 0, ok: true };
  if (v instanceof GoStruct) return { truth: true, ok: true };
  if (typeof v === 'function') return { truth: true, ok: true };
  return { truth: true, ok: true };
}

/** Sorted keys of a map value, as fmt and range order them. */
export function sortedKeys(m: Map<string, unknown>): string[] {
  return [...m.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
