// modfile.ModulePath: the module path from go.mod text, tolerant of any other problems in the file.

import { goUnquote } from './quote.js';

/** The path on the first "module" line, or "" if there is none (or it is badly quoted). */
export function modulePath(mod: string): string {
  for (let line of mod.split('\n')) {
    const c = line.indexOf('//');
    if (c >= 0) line = line.slice(0, c);
    line = line.trim();
    if (!line.startsWith('module')) continue;
    line = line.slice('module'.length);
    const n = line.length;
    line = line.trim();
    if (line.length === n || line.length === 0) continue;
    if (line[0] === '"' || line[0] === '`') {
      try {
        return goUnquote(line);
      } catch {
        return '';
      }
    }
    return line;
  }
  return '';
}
