// The Shell: runs tools and file operations for actions, printing them in go's -x/-n shape.
import { chmodSync, closeSync, copyFileSync, existsSync, lstatSync, openSync, readSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { Package } from '../load/types.js';
import type { Printer } from './printer.js';
import { dying, signalText, trackChild } from './signals.js';
import { startTool, type ToolProcess } from '../base/spawn.js';
import { responseFileText, useResponseFile } from './respfile.js';
import { pkgDesc } from './printer.js';
import { goQuote, joinUnambiguously, replacePrefix } from './quote.js';
import { mkdirAll } from '../base/mkdirall.js';
import { lookPath } from '../cfg/goroot.js';

/** Numbers the response files of this process (go's os.CreateTemp names them args<random>). */
let respFileSeq = 0;

export interface ShellOptions {
  workDir: string;
  dryRun: boolean; // -n
  printCommands: boolean; // -x
  cwd: string;
  printer: Printer;
  /** Base environment for tools. */
  env: NodeJS.ProcessEnv;
  /** GOCACHE directory: files there are copied, not moved. */
  cacheDir: string;
}

/** A failed command: go prints "# desc" then the tool's output. */
export class CmdError extends Error {
  constructor(readonly desc: string, readonly text: string, readonly importPath: string, readonly needsPath: boolean) {
    super((needsPath ? `# ${importPath}\n# [${desc}]\n` : `# ${desc}\n`) + text);
  }
}

export interface ToolResult {
  out: string;
  err: Error | undefined;
}

export class Shell {
  private scriptDir = '';
  private readonly mkdirs = new Set<string>();
  /** This shell's tools now running (killAll). */
  private readonly running = new Set<ToolProcess>();

  /** Kills this shell's running tools (SIGKILL): an abandoned build (Builder.abandon). */
  killAll(): void {
    for (const c of this.running) c.kill('SIGKILL');
  }

  private stopped = false;

  /** Kills this shell's running tools and fails every later one at once: work that is no longer wanted. */
  stop(): void {
    this.stopped = true;
    this.killAll();
  }

  constructor(readonly opts: ShellOptions) {}

  get workDir(): string { return this.opts.workDir; }

  /** Prints text for pkg (plain or JSON); command: see Printer.print. */
  print(pkg: Package | undefined, text: string, command = false): void {
    this.opts.printer.print(pkg, text, command);
  }

  private fmtCmd(cmd: string): string {
    const wd = this.opts.workDir;
    if (wd && !cmd.startsWith('cat ')) {
      cmd = cmd.split(wd).join('$WORK');
      const esc = goQuote(wd).slice(1, -1);
      if (esc !== wd) cmd = cmd.split(esc).join('$WORK');
    }
    return cmd;
  }

  /** go's ShowCmd: prints a command, with a "cd dir" first when dir changes. */
  showCmd(pkg: Package | undefined, dir: string, cmd: string): void {
    cmd = this.fmtCmd(cmd);
    let text = '';
    if (dir !== '' && dir !== '/') {
      if (dir !== this.scriptDir) {
        text += this.fmtCmd(`cd ${dir}\n`);
        this.scriptDir = dir;
      }
      const dot = dir.endsWith('/') ? ' ./' : ' .';
      cmd = (' ' + cmd).split(' ' + dir).join(dot).slice(1);
    }
    this.print(pkg, text + cmd + '\n', true);
  }

  get showing(): boolean { return this.opts.dryRun || this.opts.printCommands; }

  /** Runs a tool, capturing combined output. Shows it under -x/-n (env shown as go shows it). */
  async runOut(pkg: Package | undefined, dir: string, env: string[], args: string[], cmds?: string[][], { ownCPU = false } = {}): Promise<ToolResult> {
    for (const arg of args) {
      if (arg.startsWith('@')) return { out: '', err: new Error(`invalid command-line argument ${arg} in command: ${joinUnambiguously(args)}`) };
    }
    if (this.showing) {
      let envline = '';
      for (const e of env) {
        const j = e.indexOf('=');
        if (j < 0) continue;
        const v = e.slice(j + 1);
        envline += v.includes("'") ? `${e.slice(0, j)}=${goQuote(v)} ` : `${e.slice(0, j)}='${v}' `;
      }
      this.showCmd(pkg, dir, envline + joinUnambiguously(args));
      if (this.opts.dryRun) return { out: '', err: undefined };
    }
    cmds?.push(args.slice()); // joined only if -debug-actiongraph asks (Action.cmds)
    const fullEnv: NodeJS.ProcessEnv = { ...this.opts.env };
    fullEnv['PWD'] = dir === '.' ? this.opts.cwd : dir;
    if (pkg) fullEnv['TOOLEXEC_IMPORTPATH'] = pkgDesc(pkg);
    for (const e of env) {
      const j = e.indexOf('=');
      fullEnv[e.slice(0, j)] = e.slice(j + 1);
    }
    // Dying of a signal: start nothing new (the promise never settles; the process ends first).
    if (dying()) return await new Promise<ToolResult>(() => {});
    if (this.stopped) return { out: '', err: new Error(`${args[0]}: not started: stopped`) };
    // Too long for exec: the tools that read "@file" get their arguments in a temporary file, as go does.
    let respFile = '';
    if (useResponseFile(args)) {
      respFile = join(tmpdir(), `args${process.pid}-${++respFileSeq}`);
      writeFileSync(respFile, responseFileText(args), { flag: 'wx', mode: 0o600 });
    }
    // A program named without a slash (gcc, a -toolexec program) is looked up in PATH here, as go's
    // exec.Command does, so that it too starts through the spawn helper rather than by forking the driver;
    // argv[0] stays the name as written. Not found, or found only through a relative PATH entry: started
    // as named, which reports what go reports.
    let file = args[0]!;
    if (!file.includes('/')) {
      const found = lookPath(file, fullEnv['PATH']);
      if (found?.startsWith('/')) file = found;
    }
    const child = startTool(file, respFile === '' ? args : [args[0]!, '@' + respFile], { cwd: dir === '.' ? this.opts.cwd : dir, env: fullEnv, ownCPU });
    const untrack = trackChild(child);
    this.running.add(child);
    const end = await child.ended;
    this.running.delete(child);
    untrack();
    if (respFile !== '') rmSync(respFile, { force: true });
    // A tool stopped by gocmd's own fatal signal: the process is about to die, report nothing.
    if (dying()) return await new Promise<ToolResult>(() => {});
    const out = end.out.toString('utf8');
    if (end.startError) {
      // As go's exec.Command: a program looked up in PATH and not found.
      if ((end.startError as NodeJS.ErrnoException).code === 'ENOENT' && !args[0]!.includes('/')) {
        return { out, err: new Error(`exec: ${goQuote(args[0]!)}: executable file not found in $PATH`) };
      }
      return { out, err: new Error(`${args[0]}: ${end.startError.message}`) };
    }
    if (end.code === 0) return { out, err: undefined };
    return { out, err: new Error(`${args[0]}: ${end.signal ? `signal: ${signalText(end.signal)}` : `exit status ${end.code}`}`) };
  }

  /**
   * go's reportCmd: turns tool output into "# desc\n<output>" with $WORK and short relative paths.
   * Returns a CmdError when the command failed; prints the output (or appends to buffer) otherwise.
   */
  reportCmd(pkg: Package | undefined, desc: string, dir: string, out: string, err: Error | undefined, buffer?: { output: string | null }): Error | undefined {
    if (out === '' && !err) return undefined;
    if (out === '' && err) return err;
    let importPath = '';
    if (pkg) {
      importPath = pkg.importPath;
      if (desc === '') desc = pkgDesc(pkg);
      if (dir === '') dir = pkg.dir;
    }
    if (!out.endsWith('\n')) out += '\n';
    out = replacePrefix(out, this.opts.workDir, '$WORK');
    for (;;) {
      const rel = shortPath(this.opts.cwd, dir);
      if (rel !== dir) out = replacePrefix(out, dir, rel);
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    if (!this.opts.printCommands) {
      out = out.replace(/\[[^[\]]+\.(cgo1|cover)\.go:[0-9]+(:[0-9]+)?\]/g, '').replace(/\b_C2?(type|func|var|macro)_\B/g, 'C.');
    }
    const needsPath = importPath !== '' && pkg !== undefined && desc !== pkgDesc(pkg);
    const ce = new CmdError(desc, out, importPath, needsPath);
    if (err) return ce;
    if (buffer && buffer.output !== null) buffer.output += ce.message;
    else this.print(pkg, ce.message);
    return undefined;
  }

  /** Runs a tool and reports its output as go's sh.run does. */
  async run(pkg: Package | undefined, dir: string, desc: string, env: string[], args: string[], buffer?: { output: string | null; cmds?: string[][] }): Promise<Error | undefined> {
    const { out, err } = await this.runOut(pkg, dir, env, args, buffer?.cmds);
    if (desc === '') desc = this.fmtCmd(args.join(' '));
    return this.reportCmd(pkg, desc, dir, out, err, buffer);
  }

  /** Writes a file, shown as echo/cat under -x. */
  writeFile(pkg: Package | undefined, file: string, text: string): void {
    if (this.showing) {
      if (text.length === 0) this.showCmd(pkg, '', `echo -n > ${file} # internal`);
      else if (text.indexOf('\n') === text.length - 1) this.showCmd(pkg, '', `echo '${text.slice(0, -1)}' > ${file} # internal`);
      else this.showCmd(pkg, '', `cat >${file} << 'EOF' # internal\n${text}EOF`);
    }
    if (this.opts.dryRun) return;
    writeFileSync(file, text, { mode: 0o666 });
  }

  mkdir(pkg: Package | undefined, dir: string): void {
    if (dir === '' || this.mkdirs.has(dir)) return;
    this.mkdirs.add(dir);
    if (this.showing) {
      this.showCmd(pkg, '', `mkdir -p ${dir}`);
      if (this.opts.dryRun) return;
    }
    mkdirAll(dir, 0o777);
  }

  removeAll(pkg: Package | undefined, ...paths: string[]): void {
    if (this.showing && paths.some((p) => this.mkdirs.has(p) || existsSync(p))) this.showCmd(pkg, '', `rm -rf ${paths.join(' ')}`);
    if (this.opts.dryRun) return;
    for (const p of paths) rmSync(p, { recursive: true, force: true });
  }

  /** go's moveOrCopyFile: rename when possible (not from the cache), else copy. */
  moveOrCopyFile(pkg: Package | undefined, dst: string, src: string, perm: number, force: boolean): void {
    if (this.opts.dryRun) {
      this.showCmd(pkg, '', `mv ${src} ${dst}`);
      return;
    }
    checkDstOverwrite(dst, force);
    if (this.opts.cacheDir && src.startsWith(this.opts.cacheDir)) return this.copyFile(pkg, dst, src, perm, force);
    try {
      const mode = perm & ~process.umask();
      chmodSync(src, mode);
      renameSync(src, dst);
      if (this.opts.printCommands) this.showCmd(pkg, '', `mv ${src} ${dst}`);
      return;
    } catch {
      // Fall back to copying (for example across file systems).
    }
    this.copyFile(pkg, dst, src, perm, force);
  }

  copyFile(pkg: Package | undefined, dst: string, src: string, perm: number, force: boolean): void {
    if (this.showing) {
      this.showCmd(pkg, '', `cp ${src} ${dst}`);
      if (this.opts.dryRun) return;
    }
    checkDstOverwrite(dst, force);
    try {
      if (lstatSync(dst).isFile()) unlinkSync(dst);
    } catch {
      // dst does not exist.
    }
    const tmp = dst + '.gocmdtmp-' + process.pid;
    try {
      copyFileSync(src, tmp);
      chmodSync(tmp, perm & ~process.umask());
      renameSync(tmp, dst);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw new Error(`copying ${src} to ${dst}: ${(e as Error).message}`);
    }
  }
}

/** go's checkDstOverwrite: refuse to replace a directory or a non-object file (unless force). */
export function checkDstOverwrite(dst: string, force: boolean): void {
  let st;
  try { st = statSync(dst); } catch { return; }
  if (st.isDirectory()) throw new Error(`build output "${dst}" already exists and is a directory`);
  if (!force && st.isFile() && st.size !== 0 && !isObject(dst)) throw new Error(`build output "${dst}" already exists and is not an object file`);
}

const OBJECT_MAGIC: number[][] = [
  [0x21, 0x3c, 0x61, 0x72, 0x63, 0x68, 0x3e, 0x0a], // !<arch>\n
  [0x3c, 0x62, 0x69, 0x67, 0x61, 0x66, 0x3e, 0x0a], // <bigaf>\n
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe], // Mach-O
  [0x4d, 0x5a], // PE
  [0x00, 0x00, 0x01, 0xeb], [0x00, 0x00, 0x8a, 0x97], [0x00, 0x00, 0x06, 0x47], // Plan 9
  [0x00, 0x61, 0x73, 0x6d], // wasm
  [0x01, 0xdf], [0x01, 0xf7], // XCOFF
];

/** Reports whether file starts with a known object/executable magic number. */
export function isObject(file: string): boolean {
  const buf = Buffer.alloc(64);
  let n = 0;
  try {
    const fd = openSync(file, 'r');
    try { n = readSync(fd, buf, 0, 64, 0); } finally { closeSync(fd); }
  } catch {
    return false;
  }
  return OBJECT_MAGIC.some((m) => n >= m.length && m.every((b, i) => buf[i] === b));
}

/** base.ShortPath: the relative path from cwd when shorter (and the same file). */
export function shortPath(cwd: string, path: string): string {
  const rel = relative(cwd, path) || '.';
  if (rel.length < path.length && sameFile(rel === '.' ? cwd : cwd + '/' + rel, path)) return rel;
  return path;
}

function sameFile(a: string, b: string): boolean {
  let sa, sb;
  try { sa = statSync(a); } catch { sa = undefined; }
  try { sb = statSync(b); } catch { sb = undefined; }
  if (!sa || !sb) return !sa && !sb;
  return sa.ino === sb.ino && sa.dev === sb.dev;
}
