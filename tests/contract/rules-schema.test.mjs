// rules/linkedin.json must pass rules/rules.schema.json under a real JSON Schema validator (ajv), not
// only the host's own checks (rules.cpp guards the binary against a hand-edited --rules file); and a
// broken rule is reported with the rule's index, its id and the field. scripts/validate-rules.mjs
// does the checking, here and in the build (cmake/rules-schema.cmake), so a rules edit that breaks
// the schema fails the build before the host embeds it, and CI before the extension carries it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { root } from '../../scripts/contract.mjs';
import { rulesProblems } from '../../scripts/validate-rules.mjs';

const shippedFile = join(root, 'rules', 'linkedin.json');
const shipped = JSON.parse(readFileSync(shippedFile, 'utf8'));
const script = join(root, 'scripts', 'validate-rules.mjs');

// A copy of the shipped rules whose first rule with switch ids has a number for its first id.
function brokenRules() {
  const broken = structuredClone(shipped);
  const index = broken.rules.findIndex((rule) => Array.isArray(rule.ids) && rule.ids.length > 0);
  broken.rules[index].ids = [42];
  return { broken, index, id: broken.rules[index].id };
}

describe('the rules file against its JSON Schema (ajv)', () => {
  it('rules/linkedin.json is valid', () => {
    assert.deepEqual(rulesProblems(shipped), []);
  });

  it('a broken rule is refused, naming the rule (index and id) and the field', () => {
    const { broken, index, id } = brokenRules();
    const found = rulesProblems(broken);
    assert.ok(found.some((p) => p.startsWith(`rule #${index} (${id}): ids/0: must be string`)), found.join('\n'));
  });

  it('a rule without its id, a field the format does not have, or a file without its version, is refused', () => {
    const noId = structuredClone(shipped);
    delete noId.rules[0].id;
    assert.ok(rulesProblems(noId).some((p) => p.startsWith('rule #0: (the rule): must have required property \'id\'')), rulesProblems(noId).join('\n'));
    const extra = structuredClone(shipped);
    extra.rules[1].colour = 'red';
    assert.ok(rulesProblems(extra).some((p) => p.startsWith('rule #1 (') && p.endsWith('must NOT have additional properties (colour)')), rulesProblems(extra).join('\n'));
    const noVersion = structuredClone(shipped);
    delete noVersion.version;
    assert.ok(rulesProblems(noVersion).some((p) => p.includes('version')), rulesProblems(noVersion).join('\n'));
  });
});

// What the build runs (cmake/rules-schema.cmake): the same script, on a file, by exit status.
describe('scripts/validate-rules.mjs, as the build runs it before embedding the rules', () => {
  const dir = mkdtempSync(join(tmpdir(), 'optout-rules-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args) => spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });

  it('passes the shipped rules and writes its stamp', () => {
    const stamp = join(dir, 'ok.stamp');
    const result = run('--stamp', stamp, shippedFile);
    assert.equal(result.status, 0, result.stderr);
    assert.match(readFileSync(stamp, 'utf8'), /linkedin\.json passes .*rules\.schema\.json/);
  });

  it('fails on a broken copy, naming the file, the rule and the field, and writes no stamp', () => {
    const { broken, index, id } = brokenRules();
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(broken));
    const stamp = join(dir, 'broken.stamp');
    const result = run('--stamp', stamp, file);
    assert.equal(result.status, 1);
    assert.ok(result.stderr.includes(`${file}: rule #${index} (${id}): ids/0: must be string`), result.stderr);
    assert.throws(() => readFileSync(stamp), /ENOENT/);
  });

  it('fails on a file that is not JSON, and on a wrong call', () => {
    const file = join(dir, 'truncated.json');
    writeFileSync(file, JSON.stringify(shipped).slice(0, 100));
    const result = run(file);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /truncated\.json: cannot be checked/);
    assert.equal(run().status, 2);
    assert.equal(run('--probe').status, 0);
  });
});
