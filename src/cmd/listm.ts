// `go list -m`: modules of the build list, module patterns and path@query arguments, with -u, -versions, -retracted.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from '../cfg/config.js';
import * as gover from '../lib/gover.js';
import { haveSum } from '../lib/gosum.js';
import { errorAs, ModuleError, type Version } from '../lib/module.js';
import { matchPattern } from '../load/pkgpattern.js';
import { marshalIndent } from '../load/listjson.js';
import { GoNil, GoStruct, Template, TemplateError, type TemplateFunc } from '../lib/template/index.js';
import type { Fetcher } from '../modfetch/fetcher.js';
import type { Origin, RevInfo } from '../modfetch/revinfo.js';
import { isNotExist } from '../modfetch/errors.js';
import { errorText, goModDirtyMessage, ModloadError } from '../modload/errors.js';
import { fatalModError } from '../modload/forload.js';
import { hasModRoot as modHasRoot, openFetcher, openModState } from '../modload/init.js';
import { fetcherQueryRepo, isDisallowed, ModuleRetractedError, Querier, queryErrorOrigin, type AllowedFunc } from '../modload/query.js';
import type { ModulePublic } from '../modload/modinfo.js';
import { parseReuseFile, type ReuseMap } from '../modload/reuse.js';
import { isRevisionQuery, NoMatchingVersionError } from '../modload/querymatch.js';
import { writeAddedRequirements } from '../modload/queryimport.js';
import { downloadFile } from '../modload/source.js';
import type { ModState } from '../modload/state.js';
import { ExitError, type CommandContext } from './command.js';

export type { ModulePublic };

export interface ListMFlags {
  e: boolean; f: string; json: boolean; jsonFields: Set<string>; reuse: string; retracted: boolean; u: boolean; versions: boolean;
}

const MODE_U = 1, MODE_RETRACTED = 2, MODE_DEPRECATED = 4, MODE_VERSIONS = 8, MODE_RETRACTED_VERSIONS = 16;

function fatal(msg: string): never {
  throw new ExitError(msg, 1);
}

/** Runs go list -m; returns the exit status. funcs are list's template functions. */
export async function runListM(
  ctx: CommandContext,
  args: string[],
  o: { buildMod: string; modFile: string; modcacherw: boolean; trace: boolean },
  l: ListMFlags,
  funcs: Record<string, TemplateFunc>,
): Promise<number> {
  const { config, cwd } = ctx;
  const err = (s: string): void => { ctx.stderr.write(s); };
  let fmt = l.f;
  if (fmt === '') fmt = l.versions ? '{{.Path}}{{range .Versions}} {{.}}{{end}}{{if .Deprecated}} (deprecated){{end}}' : '{{.String}}';
  let tmpl: Template | undefined;
  if (!l.json) {
    try {
      tmpl = new Template('main', fmt, funcs);
    } catch (e) {
      if (e instanceof TemplateError) fatal(e.message);
      throw e;
    }
  }
  if (config.getenv('GO111MODULE') === 'off' || !config.modulesEnabled) {
    if (l.retracted) fatal('go list -retracted can only be used in module-aware mode');
    fatal('go: list -m cannot be used with GO111MODULE=off');
  }
  const hasModRoot = modHasRoot(config, 'list');
  if (l.reuse !== '' && hasModRoot) fatal('go list -reuse cannot be used inside a module');
  let st: ModState | undefined;
  let fetcher: Fetcher;
  try {
    if (hasModRoot) {
      const r = openModState(config, cwd, { cmdName: 'list', buildMod: o.buildMod, modFile: o.modFile, modcacherw: o.modcacherw, trace: o.trace, stderr: err });
      st = r.st;
      fetcher = r.fetcher!;
    } else {
      fetcher = openFetcher(config, { cmdName: 'list', modcacherw: o.modcacherw, trace: o.trace, stderr: err }, '');
    }
  } catch (e) {
    fatalModError(e);
  }
  const vendor = st?.buildMod === 'vendor';
  if (l.retracted && vendor) fatal('go list -retracted cannot be used when vendoring is enabled');
  if (vendor) {
    const dis = (what: string): never => fatal(`go: can't ${what} using the vendor directory\n\t(Use -mod=mod or -mod=readonly to bypass.)`);
    if (l.versions) dis('determine available versions');
    if (l.u) dis('determine available upgrades');
    for (const a of args) {
      if (a === 'all') dis("compute 'all'");
      if (a.includes('...')) dis('match module patterns');
    }
  }
  let mode = 0;
  if (l.u) mode |= MODE_U | MODE_RETRACTED | MODE_DEPRECATED;
  if (l.retracted) mode |= MODE_RETRACTED;
  if (l.versions) mode |= MODE_VERSIONS | (l.retracted ? MODE_RETRACTED_VERSIONS : 0);
  let reuse: ReuseMap | undefined;
  let reuseErr: Error | undefined;
  if (l.reuse !== '') {
    if (args.length === 0) fatal('go: list -m -reuse only has an effect with module@version arguments');
    try {
      reuse = loadReuseFile(cwd, l.reuse);
    } catch (e) {
      reuseErr = e as Error;
    }
  }

  const q = new Querier({
    repo: fetcherQueryRepo(fetcher),
    mainPaths: new Set(st ? st.mains.map((m) => m.path) : []),
    vendor,
    ...(st ? { replace: st.replace, exclude: st.exclude } : {}),
  });
  const lister = new Lister(config, st, fetcher, q, mode, reuse);
  let mods: ModulePublic[] = [];
  let listErr: Error | undefined = reuseErr;
  try {
    if (!reuseErr) ({ mods, err: listErr } = await lister.list(args));
    await lister.addModeInfo(mods);
  } catch (e) {
    if (e instanceof ExitError) throw e;
    fatalModError(e);
  }
  if (!listErr && st && (st.reqs.excluded.length > 0 || (st.main.fixed && !st.workspace))) {
    // go.mod must drop its requirements on excluded versions and record the versions resolved for
    // non-canonical ones: written with -mod=mod, refused otherwise.
    if (st.buildMod === 'mod') writeAddedRequirements(st, []);
    else listErr = new ModloadError(goModDirtyMessage(st.buildMod, st.buildModExplicit, st.buildModReason));
  }
  if (!listErr && st && (mode & MODE_U) === 0 && (st.buildMod === 'mod' || st.buildMod === 'readonly')) {
    try {
      const keep = lister.keepSums();
      // go's mustHaveCompleteRequirements: a workspace records new sums in go.work.sum even when readonly.
      await fetcher.writeGoSum((m) => keep.has(`${m.path}@${m.version}`), st.buildMod !== 'mod' && !st.workspace);
    } catch (e) {
      listErr = e as Error;
    }
  }
  if (!l.e) {
    let bad = false;
    for (const m of mods) if (m.error !== undefined) { err(`go: ${m.error}\n`); bad = true; }
    if (listErr) { err(errorText(listErr) + '\n'); bad = true; }
    if (bad) return 1;
  }
  let out = '';
  try {
    for (const m of mods) {
      const v = moduleValue(m, l.json);
      if (l.json) {
        out += marshalIndent(v, '', l.jsonFields.size === 0 ? undefined : (f) => l.jsonFields.has(f)) + '\n';
      } else {
        let s: string;
        try {
          s = tmpl!.execute(v);
        } catch (e) {
          if (!(e instanceof TemplateError)) throw e;
          out += (e as TemplateError & { partial?: string }).partial ?? '';
          ctx.stdout.write(out);
          out = '';
          fatal(e.message);
        }
        out += s;
        if (!out.endsWith('\n') && out !== '') out += '\n';
      }
    }
  } finally {
    if (out) ctx.stdout.write(out);
  }
  return 0;
}

/**
 * go's PackageModuleInfo for the modules providing listed packages (cmd/list without -m): moduleInfo with
 * no list mode, so Time, Indirect, Sum, GoModSum and Error are those go list -m prints. Keyed by
 * "path@version" (version "" for the main module).
 */
export async function packageModules(config: Config, st: ModState, fetcher: Fetcher, mods: readonly Version[], retracted = false): Promise<Map<string, ModulePublic>> {
  const q = new Querier({
    repo: fetcherQueryRepo(fetcher), mainPaths: new Set(st.mains.map((m) => m.path)), vendor: st.buildMod === 'vendor', vendorReason: st.buildModReason,
    replace: st.replace, exclude: st.exclude,
  });
  const lister = new Lister(config, st, fetcher, q, retracted ? MODE_RETRACTED : 0);
  const out = new Map<string, ModulePublic>();
  await Promise.all(mods.map(async (m) => {
    const info = await lister.moduleInfo(true, m);
    // go list -retracted: the packages' modules carry their retractions (go's PackageModuleInfo with ListRetracted).
    await lister.addModeInfo([info]);
    out.set(`${m.path}@${m.version}`, info);
  }));
  return out;
}

/** Reads a -reuse file (relative to dir): the old results by path@version and path@query. */
export function loadReuseFile(dir: string, file: string): ReuseMap {
  let text: string;
  try {
    text = readFileSync(resolve(dir, file), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`open ${file}: ${code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}`);
  }
  return parseReuseFile(file, text);
}

/** go's search.IsRelativePath. */
const isRelativePath = (p: string): boolean => p === '.' || p === '..' || p.startsWith('./') || p.startsWith('../');

/** go's modinfoError: the error text stored in ModulePublic.Error. */
function modinfoError(path: string, vers: string, e: Error): string {
  if (errorAs(e, NoMatchingVersionError)) return new ModuleError(path, '', e).message;
  if (!errorAs(e, ModuleError)) return new ModuleError(path, vers, e).message;
  return e.message;
}

/** The module listing of one go list -m run. */
class Lister {
  constructor(
    readonly config: Config,
    readonly st: ModState | undefined,
    readonly fetcher: Fetcher,
    readonly q: Querier,
    readonly mode: number,
    readonly reuse?: ReuseMap,
  ) {}

  private graphList?: Version[];

  /** go's keepSums for go list -m: go.mod sums of the requirement roots and of the loaded graph. */
  keepSums(): Set<string> {
    const keep = new Set<string>();
    for (const m of [...(this.st?.reqs.roots ?? []), ...(this.graphList ?? [])]) {
      if (m.version !== '' && !gover.isToolchain(m.path)) {
        const r = this.st?.replace.resolve(m) ?? m;
        if (r.version !== '') keep.add(`${r.path}@${r.version}/go.mod`);
      }
    }
    return keep;
  }

  async list(args: string[]): Promise<{ mods: ModulePublic[]; err?: Error }> {
    const st = this.st;
    if (args.length === 0) {
      if (!st) return { mods: [{ path: 'command-line-arguments', version: '', main: true }] };
      return { mods: await Promise.all(st.mains.map((m) => this.moduleInfo(true, { path: m.path, version: '' }))) };
    }
    const noMain = (): string => errorText(new Error(`go.mod file not found in current directory or any parent directory; see 'go help modules'`)).replace(/^go: /, '');
    let needFullGraph = false;
    for (const arg of args) {
      if (arg.includes('\\')) fatal('go: module paths never use backslash');
      if (isRelativePath(arg)) fatal(`go: cannot use relative path ${arg} to specify module`);
      if (arg === 'all' || arg.includes('...')) {
        needFullGraph = true;
        if (!st) fatal(`go: cannot match ${JSON.stringify(arg)}: ${noMain()}`);
        continue;
      }
      const { path, vers, found } = parsePathVersion(arg);
      if (found) {
        if ((vers === 'upgrade' || vers === 'patch') && (!st || st.reqs.rootSelected(path) === undefined || st.reqs.pruning === 'unpruned')) {
          needFullGraph = true;
          if (!st) fatal(`go: cannot match ${JSON.stringify(arg)}: ${noMain()}`);
        }
        continue;
      }
      if (!st || st.reqs.rootSelected(arg) === undefined || st.reqs.pruning === 'unpruned') {
        needFullGraph = true;
        if ((this.mode & MODE_VERSIONS) === 0 && !st) fatal(`go: cannot match ${JSON.stringify(arg)} without -versions or an explicit version: ${noMain()}`);
      }
    }
    let graph: { selected(p: string): string; buildList(): Version[] } | undefined;
    let mgErr: Error | undefined;
    if (needFullGraph && st) {
      const loaded = await st.reqs.expandedGraph();
      graph = loaded.graph;
      this.graphList = loaded.graph.buildList();
      if (loaded.error) mgErr = loaded.error;
      else if (st.buildMod !== 'mod' && st.reqs.pruning !== 'workspace' && st.reqs.roots.some((r) => r.path !== st.main.path && loaded.graph.selected(r.path) !== r.version)) {
        // go's expandGraph would update the roots, and committing them needs -mod=mod.
        mgErr = new ModloadError(goModDirtyMessage(st.buildMod, st.buildModExplicit, st.buildModReason));
      }
    }
    const selected = (p: string): string => {
      if (!st) return 'none';
      if (st.mainByPath(p)) return '';
      if (graph) return graph.selected(p);
      return st.reqs.rootSelected(p) ?? 'none';
    };
    const mods: ModulePublic[] = [];
    const matched = new Set<string>();
    for (const arg of args) {
      const { path, vers, found } = parsePathVersion(arg);
      if (found) {
        const current = selected(path);
        if (current === 'none' && mgErr && (vers === 'upgrade' || vers === 'patch')) continue;
        const allowed: AllowedFunc | undefined = isRevisionQuery(path, vers) || (this.mode & MODE_RETRACTED) !== 0 ? undefined : this.q.checkAllowed;
        let info: RevInfo;
        try {
          info = await this.q.query(path, vers, current, allowed, this.reuse);
        } catch (e) {
          const origin = queryErrorOrigin(e);
          mods.push({ path, version: vers, error: modinfoError(path, vers, e as Error), ...(origin ? { origin } : {}) });
          continue;
        }
        const mod = await this.moduleInfo(false, { path, version: info.version });
        if (vers !== mod.version) mod.query = vers;
        if (info.origin) mod.origin = info.origin;
        else delete mod.origin;
        mods.push(mod);
        continue;
      }
      let match: ((p: string) => boolean) | undefined;
      if (arg === 'all') match = (p) => !gover.isToolchain(p);
      else if (arg.includes('...')) {
        const mp = matchPattern(arg);
        match = (p) => mp(p) && !gover.isToolchain(p);
      } else {
        const v = selected(arg);
        if (v === 'none' && mgErr) continue;
        if (v !== 'none') mods.push(await this.moduleInfo(true, { path: arg, version: v }));
        else if (st?.buildMod === 'vendor') {
          mods.push({ path: arg, version: '', error: modinfoError(arg, '', new Error("can't resolve module using the vendor directory\n\t(Use -mod=mod or -mod=readonly to bypass.)")) });
        } else if ((this.mode & MODE_VERSIONS) !== 0) mods.push({ path: arg, version: '' });
        else mods.push({ path: arg, version: '', error: modinfoError(arg, '', new Error('not a known dependency')) });
        continue;
      }
      const matches: Version[] = [];
      for (const m of graph!.buildList()) {
        const k = `${m.path}@${m.version}`;
        if (match(m.path) && !matched.has(k)) {
          matched.add(k);
          matches.push(m);
        }
      }
      if (matches.length === 0) process.stderr.write(`warning: pattern ${JSON.stringify(arg)} matched no module dependencies\n`);
      mods.push(...(await Promise.all(matches.map((m) => this.moduleInfo(true, m)))));
    }
    return mgErr ? { mods, err: mgErr } : { mods };
  }

  /** go's checksumOk: whether go.sum allows using m's files (readonly requires recorded sums). */
  private checksumOk(fromReqs: boolean, m: Version, suffix: string): boolean {
    if (!fromReqs || m.version === '' || !this.st || this.st.buildMod !== 'readonly') return true;
    return haveSum(this.st.goSum, { path: m.path, version: m.version + suffix }) || this.fetcher.haveSum({ path: m.path, version: m.version + suffix });
  }

  /**
   * The go line of m's go.mod. One that needs a newer Go counts only with knownTooNew: go reports it
   * for a module the graph already read (its rawGoVersion), not from a go.mod it reads here, whose
   * TooNewError leaves GoVersion unset (a replacement's, or a module from outside the graph).
   */
  private async goVersionOf(m: Version, knownTooNew = false): Promise<string> {
    if (!this.st) {
      try {
        const text = Buffer.from(await this.fetcher.goMod(m.path, m.version)).toString('utf8');
        return /^go\s+(\S+)/m.exec(text)?.[1] ?? '';
      } catch {
        return '';
      }
    }
    try {
      const sum = await this.st.summaries.rawSummary(m);
      return sum.tooNew && !knownTooNew ? '' : sum.goVersion;
    } catch {
      return '';
    }
  }

  /** go's completeFromModCache. */
  private async complete(m: ModulePublic, fromReqs: boolean, graphRead = false): Promise<void> {
    if (gover.isToolchain(m.path)) return;
    const mod = { path: m.path, version: m.version };
    const old = m.version !== '' ? this.reuse?.get(`${m.path}@${m.version}`) : undefined;
    if (old && (await this.q.checkReuse(m.path, m.version, old.origin))) {
      // The earlier result still holds: it is the answer, as it was (go's completeFromModCache).
      for (const k of Object.keys(m)) delete (m as unknown as Record<string, unknown>)[k];
      Object.assign(m, structuredClone(old));
      delete m.query;
      delete m.dir;
      return;
    }
    if (m.version !== '') {
      try {
        const info = await this.q.query(m.path, m.version, '');
        m.version = info.version;
        if (info.time) m.time = info.time;
      } catch (e) {
        m.error = (e as Error).message;
      }
    }
    if (!m.goVersion && this.checksumOk(fromReqs, mod, '/go.mod')) {
      const gv = await this.goVersionOf(mod, graphRead);
      if (gv) m.goVersion = gv;
    }
    if (m.version !== '') {
      const cfg = this.config;
      if (this.checksumOk(fromReqs, mod, '/go.mod')) {
        const gomod = downloadFile(cfg.gomodcache, mod.path, mod.version, 'mod');
        try {
          if (statSync(gomod, { throwIfNoEntry: false })?.isFile()) m.goMod = gomod;
        } catch { /* not readable */ }
        const s = this.fetcher.recordedSum({ path: mod.path, version: mod.version + '/go.mod' });
        if (s) m.goModSum = s;
      }
      if (this.checksumOk(fromReqs, mod, '')) {
        // go's DownloadDir: only a completely extracted tree (no .partial marker, a .ziphash) counts.
        try {
          m.dir = this.fetcher.cache.downloadDir(mod);
        } catch { /* missing or partly extracted */ }
        const s = this.fetcher.recordedSum(mod);
        if (s) m.sum = s;
      }
      if ((this.mode & MODE_RETRACTED) !== 0) await this.addRetraction(m);
    }
  }

  /** go's moduleInfo: fromReqs says m came from the requirement graph (go's rs != nil). */
  async moduleInfo(fromReqs: boolean, m: Version): Promise<ModulePublic> {
    const st = this.st;
    const mm = st && m.version === '' ? st.mainByPath(m.path) : undefined;
    if (mm) {
      // go's modFilePath: with -modfile, the flag's value as given.
      const info: ModulePublic = { path: m.path, version: '', main: true, dir: mm.dir, goMod: st!.o.modFile || mm.goModFile };
      const gv = mm.file.go?.version ?? '';
      if (gv) info.goVersion = gv;
      return info;
    }
    const info: ModulePublic = { path: m.path, version: m.version };
    if (fromReqs && st && !st.reqs.direct.has(m.path)) info.indirect = true;
    if (!fromReqs || !st) {
      await this.complete(info, false);
      return info;
    }
    const r = st.replace.lookup(m);
    if (!r) {
      if (st.buildMod !== 'vendor') await this.complete(info, true, true);
      else {
        const gv = st.vendor?.meta.get(`${m.path}@${m.version}`)?.goVersion;
        if (gv) info.goVersion = gv;
      }
      return info;
    }
    const rep: ModulePublic = { path: r.path, version: r.version };
    const gv = st.buildMod === 'vendor' ? st.vendor?.meta.get(`${m.path}@${m.version}`)?.goVersion ?? '' : r.version === '' || this.checksumOk(true, r, '/go.mod') ? await this.goVersionOf(r) : '';
    if (gv) rep.goVersion = gv;
    if (r.version === '') {
      rep.dir = st.replace.dir(r);
      rep.goMod = rep.dir + '/go.mod';
    }
    info.replace = rep;
    if (st.buildMod !== 'vendor') {
      await this.complete(rep, true);
      if (rep.dir) info.dir = rep.dir;
      if (rep.goMod) info.goMod = rep.goMod;
      if (rep.retracted) info.retracted = rep.retracted;
    }
    if (rep.goVersion) info.goVersion = rep.goVersion;
    return info;
  }

  /** -u, -versions, -retracted, deprecations for every listed module and replacement. */
  async addModeInfo(mods: ModulePublic[]): Promise<void> {
    if (this.mode === 0) return;
    const tasks: Promise<void>[] = [];
    const add = async (m: ModulePublic): Promise<void> => {
      if ((this.mode & MODE_U) !== 0) await this.addUpdate(m);
      if ((this.mode & MODE_VERSIONS) !== 0) await this.addVersions(m);
      if ((this.mode & MODE_RETRACTED) !== 0) await this.addRetraction(m);
      if ((this.mode & MODE_DEPRECATED) !== 0) await this.addDeprecation(m);
    };
    for (const m of mods) {
      if (m.reuse) continue;
      tasks.push(add(m));
      if (m.replace) tasks.push(add(m.replace));
    }
    await Promise.all(tasks);
  }

  private async addUpdate(m: ModulePublic): Promise<void> {
    if (m.version === '') return;
    let info: RevInfo;
    try {
      info = await this.q.query(m.path, 'upgrade', m.version, this.q.checkAllowed);
    } catch (e) {
      if (errorAs(e, NoMatchingVersionError) || isNotExist(e) || isDisallowed(e)) return;
      m.error ??= (e as Error).message;
      return;
    }
    if (gover.modCompare(m.path, info.version, m.version) > 0) {
      m.update = { path: m.path, version: info.version, ...(info.time ? { time: info.time } : {}) };
    }
  }

  private async addVersions(m: ModulePublic): Promise<void> {
    const allowed = (this.mode & MODE_RETRACTED_VERSIONS) !== 0 ? this.q.checkExclusions : this.q.checkAllowed;
    try {
      const v = await this.q.versions(m.path, allowed);
      if (v.length > 0) m.versions = v;
    } catch (e) {
      m.error ??= (e as Error).message;
    }
  }

  private async addRetraction(m: ModulePublic): Promise<void> {
    if (m.version === '') return;
    try {
      await this.q.checkRetractions({ path: m.path, version: m.version });
    } catch (e) {
      const r = errorAs(e, ModuleRetractedError);
      if (r) m.retracted = r.rationale.length === 0 ? ['retracted by module author'] : r.rationale;
      else if (errorAs(e, NoMatchingVersionError) || isNotExist(e)) return;
      else m.error ??= (e as Error).message;
    }
  }

  private async addDeprecation(m: ModulePublic): Promise<void> {
    try {
      const d = await this.q.deprecation({ path: m.path, version: m.version });
      if (d) m.deprecated = d;
    } catch (e) {
      if (errorAs(e, NoMatchingVersionError) || isNotExist(e)) return;
      m.error ??= (e as Error).message;
    }
  }
}

/** go's ParsePathVersion. */
function parsePathVersion(arg: string): { path: string; vers: string; found: boolean } {
  const i = arg.indexOf('@');
  if (i < 0) return { path: arg, vers: '', found: false };
  const vers = arg.slice(i + 1);
  if (vers.startsWith('-') || vers.startsWith('/')) fatal(`go: invalid module version ${JSON.stringify(vers)}`);
  return { path: arg.slice(0, i), vers, found: true };
}

/** go's ModulePublic.String. */
export function moduleString(m: ModulePublic): string {
  const vs = (x: ModulePublic): string => (x.retracted && x.retracted.length > 0 ? x.version + ' (retracted)' : x.version);
  let s = m.path;
  if (m.version !== '') {
    s += ' ' + vs(m);
    if (m.update) s += ' [' + vs(m.update) + ']';
  }
  if (m.deprecated) s += ' (deprecated)';
  if (m.replace) {
    s += ' => ' + m.replace.path;
    if (m.replace.version !== '') {
      s += ' ' + vs(m.replace);
      if (m.replace.update) s += ' [' + vs(m.replace.update) + ']';
    }
    if (m.replace.deprecated) s += ' (deprecated)';
  }
  return s;
}

const STR = '';
const strs = (a: string[] | undefined): string[] | GoNil => (a && a.length ? [...a] : new GoNil('[]string'));

/** A ModulePublic as the template/JSON value *modinfo.ModulePublic. */
export function moduleValue(m: ModulePublic | undefined, forJSON = false): GoStruct | GoNil {
  if (!m) return new GoNil('*modinfo.ModulePublic', true);
  const time = m.time === undefined ? new GoNil('*time.Time', true) : forJSON ? m.time : timeValue(m.time);
  const origin = m.origin
    ? new GoStruct('codehost.Origin', new Map<string, unknown>(['VCS', 'URL', 'Subdir', 'Hash', 'TagPrefix', 'TagSum', 'Ref', 'RepoSum'].map((k) => [k, m.origin![k as keyof Origin] ?? STR])))
    : new GoNil('*codehost.Origin');
  const f = new Map<string, unknown>([
    ['Path', m.path], ['Version', m.version], ['Query', m.query ?? STR], ['Versions', strs(m.versions)],
    ['Replace', moduleValue(m.replace, forJSON)], ['Time', time], ['Update', moduleValue(m.update, forJSON)],
    ['Main', m.main ?? false], ['Indirect', m.indirect ?? false], ['Dir', m.dir ?? STR], ['GoMod', m.goMod ?? STR],
    ['GoVersion', m.goVersion ?? STR], ['Retracted', strs(m.retracted)], ['Deprecated', m.deprecated ?? STR],
    ['Error', m.error !== undefined ? new GoStruct('modinfo.ModuleError', new Map([['Err', m.error]]), true, { Error: () => m.error! }) : new GoNil('*modinfo.ModuleError')],
    ['Sum', m.sum ?? STR], ['GoModSum', m.goModSum ?? STR], ['Origin', origin], ['Reuse', m.reuse ?? false],
  ]);
  return new GoStruct('modinfo.ModulePublic', f, true, { String: () => moduleString(m) });
}

/** A *time.Time for templates (in the zone its RFC 3339 text names): String and Format. */
function timeValue(rfc3339: string): GoStruct {
  const m = /(Z|[+-]\d\d:\d\d)$/i.exec(rfc3339);
  const zone = m && m[1]!.toUpperCase() !== 'Z' ? m[1]! : '';
  const off = zone === '' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  // The wall clock of the zone, held in a Date read with the UTC getters.
  const d = new Date(new Date(rfc3339).getTime() + off * 60000);
  return new GoStruct('time.Time', new Map(), true, {
    String: () => formatTime(d, off, '2006-01-02 15:04:05.999999999 -0700 MST'),
    Format: (layout: unknown) => formatTime(d, off, String(layout)),
  });
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** go's Time.Format for a wall-clock time d (UTC getters) at offset off minutes, with the common layout elements. */
export function formatTime(d: Date, off: number, layout: string): string {
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const sign = off < 0 ? '-' : '+';
  const oh = p2(Math.floor(Math.abs(off) / 60)), om = p2(Math.abs(off) % 60);
  const tokens: [string, () => string][] = [
    ['January', () => MONTHS[d.getUTCMonth()]!], ['Monday', () => DAYS[d.getUTCDay()]!],
    ['Z07:00', () => (off === 0 ? 'Z' : `${sign}${oh}:${om}`)], ['-07:00', () => `${sign}${oh}:${om}`], ['-0700', () => `${sign}${oh}${om}`],
    ['Z0700', () => (off === 0 ? 'Z' : `${sign}${oh}${om}`)],
    ['2006', () => String(d.getUTCFullYear()).padStart(4, '0')], ['Jan', () => MONTHS[d.getUTCMonth()]!.slice(0, 3)],
    ['Mon', () => DAYS[d.getUTCDay()]!.slice(0, 3)], ['MST', () => (off === 0 ? 'UTC' : `${sign}${oh}${om}`)],
    ['.999999999', () => { const ms = d.getUTCMilliseconds(); return ms === 0 ? '' : ('.' + String(ms).padStart(3, '0')).replace(/0+$/, ''); }],
    ['.000', () => '.' + String(d.getUTCMilliseconds()).padStart(3, '0')],
    ['01', () => p2(d.getUTCMonth() + 1)], ['02', () => p2(d.getUTCDate())], ['15', () => p2(d.getUTCHours())],
    ['03', () => p2(d.getUTCHours() % 12 || 12)], ['04', () => p2(d.getUTCMinutes())], ['05', () => p2(d.getUTCSeconds())],
    ['06', () => p2(d.getUTCFullYear() % 100)], ['PM', () => (d.getUTCHours() >= 12 ? 'PM' : 'AM')],
  ];
  let out = '';
  for (let i = 0; i < layout.length;) {
    const t = tokens.find(([k]) => layout.startsWith(k, i));
    if (t) {
      out += t[1]();
      i += t[0].length;
    } else {
      out += layout[i];
      i++;
    }
  }
  return out;
}
