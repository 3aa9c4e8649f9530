// The host opens no network socket: the real binary runs a whole session (hello, page, status,
// rules, forget) under `strace -f -e trace=network`, and no socket call may appear.
// The binary: $OPTOUT_HOST_BINARY (scripts/test.sh hands the one it built), else the one
// scripts/build-host builds from this tree (an incremental build, cheap when nothing changed).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const host = process.env.OPTOUT_HOST_BINARY
  || execFileSync(join(root, 'scripts', 'build-host'), { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();

const frame = (value) => {
  const body = Buffer.from(JSON.stringify(value));
  const header = Buffer.alloc(4);
  header.writeUInt32LE(body.length);
  return Buffer.concat([header, body]);
};

it('the host makes no network system call in a whole session', () => {
  assert.ok(existsSync(host), `no host binary at ${host}: OPTOUT_HOST_BINARY names a missing file`);
  const dir = mkdtempSync(join(tmpdir(), 'optout-strace-'));
  try {
    const install = 'install-strace-1234';
    const input = Buffer.concat([
      frame({ v: 1, id: 1, type: 'hello' }),
      frame({ v: 1, id: 2, type: 'page', install, profile: 'strict', lang: 'en',
        url: 'https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement',
        toggles: [{ key: 'allowDataForGenerativeAI', label: 'Use my data for training content creation AI models', on: true }] }),
      frame({ v: 1, id: 3, type: 'status', install, profile: 'strict' }),
      frame({ v: 1, id: 4, type: 'rules' }),
      frame({ v: 1, id: 5, type: 'forget', install }),
    ]);
    const trace = join(dir, 'trace.txt');
    const run = spawnSync('strace', ['-f', '-qq', '-e', 'trace=network', '-o', trace, host, 'chrome-extension://ogdlmhcjfdcgojdfjehadfchkmlmkbho/'],
      { input, env: { ...process.env, OPTOUT_GUARD_STATE_DIR: join(dir, 'state') }, timeout: 30_000 });
    assert.equal(run.error, undefined, String(run.error));
    assert.equal(run.status, 0, run.stderr.toString());
    // All five replies came back, so the session really ran under the tracer.
    const types = [];
    for (let at = 0; at < run.stdout.length;) {
      const length = run.stdout.readUInt32LE(at);
      types.push(JSON.parse(run.stdout.subarray(at + 4, at + 4 + length)).type);
      at += 4 + length;
    }
    assert.deepEqual(types, ['hello', 'verdict', 'status', 'rules', 'forgotten']);
    const calls = readFileSync(trace, 'utf8').split('\n').filter((line) => /\b(socket|connect|bind|listen|accept4?|sendto|sendmsg|recvfrom|recvmsg|socketpair|getsockopt|setsockopt)\(/.test(line));
    assert.deepEqual(calls, [], `network system calls:\n${calls.join('\n')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
