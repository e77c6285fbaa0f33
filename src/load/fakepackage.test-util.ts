// A Package with every list field empty, for unit tests that build package graphs by hand.
import type { Package } from './types.js';

export function fakePackage(importPath: string, over: Partial<Package> = {}): Package {
  return {
    dir: '/src/' + importPath, importPath, name: 'p', goroot: false, standard: false,
    goFiles: ['a.go'], cgoFiles: [], ignoredGoFiles: [], invalidGoFiles: [], ignoredOtherFiles: [], cFiles: [], cxxFiles: [],
    mFiles: [], hFiles: [], fFiles: [], sFiles: [], sysoFiles: [], swigFiles: [], swigCXXFiles: [], testGoFiles: [], xTestGoFiles: [],
    imports: [], importPos: {}, testImports: [], xTestImports: [], embedPatterns: [], embedPatternPos: {}, testEmbedPatterns: [],
    xTestEmbedPatterns: [], embedFiles: [], importMap: {}, deps: [], internal: { imports: [] }, ...over,
  };
}
