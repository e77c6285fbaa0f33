// `go doc`: go's own doc command, built from GOROOT's sources on demand (work/dochelper.ts) and run
// with the arguments as given; it parses its flags (-C -u -c -all -cmd -src -short -http) itself.
import type { Command } from './command.js';
import { runForeground, toolOutcome } from '../work/toolrun.js';

export const command: Command = {
  name: 'doc',
  usageLine: 'go doc [doc flags] [package|[package.]symbol[.methodOrField]]',
  short: 'show documentation for package or symbol',
  long: '',
  customFlags: true,
  async run(ctx, args) {
    const { buildAndRunDocHelper } = await import('../work/dochelper.js');
    const stderr = (s: string): void => { ctx.stderr.write(s); };
    return await buildAndRunDocHelper(ctx.config, args, stderr, async (exe, a, env) => {
      const end = await runForeground([exe, ...a], env, ctx.cwd);
      const { message, status } = toolOutcome('doc', end);
      if (message !== '') stderr(message.replace(/^go tool doc: /, 'go doc: '));
      return status;
    });
  },
};
