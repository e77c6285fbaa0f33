import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runsInProcess } from './inprocess.js';

test('version and read-only env run in the server; writes and other commands do not', () => {
  for (const a of [['version'], ['version', '-m', 'x'], ['env'], ['env', '-json'], ['env', 'GOPATH', 'GOROOT'], ['env', '-changed'], ['env', '-x']]) {
    assert.equal(runsInProcess(a), true, a.join(' '));
  }
  for (const a of [['env', '-w', 'GOPATH=/x'], ['env', '-u', 'GOPATH'], ['env', '--w=true', 'A=b'], ['list'], ['build', '.'], []]) {
    assert.equal(runsInProcess(a), false, a.join(' '));
  }
});

test('a cache program (GOCACHEPROG) sends env to a worker', () => {
  assert.equal(runsInProcess(['env'], { GOCACHEPROG: '/bin/prog' }), false);
  assert.equal(runsInProcess(['env'], { GOCACHEPROG: '' }), true);
});

test('a request run in the server resolves relative paths against the client directory, and takes its launcher path', async () => {
  const { mkdtempSync, writeFileSync, mkdirSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { runInProcess } = await import('./inprocess.js');
  const dir = mkdtempSync(join(tmpdir(), 'inprocess-'));
  try {
    writeFileSync(join(dir, 'rel.env'), 'GOPROXY=off\n');
    const before = process.cwd();
    const run = async (argv: string[], env: string[]): Promise<{ code: number; out: string; err: string }> => {
      let out = '';
      let err = '';
      const st = await runInProcess({ argv, env: [`PATH=${process.env['PATH'] ?? ''}`, `HOME=${dir}`, ...env], cwd: dir, uid: 0, stdin: false }, (fd, b) => {
        if (fd === 1) out += b.toString();
        else err += b.toString();
      });
      return { code: st.code, out, err };
    };
    // GOENV names a file relative to the client's directory, not the server's.
    const r = await run(['env', 'GOENV', 'GOPROXY'], ['GOENV=rel.env']);
    assert.equal(r.err, '');
    assert.equal(r.out, 'rel.env\noff\n');
    // go version's file arguments too: an executable file there that is no Go binary is reported as such
    // (-v); looked for in the server's directory it would be missing ("stat notgo: ...").
    writeFileSync(join(dir, 'notgo'), 'text', { mode: 0o755 });
    const v = await run(['version', '-v', 'notgo'], []);
    assert.equal(v.err, 'notgo: could not read Go build info from notgo: unrecognized file format\n');
    assert.equal(process.cwd(), before, 'the server works in its own directory again afterwards');
    // A launcher path (GOCMD_EXE) in the client's environment is the one GOROOT is looked for around: a
    // fake GOROOT with a go.env but no VERSION is still found from a bin/go inside it.
    const fake = join(dir, 'goroot');
    mkdirSync(join(fake, 'bin'), { recursive: true });
    mkdirSync(join(fake, 'pkg', 'tool'), { recursive: true });
    mkdirSync(join(fake, 'src', 'cmd', 'go'), { recursive: true });
    writeFileSync(join(fake, 'bin', 'go'), '');
    const g = await run(['env', 'GOROOT'], ['GOROOT=', 'GOCMD_EXE=goroot/bin/go']);
    assert.equal(g.out, `${fake}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
