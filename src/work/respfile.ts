// go's passLongArgsInResponseFiles: a tool command line too long for exec goes to the tools that read
// response files as "@file", one argument a line.

/** cmd/internal/sys.ExecArgLengthLimit. */
export const EXEC_ARG_LENGTH_LIMIT = 30 << 10;

/** The tools that understand "@file" (they parse flags with objabi.Flagparse). */
const RESPONSE_FILE_TOOLS = new Set(['compile', 'link', 'cgo', 'asm', 'cover']);

/** Whether go passes args (args[0] the program's path) in a response file. */
export function useResponseFile(args: readonly string[]): boolean {
  const base = (args[0] ?? '').replace(/^.*\//, '').replace(/\.exe$/, '');
  if (!RESPONSE_FILE_TOOLS.has(base)) return false;
  let n = 0;
  for (const a of args) n += a.length;
  return n > EXEC_ARG_LENGTH_LIMIT;
}

/** The response file's text for the arguments after the program: backslashes and newlines escaped, one a line. */
export function responseFileText(args: readonly string[]): string {
  return args.slice(1).map((a) => a.replace(/[\\\n]/g, (c) => (c === '\\' ? '\\\\' : '\\n')) + '\n').join('');
}
