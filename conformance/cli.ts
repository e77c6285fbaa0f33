// The conformance runner's command line: selects scripts, runs them in parallel against a go
// binary, prints PASS/FAIL/SKIP per script, totals and per-category counts, and keeps passing.txt.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Engine } from './engine/engine.js';
import { defaultCmds, removeAll } from './engine/cmds.js';
import { goCmds } from './engine/gocmds.js';
import { scriptConditions, defaultCgoEnabled, findInPath } from './engine/conds.js';
import { hostGOARCH, hostGOOS } from './engine/platform.js';
import { liveChildren } from './engine/exec.js';
import { compileRegexp } from './engine/regexp.js';
import { scriptEnv, TEST_SUMDB_VERIFIER_KEY } from './env.js';
import { startVCSTest, type VCSTestServer } from './vcstest/server.js';
import { runScript, type ScriptResult } from './runner.js';
import { compareWithReference, formatReferencePass, goVersionFromTestJSON, parseTestJSON, runDateFromTestJSON } from './reference.js';

/** The repository root (this file is build/conformance/cli.js or conformance/cli.ts). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export interface CliOptions {
  run: string | null;
  go: string;
  goroot: string;
  scriptDir: string;
  short: boolean;
  verbose: boolean;
  json: string | null;
  jobs: number;
  timeoutSec: number;
  checkPassing: boolean;
  updatePassing: boolean;
  shrinkPassing: boolean;
  keepWork: boolean;
  gocache: string | null;
  passingFile: string;
  /** Write conformance/reference-pass.txt from this go test -json file and exit. */
  extractReference: string | null;
  /** Compare this harness's --json output with reference-pass.txt and exit. */
  compareReference: string | null;
  /** The binary honours cmd/go's test-binary hooks (TESTGO_VERSION...): gocmd does under this harness; real go does not. */
  hooks: boolean;
  /** --hooks was given (so --go does not turn hooks off). */
  hooksSet?: boolean;
  /** Every go command of the scripts runs through gocmd's resident server (GOCMD_SERVER=1), one server for the run. */
  served: boolean;
}

const USAGE = `usage: npm run conformance -- [-run REGEXP] [--go PATH] [--short] [-v] [--json FILE] [-j N]
       [--timeout SECONDS] [--goroot DIR] [--scripts DIR] [--gocache DIR] [--keep-work] [--hooks[=false]] [--served]
       [--check-passing | --update-passing [--shrink]]
       --extract-reference GO-TEST-JSON | --compare-reference OUR-JSON`;

export function parseArgs(argv: string[], root: string): CliOptions {
  const o: CliOptions = {
    run: null,
    go: join(root, 'bin/gocmd'),
    goroot: '',
    scriptDir: '',
    short: false,
    verbose: false,
    json: null,
    jobs: 2,
    timeoutSec: 600,
    checkPassing: false,
    updatePassing: false,
    shrinkPassing: false,
    keepWork: false,
    gocache: null,
    passingFile: join(root, 'conformance/passing.txt'),
    extractReference: null,
    compareReference: null,
    hooks: true,
    served: false,
  };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i]!;
    let val: string | undefined;
    const eq = a.indexOf('=');
    if (a.startsWith('-') && eq > 0) {
      val = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    const name = a.replace(/^--?/, '');
    const next = (): string => {
      if (val !== undefined) return val;
      const v = argv[++i];
      if (v === undefined) throw new Error(`flag needs an argument: ${a}\n${USAGE}`);
      return v;
    };
    switch (name) {
      case 'run': o.run = next(); break;
      case 'go': o.go = resolve(next()); if (!o.hooksSet) o.hooks = false; break;
      case 'hooks': o.hooks = val === undefined || val === 'true'; o.hooksSet = true; break;
      case 'goroot': o.goroot = resolve(next()); break;
      case 'scripts': o.scriptDir = resolve(next()); break;
      case 'short': o.short = val === undefined || val === 'true'; break;
      case 'v': case 'verbose': o.verbose = true; break;
      case 'json': o.json = resolve(next()); break;
      case 'j': o.jobs = Math.max(1, parseInt(next(), 10) || 1); break;
      case 'timeout': o.timeoutSec = Math.max(1, parseFloat(next()) || 600); break;
      case 'check-passing': o.checkPassing = true; break;
      case 'update-passing': o.updatePassing = true; break;
      case 'shrink': o.shrinkPassing = true; break;
      case 'keep-work': o.keepWork = true; break;
      case 'served': o.served = val === undefined || val === 'true'; break;
      case 'gocache': o.gocache = resolve(next()); break;
      case 'passing': o.passingFile = resolve(next()); break;
      case 'extract-reference': o.extractReference = resolve(next()); break;
      case 'compare-reference': o.compareReference = resolve(next()); break;
      case 'h': case 'help': throw new Error(USAGE);
      default: throw new Error(`unknown flag ${argv[i]}\n${USAGE}`);
    }
  }
  return o;
}

/** Finds the GOROOT whose scripts and tools to use: --goroot, $GOROOT, the real go's, or /usr/local/go. */
function findGoroot(o: CliOptions): string {
  if (o.goroot) return o.goroot;
  if (process.env.GOROOT) return process.env.GOROOT;
  for (const cand of [o.go, findInPath('go', process.env.PATH ?? '')]) {
    if (!cand) continue;
    try {
      const root = dirname(dirname(realpathSync(cand)));
      if (existsSync(join(root, 'src/cmd/go'))) return root;
    } catch {
      // not resolvable
    }
  }
  return '/usr/local/go';
}

/** Names from a list file: one per line, '#' comments and blank lines ignored. */
export function readList(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l !== '');
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

interface Proxy {
  url: string;
  sumdbName?: string;
  sumdbKey?: string;
  close(): void | Promise<void>;
}

/** Starts the module proxy of conformance/proxy when it exists. */
async function startProxyIfPresent(goroot: string): Promise<Proxy | null> {
  const here = dirname(fileURLToPath(import.meta.url));
  const mod = join(here, 'proxy/server.js');
  if (!existsSync(mod)) return null;
  // The proxy module is another room's; its options are what cmd/go's StartProxy needs.
  const m = (await import(pathToFileURL(mod).href)) as { startProxy?: (opts: Record<string, unknown>) => Promise<Proxy> };
  if (!m.startProxy) return null;
  return m.startProxy({ goroot, modDir: join(goroot, 'src/cmd/go/testdata/mod') });
}

function indent(text: string): string {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => '    ' + l)
    .join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const root = repoRoot();
  let o: CliOptions;
  try {
    o = parseArgs(argv, root);
  } catch (e) {
    process.stderr.write((e as Error).message + '\n');
    return 2;
  }
  const refFile = join(root, 'conformance/reference-pass.txt');
  if (o.extractReference) {
    const text = readFileSync(o.extractReference, 'utf8');
    const verdicts = parseTestJSON(text);
    writeAtomic(refFile, formatReferencePass(verdicts, goVersionFromTestJSON(text), runDateFromTestJSON(text) || new Date().toISOString()));
    process.stdout.write(`reference-pass.txt: ${readList(refFile).length} passing of ${verdicts.size}\n`);
    return 0;
  }
  if (o.compareReference) {
    const { agreed, total, diffs } = compareWithReference(readList(refFile), o.compareReference, true);
    for (const d of diffs) process.stdout.write(`${d.name}\t${d.ours}\t${d.reason.split('\n')[0]}\n`);
    process.stdout.write(`${agreed} of ${total} reference passes also pass here (${((100 * agreed) / Math.max(1, total)).toFixed(1)}%)\n`);
    return 0;
  }
  if (!existsSync(o.go)) {
    process.stderr.write(`conformance: go binary ${o.go} does not exist (run npm run build first?)\n`);
    return 2;
  }
  const goroot = findGoroot(o);
  const scriptDir = o.scriptDir || join(goroot, 'src/cmd/go/testdata/script');

  // Select scripts.
  let names = readdirSync(scriptDir)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => f.slice(0, -4))
    .sort();
  if (o.checkPassing) {
    const want = new Set(readList(o.passingFile));
    names = names.filter((n) => want.has(n));
  }
  if (o.run !== null) {
    const pat = o.run.includes('/') ? o.run.slice(o.run.lastIndexOf('/') + 1) : o.run;
    const re = compileRegexp(pat);
    names = names.filter((n) => re.test(n));
  }

  // Harness set-up: a bin dir with 'go' first on PATH, a shared GOCACHE, the proxy.
  const top = mkdtempSync(join(tmpdir(), 'gocmd-conformance-'));
  const testBin = join(top, 'testbin');
  mkdirSync(testBin);
  const goLink = join(testBin, 'go');
  // --served: one private socket directory for the run, so every script's go commands reach one server
  // (which exits a minute after the last request).
  let served: string | undefined;
  if (o.served) {
    served = join(top, 'run');
    mkdirSync(served, { mode: 0o700 });
  }
  linkGoBinary(o.go, goLink, served);
  const gocache = o.gocache ?? join(tmpdir(), 'gocmd-conformance-gocache', createHash('sha256').update(realpathSync(o.go)).digest('hex').slice(0, 12));
  mkdirSync(gocache, { recursive: true });

  const goos = hostGOOS();
  const goarch = hostGOARCH();
  let proxy: Proxy | null = null;
  try {
    proxy = await startProxyIfPresent(goroot);
  } catch (e) {
    process.stderr.write(`conformance: starting the module proxy: ${(e as Error).message}\n`);
  }
  if (!proxy) process.stderr.write('conformance: no module proxy (conformance/proxy/server.ts not built); GOPROXY=off\n');
  let vcsTest: VCSTestServer | null = null;
  try {
    vcsTest = await startVCSTest(join(goroot, 'src/cmd/go/testdata/vcstest'), join(top, 'vcstest'), { log: o.verbose ? (l) => process.stderr.write(l) : undefined });
  } catch (e) {
    process.stderr.write(`conformance: starting the vcs-test servers: ${(e as Error).message}\n`);
  }

  const env = scriptEnv({
    testBin,
    goPath: goLink,
    goroot,
    goos,
    goarch,
    gocache,
    proxyURL: proxy?.url ?? 'off',
    sumdb: proxy?.sumdbKey ?? TEST_SUMDB_VERIFIER_KEY,
    short: o.short,
    hostEnv: process.env,
    vcsTest: vcsTest ?? undefined,
  });
  const graceMs = Math.min(5000, Math.max(100, (o.timeoutSec * 1000) / 20));
  const cmds = defaultCmds({ graceMs });
  for (const [k, v] of goCmds({ goPath: goLink, graceMs })) cmds.set(k, v);
  const conds = scriptConditions({
    goos,
    goarch,
    hostOS: goos,
    hostArch: goarch,
    goroot,
    cgoEnabled: defaultCgoEnabled(process.env, goos, goarch, goos, goarch),
    short: o.short,
    verbose: o.verbose,
    hostPath: process.env.PATH ?? '',
  });
  const engine = new Engine(cmds, conds, true);

  const onSignal = (): void => {
    for (const c of liveChildren) c.kill('SIGKILL');
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  // Run in parallel; the --json file is rewritten after each script so a cut-short run keeps its results.
  const results: ScriptResult[] = [];
  const writeJSON = (): void => {
    const sorted = [...results].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    writeAtomic(o.json!, JSON.stringify({ go: o.go, goroot, short: o.short, date: new Date().toISOString(), results: sorted }, null, 1) + '\n');
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= names.length) return;
      const name = names[i]!;
      const r = await runScript(join(scriptDir, name + '.txt'), {
        engine,
        env,
        tmpRoot: join(top, 'work'),
        timeoutMs: o.timeoutSec * 1000,
        keepWork: o.keepWork,
        hooks: o.hooks,
        vcsTest: vcsTest !== null,
      });
      results.push(r);
      if (o.json) writeJSON();
      let line = `${r.result} ${r.name} (${r.seconds.toFixed(2)}s)`;
      if (r.reason) line += `: ${r.reason}`;
      process.stdout.write(line + '\n');
      if ((r.result === 'FAIL' || o.verbose) && r.log) process.stdout.write(indent(r.log) + '\n');
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.jobs, Math.max(1, names.length)) }, worker));

  if (proxy) await proxy.close();
  if (vcsTest) await vcsTest.close();
  if (!o.keepWork) removeAll(top);

  results.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const count = (v: string, rs = results): number => rs.filter((r) => r.result === v).length;
  process.stdout.write(`${count('PASS')} passed, ${count('FAIL')} failed, ${count('SKIP')} skipped\n`);
  const cats = [...new Set(results.map((r) => r.category))].sort();
  for (const c of cats) {
    const rs = results.filter((r) => r.category === c);
    process.stdout.write(`  ${c.padEnd(12)} ${String(count('PASS', rs)).padStart(4)} pass ${String(count('FAIL', rs)).padStart(4)} fail ${String(count('SKIP', rs)).padStart(4)} skip\n`);
  }

  if (o.json) writeJSON();

  let status = count('FAIL') > 0 ? 1 : 0;
  if (o.checkPassing) {
    const want = readList(o.passingFile);
    const got = new Map(results.map((r) => [r.name, r.result]));
    const regressions = want.filter((n) => got.get(n) !== 'PASS');
    if (regressions.length > 0) {
      process.stdout.write(`regressions (listed in passing.txt, not passing now): ${regressions.join(' ')}\n`);
      status = 1;
    } else {
      status = 0;
    }
  }
  if (o.updatePassing) {
    const passing = new Set(results.filter((r) => r.result === 'PASS').map((r) => r.name));
    const old = readList(o.passingFile);
    if (!o.shrinkPassing) for (const n of old) passing.add(n);
    const list = [...passing].sort();
    const header = `# Scripts of cmd/go's testdata/script that gocmd passes (conformance/README.md).\n# Rewritten by: npm run conformance -- --update-passing\n`;
    writeAtomic(o.passingFile, header + list.map((n) => n + '\n').join(''));
    process.stdout.write(`passing.txt: ${list.length} scripts (was ${old.length})\n`);
  }
  return status;
}

/**
 * Puts the binary under test at `link`. A Node script (`#!/usr/bin/env node`) or gocmd's sh launcher
 * (bin/gocmd, which runs `node` from PATH unless GOCMD_NODE names it) gets a shell wrapper naming node
 * by absolute path instead of a symlink, because some scripts set PATH to $GOROOT/bin only, where
 * `node` would not be found.
 */
function linkGoBinary(target: string, link: string, servedRunDir?: string): void {
  const head = readFileSync(target).subarray(0, 256).toString('latin1');
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  if (head.startsWith('#!/bin/sh\n# gocmd launcher')) {
    // GOCMD_EXE: this file (or a copy a script makes, as list_goroot_symlink does) is the go being run.
    const served = servedRunDir === undefined ? '' : `GOCMD_SERVER=1\nXDG_RUNTIME_DIR=${q(servedRunDir)}\nGOCMD_SERVER_IDLE=60s\nexport GOCMD_SERVER XDG_RUNTIME_DIR GOCMD_SERVER_IDLE\n`;
    writeFileSync(link, `#!/bin/sh\nGOCMD_NODE=${q(process.execPath)}\nGOCMD_EXE=$0\n${served}export GOCMD_NODE GOCMD_EXE\nexec ${q(realpathSync(target))} "$@"\n`, { mode: 0o755 });
    return;
  }
  if (!head.startsWith('#!/usr/bin/env node')) {
    symlinkSync(target, link);
    return;
  }
  writeFileSync(link, `#!/bin/sh\nexec ${q(process.execPath)} ${q(realpathSync(target))} "$@"\n`, { mode: 0o755 });
}
