// `go mod edit`: edit go.mod from tools or scripts (flag edits applied in order, then -fmt/-print/-json or write back).
import { readFileSync } from 'node:fs';
import { replaceFile } from '../../base/replacefile.js';
import { resolve as resolvePath } from 'node:path';
import type { FlagSet, Ref } from '../../lib/flags.js';
import { addBuildFlagsNX } from './modflags.js';
import { goQuote } from '../../lib/goquote.js';
import { checkImportPath } from '../../lib/module.js';
import * as gover from '../../lib/gover.js';
import { marshalIndentJSON, modFileJSON, parseModFile, type ModFile, type VersionInterval } from '../../lib/modfile/index.js';
import { shortPath } from '../../load/errors.js';
import { findModuleRoot, noMainModuleError } from '../../modload/mainmodule.js';
import type { Command } from '../command.js';
import { ExitError } from '../command.js';
import {
  allowedVersionArg, applyGoToolchainFlags, checkGoToolchainFlags, editFatal, parseDropReplaceFlag, parseGodebugFlag,
  parseReplaceFlag, splitPathVersion,
} from '../editflags.js';

interface Flags {
  fmt: Ref<boolean>;
  module: Ref<string>;
  go: Ref<string>;
  toolchain: Ref<string>;
  json: Ref<boolean>;
  print: Ref<boolean>;
  modfile: Ref<string>;
  edits: { name: string; arg: string }[];
}
let fl: Flags;

const EDIT_FLAGS = [
  'godebug', 'dropgodebug', 'require', 'droprequire', 'exclude', 'dropexclude', 'replace', 'dropreplace',
  'retract', 'dropretract', 'tool', 'droptool', 'ignore', 'dropignore',
];

const fatal = editFatal;

function parsePathVersion(flag: string, arg: string): { path: string; version: string } {
  const r = splitPathVersion(arg);
  if (r.err) fatal(`go: -${flag}=${arg}: ${r.err}`);
  if (!r.found) fatal(`go: -${flag}=${arg}: need path@version`);
  const path = r.path.trim();
  const version = r.version.trim();
  const bad = checkImportPath(path);
  if (bad) fatal(`go: -${flag}=${arg}: invalid path: ${bad.message}`);
  if (!allowedVersionArg(version)) fatal(`go: -${flag}=${arg}: invalid version ${goQuote(version)}`);
  return { path, version };
}

function parsePath(flag: string, arg: string): string {
  if (arg.includes('@')) fatal(`go: -${flag}=${arg}: need just path, not path@version`);
  const bad = checkImportPath(arg);
  if (bad) fatal(`go: -${flag}=${arg}: invalid path: ${bad.message}`);
  return arg;
}

function parseVersionInterval(arg: string): VersionInterval {
  if (!arg.startsWith('[')) {
    if (!allowedVersionArg(arg)) throw new Error(`invalid version: ${goQuote(arg)}`);
    return { low: arg, high: arg };
  }
  if (!arg.endsWith(']')) throw new Error(`invalid version interval: ${goQuote(arg)}`);
  const s = arg.slice(1, -1);
  const c = s.indexOf(',');
  if (c < 0) throw new Error(`invalid version interval: ${goQuote(arg)}`);
  const low = s.slice(0, c).trim();
  const high = s.slice(c + 1).trim();
  if (!allowedVersionArg(low) || !allowedVersionArg(high)) throw new Error(`invalid version interval: ${goQuote(arg)}`);
  return { low, high };
}

/** Checks one edit flag as go does while parsing flags; returns the edit to apply later. */
function prepareEdit(name: string, arg: string): (f: ModFile) => void {
  const wrap = (fn: (f: ModFile) => void) => (f: ModFile): void => {
    try {
      fn(f);
    } catch (e) {
      if (e instanceof ExitError) throw e;
      fatal(`go: -${name}=${arg}: ${(e as Error).message}`);
    }
  };
  switch (name) {
    case 'godebug': {
      const { key, value } = parseGodebugFlag(arg);
      return wrap((f) => f.addGodebug(key, value));
    }
    case 'dropgodebug':
      return wrap((f) => f.dropGodebug(arg));
    case 'require': {
      const { path, version } = parsePathVersion(name, arg);
      return wrap((f) => f.addRequire(path, version));
    }
    case 'droprequire': {
      const path = parsePath(name, arg);
      return wrap((f) => f.dropRequire(path));
    }
    case 'exclude': {
      const { path, version } = parsePathVersion(name, arg);
      return wrap((f) => f.addExclude(path, version));
    }
    case 'dropexclude': {
      const { path, version } = parsePathVersion(name, arg);
      return wrap((f) => f.dropExclude(path, version));
    }
    case 'replace': {
      const r = parseReplaceFlag('mod', arg);
      return wrap((f) => f.addReplace(r.old.path, r.old.version, r.new.path, r.new.version));
    }
    case 'dropreplace': {
      const o = parseDropReplaceFlag('mod', arg);
      return wrap((f) => f.dropReplace(o.path, o.version));
    }
    case 'retract':
    case 'dropretract': {
      let vi: VersionInterval;
      try {
        vi = parseVersionInterval(arg);
      } catch (e) {
        return fatal(`go: -${name}=${arg}: ${(e as Error).message}`);
      }
      return wrap((f) => (name === 'retract' ? f.addRetract(vi, '') : f.dropRetract(vi)));
    }
    case 'tool': {
      const path = parsePath(name, arg);
      return wrap((f) => f.addTool(path));
    }
    case 'droptool': {
      const path = parsePath(name, arg);
      return wrap((f) => f.dropTool(path));
    }
    case 'ignore':
      return wrap((f) => f.addIgnore(arg));
    case 'dropignore':
      return wrap((f) => f.dropIgnore(arg));
  }
  throw new Error(`internal error: unknown edit flag -${name}`);
}

export const command: Command = {
  name: 'edit',
  usageLine: 'go mod edit [editing flags] [-fmt|-print|-json] [go.mod]',
  short: 'edit go.mod from tools or scripts',
  long: `
Edit offers a command-line interface for editing go.mod, for use by tools and scripts. It reads
only go.mod; it does not look up information about the modules involved. By default it edits
the main module's go.mod; a different file can be named after the flags.

Editing flags, applied in the order given:
	-module, -go=version (or none), -toolchain=name (or none)
	-require=path@version, -droprequire=path
	-exclude=path@version, -dropexclude=path@version
	-replace=old[@v]=new[@v], -dropreplace=old[@v]
	-retract=version or [low,high], -dropretract=...
	-godebug=key=value, -dropgodebug=key
	-tool=path, -droptool=path, -ignore=path, -dropignore=path

-fmt reformats go.mod without other changes. -print prints the result instead of writing it.
-json prints the result as JSON instead of writing it.
`,
  flags(fs: FlagSet) {
    const edits: Flags['edits'] = [];
    fl = {
      fmt: fs.bool('fmt'),
      module: fs.string('module'),
      go: fs.string('go'),
      toolchain: fs.string('toolchain'),
      json: fs.bool('json'),
      print: fs.bool('print'),
      modfile: { value: '' },
      edits,
    };
    for (const name of EDIT_FLAGS) fs.func(name, '', (arg) => { edits.push({ name, arg }); });
    fl.modfile = addBuildFlagsNX(fs);
  },
  async run(ctx, args) {
    const applied = fl.edits.map((e) => prepareEdit(e.name, e.arg));
    const anyFlags = fl.module.value !== '' || fl.go.value !== '' || fl.toolchain.value !== '' || fl.json.value || fl.print.value || fl.fmt.value || applied.length > 0;
    if (!anyFlags) fatal("go: no flags specified (see 'go help mod edit').");
    if (fl.json.value && fl.print.value) fatal('go: cannot use both -json and -print');
    if (args.length > 1) fatal('go: too many arguments');
    let gomod: string;
    if (args.length === 1) gomod = resolvePath(ctx.cwd, args[0]!);
    else {
      if (ctx.config.getenv('GO111MODULE') === 'off') fatal("go: modules disabled by GO111MODULE=off; see 'go help modules'");
      const root = findModuleRoot(ctx.cwd);
      if (root === '') throw new ExitError('go: ' + noMainModuleError(ctx.cwd, ctx.config.goroot, ctx.config.getenv('GO111MODULE')).message, 1);
      gomod = fl.modfile.value !== '' ? resolvePath(ctx.cwd, fl.modfile.value) : resolvePath(root, 'go.mod');
    }
    const local = ctx.config.localGo;
    if (fl.module.value !== '') {
      const bad = checkImportPath(fl.module.value);
      if (bad) fatal(`go: invalid -module: ${bad.message}`);
      if (gover.isToolchain(fl.module.value)) fatal('go: invalid -module: module path is reserved');
    }
    checkGoToolchainFlags('go mod', fl.go.value, fl.toolchain.value, local);
    let data: string;
    try {
      data = readFileSync(gomod, 'utf8');
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      return fatal(`go: open ${args.length === 1 ? args[0] : gomod}: ${err.code === 'ENOENT' ? 'no such file or directory' : err.message}`);
    }
    let f: ModFile;
    try {
      f = parseModFile(gomod, data);
    } catch (e) {
      return fatal(`go: errors parsing ${shortPath(ctx.cwd, gomod)}:\n${(e as Error).message}`);
    }
    if (fl.module.value !== '') f.addModuleStmt(fl.module.value);
    applyGoToolchainFlags(f, fl.go.value, fl.toolchain.value);
    for (const edit of applied) edit(f);
    f.sortBlocks();
    f.cleanup();
    if (fl.json.value) {
      ctx.stdout.write(marshalIndentJSON(modFileJSON(f)));
      return 0;
    }
    const out = f.format();
    if (fl.print.value) {
      ctx.stdout.write(out);
      return 0;
    }
    let now: string;
    try {
      now = readFileSync(gomod, 'utf8');
    } catch (e) {
      return fatal(`go: ${(e as Error).message}`);
    }
    if (now !== data) fatal('go: go.mod changed during editing; not overwriting');
    if (out !== data) replaceFile(gomod, out);
    return 0;
  },
};
