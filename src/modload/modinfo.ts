// go's modinfo.ModulePublic: what go list -m and go mod download report about a module.
import type { Origin } from '../modfetch/revinfo.js';

export interface ModulePublic {
  path: string;
  version: string;
  query?: string;
  versions?: string[];
  replace?: ModulePublic;
  time?: string;
  update?: ModulePublic;
  main?: boolean;
  indirect?: boolean;
  dir?: string;
  goMod?: string;
  goVersion?: string;
  retracted?: string[];
  deprecated?: string;
  error?: string;
  sum?: string;
  goModSum?: string;
  origin?: Origin;
  /** Taken from a -reuse file after its origin was found to still hold. */
  reuse?: boolean;
}
