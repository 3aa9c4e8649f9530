// scripts/node-test, the runner of every node suite: a run in which no test ran, or one was skipped
// or left todo, fails like a failing test, so a suite cannot pass on nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runNodeTests, tapTotalsProblem } from '../../scripts/node-test';

// Runs node-test on a directory with one test file holding `body` (no file when body is null);
// returns its exit status.
function statusOf(body) {
  const dir = mkdtempSync(join(tmpdir(), 'optout-node-test-check-'));
  try {
    if (body !== null) writeFileSync(join(dir, 'probe.test.mjs'), `import { it } from 'node:test';\n${body}\n`);
    // A run of its own, not a subtest of this one (node --test tells its children by NODE_TEST_CONTEXT).
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_TEST_CONTEXT'));
    return runNodeTests([dir], { stdio: 'ignore', env });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('node-test', () => {
  it('passes a run in which every test ran and passed', () => {
    assert.equal(statusOf("it('runs', () => {});"), 0);
  });

  it('fails a run that found no test file, or in which a test was skipped, todo or failed', () => {
    assert.notEqual(statusOf(null), 0, 'no test file');
    assert.notEqual(statusOf("it('runs', () => {}); it.skip('skipped', () => {});"), 0, 'a skip');
    assert.notEqual(statusOf("it('runs', () => {}); it('not yet', { todo: true }, () => {});"), 0, 'a todo');
    assert.notEqual(statusOf("it('fails', () => { throw new Error('no'); });"), 0, 'a failure');
  });

  it('reads the TAP totals', () => {
    assert.equal(tapTotalsProblem('# pass 3\n# skipped 0\n# todo 0\n'), '');
    assert.equal(tapTotalsProblem('# pass 0\n'), 'no test ran');
    assert.match(tapTotalsProblem('# pass 2\n# skipped 1\n# todo 0\n'), /1 test\(s\) skipped/);
  });
});
