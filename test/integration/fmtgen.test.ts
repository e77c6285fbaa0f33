// Integration tests: `go fmt` and `go generate` of the shipped gocmd (bin/gocmd with its dist/) against real
// go, on modules written afresh for each run at the same path: exit code, stdout, stderr and the files left
// behind must be the same.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GO, GOROOT } from './buildharness.js';
import { gocmdSync, launcherFor, removeTestDir, shippedCLI } from './cliharness.js';

let tmp = '';
let GOCMD = '';

type Files = Record<string, string>;
interface Outcome { code: number; stdout: string; stderr: string; files: Files }

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, GOFLAGS: '', GOTOOLCHAIN: 'local', GOWORK: '', GO111MODULE: '', ...extra };
  for (const k of ['GOOS', 'GOARCH', 'GOCMD_NODE']) delete e[k];
  return e;
}

function readTree(dir: string, prefix = ''): Files {
  const out: Files = {};
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix + e.name;
    if (e.isDirectory()) Object.assign(out, readTree(join(dir, e.name), rel + '/'));
    else out[rel] = readFileSync(join(dir, e.name), 'utf8');
  }
  return out;
}

/** Writes files into a fresh dir (always the same path), runs bin there, returns what it did. */
function runIn(bin: 'go' | 'gocmd' | 'gocmd-node', name: string, files: Files, args: string[], sub = '', extra: Record<string, string> = {}): Outcome {
  const dir = join(tmp, name);
  rmSync(dir, { recursive: true, force: true });
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  // gocmd-node: the bundle started by node itself, not through the sh launcher (which needs node on PATH).
  const opts = { cwd: join(dir, sub), env: env(extra), encoding: 'utf8' } as const;
  const r = bin === 'go' ? spawnSync(GO, args, opts) : gocmdSync(bin === 'gocmd' ? GOCMD : join(dirname(GOCMD), '..', 'dist', 'gocmd.cjs'), args, opts);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, files: readTree(dir) };
}

/** Runs go, then gocmd, on the same files and asserts the same outcome; returns it. */
function same(name: string, files: Files, args: string[], sub = '', extra: Record<string, string> = {}): Outcome {
  const want = runIn('go', name, files, args, sub, extra);
  const got = runIn('gocmd', name, files, args, sub, extra);
  assert.deepEqual(got, want, `gocmd ${args.join(' ')} differs from go`);
  return got;
}

const GOMOD = 'module example.com/m\n\ngo 1.22\n';

describe('go fmt and go generate', { skip: !existsSync(GO) }, () => {
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'gocmd-fmtgen-'));
    GOCMD = shippedCLI(join(tmp, 'cli'));
  });
  after(() => removeTestDir(tmp));

  describe('go fmt', () => {
    const files: Files = {
      'go.mod': GOMOD,
      'ok.go': 'package m\n\nfunc F() {}\n',
      'ugly.go': 'package m\nfunc  G( ) {  }\n',
      'ugly_test.go': 'package m\nimport "testing"\nfunc TestG(t *testing.T) {  }\n',
      'linux_only_windows.go': '//go:build windows\n\npackage m\nvar  X = 1\n',
      '_skipped.go': 'package m\nvar  Y = 1\n',
      'sub/s.go': 'package sub\nconst  C = 2\n',
      'empty/README': 'no Go here\n',
    };

    test('formats every Go file of the packages, build constraints or not, and lists them', () => {
      const r = same('fmt1', files, ['fmt', './...']);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, 'linux_only_windows.go\nugly.go\nugly_test.go\nsub/s.go\n');
      assert.equal(r.files['ugly.go'], 'package m\n\nfunc G() {}\n');
      assert.equal(r.files['_skipped.go'], 'package m\nvar  Y = 1\n');
    });

    test('-n prints the gofmt command and changes nothing; -x prints it and runs it', () => {
      const n = same('fmt2', files, ['fmt', '-n', '.', './sub']);
      assert.equal(n.stdout, `${GOROOT}/bin/gofmt -l -w linux_only_windows.go ok.go ugly.go ugly_test.go sub/s.go\n`);
      assert.equal(n.files['ugly.go'], files['ugly.go']);
      const x = same('fmt2', files, ['fmt', '-x', './sub']);
      assert.equal(x.stdout, `${GOROOT}/bin/gofmt -l -w sub/s.go\nsub/s.go\n`);
    });

    test('a package without Go files is skipped silently; a directory that is not there is an error', () => {
      assert.equal(same('fmt3', files, ['fmt', './empty']).code, 0);
      const r = same('fmt3', files, ['fmt', './nothere', './sub']);
      assert.equal(r.code, 1);
      assert.equal(r.files['sub/s.go'], 'package sub\n\nconst C = 2\n');
    });

    test('a syntax error: gofmt\'s message, "exit status 2", exit 1, other files still formatted', () => {
      const r = same('fmt4', { ...files, 'bad.go': 'package m\nfunc (\n' }, ['fmt', '.']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /bad\.go:2:8: .*\nexit status 2\n$/);
    });

    test('a package\'s files go to gofmt sorted by name, test and external test files among the others', () => {
      const sorted: Files = { 'go.mod': GOMOD, 'b.go': 'package m\n', 'a_test.go': 'package m_test\n', 'c_test.go': 'package m\n', 'd.go': 'package m\n' };
      const r = same('fmt6', sorted, ['fmt', '-n', '.']);
      assert.equal(r.stdout, `${GOROOT}/bin/gofmt -l -w a_test.go b.go c_test.go d.go\n`);
    });

    test('files named on the command line, from a subdirectory', () => {
      same('fmt5', files, ['fmt', 'ugly.go', 'ok.go']);
      same('fmt5', files, ['fmt', '../...'], 'sub');
    });

    test('packages of other modules are not formatted', () => {
      const dep = {
        'go.mod': GOMOD + '\nrequire example.com/dep v0.0.0\n\nreplace example.com/dep => ./dep\n',
        'a.go': 'package m\n\nimport _ "example.com/dep"\n',
        'dep/go.mod': 'module example.com/dep\n\ngo 1.22\n',
        'dep/d.go': 'package dep\nvar  D = 1\n',
      };
      const r = same('fmt6', dep, ['fmt', '.', 'example.com/dep']);
      assert.equal(r.stderr, 'go: not formatting packages in dependency modules\n');
      assert.equal(r.files['dep/d.go'], dep['dep/d.go']);
    });

    test('package errors: a missing import still formats, mixed package names do not', () => {
      same('fmt8', { 'go.mod': GOMOD, 'a.go': 'package m\nimport _ "example.com/missing/pkg"\nvar  A = 1\n' }, ['fmt', '.']);
      const r = same('fmt8', { 'go.mod': GOMOD, 'a.go': 'package a\nvar  A = 1\n', 'b.go': 'package b\n' }, ['fmt', '.']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /found packages a \(a\.go\) and b \(b\.go\)/);
    });

    test('-mod values and errors as go', () => {
      same('fmt7', files, ['fmt', '-mod=readonly', './sub']);
      same('fmt7', files, ['fmt', '-mod=vendor', './sub']);
      same('fmt7', files, ['fmt', '-mod=bogus', './sub']);
      same('fmt7', files, ['fmt', '-json']);
    });
  });

  describe('go generate', () => {
    const gen = (body: string, extra: Files = {}): Files => ({ 'go.mod': GOMOD, 'g.go': body, ...extra });

    test('variables, quoting, aliases and the environment a generator sees', () => {
      const r = same('gen1', gen([
        'package m',
        '',
        '//go:generate echo $GOARCH $GOOS $GOFILE:$GOLINE ${GOPACKAGE}x $DOLLAR "a  b" "\\t|" $UNSET. $PWD',
        '//go:generate -command say echo said:',
        '//go:generate say $GOLINE "q r"',
        '//go:generate\tsh -c "echo ${DOLLAR}0 $$0 > out.txt; echo ${DOLLAR}GOROOT ${DOLLAR}GOPACKAGE"',
        '// go:generate echo not a directive',
        '//go:generateecho neither',
        '',
      ].join('\n')), ['generate']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /^amd64 linux g\.go:3 mx \$ a {2}b \t\| \. \/.*\/gen1\nsaid: 5 q r\n/);
      assert.equal(r.stdout.split('\n')[2], `${GOROOT} m`);
      assert.equal(r.files['out.txt'], 'sh 0\n'); // "$$" is the variable "$", unset

    });

    test('-n, -x and -v print on stderr; -run and -skip choose directives', () => {
      const files = gen('package m\n\n//go:generate echo one\n//go:generate echo two $GOLINE\n', { 'g_test.go': 'package m\n//go:generate echo test\n', 'x_test.go': 'package m_test\n//go:generate echo $GOPACKAGE\n' });
      const n = same('gen2', files, ['generate', '-n', '-v', '.']);
      assert.equal(n.stderr, 'g.go\necho one\necho two 4\ng_test.go\necho test\nx_test.go\necho m_test\n');
      assert.equal(n.stdout, '');
      same('gen2', files, ['generate', '-x', '-run', 't[wo]', '.']);
      same('gen2', files, ['generate', '-run', 'o', '-skip', 'one|test', '.']);
      same('gen2', files, ['generate', '-run', '(']);
    });

    test('a directive\'s variables past its own are go\'s environment: go env values whether set or not', () => {
      const files = gen('package m\n//go:generate echo [$GOENV] [$GOTOOLDIR] [$GOVERSION] [$CGO_ENABLED] [$GOHOSTOS] [$GIT_TERMINAL_PROMPT] [$GOAUTH]\n');
      const r = same('gen7', files, ['generate', '.'], '', { GOENV: 'off', GOAUTH: '' });
      assert.match(r.stdout, /^\[\] \[.+\/pkg\/tool\/\w+\] \[go1\.[^\]]+\] \[[01]\] \[\w+\] \[0\] \[netrc\]\n$/);
    });

    test('files run in name order, in-package test files among the package\'s own, external test files last', () => {
      const files = gen('package m\n//go:generate echo g\n', {
        'a_test.go': 'package m\n//go:generate echo a_test\n', 'z.go': 'package m\n//go:generate echo z\n',
        'b_test.go': 'package m_test\n//go:generate echo b_test\n',
      });
      const r = same('gen6', files, ['generate', '-v', '.']);
      assert.equal(r.stdout, 'a_test\ng\nz\nb_test\n');
    });

    test('a failing generator stops its package (external tests still run), exit 1', () => {
      const r = same('gen3', gen('package m\n//go:generate sh -c "exit 3"\n//go:generate echo after\n', {
        'h.go': 'package m\n//go:generate echo h\n', 'x_test.go': 'package m_test\n//go:generate echo xtest\n',
        'sub/s.go': 'package sub\n//go:generate echo sub\n',
      }), ['generate', './...']);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, 'g.go:2: running "sh": exit status 3\n');
      assert.equal(r.stdout, 'xtest\nsub\n');
    });

    test('directive errors: quoting, empty, -command misuse, missing program, last line without newline', () => {
      for (const [i, line] of [
        '//go:generate echo "abc', '//go:generate echo "a"b', '//go:generate echo "\\q"', '//go:generate  ',
        '//go:generate -command', '//go:generate -command e echo\n//go:generate -command e echo', '//go:generate no-such-generator-xyz',
        '//go:generate ./missing', '//go:generate echo "ab\\', '//go:generate "" x', '//go:generate sh -c "kill -TERM ${DOLLAR}${DOLLAR}"',
      ].entries()) {
        const r = same(`gen4-${i}`, gen(`package m\n${line}\n//go:generate echo next\n`), ['generate']);
        assert.equal(r.code, 1, line);
      }
      const eof = same('gen4-eof', gen('package m\n//go:generate echo one\n//go:generate echo last'), ['generate']);
      assert.equal(eof.stderr, 'g.go:3: error reading g.go: unexpected EOF\n');
    });

    test('long lines: a directive too long is an error, other long lines are skipped', () => {
      same('gen5', gen(`package m\nvar s = "${'x'.repeat(5000)}"\n//go:generate echo after $GOLINE\n`), ['generate']);
      same('gen5', gen(`package m\n//go:generate echo ${'x'.repeat(5000)}\n`), ['generate']);
    });

    test('build constraints: the "generate" tag is set, excluded files are not processed; invalid package clauses skip a file', () => {
      const r = same('gen6', gen('package m\n//go:generate echo m\n', {
        'only.go': '//go:build generate\n\npackage m\n//go:generate echo tagged\n',
        'not.go': '//go:build !generate\n\npackage m\n//go:generate echo excluded\n',
        'bad.go': 'pakage m\n//go:generate echo bad\n',
      }), ['generate', '-v']);
      assert.equal(r.stdout, 'm\ntagged\n');
    });

    test('.go files on the command line, and errors for packages that cannot be found', () => {
      same('gen7', gen('package m\n//go:generate echo a\n', { 'b.go': '// +build ignore\n\npackage m\n//go:generate echo b\n' }), ['generate', 'b.go', 'g.go']);
      const r = same('gen7', gen('package m\n', { 'empty/x.txt': '' }), ['generate', './empty', './nothere', 'example.com/other/pkg']);
      assert.equal(r.code, 1);
    });

    test('"go" in a directive is this go command: gocmd\'s own directory comes first on PATH', () => {
      const files = gen('package m\n//go:generate sh -c "command -v go; go env GOROOT"\n');
      const want = runIn('go', 'gen8', files, ['generate']);
      assert.equal(want.stdout, `${GOROOT}/bin/go\n${GOROOT}\n`);
      const got = runIn('gocmd', 'gen8', files, ['generate'], '', { PATH: '/usr/bin:/bin' });
      assert.equal(got.code, 0, got.stderr);
      const [goPath, goroot] = got.stdout.split('\n');
      // The copy of gocmd that ran (served: the run's one shared copy).
      assert.equal(goPath, join(dirname(dirname(launcherFor(GOCMD))), 'dist', 'bin', 'go'));
      assert.equal(goroot, GOROOT);
      // go run in a directive runs through gocmd, with no node on the generator's PATH.
      const run = { ...gen('package main\n//go:generate go run ./tool out.txt\nfunc main() {}\n'), 'tool/t.go': 'package main\nimport "os"\nfunc main() { os.WriteFile(os.Args[1], []byte("made\\n"), 0o644) }\n' };
      const goRun = runIn('go', 'gen9', run, ['generate'], '', { PATH: '' });
      assert.equal(goRun.files['out.txt'], 'made\n');
      assert.deepEqual(runIn('gocmd-node', 'gen9', run, ['generate'], '', { PATH: '' }), goRun);
    });
  });
});
