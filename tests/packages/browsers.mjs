// With the Debian packages installed (tests/packages/run.sh), each browser, started as a user
// starts it, with a fresh profile, has the extension live and reaching the host, and again after a
// restart of the same profile. Nothing is loaded by the test itself: Chromium is started through
// Debian's /usr/bin/chromium (whose /etc/chromium.d/extensions loads /usr/share/chromium/extensions/*),
// Firefox ESR with Debian's default extensions.enabledScopes (the system scope holds the add-on).
// The policies package (built with --policy-profile strict) must set the profile the host receives,
// and a LinkedIn settings page (the local replica of tests/e2e) must get its badge.
//   node tests/packages/browsers.mjs WORKDIR
// Prints one line per check; exits non-zero on the first failure.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ID, ChromiumSession, FIREFOX_ID, FirefoxSession, waitFor } from '../e2e/harness.mjs';
import { makeCertificate, Replica } from '../e2e/replica.mjs';
import { readContract } from '../../scripts/contract.mjs';

const work = resolve(process.argv[2]);
const HOST = '/usr/bin/optout-guard-host';
const POLICY_PROFILE = 'strict';
// The policy's profile: all its items (the status lists them all), and those the host checks on a page
// (the popup counts switches "not checked yet" and manual steps apart).
const POLICY_ITEMS = JSON.parse(readFileSync(new URL('../../rules/linkedin.json', import.meta.url), 'utf8'))
  .rules.filter((rule) => rule.profiles.includes(POLICY_PROFILE));
const STRICT_RULES = POLICY_ITEMS.length;
const STRICT_SWITCHES = POLICY_ITEMS.filter((rule) => rule.kind !== 'manual').length;
const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
const log = (text) => console.log(`[${seconds()} s] ${text}`);
const replica = await new Replica(makeCertificate(work)).start();
const SETTINGS_PAGE = 'https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement';
const PENDING_RED = readContract().badge.states.find((b) => b.name === 'pending').color;
const FRESH = 'fresh profile';

// The badge of a freshly opened settings page (every setting starts on: a red count), read where
// each browser keeps it, through the e2e harness's session methods.
async function badgeOnSettingsPage(session) {
  const page = await session.open(SETTINGS_PAGE);
  return waitFor('the badge on the settings page', async () => {
    const badge = await session.badge(page);
    return /^\d+$/.test(badge.text) ? badge : null;
  }, { timeout: 20000 });
}

// The browser's own environment, marked so that the hosts it starts can be told from anyone else's.
function environment(name) {
  const home = join(work, `${name}-home`);
  mkdirSync(home, { recursive: true });
  const token = randomUUID();
  return { token, env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), OPTOUT_PACKAGES_TEST: token } };
}

// Host processes started from the packaged manifest by a browser carrying `token`: [{ pid, args }].
function hostProcesses(token) {
  const found = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (argv[0] !== HOST) continue;
      if (!readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`OPTOUT_PACKAGES_TEST=${token}`)) continue;
      found.push({ pid: Number(pid), args: argv.slice(1) });
    } catch { /* the process ended while we looked */ }
  }
  return found;
}

function check(condition, what) {
  if (!condition) throw new Error(`FAILED: ${what}`);
  log(`ok: ${what}`);
}

// --- Chromium, through Debian's wrapper; the only extension is the one the package put in
// /usr/share/chromium/extensions/ (enableExtensions: true only keeps puppeteer from disabling them).
async function chromiumRun(profileDir, env, token, round) {
  const browser = await puppeteer.launch({
    executablePath: '/usr/bin/chromium', headless: true, pipe: true, enableExtensions: true, userDataDir: profileDir, env,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync', '--disable-background-networking', '--disable-component-update',
      '--ignore-certificate-errors', `--host-resolver-rules=MAP www.linkedin.com:443 127.0.0.1:${replica.port}`],
  });
  try {
    const target = await waitFor('the extension\'s service worker',
      () => browser.targets().find((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${CHROMIUM_ID}/`)),
      { timeout: 30000 });
    check(true, `chromium ${round}: the packaged extension runs (${target.url()})`);
    const worker = await target.worker();
    const managed = await worker.evaluate(() => chrome.storage.managed.get(null));
    check(managed.profile === POLICY_PROFILE && managed.profileLocked === true,
      `chromium ${round}: the policy reaches storage.managed (${JSON.stringify(managed)})`);
    const reply = await worker.evaluate(() => globalThis.OptOutGuard.background.handlers['get-status']({ type: 'get-status' }));
    check(reply.type === 'status' && reply.host.state === 'connected',
      `chromium ${round}: the extension reached the host (host ${reply.host.version}${reply.type === 'status' ? '' : `; ${JSON.stringify(reply)}`})`);
    check(reply.status.profile === POLICY_PROFILE && reply.status.items.length === STRICT_RULES,
      `chromium ${round}: the host received the policy's profile (${reply.status.profile}, ${reply.status.items.length} rules)`);
    const hosts = hostProcesses(token);
    check(hosts.length === 1 && hosts[0].args[0] === `chrome-extension://${CHROMIUM_ID}/`,
      `chromium ${round}: ${HOST} runs, started by this browser (${JSON.stringify(hosts)})`);
    const badge = await badgeOnSettingsPage(Object.assign(new ChromiumSession(), { browser, worker }));
    check(badge.color === PENDING_RED, `chromium ${round}: a LinkedIn settings page shows the badge (${badge.text}, ${badge.color})`);
    return hosts[0].pid;
  } finally {
    await browser.close();
  }
}

// --- Firefox ESR started by hand: puppeteer's Firefox launch (and the remote agent's recommended
// preferences) would set extensions.enabledScopes and hide the system-scope add-on.
const FIREFOX_UUID = '0b5e3c1e-7a52-4d7e-9a0b-0ad0c0ffee14';

async function firefoxRun(profileDir, env, token, round) {
  mkdirSync(profileDir, { recursive: true });
  writeFileSync(join(profileDir, 'user.js'), [
    'user_pref("remote.prefs.recommended", false);',
    `user_pref("extensions.webextensions.uuids", ${JSON.stringify(JSON.stringify({ [FIREFOX_ID]: FIREFOX_UUID }))});`,
    'user_pref("browser.shell.checkDefaultBrowser", false);',
    'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
    'user_pref("browser.startup.homepage_override.mstone", "ignore");',
    'user_pref("app.update.auto", false);',
    // The replica, through its CONNECT proxy, chosen by a PAC for www.linkedin.com only.
    'user_pref("network.proxy.type", 2);',
    `user_pref("network.proxy.autoconfig_url", ${JSON.stringify(`data:text/javascript,${encodeURIComponent(
      `function FindProxyForURL(u, h) { return h == 'www.linkedin.com' ? 'PROXY 127.0.0.1:${replica.proxyPort}' : 'DIRECT'; }`)}`)});`,
    'user_pref("network.proxy.allow_hijacking_localhost", true);',
  ].join('\n') + '\n');
  const firefox = spawn('/usr/bin/firefox-esr',
    ['--headless', '-profile', profileDir, '-no-remote', '--remote-debugging-port', '0', '--remote-allow-system-access'],
    { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise((done) => firefox.once('exit', done));
  let stderr = '';
  const endpoint = await new Promise((found, failed) => {
    const timer = setTimeout(() => failed(new Error(`Firefox printed no WebDriver BiDi address:\n${stderr}`)), 60000);
    firefox.stderr.on('data', (chunk) => {
      stderr += chunk;
      const match = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(stderr);
      if (match) { clearTimeout(timer); found(match[1]); }
    });
    firefox.once('exit', () => { clearTimeout(timer); failed(new Error(`Firefox exited:\n${stderr}`)); });
  });
  const browser = await puppeteer.connect({ browserWSEndpoint: `${endpoint}/session`, protocol: 'webDriverBiDi', acceptInsecureCerts: true });
  try {
    // Privileged code in the browser window, and badges, as the e2e harness reads them (Firefox internals).
    const session = Object.assign(new FirefoxSession(), { browser });
    const chrome = (...args) => session.chrome(...args);
    const addon = await waitFor('the system add-on', () => chrome(`async (id) => {
      const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
      const addon = await AddonManager.getAddonByID(id);
      return JSON.stringify(addon && addon.isActive ? { active: true, scope: addon.scope, path: addon.getResourceURI('').spec } : null);
    }`, FIREFOX_ID), { timeout: 30000 });
    check(addon.path.includes('/usr/share/mozilla/extensions/'), `firefox ${round}: the packaged add-on is active (${addon.path}, scope ${addon.scope})`);
    // The popup asks the background for the status, which connects to the host; its title is its
    // summary line: in a fresh profile it counts the profile's rules, none seen yet; after the
    // restart it holds what the host remembers of the settings page the first run showed.
    const title = await chrome(`async (uuid) => {
      const tab = gBrowser.addTab('moz-extension://' + uuid + '/popup/popup.html',
        { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });
      const deadline = Date.now() + 20000;
      while (Date.now() < deadline && !/Opt-Out Guard:/.test(tab.label)) await new Promise((r) => setTimeout(r, 100));
      return JSON.stringify(tab.label);
    }`, FIREFOX_UUID);
    if (round === FRESH) check(title.includes(`${STRICT_SWITCHES} settings not checked yet`), `firefox ${round}: the popup shows the host's checklist for the policy's profile ("${title}")`);
    else check(title.includes('1 opt-out'), `firefox ${round}: the popup shows what the host remembers from before the restart ("${title}")`);
    const hosts = await waitFor('the host process', () => { const h = hostProcesses(token); return h.length ? h : null; });
    check(hosts.length === 1 && hosts[0].args[1] === FIREFOX_ID,
      `firefox ${round}: ${HOST} runs, started by this browser (${JSON.stringify(hosts)})`);
    const badge = await badgeOnSettingsPage(session);
    check(badge.color === PENDING_RED, `firefox ${round}: a LinkedIn settings page shows the badge (${badge.text}, ${badge.color})`);
    return hosts[0].pid;
  } finally {
    await browser.close().catch(() => {});
    const timer = setTimeout(() => firefox.kill('SIGKILL'), 20000);
    await exited;
    clearTimeout(timer);
  }
}

for (const [name, run] of [['chromium', chromiumRun], ['firefox', firefoxRun]]) {
  const { token, env } = environment(name);
  const profile = join(work, `${name}-profile`);
  const first = await run(profile, env, token, FRESH);
  await waitFor(`${name}'s host to end with the browser`, () => hostProcesses(token).length === 0, { timeout: 20000 });
  const second = await run(profile, env, token, 'same profile, restarted');
  check(second !== first, `${name}: the restarted browser started its own host (pid ${first}, then ${second})`);
  await waitFor(`${name}'s host to end with the browser`, () => hostProcesses(token).length === 0, { timeout: 20000 });
}
await replica.stop();
log('all browser checks passed');
