// `go fix`: the analysis-based fixers, run as go vet runs its analyzers (src/cmd/vet.ts does both).
export { fixCommand as command } from './vet.js';
