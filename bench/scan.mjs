// P4: the content script's scan of a 2,000-node replica settings page. It times the extension's
// own readPageState (extension/content/read-toggles.js, what content.js calls on every change),
// loaded as the browser loads it, in jsdom and in headless Chromium (/usr/bin/chromium).
// Usage: node bench/scan.mjs [--out FILE] [--samples N] [--html FILE]   (prints and writes JSON;
// --html also saves the replica page, to look at or to profile)
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pageWithReader, source } from '../tests/extension/load.js';

const NODES = 2000;
const URL = 'https://www.linkedin.com/mypreferences/d/categories/privacy';
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const samples = Number(option('--samples', 200));
const batch = 10;  // calls per sample: Chromium rounds performance.now() to 100 us outside isolation

// Shaped like LinkedIn's settings app (input[type=checkbox][role=switch] labelled by an element with
// a stable id, under a heading), with 40 toggles and filler (navigation, feed-like cards) up to NODES.
function replicaHtml(fillerCards) {
  const setting = (i) => `<section class="setting"><h2>Setting group ${i}</h2><p class="desc">Choose how LinkedIn uses this
data. <a href="/help/${i}">Learn more</a></p><div class="row"><span id="toggle-label-${i}">Allow LinkedIn to use data for purpose ${i}</span>
<input type="checkbox" role="switch" aria-labelledby="toggle-label-${i}" ${i % 2 ? 'checked' : ''}></div></section>`;
  const card = (i) => `<div class="card"><div class="card-head"><img alt="" src="data:,"><span class="name">Item ${i}</span></div>
<ul class="links"><li><a href="/x/${i}">Open</a></li><li><a href="/y/${i}">Share</a></li></ul></div>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Data privacy | LinkedIn</title></head><body>
<header><nav><ul>${Array.from({ length: 8 }, (_, i) => `<li><a href="/nav/${i}">Nav ${i}</a></li>`).join('')}</ul></nav></header>
<main><h1>Data privacy</h1>${Array.from({ length: 40 }, (_, i) => setting(i)).join('')}</main>
<aside>${Array.from({ length: fillerCards }, (_, i) => card(i)).join('')}</aside></body></html>`;
}

// The number of filler cards that brings the page closest to NODES elements (measured in jsdom).
function sizedHtml() {
  const count = (html) => pageWithReader(html, URL).window.document.getElementsByTagName('*').length;
  const base = count(replicaHtml(0));
  const perCard = count(replicaHtml(1)) - base;
  const html = replicaHtml(Math.round((NODES - base) / perCard));
  return { html, nodes: count(html) };
}

function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  const round = (v) => Math.round(v * 10000) / 10000;
  return { median_ms: round(median), min_ms: round(sorted[0]), max_ms: round(sorted[n - 1]) };
}

// Runs in the page (Chromium) or against the jsdom window: `batch` calls per sample, after a warm-up.
function timeScan(window, samplesWanted, callsPerSample) {
  const { readPageState } = window.OptOutGuard.content;
  let toggles = 0;
  for (let i = 0; i < 20; i++) toggles = readPageState(window.document, window.location).toggles.length;
  const times = [];
  for (let s = 0; s < samplesWanted; s++) {
    const start = window.performance.now();
    for (let i = 0; i < callsPerSample; i++) readPageState(window.document, window.location);
    times.push((window.performance.now() - start) / callsPerSample);
  }
  return { times, toggles };
}

// The content scripts the manifest loads before and including read-toggles.js.
function readerScripts() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const manifest = JSON.parse(readFileSync(join(root, 'extension', 'manifest.base.json'), 'utf8'));
  const scripts = manifest.content_scripts[0].js;
  return scripts.slice(0, scripts.indexOf('content/read-toggles.js') + 1);
}

async function inChromium(html) {
  const executablePath = '/usr/bin/chromium';
  if (!existsSync(executablePath)) return { skipped: 'no /usr/bin/chromium' };
  const { default: puppeteer } = await import('puppeteer-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'optout-bench-chromium-'));
  const browser = await puppeteer.launch({
    executablePath, headless: true, pipe: true, userDataDir,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const page = await browser.newPage();
    // Served from the LinkedIn address (intercepted, nothing leaves the machine) so location is real.
    await page.setRequestInterception(true);
    page.on('request', (request) => (request.url() === URL ? request.respond({ status: 200, contentType: 'text/html', body: html }) : request.respond({ status: 204 })));
    await page.goto(URL);
    // As the manifest loads them, up to the reader (the contract, the settings paths, ...): read
    // from the manifest, so a script the reader comes to need is loaded here too.
    for (const file of readerScripts()) await page.addScriptTag({ content: source(file) });
    const { times, toggles, nodes } = await page.evaluate(`(${timeScan.toString()})(window, ${samples}, ${batch})`).then(async (r) => ({
      ...r, nodes: await page.evaluate(() => document.getElementsByTagName('*').length),
    }));
    return { ...summary(times), nodes, toggles, samples, calls_per_sample: batch, version: await browser.version() };
  } finally {
    await browser.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

const { html, nodes } = sizedHtml();
if (option('--html', null)) writeFileSync(option('--html', null), html);
const dom = pageWithReader(html, URL);
const jsdomRun = timeScan(dom.window, samples, batch);
const result = {
  page: { nodes, toggles: jsdomRun.toggles },
  function: 'OptOutGuard.content.readPageState (extension/content/read-toggles.js)',
  jsdom: { ...summary(jsdomRun.times), samples, calls_per_sample: batch },
  chromium: await inChromium(html).catch((error) => ({ skipped: String(error.message || error) })),
};
const text = JSON.stringify(result, null, 2);
const out = option('--out', null);
if (out) writeFileSync(out, `${text}\n`);
console.log(text);
