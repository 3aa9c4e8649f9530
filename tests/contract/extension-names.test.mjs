// The names the host and the extension share (message types, error codes, profiles, verdict and
// status states, reasons, badge states, offer results) are written once, in protocol/contract.json.
// The extension reads them from the generated common/contract.js (STATUS_STATE.CHECK_AGAIN, REQUEST.MARK,
// ...): no other extension script may spell one in a string. Otherwise a renamed state would leave
// the popup comparing against the old name, and show every such opt-out in the wrong state.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { tokenizer } from 'acorn';
import { readContract, root, sharedNames } from '../../scripts/contract.mjs';

const extensionDir = join(root, 'extension');
const GENERATED = 'common/contract.js';

// Strings the extension may spell although the contract has the same name: each means something
// else there. Keep this list short; every entry must still be needed (a test below says so).
export const ALLOWED = [
  { file: 'common/protocol.js', name: 'missing', why: "HOST_PROBLEM.MISSING, the extension's own code for no host registered, not the unknown reason" },
  // content.js belongs to a change in flight; it is to read REPLY.VERDICT like the rest.
  { file: 'content/content.js', name: 'verdict', why: 'the verdict reply type, to be read from REPLY.VERDICT' },
];

// name -> what the contract calls it ('status state, badge state', ...)
function nameIndex(contract) {
  const index = new Map();
  for (const [what, names] of Object.entries(sharedNames(contract))) {
    for (const name of names) index.set(name, index.has(name) ? `${index.get(name)}, ${what}` : what);
  }
  return index;
}

// Every string literal and template piece of a script that is exactly a shared name, as
// { line, name, what }. Comments are not code and are not read.
export function spelledNames(code, index) {
  const found = [];
  for (const token of tokenizer(code, { ecmaVersion: 'latest', locations: true })) {
    if ((token.type.label === 'string' || token.type.label === 'template') && index.has(token.value)) {
      found.push({ line: token.loc.start.line, name: token.value, what: index.get(token.value) });
    }
  }
  return found;
}

// A page's hand-written form values that are shared names (a radio button's value="strict").
export function spelledValues(html, index) {
  return [...html.matchAll(/\svalue="([^"]*)"/g)].filter(([, value]) => index.has(value))
    .map(([, name]) => ({ name, what: index.get(name) }));
}

function files(dir, ending) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path, ending);
    return entry.name.endsWith(ending) ? [relative(extensionDir, path).split('\\').join('/')] : [];
  });
}

const index = nameIndex(readContract());
const allowed = (file, name) => ALLOWED.some((a) => a.file === file && a.name === name);

describe('names shared with the host, in the extension', () => {
  it('no extension script spells a state, reason, profile, error code or message type: each comes from common/contract.js', () => {
    const scripts = files(extensionDir, '.js').filter((file) => file !== GENERATED);
    assert.ok(scripts.length >= 10, `only ${scripts.length} scripts found under extension/`);
    const problems = scripts.flatMap((file) => spelledNames(readFileSync(join(extensionDir, file), 'utf8'), index)
      .filter(({ name }) => !allowed(file, name))
      .map(({ line, name, what }) => `extension/${file}:${line}: '${name}' (a ${what}): read it from OptOutGuard.contract`));
    assert.deepEqual(problems, []);
  });

  it('no extension page writes one by hand as a form value', () => {
    const pages = files(extensionDir, '.html');
    assert.ok(pages.length >= 2);
    const problems = pages.flatMap((file) => spelledValues(readFileSync(join(extensionDir, file), 'utf8'), index)
      .map(({ name, what }) => `extension/${file}: value="${name}" (a ${what}): build it from OptOutGuard.contract`));
    assert.deepEqual(problems, []);
  });

  it('every allowed spelling is still there (a stale allowance would let a real one through)', () => {
    for (const { file, name } of ALLOWED) {
      const spelled = spelledNames(readFileSync(join(extensionDir, file), 'utf8'), index).map((s) => s.name);
      assert.ok(spelled.includes(name), `extension/${file} no longer spells '${name}': drop it from ALLOWED`);
    }
  });

  it('finds a state in a comparison, a key or a template, and not in a comment, a longer string or a regular expression', () => {
    const code = [
      "if (item.state === 'check-again') show();",
      'const keys = { "rules-changed": 1 };',
      'const t = `pending`;',
      "// 'done' in a comment",
      "const other = 'not-done', key = `${name}_other`, re = /'manual'/;",
    ].join('\n');
    assert.deepEqual(spelledNames(code, index).map(({ line, name }) => [line, name]),
      [[1, 'check-again'], [2, 'rules-changed'], [3, 'pending']]);
    assert.match(index.get('check-again'), /status state/);
    assert.deepEqual(spelledValues('<input type="radio" value="strict"><input value="other-thing">', index).map((v) => v.name), ['strict']);
  });
});
