// The harness itself: a browser whose launch fails at its last step (Chromium's wait for the
// extension's service worker, Firefox's add-on install) is closed at once, never left running
// until the outer timeout.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Machine, sessions, waitFor } from './harness.mjs';

const browsers = (process.env.OPTOUT_E2E_BROWSERS || 'chromium,firefox').split(',');

// The processes whose command line names `text` (a test's own temporary directory).
function processesNaming(text) {
  return readdirSync('/proc').filter((pid) => /^\d+$/.test(pid)).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
    } catch {
      return false;  // gone while we looked
    }
  }).map(Number);
}

// An extension that loads but never starts the service worker the harness waits for (Chromium), or
// no extension at all (Firefox refuses to install an empty directory).
function extensionThatFails(machine, browser) {
  const dir = join(machine.dir, 'failing-extension');
  mkdirSync(dir);
  if (browser === 'chromium') writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'no worker', version: '1' }));
  return dir;
}

describe('a launch that fails', () => {
  for (const name of browsers) {
    it(`${name}: is closed as soon as its last launch step fails`, async () => {
      const machine = new Machine(name);
      try {
        await assert.rejects(sessions[name].launch(machine, { port: 9, proxyPort: 9 },
          { extension: extensionThatFails(machine, name), workerTimeout: 1500 }));
        await waitFor(`no ${name} process left using ${machine.dir}`, () => processesNaming(machine.dir).length === 0, { timeout: 10000 });
      } finally {
        for (const pid of processesNaming(machine.dir)) {
          try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
        }
        machine.remove();
      }
    });
  }
});
