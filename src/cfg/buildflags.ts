// The build flags shared by build, install, run, test, list, vet, clean, get and generate.
import type { FlagSet, FlagValue } from '../lib/flags.js';
import { parseGoBool, parseGoInt } from '../lib/flags.js';
import { goQuote } from '../lib/goquote.js';
import { splitQuoted } from '../lib/quoted.js';
import { ExitError } from '../base/errors.js';
import { gomaxprocs } from './platform.js';

/** One `[pattern=]args` value of -gcflags/-ldflags/-asmflags/-gccgoflags. */
export interface PerPackageEntry {
  /** The package pattern, or undefined for "the packages named on the command line". */
  pattern?: string;
  flags: string[];
}

/**
 * A per-package flag (go's load.PerPackageFlag): each use adds an entry; for a package, the
 * last entry whose pattern matches wins.
 */
export class PerPackageFlag implements FlagValue {
  raw = '';
  present = false;
  entries: PerPackageEntry[] = [];

  set(v0: string): void {
    this.raw = v0;
    this.present = true;
    let v = v0.trim();
    if (v === '') {
      this.entries.push({ flags: [] });
      return;
    }
    let pattern: string | undefined;
    if (!v.startsWith('-')) {
      const i = v.indexOf('=');
      if (i < 0) throw new Error('missing =<value> in <pattern>=<value>');
      if (i === 0) throw new Error('missing <pattern> in <pattern>=<value>');
      if (v[0] === "'" || v[0] === '"') throw new Error(`parameter may not start with quote character ${v[0]}`);
      pattern = v.slice(0, i).trim();
      v = v.slice(i + 1);
    }
    this.entries.push({ pattern, flags: splitQuoted(v) });
  }

  toString(): string {
    return this.raw;
  }

  /**
   * The flags for a package. cmdline: the package was named on the command line;
   * matches(pattern): whether the package matches a pattern (load's MatchPackage, relative to the
   * directory the flag was given in).
   */
  flagsFor(cmdline: boolean, matches: (pattern: string) => boolean): string[] {
    let flags: string[] = [];
    for (const e of this.entries) {
      if (e.pattern === undefined ? cmdline : matches(e.pattern)) flags = e.flags;
    }
    return flags;
  }
}

/** Every build flag's value, typed. Fields update as the FlagSet parses. */
export interface BuildFlags {
  /** The command these flags belong to ("build", "test", …), for messages. */
  cmdName: string;
  a: boolean;
  n: boolean;
  /** -p: parallelism; default the number of CPUs. */
  p: number;
  v: boolean;
  x: boolean;
  work: boolean;
  race: boolean;
  msan: boolean;
  asan: boolean;
  cover: boolean;
  /** "" (default: set, or atomic with -race), "set", "count", "atomic". */
  covermode: string;
  coverpkg: string[];
  asmflags: PerPackageFlag;
  gcflags: PerPackageFlag;
  ldflags: PerPackageFlag;
  gccgoflags: PerPackageFlag;
  buildmode: string;
  /** "auto", "true" or "false". */
  buildvcs: string;
  compiler: string;
  installsuffix: string;
  json: boolean;
  linkshared: boolean;
  /** -mod: "", "readonly", "vendor", "mod" (validated by modload). */
  mod: string;
  /** -mod was given a non-empty value. */
  modExplicit: boolean;
  modcacherw: boolean;
  modfile: string;
  overlay: string;
  pgo: string;
  pkgdir: string;
  tags: string[];
  trimpath: boolean;
  toolexec: string[];
  /** -o (build and test only; "" otherwise). */
  o: string;
  debugActiongraph: string;
  debugRuntimeTrace: string;
  debugTrace: string;
  /** Whether the flag (by name, e.g. "race") was set on the command line or from GOFLAGS. */
  isSet(name: string): boolean;
}

type Mask = { omitMod?: boolean; omitModCommon?: boolean; omitV?: boolean; omitBuildOnly?: boolean; omitJSON?: boolean };

/** Which build flags each command defines (go's BuildFlagMask per command). */
function maskFor(cmdName: string): { mask: Mask; cover: boolean; o: boolean } {
  switch (cmdName) {
    case 'build': return { mask: {}, cover: true, o: true };
    case 'install': case 'run': return { mask: {}, cover: true, o: false };
    case 'test': return { mask: { omitV: true, omitJSON: true }, cover: true, o: true };
    case 'list': return { mask: { omitJSON: true }, cover: true, o: false };
    case 'vet': case 'fix': return { mask: { omitJSON: true }, cover: false, o: false };
    case 'clean': case 'generate': return { mask: { omitBuildOnly: true }, cover: false, o: false };
    case 'get': return { mask: { omitMod: true }, cover: false, o: false };
  }
  return { mask: {}, cover: false, o: false };
}

class FieldValue<T> implements FlagValue {
  constructor(
    private readonly read: () => T,
    private readonly write: (s: string) => void,
    private readonly show: (v: T) => string,
    private readonly bool = false,
  ) {}
  set(s: string): void { this.write(s); }
  toString(): string { return this.show(this.read()); }
  isBoolFlag(): boolean { return this.bool; }
}

/**
 * Defines the build flags cmdName has (go's AddBuildFlags with the command's mask, plus
 * AddCoverFlags and -o where go adds them) and returns their live values. -C is left to the driver.
 * test's -o and -coverprofile, run's -exec and the like are the command's own flags.
 */
export function addBuildFlags(fs: FlagSet, cmdName: string): BuildFlags {
  const { mask, cover, o } = maskFor(cmdName);
  const bf: BuildFlags = {
    cmdName,
    a: false, n: false, p: gomaxprocs(), v: false, x: false, work: false,
    race: false, msan: false, asan: false, cover: false, covermode: '', coverpkg: [],
    asmflags: new PerPackageFlag(), gcflags: new PerPackageFlag(), ldflags: new PerPackageFlag(),
    gccgoflags: new PerPackageFlag(),
    buildmode: 'default', buildvcs: 'auto', compiler: 'gc', installsuffix: '', json: false,
    linkshared: false, mod: '', modExplicit: false, modcacherw: false, modfile: '', overlay: '',
    pgo: 'auto', pkgdir: '', tags: [], trimpath: false, toolexec: [], o: '',
    debugActiongraph: '', debugRuntimeTrace: '', debugTrace: '',
    isSet: (name) => fs.isSet(name),
  };
  type BoolKey = { [K in keyof BuildFlags]: BuildFlags[K] extends boolean ? K : never }[keyof BuildFlags];
  type StrKey = { [K in keyof BuildFlags]: BuildFlags[K] extends string ? K : never }[keyof BuildFlags];
  const bool = (name: string, key: BoolKey): void =>
    fs.var(new FieldValue(() => bf[key], (s) => { bf[key] = parseGoBool(s); }, String, true), name);
  const str = (name: string, key: StrKey): void =>
    fs.var(new FieldValue(() => bf[key], (s) => { bf[key] = s; }, (v) => v), name);

  if (o) str('o', 'o');
  bool('n', 'n');
  bool('x', 'x');
  bool('a', 'a');
  fs.var(new FieldValue(() => bf.p, (s) => { bf.p = parseGoInt(s); }, String), 'p');
  if (!mask.omitV) bool('v', 'v');
  bool('asan', 'asan');
  fs.var(bf.asmflags, 'asmflags');
  fs.var(new FieldValue(() => bf.compiler, (s) => {
    if (s !== 'gc' && s !== 'gccgo') throw new Error(`unknown compiler ${goQuote(s)}`);
    bf.compiler = s;
  }, (v) => v), 'compiler');
  str('buildmode', 'buildmode');
  fs.var(new FieldValue(() => bf.buildvcs, (s) => {
    if (s === '' || s === 'auto') { bf.buildvcs = 'auto'; return; }
    let b: boolean;
    try {
      b = parseGoBool(s);
    } catch {
      throw new Error("value is neither 'auto' nor a valid bool");
    }
    bf.buildvcs = String(b);
  }, (v) => v, true), 'buildvcs');
  fs.var(bf.gcflags, 'gcflags');
  fs.var(bf.gccgoflags, 'gccgoflags');
  if (!mask.omitMod) {
    fs.var(new FieldValue(() => bf.mod, (s) => {
      bf.mod = s;
      if (s !== '') bf.modExplicit = true;
    }, (v) => v), 'mod');
  }
  if (!mask.omitModCommon) {
    bool('modcacherw', 'modcacherw');
    str('modfile', 'modfile');
  }
  str('overlay', 'overlay');
  str('installsuffix', 'installsuffix');
  if (!mask.omitBuildOnly && !mask.omitJSON) bool('json', 'json');
  fs.var(bf.ldflags, 'ldflags');
  bool('linkshared', 'linkshared');
  bool('msan', 'msan');
  str('pgo', 'pgo');
  str('pkgdir', 'pkgdir');
  bool('race', 'race');
  fs.var(new FieldValue(() => bf.tags, (s) => { bf.tags = parseTags(s); }, () => '<TagsFlag>'), 'tags');
  fs.var(new FieldValue(() => bf.toolexec, (s) => { bf.toolexec = splitQuoted(s); }, () => '<StringsFlag>'), 'toolexec');
  bool('trimpath', 'trimpath');
  bool('work', 'work');
  str('debug-actiongraph', 'debugActiongraph');
  str('debug-runtime-trace', 'debugRuntimeTrace');
  str('debug-trace', 'debugTrace');

  if (cover) {
    bool('cover', 'cover');
    fs.var(new FieldValue(() => bf.covermode, (s) => {
      if (!['', 'set', 'count', 'atomic'].includes(s)) throw new Error('valid modes are "set", "count", or "atomic"');
      bf.covermode = s;
      bf.cover = true;
    }, (v) => v), 'covermode');
    fs.var(new FieldValue(() => bf.coverpkg, (s) => {
      bf.coverpkg = s === '' ? [] : s.split(',');
      bf.cover = true;
    }, (v) => v.join(',')), 'coverpkg');
  }
  return bf;
}

/** go's tagsFlag: comma-separated, or (old style) space-separated with quoting. */
/**
 * The first flag set among those that make a build print its work, rebuild everything or instrument every
 * package (-a -n -x -v -json -work -race -msan -asan -cover -linkshared -toolexec), or undefined. The builds
 * gocmd shortcuts (the no-op stamp, the early runtime build) have none of them.
 */
export function wholeBuildFlag(flags: BuildFlags): string | undefined {
  for (const f of ['a', 'n', 'x', 'v', 'json', 'work', 'race', 'msan', 'asan', 'cover', 'linkshared'] as const) {
    if (flags[f]) return `-${f}`;
  }
  return flags.toolexec.length > 0 ? '-toolexec' : undefined;
}

export function parseTags(s: string): string[] {
  if (s.includes(' ') || s.includes("'")) return splitQuoted(s);
  return s.split(',').filter((t) => t !== '');
}

/** Flags that switch on a feature (and the value that means "off"). */
const FEATURE_OFF: Record<string, (bf: BuildFlags) => boolean> = {
  a: (b) => !b.a, n: (b) => !b.n, x: (b) => !b.x, v: (b) => !b.v, work: (b) => !b.work,
  race: (b) => !b.race, msan: (b) => !b.msan, asan: (b) => !b.asan,
  cover: (b) => !b.cover, covermode: (b) => b.covermode === '', coverpkg: (b) => b.coverpkg.length === 0,
  asmflags: (b) => !b.asmflags.present, gcflags: (b) => !b.gcflags.present,
  ldflags: (b) => !b.ldflags.present, gccgoflags: (b) => !b.gccgoflags.present,
  buildmode: (b) => b.buildmode === 'default', buildvcs: (b) => b.buildvcs === 'auto',
  compiler: (b) => b.compiler === 'gc', installsuffix: (b) => b.installsuffix === '',
  json: (b) => !b.json, linkshared: (b) => !b.linkshared, mod: (b) => b.mod === '',
  modcacherw: (b) => !b.modcacherw, modfile: (b) => b.modfile === '', overlay: (b) => b.overlay === '',
  pgo: (b) => b.pgo === 'auto', pkgdir: (b) => b.pkgdir === '', tags: (b) => b.tags.length === 0,
  trimpath: (b) => !b.trimpath, toolexec: (b) => b.toolexec.length === 0, o: (b) => b.o === '',
  p: () => true,
  'debug-actiongraph': (b) => b.debugActiongraph === '', 'debug-runtime-trace': (b) => b.debugRuntimeTrace === '',
  'debug-trace': (b) => b.debugTrace === '',
};

/**
 * Fails with `go build: -race is not supported yet by gocmd` (exit 2) for the first build flag,
 * in lexical order, that the user set to a non-default value and that is not in supported.
 */
export function checkSupported(flags: BuildFlags, supported: ReadonlySet<string>): void {
  for (const name of Object.keys(FEATURE_OFF).sort()) {
    if (supported.has(name) || !flags.isSet(name)) continue;
    if (FEATURE_OFF[name]!(flags)) continue;
    throw new ExitError(`go ${flags.cmdName}: -${name} is not supported yet by gocmd`, 2);
  }
}
