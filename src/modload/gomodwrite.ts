// Writing the main module's go.mod (or -modfile): an -overlay that replaces it makes it read-only.
import { replaceFile } from '../base/replacefile.js';
import { replaced } from '../base/fsys.js';
import { ModloadError } from './errors.js';

/** go's commitRequirements refusal when the file to update is overlaid. */
export const GO_MOD_OVERLAID = 'updates to go.mod needed, but go.mod is part of the overlay specified with -overlay';

/** Writes text to the go.mod file at path, or throws go's error when -overlay replaces that file. */
export function writeGoModFile(path: string, text: string): void {
  if (replaced(path)) throw new ModloadError(GO_MOD_OVERLAID);
  replaceFile(path, text);
}
