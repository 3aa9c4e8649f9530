// P6: what the content script costs a LinkedIn page that is not a settings page. The extension's
// content script runs on every www.linkedin.com page (to wake up after an in-app navigation into the
// settings) and must cost nothing there: no reading, no message, no MutationObserver. This measures
// a long, busy feed-like page (hundreds of posts; the page's own script keeps adding posts, updating
// counters and timestamps, and removing old posts) in headless Chromium and Firefox ESR, with the
// built extension and without it, and reports the ratio of the page's own work time. The same page
// at a settings address (where the content script is awake and observes mutations) is measured too,
// for contrast, and the page at https://example.org in the same browser (no content script there) as
// a control that shares the launch. Ratios, not timings, are the figures to compare: the machine is shared.
// Usage: node bench/feed-cost.mjs [--out FILE] [--runs N] [--ticks N] [--browsers chromium,firefox]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Machine, root, sessions } from '../tests/e2e/harness.mjs';
import { Replica, makeCertificate } from '../tests/e2e/replica.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const runs = Number(option('--runs', 7));
const ticks = Number(option('--ticks', 400));
const browsers = option('--browsers', 'chromium,firefox').split(',');
const POSTS = 400;
const FEED = '/feed/';
const SETTINGS = '/mypreferences/d/settings/busy-feed';

// The page: POSTS posts of ~14 elements, and window.workload(ticks): in each tick the page adds a
// post, edits 20 counters and a timestamp, flips a class, removes the oldest post, then yields a
// macrotask (a MessageChannel, not setTimeout's clamped timer), so any observer callback runs and
// is counted. Returns the elapsed milliseconds.
function feedHtml() {
  const script = `
    const feed = document.getElementById('feed');
    let next = 0;
    function post() {
      const i = next++;
      const article = document.createElement('article');
      article.className = 'post';
      article.innerHTML = '<header><img alt="" src="data:,"><a href="/in/p' + i + '">Person ' + i + '</a><time>now</time></header>'
        + '<p>Post ' + i + ': a few sentences of text about work, widgets and the week.</p>'
        + '<footer><button type="button">Like</button><span class="likes">0</span><button type="button">Comment</button>'
        + '<input type="checkbox" aria-label="Follow Person ' + i + '"><span class="comments">0</span></footer>';
      feed.prepend(article);
    }
    for (let i = 0; i < ${POSTS}; i++) post();
    const yieldTask = () => new Promise((resolve) => { const c = new MessageChannel(); c.port1.onmessage = resolve; c.port2.postMessage(0); });
    window.workload = async (ticks) => {
      const start = performance.now();
      for (let t = 0; t < ticks; t++) {
        post();
        const likes = feed.getElementsByClassName('likes');
        for (let k = 0; k < 20; k++) likes[(t * 7 + k) % likes.length].textContent = String(t + k);
        feed.querySelector('time').textContent = t + 's';
        feed.children[t % feed.children.length].classList.toggle('seen');
        feed.lastElementChild.remove();
        await yieldTask();
      }
      return performance.now() - start;
    };
    document.body.dataset.rendered = 'true';`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Feed | LinkedIn</title></head>
<body><header><nav>${Array.from({ length: 10 }, (_, i) => `<a href="/nav/${i}">Nav ${i}</a>`).join(' ')}</nav></header>
<main><h1>Feed</h1><div id="feed"></div></main><script>${script}</script></body></html>`;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
};
const round = (value, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

// The page's work time at `url`, in a fresh tab.
async function once(session, url) {
  const page = await session.browser.newPage();
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('body[data-rendered="true"]');
    await new Promise((resolve) => setTimeout(resolve, 300));  // document_idle has passed: the content script is in
    return await page.evaluate((n) => window.workload(n), ticks);
  } finally {
    await page.close();
  }
}

// Where the page is measured: example.org (no content script, in the same browser: the control),
// the feed on LinkedIn (content script dormant) and the same page at a settings address (awake).
const PLACES = {
  control: `https://example.org${FEED}`,
  feed: `https://www.linkedin.com${FEED}`,
  settings: `https://www.linkedin.com${SETTINGS}`,
};

function ratios(times, of, to) {
  return { ratio: round(median(times[of]) / median(times[to])), ratio_of_minimums: round(Math.min(...times[of]) / Math.min(...times[to])) };
}

async function inBrowser(name, replica) {
  const result = { version: '' };
  // Without and with the extension, alternating launches so a busy neighbour slows both alike; in
  // each launch the three places take turns, `runs` times.
  const times = { none: { control: [], feed: [], settings: [] }, extension: { control: [], feed: [], settings: [] } };
  for (const mode of ['none', 'extension', 'none', 'extension']) {
    const machine = new Machine(name);  // a fresh profile for every launch; no host registered
    try {
      const session = await sessions[name].launch(machine, replica, { extension: mode === 'extension' });
      try {
        result.version = await session.browser.version();
        for (let r = 0; r < runs; r++) {
          for (const [place, url] of Object.entries(PLACES)) times[mode][place].push(await once(session, url));
        }
      } finally {
        await session.close();
      }
    } finally {
      machine.remove();
    }
  }
  const all = Object.fromEntries(['control', 'feed', 'settings'].flatMap((place) => [
    [`${place}_without`, times.none[place]], [`${place}_with`, times.extension[place]]]));
  result.median_ms = Object.fromEntries(Object.entries(all).map(([key, values]) => [key, round(median(values), 1)]));
  // The feed with the extension against the feed without it (different launches), and against
  // example.org in the same launch (where no content script runs): both ~1.0 when dormant costs nothing.
  result.feed_vs_no_extension = ratios(all, 'feed_with', 'feed_without');
  result.feed_vs_control_same_browser = ratios(all, 'feed_with', 'control_with');
  result.settings_vs_control_same_browser = ratios(all, 'settings_with', 'control_with');
  result.control_check_without_extension = ratios(all, 'feed_without', 'control_without');
  return result;
}

execFileSync(process.execPath, [join(root, 'scripts', 'build-extension')], { stdio: 'ignore' });
const certificates = new Machine('bench');
const replica = await new Replica(makeCertificate(certificates.dir), { extraPages: { [FEED]: feedHtml(), [SETTINGS]: feedHtml() } }).start();
const result = { page: { posts: POSTS, ticks, runs_per_launch: runs, launches_per_mode: 2 } };
try {
  for (const name of browsers) {
    result[name] = await inBrowser(name, replica).catch((error) => ({ failed: String(error.message || error) }));
  }
} finally {
  await replica.stop();
  certificates.remove();
}
const text = JSON.stringify(result, null, 2);
const out = option('--out', null);
if (out) writeFileSync(out, `${text}\n`);
console.log(text);
