// cmd/go's own script commands: 'go' (the binary under test), 'cc' (the C compiler with go's
// usual flags) and 'stale' (asserts that build targets are stale, via go list).
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Cmd } from './cmd.js';
import type { State, WaitFunc } from './state.js';
import { UsageError } from './errors.js';
import { lookPath, startCommand } from './exec.js';

export interface GoCmdOptions {
  /** Absolute path of the go command under test (a link named 'go'). */
  goPath: string;
  graceMs: number;
}

export function goCmds(opts: GoCmdOptions): Map<string, Cmd> {
  const cmds = new Map<string, Cmd>();
  const goCmd: Cmd = {
    usage: { summary: "run the 'go' program provided by the script host", args: '[args...]', async: true },
    run: (s, args) => startCommand(s, 'go', opts.goPath, args, { graceMs: opts.graceMs }),
  };
  cmds.set('go', goCmd);

  cmds.set('cc', {
    usage: { summary: 'run the platform C compiler', args: 'args...', async: true },
    run: async (s, args) => {
      const ccWords = (s.lookupEnv('CC') || 'gcc').trim().split(/\s+/);
      const tmpRoot = s.lookupEnv('TMPDIR') || '/tmp';
      const workdir = mkdtempSync(join(tmpRoot, 'go-build'));
      const goarch = s.lookupEnv('GOARCH') ?? '';
      const arch = goarch === 'amd64' ? ['-m64'] : goarch === '386' ? ['-m32'] : [];
      const argv = [
        ...ccWords.slice(1), '-I', '.', '-fPIC', ...arch, '-pthread', '-Wl,--no-gc-sections', '-fmessage-length=0',
        `-ffile-prefix-map=${workdir}=/tmp/go-build`, '-gno-record-gcc-switches', ...args,
      ];
      const cc = ccWords[0]!;
      let wait: WaitFunc;
      try {
        wait = await startCommand(s, cc, cc.includes('/') ? cc : lookPath(s, cc), argv, { graceMs: opts.graceMs });
      } catch (e) {
        rmSync(workdir, { recursive: true, force: true });
        throw e;
      }
      return async (st: State) => {
        const r = await wait(st);
        rmSync(workdir, { recursive: true, force: true });
        return r;
      };
    },
  });

  cmds.set('stale', {
    usage: { summary: 'check that build targets are stale', args: 'target...' },
    run: async (s, args) => {
      if (args.length === 0) throw new UsageError();
      const tmpl =
        '{{if .Error}}{{.ImportPath}}: {{.Error.Err}}' + '{{else}}{{if not .Stale}}{{.ImportPath}} ({{.Target}}) is not stale{{end}}' + '{{end}}';
      const wait = await goCmd.run(s, ['list', '-e', '-f=' + tmpl, ...args]);
      const { stdout, stderr, err } = await wait!(s);
      if (stderr.length !== 0) s.logf(stderr);
      if (err) throw err;
      const out = stdout.trim();
      if (out !== '') throw new Error(out);
      return null;
    },
  });
  return cmds;
}
