#!/usr/bin/env node
// The host's floors, lowest first: a file may include its own floor's headers and those below, never
// one above (framing must not know the message handler, the protocol must not know the session).
// Every file of native-host/src must be on a floor, so a new file says where it stands. Also prints
// the number of floors the include graph actually climbs (the longest include chain).
//   node scripts/include-layers.mjs [DIR]     (default native-host/src) exit 1 on an upward include
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LAYERS = [
  // bytes, text and names: no knowledge of rules, requests or files of state
  ['base', ['contract', 'protocol_error', 'utf8', 'clock', 'byte_io', 'framing', 'json_writer', 'text_fold', 'paths', 'registry', 'console']],
  // the domain: rules and what is remembered of them
  ['domain', ['page_state', 'label_matcher', 'rules', 'memory']],
  // the wire: requests read and checked, error replies
  ['protocol', ['request_reader', 'protocol']],
  // checking pages, keeping state
  ['logic', ['evaluation', 'state_store']],
  // one request in, one reply out; the session loop; the doctor
  ['service', ['message_handler', 'session', 'doctor', 'doctor_config']],
  // the command line and main
  ['app', ['cli', 'main']],
];

// "registry_windows.cpp" and "registry.hpp" are one module, "registry".
export const moduleOf = (file) => basename(file).replace(/\.(cpp|hpp)$/, '').replace(/_(windows|posix)$/, '');

const floorOf = new Map(LAYERS.flatMap(([name, modules], index) => modules.map((m) => [m, { index, name }])));

// files: { 'framing.cpp': text, ... } -> { problems: [sentences], floors: number }
export function layerProblems(files) {
  const problems = [];
  const edges = new Map();
  for (const [file, text] of Object.entries(files)) {
    const from = moduleOf(file);
    const fromFloor = floorOf.get(from);
    if (!fromFloor) { problems.push(`${file} is on no floor: add "${from}" to LAYERS in scripts/include-layers.mjs`); continue; }
    for (const [, included] of text.matchAll(/^\s*#\s*include\s+"([^"]+)"/gm)) {
      const to = moduleOf(included);
      const toFloor = floorOf.get(to);
      if (!toFloor) { problems.push(`${file} includes "${included}", which is on no floor`); continue; }
      if (toFloor.index > fromFloor.index) {
        problems.push(`${file} (floor ${fromFloor.name}) includes "${included}" (floor ${toFloor.name}): an include may not go up`);
      }
      if (to !== from) edges.set(from, new Set([...(edges.get(from) || []), to]));
    }
  }
  // Floors climbed: the longest chain of distinct modules, each including the next.
  const memo = new Map();
  const height = (module, path = new Set()) => {
    if (memo.has(module)) return memo.get(module);
    if (path.has(module)) return 0;  // a cycle is not a floor
    path.add(module);
    const h = 1 + Math.max(0, ...[...(edges.get(module) || [])].map((m) => height(m, path)));
    path.delete(module);
    memo.set(module, h);
    return h;
  };
  const floors = Math.max(0, ...[...new Set([...Object.keys(files).map(moduleOf)])].map((m) => height(m)));
  return { problems, floors };
}

export function readSources(dir) {
  return Object.fromEntries(readdirSync(dir).filter((f) => /\.(cpp|hpp)$/.test(f)).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const dir = resolve(process.argv[2] || join(root, 'native-host', 'src'));
  const { problems, floors } = layerProblems(readSources(dir));
  for (const p of problems) console.error(`include-layers: ${p}`);
  console.log(`include-layers: ${problems.length === 0 ? 'no upward include' : `${problems.length} problem(s)`}; the longest include chain climbs ${floors} floors`);
  process.exit(problems.length === 0 ? 0 : 1);
}
