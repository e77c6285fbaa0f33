import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { versionFromTags } from './buildinfo-vcs.js';

const haveGit = spawnSync('git', ['--version']).status === 0;

test('versionFromTags: a v2 tag at a revision without go.mod is +incompatible (build_version_stamping_git)', { skip: !haveGit }, () => {
  const d = mkdtempSync(join(tmpdir(), 'vcs-'));
  const env = {
    ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@b',
    GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@b', GIT_AUTHOR_DATE: '2022-07-19T11:07:04-04:00', GIT_COMMITTER_DATE: '2022-07-19T11:07:04-04:00',
  };
  const git = (...args: string[]): string => {
    const r = spawnSync('git', args, { cwd: d, env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  };
  try {
    git('init', '-q');
    writeFileSync(join(d, 'go.mod'), 'module example\n');
    git('add', '.');
    git('commit', '-q', '-m', 'one');
    git('tag', 'v1.0.4');
    let rev = git('rev-parse', 'HEAD');
    assert.equal(versionFromTags(d, 'example', 'example', rev, 0, { buildvcs: 'auto', autoVCS: true, cwd: d, env }), 'v1.0.4');
    git('rm', '-q', 'go.mod');
    git('commit', '-q', '-m', 'two');
    git('tag', 'v2.0.0');
    rev = git('rev-parse', 'HEAD');
    assert.equal(versionFromTags(d, 'example', 'example', rev, 0, { buildvcs: 'auto', autoVCS: true, cwd: d, env }), 'v2.0.0+incompatible');
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});
