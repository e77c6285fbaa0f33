import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchGoImport, parseMetaGoImports } from './metaimport.js';
import { checkGOVCS, parseGOVCS } from './govcs.js';
import { matchVCSPaths, UnknownSiteError, VCS_PATHS, validateRepoRoot } from './vcspaths.js';

test('parseMetaGoImports reads the head as a lax XML reader does', () => {
  const html = `<!DOCTYPE html>
<html><head>
<!-- <meta name="go-import" content="commented.out git https://x"> -->
<META NAME="go-import" CONTENT="example.com/a git https://code.example.com/a">
<meta name='go-import' content='example.com/b hg https://code.example.com/b sub/dir'/>
<meta name="go-import" content="example.com/c mod https://proxy.example.com">
<meta name="go-import" content="example.com/c git https://code.example.com/c">
<meta name="go-import" content="too few">
<meta name="go-source" content="example.com/a _ _ _">
</head>
<body><meta name="go-import" content="example.com/late git https://late"></body></html>`;
  assert.deepEqual(parseMetaGoImports(html, true), [
    { prefix: 'example.com/c', vcs: 'mod', repoRoot: 'https://proxy.example.com', subDir: '' },
    { prefix: 'example.com/a', vcs: 'git', repoRoot: 'https://code.example.com/a', subDir: '' },
    { prefix: 'example.com/b', vcs: 'hg', repoRoot: 'https://code.example.com/b', subDir: 'sub/dir' },
  ]);
  // Without module preference, mod entries are dropped and the git entry for the same prefix stays.
  assert.deepEqual(
    parseMetaGoImports(html, false).map((m) => m.prefix + ' ' + m.vcs),
    ['example.com/a git', 'example.com/b hg', 'example.com/c git'],
  );
  // Unquoted attribute values and entities; a page cut short after a tag keeps what it found.
  assert.deepEqual(parseMetaGoImports('<meta name=go-import content="a.com/x&amp;y git https://a.com/r"><meta name="go-import', true), [
    { prefix: 'a.com/x&y', vcs: 'git', repoRoot: 'https://a.com/r', subDir: '' },
  ]);
  assert.throws(() => parseMetaGoImports('<html><meta name="go-import" content="a', true), /XML syntax error on line 1: unexpected EOF/);
  assert.deepEqual(parseMetaGoImports('no tags at all', true), []);
});

test('matchGoImport picks the one tag covering the path', () => {
  const tags = [
    { prefix: 'example.com/a', vcs: 'git', repoRoot: 'https://r/a', subDir: '' },
    { prefix: 'example.com/ab', vcs: 'git', repoRoot: 'https://r/ab', subDir: '' },
  ];
  assert.equal(matchGoImport(tags, 'example.com/a/pkg').repoRoot, 'https://r/a');
  assert.equal(matchGoImport(tags, 'example.com/ab').repoRoot, 'https://r/ab');
  assert.throws(() => matchGoImport(tags, 'example.com/c'), { message: 'meta tag example.com/a did not match import path example.com/c, meta tag example.com/ab did not match import path example.com/c' });
  assert.throws(() => matchGoImport([tags[0]!, tags[0]!], 'example.com/a'), { message: 'multiple meta tags match import path "example.com/a"' });
  // A mod entry first wins over the entries after it.
  assert.equal(matchGoImport([{ ...tags[0]!, vcs: 'mod' }, tags[0]!], 'example.com/a').vcs, 'mod');
});

test('matchVCSPaths: the hosting table and tool-suffixed paths', () => {
  assert.deepEqual(matchVCSPaths('github.com/user/repo/sub/pkg', VCS_PATHS), { vcs: 'git', root: 'github.com/user/repo', repo: 'https://github.com/user/repo', schemeless: false });
  assert.throws(() => matchVCSPaths('github.com/user', VCS_PATHS), { message: 'invalid github.com import path "github.com/user"' });
  assert.throws(() => matchVCSPaths('github.com/user/repo.git', VCS_PATHS), { message: 'invalid version control suffix in github.com/ path' });
  assert.deepEqual(matchVCSPaths('bitbucket.org/u/r', VCS_PATHS).root, 'bitbucket.org/u/r');
  assert.deepEqual(matchVCSPaths('example.com/a/b.git/c', VCS_PATHS), { vcs: 'git', root: 'example.com/a/b.git', repo: 'example.com/a/b', schemeless: true });
  assert.deepEqual(matchVCSPaths('vcs-test.golang.org/hg/hello.hg', VCS_PATHS).vcs, 'hg');
  assert.throws(() => matchVCSPaths('example.com/a/b', VCS_PATHS), UnknownSiteError);
  assert.throws(() => matchVCSPaths('https:/example.com', VCS_PATHS), { message: '"https://" not allowed in import path' });
  assert.equal(validateRepoRoot('file:///x'), 'file scheme disallowed');
  assert.equal(validateRepoRoot('example.com/x'), 'no scheme');
  assert.equal(validateRepoRoot('https://example.com/x'), undefined);
});

test('GOVCS: parsing errors and decisions with the default rules after the user\'s', () => {
  assert.deepEqual(parseGOVCS(' github.com:git|hg , private:all '), [
    { pattern: 'github.com', allowed: ['git', 'hg'] },
    { pattern: 'private', allowed: ['all'] },
  ]);
  assert.throws(() => parseGOVCS('a.com:git,,b.com:hg'), { message: 'empty entry in GOVCS' });
  assert.throws(() => parseGOVCS('github.com'), { message: 'malformed entry in GOVCS (missing colon): "github.com"' });
  assert.throws(() => parseGOVCS(':git'), { message: 'empty pattern in GOVCS: ":git"' });
  assert.throws(() => parseGOVCS('x.com:'), { message: 'empty VCS list in GOVCS: "x.com:"' });
  assert.throws(() => parseGOVCS('./x:git'), { message: 'relative pattern not allowed in GOVCS: "./x"' });
  assert.throws(() => parseGOVCS('x.com:git,x.com:hg'), { message: 'unreachable pattern in GOVCS: "x.com:hg" after "x.com:git"' });
  assert.throws(() => parseGOVCS('x.com:git||hg'), { message: 'empty VCS name in GOVCS: "x.com:git||hg"' });
  assert.equal(checkGOVCS('', '', 'git', 'github.com/a/b'), undefined);
  assert.equal(checkGOVCS('', '', 'svn', 'example.com/a')?.message, "GOVCS disallows using svn for public example.com/a; see 'go help vcs'");
  assert.equal(checkGOVCS('', 'example.com', 'svn', 'example.com/a'), undefined);
  assert.equal(checkGOVCS('*:none', '', 'git', 'github.com/a/b')?.message, "GOVCS disallows using git for public github.com/a/b; see 'go help vcs'");
  assert.equal(checkGOVCS('private:none', 'corp.example', 'git', 'corp.example/x')?.message, "GOVCS disallows using git for private corp.example/x; see 'go help vcs'");
  assert.equal(checkGOVCS('*:none', '', 'mod', 'example.com/a'), undefined, 'the proxy protocol is always allowed');
});
