// Differential test against the reference proxy: cmd/go's own test binary run with -proxy.
//
// Skipped unless GOCMD_CMDGO_TEST names that binary, built with
//   cd $GOROOT/src/cmd/go && go test -c -o /tmp/cmdgo.test
// Every fixture's .info/.mod/.zip/list/@latest/lookup and a set of special paths are fetched from
// both proxies; status, status text, error content type, Location and body must agree (zips are
// compared by entry names and contents, since compression bytes may differ).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readZip } from '../../src/lib/zip.js';
import { startProxy, type Proxy } from './server.js';

const goroot = process.env.GOROOT ?? '/usr/local/go';
const refBin = process.env.GOCMD_CMDGO_TEST;
const skip = !refBin && 'set GOCMD_CMDGO_TEST to a cmd/go test binary to compare with the reference proxy';

let ours: Proxy;
let ref: ChildProcess;
let refURL = '';

before(async () => {
  if (!refBin) return;
  ours = await startProxy({ goroot });
  ref = spawn(refBin, ['-proxy=127.0.0.1:0'], { cwd: join(goroot, 'src/cmd/go'), stdio: ['ignore', 'ignore', 'pipe'] });
  refURL = await new Promise<string>((resolve, reject) => {
    let buf = '';
    ref.stderr!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /GOPROXY=(http:\/\/\S+)\/mod/.exec(buf);
      if (m) resolve(m[1]!);
    });
    ref.once('exit', () => reject(new Error(`reference proxy exited: ${buf}`)));
  });
});

after(async () => {
  if (ours) await ours.close();
  ref?.kill();
});

/** Request paths: every fixture through every endpoint, plus the special prefixes and error cases. */
function requestPaths(): string[] {
  const paths: string[] = [];
  const mods = new Set<string>();
  for (const f of readdirSync(join(goroot, 'src/cmd/go/testdata/mod')).sort()) {
    if (!f.endsWith('.txt')) continue;
    const name = f.slice(0, -4);
    const i = name.lastIndexOf('_v');
    if (i < 0) continue;
    const enc = name.slice(0, i).replaceAll('_', '/');
    const v = name.slice(i + 1);
    mods.add(enc);
    for (const ext of ['info', 'mod', 'zip']) paths.push(`/mod/${enc}/@v/${v}.${ext}`);
    paths.push(`/mod/sumdb/localhost.localdev/sumdb/lookup/${enc}@${v}`);
  }
  for (const m of mods) paths.push(`/mod/${m}/@v/list`, `/mod/${m}/@latest`);
  const db = '/mod/sumdb/localhost.localdev/sumdb';
  paths.push(
    '/mod/rsc.io/quote/@v/c4d4236f.info',
    '/mod/rsc.io/quote/@v/e7a685a342c0.info',
    '/mod/rsc.io/quote/@v/abc.info',
    '/mod/invalid/foo',
    '/mod/404/rsc.io/quote/@v/list',
    '/mod/410/x',
    '/mod/199/x',
    '/mod/sumdb-503/rsc.io/quote/@v/list',
    '/mod/sumdb-503/sumdb/localhost.localdev/sumdb/supported',
    '/mod/redirect/3/rsc.io/quote/@v/list',
    '/mod/redirect/1/rsc.io/quote/@v/list',
    '/mod/redirect/x/y',
    '/mod/redirect/zz',
    `${db}/supported`,
    '/mod/sumdb/other/supported',
    `${db}/latest`,
    `${db}/lookup/rsc.io/nonexist@v1.0.0`,
    `${db}/lookup/bad`,
    `${db}/lookup/Bad.com/x@v1.0.0`,
    `${db}/tile/8/0/000.p/5`,
    `${db}/tile/8/data/000.p/7`,
    `${db}/tile/8/data/000`,
    `${db}/tile/bad`,
    `${db}/nothing`,
    '/mod/sumdb-direct/latest',
    '/mod/sumdb-redirect/rsc.io/quote@v1.5.2:/lookup/rsc.io/fortune@v1.0.0',
    '/mod/sumdb-redirect/nocolon',
    '/mod/rsc.io/quote/@v/',
    '/mod/rsc.io/quote/@v/v1.5.2',
    '/mod/rsc.io/quote/@v/v9.9.9.info',
    '/mod/nothing/@latest',
    '/mod/x',
    '/other',
    '/mod/rsc.io/QUOTE/@v/list',
    '/mod/example.com/invalidpath/v1/@v/list',
  );
  return paths;
}

interface Answer {
  status: number;
  statusText: string;
  type: string | null;
  location: string | null;
  body: string;
}

async function fetchAnswer(base: string, path: string): Promise<Answer> {
  const r = await fetch(base + path, { redirect: 'manual' });
  const raw = Buffer.from(await r.arrayBuffer());
  let body = raw.toString('latin1');
  if (path.endsWith('.zip') && r.status === 200) body = JSON.stringify(readZip(raw).map((e) => [e.name, e.data().toString('base64')]));
  if (r.status === 302) body = '';
  return {
    status: r.status,
    statusText: r.statusText,
    type: r.status === 200 ? null : r.headers.get('content-type'),
    location: r.headers.get('location'),
    body,
  };
}

test('answers agree with the reference proxy', { skip }, async () => {
  const base = ours.url.replace(/\/mod$/, '');
  const diffs: string[] = [];
  // The checksum databases grow with lookups, so both proxies see the same requests in the same order.
  for (const path of requestPaths()) {
    const [a, b] = [await fetchAnswer(refURL, path), await fetchAnswer(base, path)];
    try {
      assert.deepEqual(b, a);
    } catch {
      diffs.push(`${path}: reference ${JSON.stringify(a).slice(0, 300)}, ours ${JSON.stringify(b).slice(0, 300)}`);
    }
  }
  assert.deepEqual(diffs, []);
});
