import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProxyRepo } from './proxyrepo.js';
import { HTTPError, type Web } from './web.js';

/** A Web that records the URLs asked for and answers each with a 404. */
function recordingWeb(seen: string[]): Web {
  const fake = {
    getBytes: (u: URL): Promise<Buffer> => {
      seen.push(u.href);
      return Promise.reject(new HTTPError(u.href, '404 Not Found', 404, ''));
    },
  };
  // Only getBytes is used by ProxyRepo's requests; the rest of Web is not needed here.
  return fake as unknown as Web;
}

test('proxy URLs escape the path as go\'s url.PathEscape does ("!" of case-encoding as %21)', async () => {
  const seen: string[] = [];
  const repo = new ProxyRepo('https://proxy.invalid/base', 'github.com/BurntSushi/toml/cmd/tomlv', recordingWeb(seen));
  await assert.rejects(repo.stat('v9.9.9'), (e: Error) => e.message.includes('reading https://proxy.invalid/base/github.com/%21burnt%21sushi/toml/cmd/tomlv/@v/v9.9.9.info: 404 Not Found'));
  assert.deepEqual(seen, ['https://proxy.invalid/base/github.com/%21burnt%21sushi/toml/cmd/tomlv/@v/v9.9.9.info']);
});

test("proxy URLs keep what url.PathEscape keeps: '~', '+' of +incompatible, '/'", async () => {
  const seen: string[] = [];
  const repo = new ProxyRepo('https://proxy.invalid', 'example.com/a~b.c-d_e', recordingWeb(seen));
  await assert.rejects(repo.stat('v2.0.0+incompatible'));
  assert.equal(seen[0], 'https://proxy.invalid/example.com/a~b.c-d_e/@v/v2.0.0+incompatible.info');
});
