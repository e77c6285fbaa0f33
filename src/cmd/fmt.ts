// `go fmt`: runs `gofmt -l -w` on the Go files of the named packages of the main module(s).
import { statSync } from 'node:fs';
import type { Command, CommandContext } from './command.js';
import type { FlagSet, Ref } from '../lib/flags.js';
import type { Config } from '../cfg/config.js';
import { execLookPath } from '../cfg/goroot.js';
import { packageErrorString, shortPath } from '../load/errors.js';
import { runForeground } from '../work/toolrun.js';
import { signalText } from '../work/signals.js';
import { allGoFiles, loadPackagesAndErrors } from './loadpkgs.js';

/** cmd/internal/sys.ExecArgLengthLimit: go splits gofmt runs so a command line stays under it. */
const EXEC_ARG_LENGTH_LIMIT = 30 << 10;

let f: { n: Ref<boolean>; x: Ref<boolean>; mod: Ref<string>; modcacherw: Ref<boolean>; modfile: Ref<string>; overlay: Ref<string> };

export const command: Command = {
  name: 'fmt',
  usageLine: 'go fmt [-n] [-x] [packages]',
  short: 'gofmt (reformat) package sources',
  long: `
Fmt runs 'gofmt -l -w' over the Go files of the named packages and prints the names of the
files it rewrote. Packages of dependency modules are left alone.

For gofmt itself, see 'go doc cmd/gofmt'; for package patterns, 'go help packages'.

-n prints the gofmt commands without running them; -x prints them as they run.

-mod chooses the module download mode (readonly or vendor); see 'go help modules'.

To pass gofmt other options, run gofmt directly.

See also: go fix, go vet.
`,
  flags(fs: FlagSet) {
    f = {
      n: fs.bool('n'), x: fs.bool('x'), mod: fs.string('mod'),
      modcacherw: fs.bool('modcacherw'), modfile: fs.string('modfile'), overlay: fs.string('overlay'),
    };
  },
  run: runFmt,
};

/** go's gofmtPath: $GOBIN/gofmt, then $GOROOT/bin/gofmt, else "gofmt" looked up in PATH. */
export function gofmtPath(config: Config): string {
  const name = 'gofmt' + config.exeSuffix;
  for (const dir of [config.gobin, `${config.goroot}/bin`]) {
    // filepath.Join("", name) is just the name: a relative gofmt in the current directory.
    const p = dir === '' ? name : `${dir}/${name}`;
    try {
      statSync(p);
      return p;
    } catch { /* try the next */ }
  }
  return 'gofmt';
}

async function runFmt(ctx: CommandContext, args: string[]): Promise<number> {
  const { config, cwd } = ctx;
  let status = 0;
  const stderr = (s: string): void => { ctx.stderr.write(s); };
  if (f.overlay.value !== '') {
    stderr('go fmt: -overlay is not supported yet by gocmd\n');
    return 2;
  }
  const gofmt = gofmtPath(config);
  const run = async (cmdline: string[]): Promise<void> => {
    // base.Run: -n/-x print the command on stdout.
    if (f.n.value || f.x.value) ctx.stdout.write(cmdline.join(' ') + '\n');
    if (f.n.value) return;
    const look = execLookPath(cmdline[0]!, config.osEnv.PATH);
    if ('err' in look) {
      stderr(look.err + '\n');
      status = 1;
      return;
    }
    const end = await runForeground([look.path, ...cmdline.slice(1)], config.osEnv, cwd);
    if ('code' in end && end.code === 0) return;
    stderr('code' in end ? `exit status ${end.code}\n` : 'signal' in end ? `signal: ${signalText(end.signal)}\n` : `${end.startError}\n`);
    status = 1;
  };

  const pkgs = await loadPackagesAndErrors(config, cwd, args, {
    cmdName: 'fmt', tags: [], mod: f.mod.value, modfile: f.modfile.value, modcacherw: f.modcacherw.value, x: f.x.value,
  }, stderr);
  const base = [gofmt, '-l', '-w'];
  const baseLen = gofmt.length + ' -l -w'.length;
  let cmdline = [...base];
  let len = baseLen;
  let printed = false;
  for (const p of pkgs) {
    if (config.modulesEnabled && p.module && !p.module.main) {
      if (!printed) {
        stderr('go: not formatting packages in dependency modules\n');
        printed = true;
      }
      continue;
    }
    const files = allGoFiles(p);
    if (p.error) {
      // With no Go files (or only an embed problem) every file present is still formatted.
      const skip = p.error.kind === 'nogo' || (p.error.kind === 'embed' && files.length > 0);
      if (!skip) {
        stderr(packageErrorString(p.error) + '\n');
        status = 1;
        continue;
      }
    }
    for (const file of files) {
      const rel = shortPath(cwd, file);
      cmdline.push(rel);
      len += 1 + rel.length;
      if (len >= EXEC_ARG_LENGTH_LIMIT) {
        await run(cmdline);
        cmdline = [...base];
        len = baseLen;
      }
    }
  }
  if (cmdline.length > base.length) await run(cmdline);
  return status;
}
