// GOTOOLCHAIN: which toolchain go would select (toolchain.Select), so gocmd can refuse to fake a switch.
import { readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compare, fromToolchain, goModLookup, isLang } from '../lib/gover.js';
import { goQuote } from '../lib/goquote.js';
import { ExitError } from './errors.js';
import { findUp, type Config } from './config.js';

/**
 * The toolchain go would run for this command line, or "" when it is the local one. Throws
 * ExitError for an invalid GOTOOLCHAIN (or toolchain line). argv is the command line after -C.
 * Only the GOTOOLCHAIN setting and the go.work/go.mod go and toolchain lines are considered
 * (not `go install pkg@version`).
 */
export function selectToolchain(config: Config, argv: readonly string[]): string {
  if (config.getenv('GO111MODULE') === 'off') return '';
  const a = argv;
  if ((a.length === 2 && a[0] === 'env' && a[1] === 'GOTOOLCHAIN') ||
      (a.length === 3 && a[0] === 'env' && a[1] === '-w' && a[2]!.startsWith('GOTOOLCHAIN='))) return '';
  if (a.length === 2 && a[0] === 'env' && (a[1] === 'GOMOD' || a[1] === 'GOWORK')) return '';
  const setting = config.getenv('GOTOOLCHAIN');
  if (setting === '') return '';
  const local = config.goVersion;
  let minToolchain = local;
  let minVers = fromToolchain(local);
  let mode: string;
  if (setting === 'auto' || setting === 'path') {
    mode = setting;
  } else {
    const plus = setting.indexOf('+');
    const min = plus >= 0 ? setting.slice(0, plus) : setting;
    const suffix = plus >= 0 ? setting.slice(plus + 1) : '';
    if (min !== 'local') {
      const v = fromToolchain(min);
      if (v === '') {
        if (plus >= 0) throw new ExitError(`go: invalid GOTOOLCHAIN ${goQuote(setting)}: invalid minimum toolchain ${goQuote(min)}`);
        throw new ExitError(`go: invalid GOTOOLCHAIN ${goQuote(setting)}`);
      }
      minToolchain = min;
      minVers = v;
    }
    if (plus >= 0 && suffix !== 'auto' && suffix !== 'path') {
      throw new ExitError(`go: invalid GOTOOLCHAIN ${goQuote(setting)}: only version suffixes are +auto and +path`);
    }
    mode = suffix;
  }
  let chosen = minToolchain;
  if (mode === 'auto' || mode === 'path') {
    const f = modGoToolchain(config);
    if (f) {
      if (f.toolchain !== '' && f.toolchain !== 'default') {
        const tv = fromToolchain(f.toolchain);
        if (tv === '') throw new ExitError(`go: invalid toolchain ${goQuote(f.toolchain)} in ${shortPath(config.cwd, f.file)}`);
        if (compare(tv, minVers) > 0) {
          chosen = f.toolchain;
          minVers = tv;
        }
      }
      if (f.goVers !== '' && compare(f.goVers, minVers) > 0) {
        chosen = 'go' + f.goVers + (isLang(f.goVers) && compare(f.goVers, '1.21') >= 0 ? '.0' : '');
        minVers = f.goVers;
      }
    }
  }
  return chosen === 'local' || chosen === local ? '' : chosen;
}

/** base.ShortPath: path relative to cwd when that is shorter and does not climb out of cwd. */
export function shortPath(cwd: string, path: string): string {
  const rel = relative(cwd, path) || '.';
  if (rel.length < path.length && (rel === '.' || !(rel === '..' || rel.startsWith('../')))) return rel;
  return path;
}

/** The go.work (or else go.mod) governing cwd and its go/toolchain lines. */
function modGoToolchain(config: Config): { file: string; goVers: string; toolchain: string } | undefined {
  let file = '';
  const gw = config.getenv('GOWORK');
  if (gw !== 'off') {
    const w = gw === '' || gw === 'auto' ? config.gowork : gw;
    try {
      if (w && w !== 'off' && statSync(w).isFile()) file = w;
    } catch {
      file = '';
    }
  }
  if (file === '') {
    const root = findUp(config.cwd, 'go.mod');
    if (root !== '') file = join(root, 'go.mod');
  }
  if (file === '') return undefined;
  const data = readFileSync(file, 'utf8');
  return { file, goVers: goModLookup(data, 'go'), toolchain: goModLookup(data, 'toolchain') };
}
