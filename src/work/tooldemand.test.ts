// Tools built on demand: which names are builtin tools, executable names, go.mod tool matching, host settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Config } from '../cfg/config.js';
import { realGo } from '../cfg/testutil.js';
import { ambiguousToolMessage, builtinToolPackage, defaultExecName, forcedHostEnv, hostConfig, matchModTools, validToolName } from './tooldemand.js';

const goroot = new Config().goroot;

test('builtinToolPackage: cmd commands installed to the tool directory', { skip: goroot ? false : 'no GOROOT' }, () => {
  const cases: [string, string][] = [
    ['test2json', 'cmd/test2json'], ['pprof', 'cmd/pprof'], ['nm', 'cmd/nm'], ['dist', 'cmd/dist'],
    ['go', ''], ['gofmt', ''], ['nosuch', ''], ['internal', ''], ['Vet', ''], ['../x', ''], ['', ''],
  ];
  for (const [name, want] of cases) assert.equal(builtinToolPackage(goroot, name), want, name);
});

test('validToolName', () => {
  for (const n of ['vet', 'test2json', 'a_b', '']) assert.ok(validToolName(n), n);
  for (const n of ['Vet', 'a-b', 'a/b', 'a.b']) assert.ok(!validToolName(n), n);
});

test('defaultExecName: last element, or the one before a major version', () => {
  const cases: [string, string][] = [
    ['example.com/foo/bar', 'bar'], ['example.com/foo/v2', 'foo'], ['example.com/foo/v1', 'v1'],
    ['example.com/foo/v0', 'v0'], ['example.com/foo/v10', 'foo'], ['example.com/foo/v02', 'v02'], ['v2', 'v2'], ['cmd/test2json', 'test2json'],
  ];
  for (const [p, want] of cases) assert.equal(defaultExecName(p), want, p);
});

test('matchModTools and the ambiguity message', () => {
  const tools = ['example.com/a/b', 'example.com/c/b', 'example.com/m/v2'];
  assert.deepEqual(matchModTools(tools, 'b'), ['example.com/a/b', 'example.com/c/b']);
  assert.deepEqual(matchModTools(tools, 'm'), ['example.com/m/v2']);
  assert.deepEqual(matchModTools(tools, 'v2'), []);
  assert.deepEqual(matchModTools(tools, 'example.com/a/b'), ['example.com/a/b']);
  assert.equal(ambiguousToolMessage('b', ['example.com/a/b', 'example.com/c/b']), 'go: tool "b" is ambiguous; choose one of:\n\texample.com/a/b\n\texample.com/c/b\n\t');
});

test('hostConfig and forcedHostEnv: the host target, CGO_ENABLED as for the user\'s target', { skip: realGo() ? false : 'no go' }, () => {
  const user = new Config({ env: { ...process.env, GOOS: 'js', GOARCH: 'wasm', GOENV: 'off' } });
  const host = hostConfig(user);
  assert.equal(host.goos, user.gohostos);
  assert.equal(host.goarch, user.gohostarch);
  assert.equal(host.cgoEnabled, false);
  assert.deepEqual(forcedHostEnv(user), [`GOOS=${user.gohostos}`, `GOARCH=${user.gohostarch}`]);
  const plain = new Config({ env: { ...process.env, GOENV: 'off', GOOS: '', GOARCH: '', GOAMD64: '' } });
  assert.deepEqual(forcedHostEnv(plain), []);
  if (plain.gohostarch === 'amd64') {
    const v3 = new Config({ env: { ...process.env, GOENV: 'off', GOAMD64: 'v3' } });
    assert.equal(hostConfig(v3).archVar()?.value, 'v1');
    assert.deepEqual(forcedHostEnv(v3), ['GOAMD64=v1']);
  }
});
