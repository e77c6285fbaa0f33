// The command table: every go 1.26 command, `go mod`/`go work` subcommand and help topic.

/** Static facts about a command, known without loading its module. */
export interface CommandInfo {
  /** Full name below "go", e.g. "build" or "mod tidy". */
  longName: string;
  usageLine: string;
  short: string;
  /** The command parses its own flags (test, vet, fix, doc). */
  customFlags?: boolean;
  /** Module path relative to src/cmd without extension, e.g. "build" or "mod/tidy". */
  module: string;
  /** Replaces go's usual "Run 'go help X' for details." line after the usage line. */
  usageTail?: string;
}

/** A command group (`go mod`, `go work`). */
export interface GroupInfo {
  longName: string;
  short: string;
  /** The text before the generated command list in `go help mod`. */
  intro: string;
  commands: CommandInfo[];
}

const c = (longName: string, usageLine: string, short: string, customFlags = false): CommandInfo => ({
  longName, usageLine, short, customFlags, module: longName.replace(' ', '/'),
});

export const MOD_GROUP: GroupInfo = {
  longName: 'mod',
  short: 'module maintenance',
  intro: `Go mod provides access to operations on modules.

Most day-to-day dependency changes happen through other commands (add or upgrade a
dependency with 'go get'); the commands here inspect and maintain go.mod, go.sum and the
module cache directly. See 'go help modules' for an overview.`,
  commands: [
    c('mod download', 'go mod download [-x] [-json] [-reuse=old.json] [modules]', 'download modules to local cache'),
    c('mod edit', 'go mod edit [editing flags] [-fmt|-print|-json] [go.mod]', 'edit go.mod from tools or scripts'),
    c('mod graph', 'go mod graph [-go=version] [-x]', 'print module requirement graph'),
    c('mod init', 'go mod init [module-path]', 'initialize new module in current directory'),
    c('mod tidy', 'go mod tidy [-e] [-v] [-x] [-diff] [-go=version] [-compat=version]', 'add missing and remove unused modules'),
    c('mod vendor', 'go mod vendor [-e] [-v] [-o outdir]', 'make vendored copy of dependencies'),
    c('mod verify', 'go mod verify', 'verify dependencies have expected content'),
    c('mod why', 'go mod why [-m] [-vendor] packages...', 'explain why packages or modules are needed'),
  ],
};

export const WORK_GROUP: GroupInfo = {
  longName: 'work',
  short: 'workspace maintenance',
  intro: `Work provides access to operations on workspaces.

A workspace is a go.work file naming several main modules that are built together; it is
found in the current directory or a parent, or named by GOWORK. 'go env GOWORK' prints the
file in use. The commands here create and edit go.work.`,
  commands: [
    c('work edit', 'go work edit [editing flags] [go.work]', 'edit go.work from tools or scripts'),
    c('work init', 'go work init [moddirs]', 'initialize workspace file'),
    c('work sync', 'go work sync', 'sync workspace build list to modules'),
    c('work use', 'go work use [-r] [moddirs]', 'add modules to workspace file'),
    c('work vendor', 'go work vendor [-e] [-v] [-o outdir]', 'make vendored copy of dependencies'),
  ],
};

/** Top-level entries in go's order; groups appear where go lists them. */
export const COMMANDS: (CommandInfo | GroupInfo)[] = [
  c('bug', 'go bug', 'start a bug report'),
  c('build', 'go build [-o output] [build flags] [packages]', 'compile packages and dependencies'),
  c('clean', 'go clean [-i] [-r] [-cache] [-testcache] [-modcache] [-fuzzcache] [build flags] [packages]', 'remove object files and cached files'),
  c('doc', 'go doc [doc flags] [package|[package.]symbol[.methodOrField]]', 'show documentation for package or symbol', true),
  c('env', 'go env [-json] [-changed] [-u] [-w] [var ...]', 'print Go environment information'),
  {
    ...c('fix', 'go fix [build flags] [-fixtool prog] [fix flags] [packages]', 'apply fixes suggested by static checkers', true),
    usageTail: "Run 'go help fix' for details.\nRun 'go tool fix help' for a full list of flags and analyzers.\nRun 'go tool fix -help' for an overview.\n",
  },
  c('fmt', 'go fmt [-n] [-x] [packages]', 'gofmt (reformat) package sources'),
  c('generate', 'go generate [-run regexp] [-n] [-v] [-x] [build flags] [file.go... | packages]', 'generate Go files by processing source'),
  c('get', 'go get [-t] [-u] [-tool] [build flags] [packages]', 'add dependencies to current module and install them'),
  c('install', 'go install [build flags] [packages]', 'compile and install packages and dependencies'),
  c('list', 'go list [-f format] [-json] [-m] [list flags] [build flags] [packages]', 'list packages or modules'),
  MOD_GROUP,
  WORK_GROUP,
  c('run', 'go run [build flags] [-exec xprog] package [arguments...]', 'compile and run Go program'),
  c('telemetry', 'go telemetry [off|local|on]', 'manage telemetry data and settings'),
  {
    ...c('test', 'go test [build/test flags] [packages] [build/test flags & test binary flags]', 'test packages', true),
    usageTail: "Run 'go help test' and 'go help testflag' for details.\n",
  },
  c('tool', 'go tool [-n] command [args...]', 'run specified go tool'),
  c('version', 'go version [-m] [-v] [-json] [file ...]', 'print Go version'),
  {
    ...c('vet', 'go vet [build flags] [-vettool prog] [vet flags] [packages]', 'report likely mistakes in packages', true),
    usageTail: "Run 'go help vet' for details.\nRun 'go tool vet help' for a full list of flags and analyzers.\nRun 'go tool vet -help' for an overview.\n",
  },
];

/** Help topics (`go help <topic>`): name and one-line summary, in go's order. */
export const TOPICS: [string, string][] = [
  ['buildconstraint', 'build constraints'],
  ['buildjson', 'build -json encoding'],
  ['buildmode', 'build modes'],
  ['c', 'calling between Go and C'],
  ['cache', 'build and test caching'],
  ['environment', 'environment variables'],
  ['filetype', 'file types'],
  ['goauth', 'GOAUTH environment variable'],
  ['go.mod', 'the go.mod file'],
  ['gopath', 'GOPATH environment variable'],
  ['goproxy', 'module proxy protocol'],
  ['importpath', 'import path syntax'],
  ['modules', 'modules, module versions, and more'],
  ['module-auth', 'module authentication using go.sum'],
  ['packages', 'package lists and patterns'],
  ['private', 'configuration for downloading non-public code'],
  ['testflag', 'testing flags'],
  ['testfunc', 'testing functions'],
  ['vcs', 'controlling version control with GOVCS'],
];

/** The table entry for a command's long name ("build", "mod tidy"). */
export function findCommand(longName: string): CommandInfo | undefined {
  const { cmd, used } = lookupCmd(longName.split(' '));
  return cmd && !isGroup(cmd) && used === longName.split(' ').length ? cmd : undefined;
}

/** The lines go prints on stderr after a flag error in a command (usage line, then where to read more). */
export function commandUsage(longName: string): string {
  const c = findCommand(longName);
  if (!c) return '';
  return `usage: ${c.usageLine}\n${c.usageTail ?? `Run 'go help ${c.longName}' for details.\n`}`;
}

export function isGroup(x: CommandInfo | GroupInfo): x is GroupInfo {
  return 'commands' in x;
}

/** The last word of a command's long name. */
export function shortName(x: CommandInfo | GroupInfo): string {
  const i = x.longName.lastIndexOf(' ');
  return i < 0 ? x.longName : x.longName.slice(i + 1);
}

/**
 * go's lookupCmd: walks args through the table. Returns the command or group found (undefined for
 * the top level) and how many args named it.
 */
export function lookupCmd(args: readonly string[]): { cmd?: CommandInfo | GroupInfo; used: number } {
  let list: (CommandInfo | GroupInfo)[] = COMMANDS;
  let cmd: CommandInfo | GroupInfo | undefined;
  let used = 0;
  while (used < args.length) {
    const next = list.find((x) => shortName(x) === args[used]);
    if (!next) break;
    cmd = next;
    used++;
    if (!isGroup(next)) break;
    if (used >= args.length || args[0] === 'help') break;
    list = next.commands;
  }
  return { cmd, used };
}
