// Runs the end-to-end suite: builds what it needs (the host with the release preset, both
// extension builds), then the scenarios in Chromium and Firefox ESR. A browser that fails to
// start fails the run; nothing is skipped.
//   node tests/e2e/run.mjs                      both browsers
//   OPTOUT_E2E_BROWSERS=firefox node tests/e2e/run.mjs
//   node tests/e2e/run.mjs --test-name-pattern='^3\.'   (further arguments go to node --test)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hostBinary, root } from './harness.mjs';

if (!existsSync(hostBinary)) {
  execFileSync('cmake', ['--preset', 'release'], { cwd: root, stdio: 'inherit' });
  execFileSync('cmake', ['--build', '--preset', 'release', '--parallel', '2'], { cwd: root, stdio: 'inherit' });
}
execFileSync('node', [join(root, 'scripts', 'build-extension')], { cwd: root, stdio: 'inherit' });
const run = spawnSync('node', ['--test', '--test-concurrency=1', ...process.argv.slice(2), join(root, 'tests', 'e2e', 'scenarios.test.mjs')],
  { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
