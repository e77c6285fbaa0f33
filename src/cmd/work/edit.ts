// `go work edit`: edit go.work from tools or scripts (flag edits applied in order, then -fmt/-print/-json or write back).
import { join, resolve as resolvePath } from 'node:path';
import type { FlagSet, Ref } from '../../lib/flags.js';
import { marshalIndentJSON, workFileJSON, type WorkFile } from '../../lib/modfile/index.js';
import { shortPath } from '../../load/errors.js';
import { readMainModFile } from '../../modload/mainmodule.js';
import { readWorkFile, toDirectoryPath, workFileText, writeWorkText } from '../../modload/workfile.js';
import { workFileInUse } from '../../modload/init.js';
import type { Command } from '../command.js';
import {
  applyGoToolchainFlags, checkGoToolchainFlags, editFatal, parseDropReplaceFlag, parseGodebugFlag, parseReplaceFlag,
} from '../editflags.js';
import { NO_WORK_FILE, workEnv } from './common.js';

interface Flags {
  fmt: Ref<boolean>;
  go: Ref<string>;
  toolchain: Ref<string>;
  json: Ref<boolean>;
  print: Ref<boolean>;
  edits: { name: string; arg: string }[];
}
let fl: Flags;

const EDIT_FLAGS = ['godebug', 'dropgodebug', 'use', 'dropuse', 'replace', 'dropreplace'];

const fatal = editFatal;

/** Checks one edit flag as go does while parsing flags; returns the edit to apply later. */
function prepareEdit(name: string, arg: string, cwd: string, localGo: string): (f: WorkFile) => void {
  switch (name) {
    case 'godebug': {
      const { key, value } = parseGodebugFlag(arg);
      return (f) => f.addGodebug(key, value);
    }
    case 'dropgodebug':
      return (f) => f.dropGodebug(arg);
    case 'use':
      return (f) => {
        let modulePath = '';
        try {
          modulePath = readMainModFile(resolvePath(cwd, join(arg, 'go.mod')), cwd, localGo).file.module!.path;
        } catch { /* not a module (yet) */ }
        // As go does: the first call records the module path, the second clears it again.
        f.addUse(toDirectoryPath(arg), modulePath);
        f.addUse(toDirectoryPath(arg), '');
      };
    case 'dropuse':
      return (f) => f.dropUse(toDirectoryPath(arg));
    case 'replace': {
      const r = parseReplaceFlag('work', arg);
      return (f) => {
        try {
          f.addReplace(r.old.path, r.old.version, r.new.path, r.new.version);
        } catch (e) {
          fatal(`go: -replace=${arg}: ${(e as Error).message}`);
        }
      };
    }
    case 'dropreplace': {
      const o = parseDropReplaceFlag('work', arg);
      return (f) => f.dropReplace(o.path, o.version);
    }
  }
  throw new Error(`internal error: unknown edit flag -${name}`);
}

export const command: Command = {
  name: 'edit',
  usageLine: 'go work edit [editing flags] [go.work]',
  short: 'edit go.work from tools or scripts',
  long: `
Edit offers a command-line interface for editing go.work, for use by tools and scripts. It
reads only go.work; it does not look up information about the modules involved. Without a
file argument it edits the go.work in use.

Editing flags, applied in the order given:
	-go=version (or none), -toolchain=name (or none)
	-use=path, -dropuse=path
	-replace=old[@v]=new[@v], -dropreplace=old[@v]
	-godebug=key=value, -dropgodebug=key

-fmt reformats go.work without other changes. -print prints the result instead of writing it.
-json prints the result as JSON instead of writing it.
`,
  flags(fs: FlagSet) {
    const edits: Flags['edits'] = [];
    fl = {
      fmt: fs.bool('fmt'),
      go: fs.string('go'),
      toolchain: fs.string('toolchain'),
      json: fs.bool('json'),
      print: fs.bool('print'),
      edits,
    };
    for (const name of EDIT_FLAGS) fs.func(name, '', (arg) => { edits.push({ name, arg }); });
  },
  async run(ctx, args) {
    const env = workEnv(ctx.config, ctx.cwd, 'work edit');
    const applied = fl.edits.map((e) => prepareEdit(e.name, e.arg, ctx.cwd, env.localGo));
    if (fl.json.value && fl.print.value) fatal('go: cannot use both -json and -print');
    if (args.length > 1) fatal("go: 'go help work edit' accepts at most one argument");
    const gowork = args.length === 1 ? resolvePath(ctx.cwd, args[0]!) : workFileInUse(ctx.config);
    if (gowork === '') fatal(NO_WORK_FILE);
    checkGoToolchainFlags('go work', fl.go.value, fl.toolchain.value, env.localGo);
    const anyFlags = fl.go.value !== '' || fl.toolchain.value !== '' || fl.json.value || fl.print.value || fl.fmt.value || applied.length > 0;
    if (!anyFlags) fatal("go: no flags specified (see 'go help work edit').");
    let wf: WorkFile;
    try {
      wf = readWorkFile(gowork, env);
    } catch (e) {
      return fatal(`go: errors parsing ${shortPath(ctx.cwd, gowork)}:\n${(e as Error).message}`);
    }
    applyGoToolchainFlags(wf, fl.go.value, fl.toolchain.value);
    for (const edit of applied) edit(wf);
    const text = workFileText(wf);
    if (fl.json.value) {
      ctx.stdout.write(marshalIndentJSON(workFileJSON(wf)));
      return 0;
    }
    if (fl.print.value) {
      ctx.stdout.write(text);
      return 0;
    }
    writeWorkText(gowork, text);
    return 0;
  },
};
