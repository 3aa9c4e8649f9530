// protocol/contract.json is the one source of the names the host and the extension share: it must
// pass its JSON Schema, and docs/protocol.md must list exactly its error codes, message types, limits
// and badge states (entries marked "planned" belong to a change not on this branch yet: not listed).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { contractScript, extensionContract, readContract, root } from '../../scripts/contract.mjs';

const contract = readContract();
const schema = JSON.parse(readFileSync(join(root, 'protocol', 'contract.schema.json'), 'utf8'));
const protocolDoc = readFileSync(join(root, 'docs', 'protocol.md'), 'utf8');

// The rows of the markdown table whose header row starts with `| first |`, as arrays of cells.
function tableRows(markdown, first) {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`| ${first} |`));
  if (start < 0) return [];
  const rows = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split(' | ').map((cell) => cell.trim()));
  }
  return rows;
}
const unquote = (cell) => cell.replace(/^`|`$/g, '');
const digitsOf = (value) => [String(value), value.toLocaleString('en-US')];
const difference = (a, b) => a.filter((x) => !b.includes(x));

// Every way docs/protocol.md and the contract disagree, as sentences ([] when they agree).
export function docProblems(c, markdown) {
  const problems = [];
  const compare = (what, inDoc, current, planned) => {
    for (const x of difference(inDoc, [...current, ...planned])) problems.push(`docs/protocol.md lists ${what} ${x}, the contract does not`);
    for (const x of difference(current, inDoc)) problems.push(`the contract has ${what} ${x}, docs/protocol.md does not list it`);
    for (const x of inDoc.filter((x) => planned.includes(x))) problems.push(`docs/protocol.md lists ${what} ${x}, planned in the contract: drop "planned"`);
  };
  const split = (list, key) => [list.filter((e) => !e.planned).map((e) => e[key]), list.filter((e) => e.planned).map((e) => e[key])];

  const [codes, plannedCodes] = split(c.errors, 'code');
  const docCodes = tableRows(markdown, 'code').map((row) => unquote(row[0]));
  compare('error code', docCodes, codes, plannedCodes);
  if (codes.filter((x) => docCodes.includes(x)).join() !== docCodes.filter((x) => codes.includes(x)).join()) {
    problems.push(`error codes are in another order in docs/protocol.md (${docCodes.join(', ')}) than in the contract (${codes.join(', ')}): they are append-only`);
  }

  const [types, plannedTypes] = split(c.requests, 'type');
  const typeLine = markdown.split('\n').find((line) => line.startsWith('- `type`: one of')) || '';
  compare('request type', [...typeLine.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]).slice(1), types, plannedTypes);
  for (const request of c.requests.filter((r) => !r.planned)) {
    if (!markdown.includes(`## \`${request.type}\``)) problems.push(`docs/protocol.md has no section "## \`${request.type}\`"`);
    if (!new RegExp(`"type": ?"${request.reply}"`).test(markdown)) problems.push(`docs/protocol.md shows no reply of type ${request.reply} (to ${request.type})`);
  }
  for (const request of c.requests.filter((r) => r.planned)) {
    if (new RegExp(`"type": ?"(${request.type}|${request.reply})"`).test(markdown)) problems.push(`docs/protocol.md shows ${request.type}, planned in the contract: drop "planned"`);
  }

  const limitRows = tableRows(markdown, 'limit').filter((row) => /\d/.test(row[1]));
  const limits = Object.entries(c.limits);
  for (const row of limitRows) {
    const mine = limits.filter(([, l]) => l.doc_row === row[0]);
    if (mine.length === 0) problems.push(`docs/protocol.md lists the limit "${row[0]}" (${row[1]}), the contract does not`);
    for (const [name, limit] of mine) {
      if (limit.planned) problems.push(`docs/protocol.md lists the limit ${name}, planned in the contract: drop "planned"`);
      else if (!digitsOf(limit.value).some((d) => new RegExp(`(^|[^\\d,])${d}([^\\d,]|$)`).test(row[1]))) {
        problems.push(`docs/protocol.md gives "${row[0]}" as ${row[1]}, the contract's ${name} is ${limit.value}`);
      }
    }
  }
  for (const [name, limit] of limits.filter(([, l]) => !l.planned)) {
    if (!limitRows.some((row) => row[0] === limit.doc_row)) problems.push(`the contract has the limit ${name}, docs/protocol.md's limits table has no row "${limit.doc_row}"`);
  }

  const badgeRows = tableRows(markdown, 'state').map((row) => [unquote(row[0]), row[row.length - 1]]);
  compare('badge state', badgeRows.map(([state]) => state), c.badge.states.map((b) => b.name), []);
  for (const [state, colour] of badgeRows) {
    const badge = c.badge.states.find((b) => b.name === state);
    if (badge && !colour.includes(badge.color)) problems.push(`docs/protocol.md colours the ${state} badge ${colour}, the contract ${badge.color}`);
  }

  if (!markdown.includes(`\`${c.host.name}\``)) problems.push(`docs/protocol.md does not name the host ${c.host.name}`);
  if (!markdown.startsWith(`# Opt-Out Guard native-messaging protocol, version ${c.protocol_version}\n`)) problems.push(`docs/protocol.md's title is not protocol version ${c.protocol_version}`);
  return problems;
}

describe('protocol/contract.json', () => {
  it('passes its JSON Schema (protocol/contract.schema.json)', () => {
    const validate = new Ajv({ allErrors: true }).compile(schema);
    assert.ok(validate(contract), JSON.stringify(validate.errors, null, 2));
  });

  it('the schema refuses a contract with an unknown member or a mistyped limit', () => {
    const validate = new Ajv({ allErrors: true }).compile(schema);
    assert.equal(validate({ ...contract, colour: 'red' }), false);
    assert.equal(validate({ ...contract, limits: { ...contract.limits, toggles: { value: '512', doc_row: 'x' } } }), false);
  });

  it('names each request type, reply, error code, profile and state once, and its default profile is one of them', () => {
    const unique = (what, list) => assert.equal(new Set(list).size, list.length, `a repeated ${what}: ${list}`);
    unique('request type', contract.requests.map((r) => r.type));
    unique('reply type', contract.requests.map((r) => r.reply));
    unique('error code', contract.errors.map((e) => e.code));
    unique('badge state', contract.badge.states.map((b) => b.name));
    unique('unknown reason', contract.verdict.unknown_reasons.map((r) => r.name));
    unique('status state', contract.verdict.status_states.map((s) => s.name));
    assert.ok(contract.profiles.names.includes(contract.profiles.default));
    assert.ok(!contract.requests.some((r) => r.reply === 'error'), '"error" is the error reply of every request');
  });

  it('docs/protocol.md lists exactly the contract\'s codes, types, limits and badge states', () => {
    assert.deepEqual(docProblems(contract, protocolDoc), []);
  });

  it('a code, type or limit in the docs but not the contract, or the other way round, is found', () => {
    const docWithCode = protocolDoc.replace('| `internal` |', '| `overheated` | too hot | goes on |\n| `internal` |');
    assert.match(docProblems(contract, docWithCode).join('\n'), /lists error code overheated, the contract does not/);
    const withCode = { ...contract, errors: [...contract.errors, { code: 'overheated' }] };
    assert.match(docProblems(withCode, protocolDoc).join('\n'), /has error code overheated, docs\/protocol.md does not list it/);
    const withType = { ...contract, requests: [...contract.requests, { type: 'ping', reply: 'pong' }] };
    assert.match(docProblems(withType, protocolDoc).join('\n'), /has request type ping/);
    const smaller = { ...contract, limits: { ...contract.limits, toggles: { ...contract.limits.toggles, value: 256 } } };
    assert.match(docProblems(smaller, protocolDoc).join('\n'), /gives "toggles in one `page`" as 512/);
    const docWithLimit = protocolDoc.replace('| `lang` |', '| `region` | 8 bytes | `bad_request` |\n| `lang` |');
    assert.match(docProblems(contract, docWithLimit).join('\n'), /lists the limit "`region`"/);
    const withPlanned = { ...contract, requests: [...contract.requests, { type: 'ping', reply: 'pong', planned: true }] };
    assert.deepEqual(docProblems(withPlanned, protocolDoc), [], 'a planned type need not be documented yet');
    const docWithPlanned = protocolDoc.replace('one of `hello`,', 'one of `ping`, `hello`,');
    assert.match(docProblems(withPlanned, docWithPlanned).join('\n'), /lists request type ping, planned in the contract/);
  });

  it('the extension\'s generated contract.js carries the same names, without the planned ones', () => {
    const context = { globalThis: undefined };
    context.globalThis = context;
    new Function('globalThis', contractScript())(context);
    const js = context.OptOutGuard.contract;
    assert.deepEqual(js, extensionContract());
    assert.equal(js.HOST_NAME, contract.host.name);
    assert.deepEqual(js.ERROR_CODES, contract.errors.filter((e) => !e.planned).map((e) => e.code));
    assert.deepEqual(Object.keys(js.REPLY_TYPES), contract.requests.filter((r) => !r.planned).map((r) => r.type));
    assert.match(js.CHROMIUM_EXTENSION_ID, /^[a-p]{32}$/);
    assert.ok(Object.isFrozen(js.LIMITS) && Object.isFrozen(js.BADGES.pending));
  });
});
