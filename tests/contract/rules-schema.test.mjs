// rules/linkedin.json must pass rules/rules.schema.json under a real JSON Schema validator (ajv), not
// only the host's own checks (rules.cpp guards the binary against a hand-edited --rules file); and a
// broken rule is reported with the rule's id and the field, so a rules edit that breaks it is caught
// in CI before it is embedded in the host or carried by the extension.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { root } from '../../scripts/contract.mjs';

const schema = JSON.parse(readFileSync(join(root, 'rules', 'rules.schema.json'), 'utf8'));
const shipped = JSON.parse(readFileSync(join(root, 'rules', 'linkedin.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

// Each error as "rule <id>: <field path>: <message>" (or the top-level path for file fields).
function problems(rules) {
  if (validate(rules)) return [];
  return validate.errors.map((error) => {
    const [, top, index, ...field] = error.instancePath.split('/');
    const rule = top === 'rules' && index !== undefined ? rules.rules[Number(index)] : undefined;
    const where = rule ? `rule ${rule.id ?? `#${index}`}: ${field.join('/') || '(the rule)'}` : error.instancePath || '(the file)';
    return `${where}: ${error.message}`;
  });
}

describe('the rules file against its JSON Schema (ajv)', () => {
  it('rules/linkedin.json is valid', () => {
    assert.deepEqual(problems(shipped), []);
  });

  it('a broken rule is refused, naming the rule and the field', () => {
    const broken = structuredClone(shipped);
    const switchRule = broken.rules.find((rule) => Array.isArray(rule.ids) && rule.ids.length > 0);
    switchRule.ids = [42];
    const found = problems(broken);
    assert.ok(found.some((p) => p.startsWith(`rule ${switchRule.id}: ids/0:`)), found.join('\n'));
  });

  it('a rule without its id, or a file without its version, is refused', () => {
    const noId = structuredClone(shipped);
    delete noId.rules[0].id;
    assert.ok(problems(noId).length > 0);
    const noVersion = structuredClone(shipped);
    delete noVersion.version;
    assert.ok(problems(noVersion).some((p) => p.includes('version')), problems(noVersion).join('\n'));
  });
});
