// `go version`: the toolchain's version, or the Go version and build info of executables.
import { testHooks } from '../cfg/testhooks.js';
import type { Command } from './command.js';
import { ExitError } from './command.js';
import type { FlagSet, Ref } from '../lib/flags.js';
import { parseGOFLAGS, inGOFLAGS } from '../cfg/goflags.js';

let versionM: Ref<boolean>, versionV: Ref<boolean>, versionJSON: Ref<boolean>;

export const command: Command = {
  name: 'version',
  usageLine: 'go version [-m] [-v] [-json] [file ...]',
  short: 'print Go version',
  long: `
Version prints the version of the Go toolchain in use: "go version goX.Y.Z GOOS/GOARCH",
where GOOS/GOARCH is the host platform.

Given files or directories, it prints the Go version each executable was built with.

	-m     also print each executable's embedded module information
	-v     report files that are not Go executables
	-json  print the embedded build information as JSON (requires -m)
`,
  flags(fs: FlagSet) {
    versionM = fs.bool('m');
    versionV = fs.bool('v');
    versionJSON = fs.bool('json');
  },
  async run(ctx, args) {
    const { config } = ctx;
    if (args.length === 0) {
      // Flags that only make sense with arguments are an error, unless they came from GOFLAGS.
      const goflags = parseGOFLAGS(config.goflags, true);
      let only = '';
      if (!inGOFLAGS(goflags, '-m') && versionM.value) only = '-m';
      else if (!inGOFLAGS(goflags, '-v') && versionV.value) only = '-v';
      else if (!inGOFLAGS(goflags, '-json') && versionJSON.value) only = '-json';
      if (only !== '') throw new ExitError(`go: 'go version' only accepts ${only} flag with arguments`, 2);
      // Under cmd/go's harness a faked version says so, as go's test binary does.
      const faked = testHooks(config.osEnv).version;
      const v = faked !== '' ? `${faked} (TESTGO_VERSION)` : config.runtimeVersion;
      ctx.stdout.write(`go version ${v} ${config.gohostos}/${config.gohostarch}\n`);
      return 0;
    }
    if (!versionM.value && versionJSON.value) throw new ExitError("go: 'go version' with -json flag requires -m flag", 2);
    // Reading build info from binaries lives with the build info code (work room).
    const { versionFiles } = await import('../work/buildinfo-version.js');
    return versionFiles(args, { m: versionM.value, v: versionV.value, json: versionJSON.value }, {
      stdout: (s) => { ctx.stdout.write(s); },
      stderr: (s) => { ctx.stderr.write(s); },
    });
  },
};
