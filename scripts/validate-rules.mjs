#!/usr/bin/env node
// Checks a rules file against rules/rules.schema.json with a real JSON Schema validator (ajv), as
// the build does before the host embeds the rules (cmake/rules-schema.cmake) and the tests do for
// rules/linkedin.json (tests/contract/rules-schema.test.mjs).
//   node scripts/validate-rules.mjs [--schema SCHEMA] [--stamp FILE] RULES
//     exit 0: valid (FILE, when given, is written: the build's proof that RULES was checked);
//     exit 1: invalid, one line a problem on stderr: `RULES: rule #2 (gen-ai-training): ids/0: must be string`;
//     exit 2: a file that cannot be read or parsed, or a wrong call.
//   node scripts/validate-rules.mjs --probe    exit 0 when ajv can be loaded (CMake asks before using it)
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { root } from './contract.mjs';

export const schemaPath = join(root, 'rules', 'rules.schema.json');

export function rulesValidator(schema = JSON.parse(readFileSync(schemaPath, 'utf8'))) {
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

// Each schema error as "rule #<index> (<id>): <field path>: <ajv's message>", or, outside the
// rules, "<path>: <message>" ("(the file)" for the top level); [] when the rules are valid.
export function rulesProblems(rules, validate = rulesValidator()) {
  if (validate(rules)) return [];
  return validate.errors.map((error) => {
    const [, top, index, ...field] = error.instancePath.split('/');
    const rule = top === 'rules' && index !== undefined ? rules.rules[Number(index)] : undefined;
    const named = rule && typeof rule.id === 'string' ? ` (${rule.id})` : '';
    const where = rule !== undefined ? `rule #${index}${named}: ${field.join('/') || '(the rule)'}` : error.instancePath.slice(1) || '(the file)';
    const allowed = error.params && error.params.additionalProperty ? ` (${error.params.additionalProperty})` : '';
    return `${where}: ${error.message}${allowed}`;
  });
}

function main(args) {
  if (args.length === 1 && args[0] === '--probe') return 0;
  const option = (name) => {
    const at = args.indexOf(name);
    return at < 0 ? undefined : args.splice(at, 2)[1];
  };
  const schemaFile = option('--schema') ?? schemaPath;
  const stamp = option('--stamp');
  if (args.length !== 1 || args[0].startsWith('--')) {
    process.stderr.write('usage: node scripts/validate-rules.mjs [--schema SCHEMA] [--stamp FILE] RULES\n');
    return 2;
  }
  const [rulesFile] = args;
  let rules, validate;
  try {
    validate = rulesValidator(JSON.parse(readFileSync(schemaFile, 'utf8')));
    rules = JSON.parse(readFileSync(rulesFile, 'utf8'));
  } catch (error) {
    process.stderr.write(`${rulesFile}: cannot be checked: ${error.message}\n`);
    return 2;
  }
  const problems = rulesProblems(rules, validate);
  if (problems.length > 0) {
    process.stderr.write(problems.map((p) => `${rulesFile}: ${p}\n`).join('')
      + `${rulesFile}: does not pass ${schemaFile} (${problems.length} problem${problems.length === 1 ? '' : 's'})\n`);
    return 1;
  }
  if (stamp) writeFileSync(stamp, `${resolve(rulesFile)} passes ${resolve(schemaFile)}\n`);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
