import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execErrorText, firstLine, libcPath } from './bug.js';
import { browserCommands } from './browser.js';

test('firstLine trims the first line only', () => {
  assert.equal(firstLine('GNU gdb 12.1\nCopyright\n'), 'GNU gdb 12.1');
  assert.equal(firstLine('  one  '), 'one');
});

test('libcPath reads ldd output', () => {
  const ldd = '\tlinux-vdso.so.1 (0x00007ffc)\n\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f)\n';
  assert.equal(libcPath(ldd), '/lib/x86_64-linux-gnu/libc.so.6');
  assert.equal(libcPath('statically linked\n'), undefined);
});

test('failed probes are described as os/exec describes them', () => {
  assert.equal(execErrorText('lldb', Object.assign(new Error('x'), { code: 'ENOENT' })), 'exec: "lldb": executable file not found in $PATH');
  assert.equal(execErrorText('/x/go', Object.assign(new Error('x'), { code: 'ENOENT' })), 'fork/exec /x/go: no such file or directory');
  assert.equal(execErrorText('uname', Object.assign(new Error('x'), { status: 3 })), 'exit status 3');
});

test('browser commands: $BROWSER first, xdg-open only with a display', () => {
  const env = (m: Record<string, string>) => (k: string): string => m[k] ?? '';
  assert.deepEqual(browserCommands(env({ BROWSER: '/b' }), 'linux'), [['/b'], ['chrome'], ['google-chrome'], ['chromium'], ['firefox']]);
  assert.deepEqual(browserCommands(env({ DISPLAY: ':0' }), 'linux')[0], ['xdg-open']);
  assert.deepEqual(browserCommands(env({}), 'darwin')[0], ['/usr/bin/open']);
});
