// Golden tests: format, -json view, errors and edits checked against real `go mod edit` output.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { isDirectoryPath } from './args.js';
import { ModFileError } from './errors.js';
import { marshalIndentJSON, modFileJSON, workFileJSON } from './json.js';
import type { ModFile } from './modfile.js';
import { parseModFile } from './parse-mod.js';
import * as semver from '../semver.js';
import { parseWorkFile, type WorkFile } from './work.js';

const dir = new URL('../../../../src/lib/modfile/testdata/', import.meta.url);

function splitTxtar(text: string): Map<string, string> {
  const parts = text.split(/^-- (.+?) --\n/m);
  const files = new Map<string, string>();
  for (let i = 1; i < parts.length; i += 2) files.set(parts[i]!, parts[i + 1] ?? '');
  return files;
}

const cases = splitTxtar(readFileSync(new URL('cases.txtar', dir), 'utf8'));
const golden = splitTxtar(readFileSync(new URL('golden.txtar', dir), 'utf8'));

/** Applies `go work edit` flags the way go does: -go, -toolchain first, then in order. */
function applyWorkFlags(f: WorkFile, flags: string[]): void {
  const parsed = flags.map((fl) => {
    const m = /^-(\w+)(?:=(.*))?$/.exec(fl)!;
    return { name: m[1]!, arg: m[2] ?? '' };
  });
  const get = (n: string) => parsed.find((p) => p.name === n)?.arg;
  const go = get('go');
  if (go === 'none') f.dropGoStmt();
  else if (go) f.addGoStmt(go);
  const tc = get('toolchain');
  if (tc === 'none') f.dropToolchainStmt();
  else if (tc) f.addToolchainStmt(tc);
  for (const { name, arg } of parsed) {
    switch (name) {
      case 'use':
        f.addUse(arg, '');
        break;
      case 'dropuse':
        f.dropUse(arg);
        break;
      case 'replace': {
        const eq = arg.indexOf('=');
        const [op, ov] = splitAt(arg.slice(0, eq));
        const n = arg.slice(eq + 1);
        const [np, nv] = isDirectoryPath(n) ? [n, ''] : splitAt(n);
        f.addReplace(op, ov, np, nv);
        break;
      }
      case 'dropreplace':
        f.dropReplace(...splitAt(arg));
        break;
      case 'godebug': {
        const eq = arg.indexOf('=');
        f.addGodebug(arg.slice(0, eq), arg.slice(eq + 1));
        break;
      }
      case 'dropgodebug':
        f.dropGodebug(arg);
        break;
    }
  }
  f.sortBlocks();
  f.cleanup();
}

function splitAt(s: string): [string, string] {
  const i = s.indexOf('@');
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

/** Applies `go mod edit` flags the way go does: -module, -go, -toolchain first, then in order. */
function applyFlags(f: ModFile, flags: string[]): void {
  const parsed = flags.map((fl) => {
    const m = /^-(\w+)(?:=(.*))?$/.exec(fl)!;
    return { name: m[1]!, arg: m[2] ?? '' };
  });
  const get = (n: string) => parsed.find((p) => p.name === n)?.arg;
  const mod = get('module');
  if (mod) f.addModuleStmt(mod);
  const go = get('go');
  if (go === 'none') f.dropGoStmt();
  else if (go) f.addGoStmt(go);
  const tc = get('toolchain');
  if (tc === 'none') f.dropToolchainStmt();
  else if (tc) f.addToolchainStmt(tc);
  const interval = (a: string) => {
    if (!a.startsWith('[')) return { low: a, high: a };
    const [lo, hi] = a.slice(1, -1).split(',');
    return { low: lo!.trim(), high: hi!.trim() };
  };
  for (const { name, arg } of parsed) {
    switch (name) {
      case 'require':
        f.addRequire(...splitAt(arg));
        break;
      case 'droprequire':
        f.dropRequire(arg);
        break;
      case 'exclude':
        f.addExclude(...splitAt(arg));
        break;
      case 'dropexclude':
        f.dropExclude(...splitAt(arg));
        break;
      case 'replace': {
        const eq = arg.indexOf('=');
        const [op, ov] = splitAt(arg.slice(0, eq));
        const n = arg.slice(eq + 1);
        const [np, nv] = isDirectoryPath(n) ? [n, ''] : splitAt(n);
        f.addReplace(op, ov, np, nv);
        break;
      }
      case 'dropreplace':
        f.dropReplace(...splitAt(arg));
        break;
      case 'retract':
        f.addRetract(interval(arg), '');
        break;
      case 'dropretract':
        f.dropRetract(interval(arg));
        break;
      case 'godebug': {
        const eq = arg.indexOf('=');
        f.addGodebug(arg.slice(0, eq), arg.slice(eq + 1));
        break;
      }
      case 'dropgodebug':
        f.dropGodebug(arg);
        break;
      case 'tool':
        f.addTool(arg);
        break;
      case 'droptool':
        f.dropTool(arg);
        break;
      case 'ignore':
        f.addIgnore(arg);
        break;
      case 'dropignore':
        f.dropIgnore(arg);
        break;
    }
  }
  f.sortBlocks();
  f.cleanup();
}

for (const [name, data] of cases) {
  test(name, () => {
    let input = data;
    let flags = ['-fmt'];
    if (input.startsWith('flags:')) {
      const nl = input.indexOf('\n');
      flags = input.slice('flags:'.length, nl).trim().split(/\s+/);
      input = input.slice(nl + 1);
    }
    if (name === 'fmt/crlf') input = input.replace(/\n/g, '\r\n');
    const wantErr = golden.get(`${name}.err`);
    const wantOut = golden.get(`${name}.out`);
    const wantJSON = golden.get(`${name}.json`);
    if (name.startsWith('tidy/') || name.startsWith('tidy116/')) {
      // go mod tidy: update the go line, then set requirements as modload does, cleanup, format.
      assert.notEqual(wantOut, undefined, 'missing golden output');
      const want = parseModFile('go.mod', wantOut!);
      const f = parseModFile('go.mod', input);
      const goVersion = want.go!.version;
      if (f.go?.version !== goVersion) f.addGoStmt(goVersion);
      const req = want.require.map((r) => ({ path: r.path, version: r.version, indirect: r.indirect }));
      if (semver.compare('v' + goVersion, 'v1.17') < 0) f.setRequire(req);
      else f.setRequireSeparateIndirect(req);
      f.cleanup();
      assert.equal(f.format(), wantOut);
      return;
    }
    const work = name.startsWith('work/');
    const run = (): { format(): string } => {
      if (work) {
        const w = parseWorkFile('go.work', input);
        applyWorkFlags(w, flags);
        return w;
      }
      const f = parseModFile('go.mod', input);
      applyFlags(f, flags);
      return f;
    };
    if (wantErr !== undefined) {
      assert.throws(
        run,
        (e: unknown) => {
          assert.ok(e instanceof ModFileError, String(e));
          assert.equal(e.message + '\n', wantErr);
          return true;
        },
      );
      return;
    }
    assert.notEqual(wantOut, undefined, 'missing golden output');
    assert.equal(run().format(), wantOut);
    if (wantJSON === undefined) return;
    if (work) {
      const w = parseWorkFile('go.work', input);
      applyWorkFlags(w, []);
      assert.equal(marshalIndentJSON(workFileJSON(w)), wantJSON);
    } else {
      assert.equal(marshalIndentJSON(modFileJSON(parseAndSort(input))), wantJSON);
    }
  });
}

function parseAndSort(input: string): ModFile {
  const f = parseModFile('go.mod', input);
  f.sortBlocks();
  f.cleanup();
  return f;
}
