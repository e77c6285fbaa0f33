// Records what real go prints for each module-graph scenario here, for mvs.test.ts to compare against.
// Each *.txt holds txtar-style sections: "go.mod" (the main module) or "go.work" and
// "<dir>/go.mod" (a workspace), and "<path>@<version>.mod"
// for each dependency's go.mod; this script serves the dependencies from a file-based module
// proxy in a temp dir, runs `go mod graph` and `go list -m all` there, and rewrites the
// "want.graph", "want.list" and "want.err" sections. Usage: node gen.mjs [--accept-rewrite] [path/to/go]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const acceptRewrite = args.includes('--accept-rewrite');
const goBin = args.filter((a) => a !== '--accept-rewrite')[0] ?? 'go';

function parse(text) {
  const files = [];
  let cur;
  for (const line of text.split('\n')) {
    const m = /^-- (.+) --$/.exec(line);
    if (m) {
      cur = { name: m[1], data: '' };
      files.push(cur);
    } else if (cur) cur.data += line + '\n';
  }
  for (const f of files) f.data = f.data.replace(/\n+$/, '\n');
  return files;
}

const escape = (p) => p.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());

for (const name of readdirSync(here).filter((f) => f.endsWith('.txt')).sort()) {
  const files = parse(readFileSync(join(here, name), 'utf8')).filter((f) => !f.name.startsWith('want.'));
  const tmp = mkdtempSync(join(tmpdir(), 'modgraph-'));
  try {
    const proxy = join(tmp, 'proxy');
    const work = join(tmp, 'm');
    mkdirSync(work, { recursive: true });
    const versions = new Map();
    for (const f of files) {
      if (f.name === 'go.mod' || f.name === 'go.work' || f.name.endsWith('/go.mod')) {
        mkdirSync(dirname(join(work, f.name)), { recursive: true });
        writeFileSync(join(work, f.name), f.data);
        continue;
      }
      const [path, version] = f.name.replace(/\.mod$/, '').split('@');
      const dir = join(proxy, escape(path), '@v');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${version}.mod`), f.data);
      writeFileSync(join(dir, `${version}.info`), JSON.stringify({ Version: version, Time: '2020-01-01T00:00:00Z' }));
      versions.set(dir, [...(versions.get(dir) ?? []), version]);
    }
    for (const [dir, vs] of versions) writeFileSync(join(dir, 'list'), vs.join('\n') + '\n');
    const env = {
      PATH: process.env.PATH, HOME: tmp, GOPATH: join(tmp, 'gopath'), GOMODCACHE: join(tmp, 'modcache'),
      GOCACHE: join(tmp, 'cache'), GOPROXY: 'file://' + proxy, GOSUMDB: 'off', GOFLAGS: files.some((f) => f.name === 'go.work') ? '-modcacherw' : '-mod=mod -modcacherw',
      GOTOOLCHAIN: 'local', GOWORK: files.some((f) => f.name === 'go.work') ? join(work, 'go.work') : 'off', GO111MODULE: 'on',
    };
    const run = (args) => spawnSync(goBin, args, { cwd: work, env, encoding: 'utf8' });
    const g = run(['mod', 'graph']);
    const l = run(['list', '-m', 'all']);
    if (l.status !== 0) console.error(name, 'go list -m all:', l.stderr);
    for (const f of files.filter((f) => f.name === 'go.mod' || f.name === 'go.work' || f.name.endsWith('/go.mod'))) {
      const now = readFileSync(join(work, f.name), 'utf8');
      if (now === f.data) continue;
      // With --accept-rewrite, take go's consistent version of the file into the scenario
      // (run again afterwards to record outputs for it).
      if (!acceptRewrite) throw new Error(`${name}: go rewrote ${f.name}; make the scenario consistent`);
      f.data = now;
      console.log(`${name}: took go's rewritten ${f.name}; run again`);
    }
    const norm = (s) => s.split(proxy).join('$PROXY');
    const out = [...files];
    out.push({ name: 'want.graph', data: g.status === 0 ? g.stdout : '' });
    out.push({ name: 'want.list', data: l.status === 0 ? l.stdout : '' });
    out.push({ name: 'want.err', data: norm(g.stderr) });
    const text = out.map((f) => `-- ${f.name} --\n${f.data}`).join('');
    const head = readFileSync(join(here, name), 'utf8').split(/^-- /m)[0];
    writeFileSync(join(here, name), head + text);
    console.log(name, g.status, l.status);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
