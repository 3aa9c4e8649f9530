#!/usr/bin/env node
// protocol/contract.json, the one source of the names the host and the extension share, for JavaScript:
// - readContract(): the JSON itself (tests, scripts);
// - chromiumExtensionId(): the Chromium id, from cmake/extension-id.cmake (the one derivation);
// - contractScript(): extension/common/contract.js, the classic script scripts/build-extension writes
//   into each build (background, popup, options and the content script load it first; the tests load
//   it through tests/extension/load.js). It adds OptOutGuard.contract to the global object: every
//   name the extension shares with the host is read from there (STATUS_STATE.CHECK_AGAIN, REQUEST.MARK,
//   REPLY.ERROR, ...), never spelled in another script (tests/contract/extension-names.test.mjs);
// - sharedNames(): those names, by what they name (for that test).
// Entries marked "planned" are left out, as in the host's contract.hpp.
//   node scripts/contract.mjs [--out FILE]     writes (or prints) the script
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const contractPath = join(root, 'protocol', 'contract.json');

export function readContract() {
  return JSON.parse(readFileSync(contractPath, 'utf8'));
}

let derivedId;
export function chromiumExtensionId() {
  if (derivedId) return derivedId;
  const run = spawnSync('cmake', ['-P', join(root, 'cmake', 'extension-id.cmake')], { encoding: 'utf8' });
  const id = (run.stdout || '').trim();
  if (run.status !== 0 || !/^[a-p]{32}$/.test(id)) {
    throw new Error(`cmake -P cmake/extension-id.cmake failed: ${run.error?.message || run.stderr || `printed "${id}"`}`);
  }
  derivedId = id;
  return id;
}

const current = (list) => list.filter((entry) => !entry.planned);

// A list of names as an object keyed by the C++ enum's identifier in capitals
// ('check-again' -> CHECK_AGAIN), so the extension writes STATUS_STATE.CHECK_AGAIN, never the name.
export const constantName = (name) => name.toUpperCase().replace(/-/g, '_');
const named = (names) => Object.fromEntries(names.map((name) => [constantName(name), name]));

// Every name the contract gives the host and the extension to share (the planned ones too), by
// what it names: no extension script but the generated one may spell one of them
// (tests/contract/extension-names.test.mjs).
export function sharedNames(contract = readContract()) {
  return {
    'request type': contract.requests.map((r) => r.type),
    'reply type': [...contract.requests.map((r) => r.reply), contract.error_reply],
    'offer result': contract.offer_results,
    'error code': contract.errors.map((e) => e.code),
    profile: contract.profiles.names,
    'verdict list': contract.verdict.lists,
    'page kind': contract.verdict.page_kinds,
    'unknown reason': contract.verdict.unknown_reasons.map((r) => r.name),
    'status state': contract.verdict.status_states.map((s) => s.name),
    'check reason': contract.verdict.check_reasons.map((r) => r.name),
    'badge state': contract.badge.states.map((b) => b.name),
  };
}

// The values the extension sees, without the planned entries.
export function extensionContract(contract = readContract(), chromiumId = chromiumExtensionId()) {
  return {
    HOST_NAME: contract.host.name,
    CHROMIUM_EXTENSION_ID: chromiumId,
    FIREFOX_ADDON_ID: contract.extension.firefox_addon_id,
    PROTOCOL_VERSION: contract.protocol_version,
    REPLY_TYPES: Object.fromEntries(current(contract.requests).map((r) => [r.type, r.reply])),
    REQUEST: named(current(contract.requests).map((r) => r.type)),
    REPLY: named([...current(contract.requests).map((r) => r.reply), contract.error_reply]),
    OFFER_RESULT: named(contract.offer_results),
    ERROR_CODES: current(contract.errors).map((e) => e.code),
    ERROR_CODE: named(current(contract.errors).map((e) => e.code)),
    LIMITS: Object.fromEntries(Object.entries(contract.limits).filter(([, l]) => !l.planned).map(([name, l]) => [name, l.value])),
    DEFAULTS: contract.defaults,
    PROFILES: contract.profiles.names,
    PROFILE: named(contract.profiles.names),
    DEFAULT_PROFILE: contract.profiles.default,
    VERDICT_LIST: named(contract.verdict.lists),
    PAGE_KIND: named(contract.verdict.page_kinds),
    UNKNOWN_REASON: named(current(contract.verdict.unknown_reasons).map((r) => r.name)),
    STATUS_STATE: named(current(contract.verdict.status_states).map((s) => s.name)),
    CHECK_REASON: named(current(contract.verdict.check_reasons).map((r) => r.name)),
    BADGES: Object.fromEntries(contract.badge.states.map((b) => [b.name, { text: b.text, color: b.color }])),
    BADGE_STATE: named(contract.badge.states.map((b) => b.name)),
    HOST_PROBLEM_BADGE: contract.badge.host_problem,
  };
}

export function contractScript(values = extensionContract()) {
  return `// Generated by scripts/contract.mjs from protocol/contract.json. Do not edit: edit that file.
// A classic script (the content script cannot import modules): adds OptOutGuard.contract.
(function (root) {
  'use strict';
  const freeze = (value) => {
    if (value && typeof value === 'object') Object.values(value).forEach(freeze);
    return Object.freeze(value);
  };
  root.OptOutGuard = Object.assign(root.OptOutGuard || {}, {
    contract: freeze(${JSON.stringify(values, null, 2).replace(/\n/g, '\n    ')}),
  });
})(globalThis);
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outIndex = process.argv.indexOf('--out');
  const text = contractScript();
  if (outIndex > 0) writeFileSync(process.argv[outIndex + 1], text);
  else process.stdout.write(text);
}
