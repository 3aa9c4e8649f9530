// P5: the badge's latency where the user sees it. In headless Chromium and Firefox ESR, against the
// e2e tests' HTTPS replica of LinkedIn's settings pages, with the built extension unchanged:
//   load        from the start of the navigation to a settings page to the tab's badge being right,
//               on a port to the host that is already open (the browser has shown a settings page);
//   first load  the same, for the first settings page after the browser started: the host is
//               started, says hello and is offered the rules first;
//   flip        from a real click on the page's switch (the click event's time stamp) to the badge
//               being right again;
// each for the real host and for the floor: the same browser and the same extension talking to the
// C echo host (bench/echo_host.c) registered under the host's name in a profile of its own. The echo
// host answers `hello` (--answer-hello, or the extension would close the port) and echoes every other
// frame; the extension takes an echoed `offer-rules` as refused and an echoed `page` as a bad reply,
// and draws the "!" badge with the title "expected a verdict reply, got page". So for the floor,
// "answered" is that "!" badge drawn on the tab: the page report went from the content script
// through the background and the native port to the echo host and back, and the background drew
// the badge, with the same frames, round trips and drawing as for the host; only the host's work
// differs. "Right" for the host is the badge the rules give ("1" with the switch on, "?" off).
// Before each flip the tab's badge is emptied from outside (both modes), so a redraw is seen.
// The settings page is the replica's data-for-ai-improvement page as its app renders it, frozen
// into static HTML (scripts removed, switch states kept), so that the content script's first report
// already holds the switches: otherwise the floor's "!" would answer the empty report sent before
// the app has rendered, and floor and host would not measure the same report.
// Times: the page's performance.timeOrigin (+ the click event's timeStamp) against the time the
// badge was first read right (performance.timeOrigin + performance.now() in the service worker or
// Firefox's chrome window, read about every millisecond): wall-clock based on both sides.
// Median and p95 (nearest rank) over runs; ratios host/floor. Measures, asserts nothing; exits
// non-zero with a message when a badge never becomes right.
// Usage: node bench/badge-latency.mjs [--out FILE] [--runs N] [--launches N] [--browsers chromium,firefox]
//        [--host BIN] [--echo BIN]
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readContract } from '../scripts/contract.mjs';
import { Machine, root, sessions } from '../tests/e2e/harness.mjs';
import { Replica, makeCertificate } from '../tests/e2e/replica.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const runs = Number(option('--runs', 15));          // loads and flips per launch
const launches = Number(option('--launches', 3));   // launches per mode (each gives one first load)
const browsers = option('--browsers', 'chromium,firefox').split(',');
// Absolute: the browser starts them through a wrapper script from its own working directory.
const host = resolve(option('--host', join(root, 'build', 'bench', 'native-host', 'optout-guard-host')));
const echo = resolve(option('--echo', join(root, 'build', 'bench', 'bench', 'optout-echo-host')));
const GOAL = 1.5;
const TIMEOUT_MS = 15000;

const PATH = '/mypreferences/d/settings/data-for-ai-improvement';
const PAGE = `https://www.linkedin.com${PATH}`;
const SWITCH = 'input[aria-labelledby="allowDataForGenerativeAI"]';
const FLOOR_TITLE = /got page/;
// What the badge must read: the host's verdict for the generative-AI page (its switch on: one
// pending step; off: done here, other steps not seen yet), or the floor's "!".
const expected = { host: (on) => (on ? '1' : '?'), floor: () => readContract().badge.host_problem.text };

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  return { median_ms: round(median), p95_ms: round(sorted[Math.ceil(0.95 * n) - 1]), min_ms: round(sorted[0]), max_ms: round(sorted[n - 1]), runs: n };
}

// The replica's settings page as its app renders it, without scripts: read once in Chromium
// without the extension, then served by the replica at the same address.
async function freezeSettingsPage(replica) {
  const machine = new Machine('chromium');
  try {
    const session = await sessions.chromium.launch(machine, replica, { extension: false });
    try {
      const page = await session.open(PAGE);
      return await page.evaluate(() => {
        for (const input of document.querySelectorAll('input')) input.toggleAttribute('checked', input.checked);
        for (const script of document.querySelectorAll('script')) script.remove();
        return `<!doctype html>\n${document.documentElement.outerHTML}`;
      });
    } finally {
      await session.close();
    }
  } finally {
    machine.remove();
  }
}

// A fresh tab loads the page; the time from its navigation start to the badge reading `text`.
let loads = 0;
async function load(session, text) {
  const url = `${PAGE}#bench-${++loads}`;
  const page = await session.browser.newPage();
  const watch = await session.watchBadge(url, text, { timeout: TIMEOUT_MS });
  await page.goto(url, { waitUntil: 'load' });
  const seenAt = await watch.seen();
  const { origin, loadEvent } = await page.evaluate(() => ({
    origin: performance.timeOrigin, loadEvent: performance.getEntriesByType('navigation')[0].loadEventEnd }));
  return { page, ms: seenAt - origin, loadEvent };
}

// A real click on the switch; the time from the click event to the badge reading what it should.
async function flip(session, page, mode) {
  const on = await page.$eval(SWITCH, (input) => input.checked);
  await page.evaluate(() => {
    window.benchClickAt = null;
    addEventListener('click', (event) => { window.benchClickAt = performance.timeOrigin + event.timeStamp; }, { capture: true, once: true });
  });
  const watch = await session.watchBadge(page.url(), expected[mode](!on), { clear: true, timeout: TIMEOUT_MS });
  await page.click(SWITCH);
  const seenAt = await watch.seen();
  const clickAt = await page.evaluate(() => window.benchClickAt);
  if (typeof clickAt !== 'number') throw new Error('the click on the switch did not reach the page');
  return seenAt - clickAt;
}

// A machine whose browser reaches the real host (registered by install.sh) or the echo host
// (registered under the same name with the same manifests, `reference` being install.sh's).
function machineFor(name, mode, reference) {
  if (mode === 'host') {
    const machine = new Machine(name, { host });
    machine.install(name);
    return machine;
  }
  const machine = new Machine(name, { host: echo, hostArgs: [`--answer-hello=${readContract().protocol_version}`] });
  machine.registerLike(reference);
  return machine;
}

async function inBrowser(name, replica) {
  const reference = machineFor(name, 'host');  // install.sh's manifests, copied for the floor
  const times = Object.fromEntries(['host', 'floor'].map((mode) => [mode, { first_load: [], load: [], flip: [] }]));
  const loadEvents = [];  // the page's own load event end, from its navigation start (context for the load figures)
  let version = '';
  try {
    // Host and floor launches alternate, so a busy neighbour slows both alike.
    for (let launch = 0; launch < launches; launch++) {
      for (const mode of ['host', 'floor']) {
        const machine = machineFor(name, mode, reference);
        try {
          const session = await sessions[name].launch(machine, replica);
          try {
            version = await session.browser.version();
            const first = await load(session, expected[mode](true));
            times[mode].first_load.push(first.ms);
            if (mode === 'floor') {
              const { title } = await session.badge(first.page);
              if (!FLOOR_TITLE.test(title)) throw new Error(`the floor's badge does not come from the echo host (title "${title}")`);
            }
            await first.page.close();
            let page;
            for (let r = 0; r < runs; r++) {
              await page?.close();
              const next = await load(session, expected[mode](true));
              times[mode].load.push(next.ms);
              loadEvents.push(next.loadEvent);
              page = next.page;
              await sleep(50);
            }
            for (let r = 0; r < runs; r++) {
              times[mode].flip.push(await flip(session, page, mode));
              await sleep(100);  // the rest of the answer (the option read after the badge) settles
            }
            const starts = machine.hostStarts().length;
            if (starts !== 1) throw new Error(`${mode}: the browser started the host ${starts} times, not once`);
          } finally {
            await session.close();
          }
        } finally {
          machine.remove();
        }
      }
    }
  } finally {
    reference.remove();
  }
  const result = { version, page_load_event: stats(loadEvents) };
  for (const measure of ['load', 'first_load', 'flip']) {
    const h = stats(times.host[measure]);
    const f = stats(times.floor[measure]);
    result[measure] = { host: h, floor: f, ratio: round(h.median_ms / f.median_ms, 2), ratio_p95: round(h.p95_ms / f.p95_ms, 2) };
  }
  result.samples_ms = Object.fromEntries(Object.entries(times).map(([mode, m]) => [mode,
    Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.map((x) => round(x))]))]));
  return result;
}

function table(result) {
  const rows = [['browser', 'measure', 'host med', 'host p95', 'floor med', 'floor p95', 'ratio', 'goal', 'met']];
  const labels = { load: 'load, port open', first_load: 'first load (host starts)', flip: 'switch flip' };
  for (const name of browsers) {
    for (const measure of ['load', 'first_load', 'flip']) {
      const m = result.browsers[name][measure];
      rows.push([name, labels[measure], `${m.host.median_ms} ms`, `${m.host.p95_ms} ms`, `${m.floor.median_ms} ms`, `${m.floor.p95_ms} ms`,
        m.ratio.toFixed(2), `<= ${GOAL}`, m.ratio <= GOAL ? 'yes' : 'NO']);
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const lines = rows.map((row) => row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
  for (const name of browsers) {
    lines.push(`${name} ${result.browsers[name].version}: the page's own load event ends at ${result.browsers[name].page_load_event.median_ms} ms (median)`);
  }
  return lines.join('\n');
}

async function main() {
  for (const [what, path] of [['host', host], ['echo host', echo]]) {
    if (!existsSync(path)) throw new Error(`no ${what} at ${path} (build it: scripts/bench.sh, or give --host/--echo)`);
  }
  execFileSync(process.execPath, [join(root, 'scripts', 'build-extension')], { stdio: 'ignore' });
  const certificates = new Machine('bench');
  const replica = await new Replica(makeCertificate(certificates.dir)).start();
  const result = { page: PATH, runs_per_launch: runs, launches_per_mode: launches, goal_ratio: GOAL, browsers: {} };
  try {
    replica.extraPages[PATH] = await freezeSettingsPage(replica);
    for (const name of browsers) result.browsers[name] = await inBrowser(name, replica);
  } finally {
    await replica.stop();
    certificates.remove();
  }
  const out = option('--out', null);
  if (out) writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(table(result));
  if (out) console.log(`written: ${out}`);
}

main().catch((error) => {
  console.error(`badge-latency: ${error.stack || error}`);
  process.exit(1);
});
