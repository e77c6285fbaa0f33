// Public API of the Go text/template implementation: Template, the value model and fmt helpers.
export { Template, TemplateError } from './exec.js';
export { type TemplateFunc, type ParamType, FuncError, htmlEscape, jsEscape, queryEscape } from './funcs.js';
export { GoStruct, GoNil, GoFloat, typeOf, isTrue, type GoMethod } from './value.js';
export { sprint, sprintf, sprintln } from './fmt.js';
