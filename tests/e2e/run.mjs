// Runs the end-to-end suite: builds what it tests from this tree (the host through scripts/build-host,
// an incremental build with the ci preset, unless scripts/test.sh hands one in OPTOUT_HOST_BINARY;
// both extension builds), then the harness's own tests (harness.test.mjs) and the scenarios
// (scenarios.test.mjs, linkedin-today.test.mjs) in Chromium and Firefox ESR. A browser that fails to
// start fails the run; so does a run in which no scenario ran or one was skipped.
//   node tests/e2e/run.mjs                      both browsers
//   OPTOUT_E2E_BROWSERS=firefox node tests/e2e/run.mjs
//   node tests/e2e/run.mjs --test-name-pattern='^3\.'   (further arguments go to node --test)
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNodeTests } from '../../scripts/node-test';

const root = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
process.env.OPTOUT_HOST_BINARY ||= execFileSync(join(root, 'scripts', 'build-host'), { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
execFileSync('node', [join(root, 'scripts', 'build-extension')], { cwd: root, stdio: 'inherit' });
const suites = ['harness.test.mjs', 'scenarios.test.mjs', 'linkedin-today.test.mjs'].map((file) => join(root, 'tests', 'e2e', file));
process.exit(runNodeTests(['--test-concurrency=1', ...process.argv.slice(2), ...suites], { cwd: root }));
