// The command table. Each subcommand lives in src/cmd/<name>.ts and is loaded lazily.
export async function runMain(args: string[]): Promise<number> {
  if (args[0] === 'version') {
    process.stdout.write('gocmd (bootstrap)\n');
    return 0;
  }
  process.stderr.write('go: unknown command\nRun \'go help\' for usage.\n');
  return 2;
}
