// Test helper: runs the gocmd CLI in this process (runMain) and collects what it printed, in the
// same shape as cfg/testutil's runRealGo, so tests can compare gocmd with real go directly.
import { runMain } from './run.js';
import { Collect, type Ran } from '../cfg/testutil.js';

export async function runGocmd(args: string[], env: Record<string, string | undefined>, cwd: string): Promise<Ran> {
  const stdout = new Collect();
  const stderr = new Collect();
  const code = await runMain(args, { stdout, stderr }, { env, cwd });
  return { stdout: stdout.text, stderr: stderr.text, code };
}
