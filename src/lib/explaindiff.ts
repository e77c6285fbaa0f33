// Why an action ran again (GOCMD_EXPLAIN=1): the labelled inputs of an action ID (the lines go's buildActionID
// and linkActionID hash) of the last recorded build against this build's, said in a Go developer's words.
import { goUnquote } from './goquote.js';

/** One input of an action ID: a label stable across builds (what it is) and its value. */
export interface ActionInput {
  key: string;
  value: string;
}

/** The line naming the toolchain (the hash's salt); work/explain.ts writes it first. */
export const TOOLCHAIN_LINE = 'toolchain';

/**
 * Splits an action ID's input text into labelled inputs. A line's label is what stays the same while its
 * value changes: a file's name, a dependency's import path, a variable's name, a line's leading word.
 */
export function parseInputs(text: string): ActionInput[] {
  const out: ActionInput[] = [];
  const seen = new Map<string, number>();
  const add = (key: string, value: string): void => {
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    out.push({ key: n === 0 ? key : `${key}#${n}`, value });
  };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const sp = line.indexOf(' ');
    const word = sp < 0 ? line : line.slice(0, sp);
    const rest = sp < 0 ? '' : line.slice(sp + 1);
    const last = line.lastIndexOf(' ');
    switch (word) {
      case 'file':
        // "file NAME HASH": the name may hold spaces, the hash does not.
        add(`file ${line.slice(5, last)}`, line.slice(last + 1));
        continue;
      case 'import':
        // The package's own `import "path"`, or a dependency's "import path contentID".
        if (rest.startsWith('"')) add('self', rest);
        else add(`dep ${line.slice(7, last)}`, line.slice(last + 1));
        continue;
      case 'packagefile':
      case 'packageshlib': {
        const eq = rest.lastIndexOf('=');
        add(`${word} ${rest.slice(0, eq)}`, rest.slice(eq + 1));
        continue;
      }
      case 'vetout': {
        // "vetout "path" HASH": a dependency's vet facts.
        add(`vetout ${unq(line.slice(7, last))}`, line.slice(last + 1));
        continue;
      }
      case 'magic': {
        const eq = rest.indexOf('=');
        add(`magic ${rest.slice(0, eq)}`, rest.slice(eq + 1));
        continue;
      }
      case 'compile':
      case 'asm':
      case 'link': {
        if (rest === '') {
          add('kind', word);
          continue;
        }
        // "compile TOOLID [forced] [flags]", "asm "TOOLID" [forced] [flags]", "link TOOLID [forced] MODE".
        const br = rest.indexOf(' [');
        const tool = br < 0 ? rest : rest.slice(0, br);
        add(`${word} tool`, tool);
        if (br < 0) continue;
        const lists = rest.slice(br + 1);
        const groups = splitLists(lists);
        if (word === 'link') {
          add('link forced', lists);
        } else {
          add(`${word} forced`, groups[0] ?? '');
          add(`${word} flags`, groups.slice(1).join(' '));
        }
        continue;
      }
      default: {
        // "CC=[exe] [cppflags] [cflags] [ldflags]" (and CXX=, FC=): each list its own input.
        const m = /^(CC|CXX|FC)=(\[.*)$/.exec(line);
        if (m) {
          const groups = splitLists(m[2]!);
          const names = m[1] === 'CC' ? ['', 'CPPFLAGS', 'CFLAGS', 'LDFLAGS'] : m[1] === 'CXX' ? ['', 'CXXFLAGS'] : ['', 'FFLAGS'];
          groups.forEach((g, i) => add(`cgo ${m[1]}${names[i] ?? `#${i}`}`, g));
          continue;
        }
        const id = /^(CC|CXX|FC) ID/.exec(line);
        if (id) {
          add(`cgo ${id[1]} ID`, line.slice(id[0].length));
          continue;
        }
        const env = /^([A-Z][A-Z0-9_]*)=/.exec(line);
        if (env) {
          add(`env ${env[1]}`, line.slice(env[0].length));
          continue;
        }
        add(word, rest);
      }
    }
  }
  return out;
}

/**
 * Splits a run of go-quoted lists ("[a b] [c]") into its lists, each still in brackets. Brackets inside
 * quoted strings are skipped.
 */
export function splitLists(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] !== '[') {
      i++;
      continue;
    }
    const start = i++;
    while (i < s.length && s[i] !== ']') {
      if (s[i] === '"') {
        i++;
        while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
      }
      i++;
    }
    out.push(s.slice(start, i + 1));
    i++;
  }
  return out;
}

/** A go-quoted list ("[\"-N\" \"-l\"]") as a command line would show it ("-N -l"), "none" when empty. */
export function showList(list: string): string {
  const inner = list.replace(/^\[/, '').replace(/\]$/, '');
  if (inner === '') return 'none';
  const words: string[] = [];
  for (const q of inner.match(/"(?:[^"\\]|\\.)*"/g) ?? []) words.push(goUnquote(q) ?? q);
  return words.length > 0 ? words.join(' ') : inner;
}

/** A value short enough to show in a line, with its change. */
function fromTo(old: string, now: string): string {
  const o = old === '' ? '""' : old, n = now === '' ? '""' : now;
  return o.length + n.length <= 80 ? ` (was ${o}, now ${n})` : '';
}

const unq = (s: string): string => (s.startsWith('"') ? goUnquote(s) ?? s : s);

/** What kind of action the inputs belong to, for the words of a changed package. */
export type ActionKind = 'compile' | 'link' | 'vet';

/**
 * Why one input differs, in words; undefined for an input that only mirrors another (packagemain repeats the
 * main package's packagefile). `old`/`now` undefined: absent on that side.
 */
function reason(kind: ActionKind, key: string, old: string | undefined, now: string | undefined): string | undefined {
  const sp = key.indexOf(' ');
  const word = sp < 0 ? key : key.slice(0, sp);
  const name = sp < 0 ? '' : key.slice(sp + 1);
  const changed = (what: string): string =>
    old === undefined ? `${what} added` : now === undefined ? `${what} removed` : `${what} changed`;
  switch (word) {
    case 'file':
      return old === undefined ? `new file ${name}` : now === undefined ? `${name} removed` : `${name} changed`;
    case 'dep':
      return old === undefined ? `now imports ${name}` : now === undefined ? `no longer imports ${name}` : `dependency ${name} changed`;
    case 'packagefile':
      return old === undefined ? `now links ${name}` : now === undefined ? `no longer links ${name}` : `package ${name} changed`;
    case 'packageshlib':
      return changed(`shared library of ${name}`);
    case 'packagemain':
      return undefined;
    case 'vetout':
      return old === undefined ? `now reads facts of ${name}` : now === undefined ? `no longer reads facts of ${name}` : `facts of dependency ${name} changed`;
  }
  switch (key) {
    case 'toolchain':
      return `Go toolchain changed${fromTo(old ?? '', now ?? '')}`;
    case 'compile tool': case 'asm tool': case 'link tool': case 'cgo':
      return `Go toolchain changed (${word === 'cgo' ? 'cgo' : word})`;
    case 'compile forced': case 'asm forced': case 'link forced':
      return 'flags implied by -buildmode, -race, -msan or -asan changed';
    case 'compile flags':
      return `-gcflags changed${fromTo(showList(old ?? '[]'), showList(now ?? '[]'))}`;
    case 'asm flags':
      return `-asmflags changed${fromTo(showList(old ?? '[]'), showList(now ?? '[]'))}`;
    case 'linkflags':
      return `-ldflags changed${fromTo(showList(old ?? '[]'), showList(now ?? '[]'))}`;
    case 'trimpath':
      return old === undefined ? '-trimpath added' : '-trimpath removed';
    case 'dir':
      return `package directory changed${fromTo(old ?? '', now ?? '')}`;
    case 'module':
      return `module version changed${fromTo(old ?? '', now ?? '')}`;
    case 'go':
      return `go.mod's go version changed${fromTo(old ?? '', now ?? '')}`;
    case 'goos': case 'buildmode':
      return `target changed${fromTo(old ?? '', now ?? '')}`;
    case 'omitdebug': {
      // "omitdebug B standard B local B prefix Q": go run (or -ldflags=-w) leaves out debug info.
      const od = (v: string | undefined): string => /^(\S*)/.exec(v ?? '')![1]!;
      if (od(old) !== od(now)) return od(now) === 'true' ? 'debug info now omitted (go run, or -ldflags=-w)' : 'debug info now included (go run omits it)';
      return 'package named differently on the command line (files, or a local directory)';
    }
    case 'defaultgodebug':
      return `default GODEBUG changed${fromTo(unq(old ?? ''), unq(now ?? ''))}`;
    case 'modinfo':
      return `build info changed${buildInfoChange(old, now)}`;
    case 'cover':
      return changed('-cover instrumentation').replace(' changed', ' changed (-cover, -covermode or -coverpkg)');
    case 'fuzz':
      return changed('fuzzing instrumentation');
    case 'pgofile':
      return changed('PGO profile');
    case 'forcelibrary':
      return changed('forcelibrary');
    case 'vet':
      return 'vet tool changed';
    case 'vetflags':
      return `vet flags changed${fromTo(showList(old ?? '[]'), showList(now ?? '[]'))}`;
    case 'pkg':
      // The compile's action ID: whatever the package's compile line says.
      return "the package's compile inputs changed";
    case 'self': case 'kind':
      return 'package identity changed';
    case 'cgo CC': case 'cgo CXX': case 'cgo FC':
      return `${name} changed${fromTo(showList(old ?? '[]'), showList(now ?? '[]'))}`;
    case 'cgo CC ID': case 'cgo CXX ID': case 'cgo FC ID':
      return `C compiler version changed (${name.split(' ')[0]})`;
  }
  if (word === 'cgo') {
    // CGO_CFLAGS and the package's #cgo CFLAGS lines both end up in the list.
    const v = name.replace(/^(CC|CXX|FC)/, '');
    return `CGO_${v} or #cgo ${v} changed${fromTo(showList(old ?? '[]'), showList(now ?? '[]'))}`;
  }
  if (word === 'env' || word === 'magic') return `${name} changed${fromTo(unq(old ?? ''), unq(now ?? ''))}`;
  return changed(key);
}

/** The first line of the build info that differs (a dependency's version, a build setting), when short. */
function buildInfoChange(old: string | undefined, now: string | undefined): string {
  const o = (unq(old ?? '')).split('\n'), n = (unq(now ?? '')).split('\n');
  const oldSet = new Set(o);
  const first = n.find((l) => l !== '' && !oldSet.has(l));
  if (first === undefined) return '';
  const shown = first.replace(/\t/g, ' ').trim();
  return shown.length <= 80 ? `: ${shown}` : '';
}

/** Why an action whose cache lookup missed ran, from its recorded inputs (undefined: none) and its inputs now. */
export interface Explanation {
  /** The reasons, in the order the inputs are hashed; empty when the inputs are the recorded ones. */
  reasons: string[];
  /** No earlier build was recorded. */
  firstBuild: boolean;
}

/** Compares recorded and current inputs (both as parseInputs reads them). Pure. */
export function explainInputs(kind: ActionKind, recorded: string | undefined, now: string): Explanation {
  if (recorded === undefined) return { reasons: [], firstBuild: true };
  const before = new Map(parseInputs(recorded).map((i) => [i.key, i.value]));
  const after = parseInputs(now);
  const reasons: string[] = [];
  const seen = new Set<string>();
  const push = (r: string | undefined): void => {
    if (r !== undefined && !seen.has(r)) {
      seen.add(r);
      reasons.push(r);
    }
  };
  const afterKeys = new Set<string>();
  // A new toolchain also changes every tool's ID: the toolchain line says it once.
  const toolchainChanged = before.get(TOOLCHAIN_LINE) !== after.find((i) => i.key === TOOLCHAIN_LINE)?.value;
  const toolIDs = new Set(['compile tool', 'asm tool', 'link tool', 'cgo']);
  // A tool's ID also names the experiments it runs with: a new GOEXPERIMENT says that itself.
  const noExperiment = (id: string | undefined): string | undefined => id?.replace(/[ -]X:[^ "]*/, '');
  const consider = (key: string, old: string | undefined, now: string | undefined): void => {
    if (toolIDs.has(key) && (toolchainChanged || noExperiment(old) === noExperiment(now))) return;
    push(reason(kind, key, old, now));
  };
  for (const { key, value } of after) {
    afterKeys.add(key);
    const old = before.get(key);
    if (old !== value) consider(key, old, value);
  }
  for (const [key, value] of before) if (!afterKeys.has(key)) consider(key, value, undefined);
  return { reasons, firstBuild: false };
}

/** At most this many reasons are named, then "and N more". */
export const MAX_REASONS = 3;

/** The first MAX_REASONS reasons, joined, then "and N more": the why of every GOCMD_EXPLAIN line. */
export function namedReasons(reasons: readonly string[]): string {
  const shown = reasons.slice(0, MAX_REASONS);
  const more = reasons.length - shown.length;
  return shown.join(', ') + (more > 0 ? `, and ${more} more` : '');
}

/**
 * The line GOCMD_EXPLAIN prints for an action that runs: "gocmd: rebuilding PKG: REASONS". `missing` says
 * why identical inputs ran anyway (the cache entry is gone, the binary is not kept).
 */
export function explainLine(kind: ActionKind, desc: string, e: Explanation, missing: string): string {
  let why: string;
  if (e.firstBuild) why = kind === 'vet' ? 'no earlier run recorded' : 'no earlier build recorded';
  else if (e.reasons.length === 0) why = `inputs unchanged, but ${missing}`;
  else why = namedReasons(e.reasons);
  return `gocmd: ${kind === 'link' ? 'relinking' : kind === 'vet' ? 're-vetting' : 'rebuilding'} ${desc}: ${why}\n`;
}
