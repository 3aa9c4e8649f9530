// What the end-to-end scenarios stand on: a temporary HOME with the host registered by the real
// scripts/install.sh (through a wrapper that logs each start), the built extension, and headless
// Chromium or Firefox ESR routed to the local replica. Badges are read where each browser keeps them.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import puppeteer from 'puppeteer-core';
import { chromiumExtensionId, readContract } from '../../scripts/contract.mjs';
import { Replica, makeCertificate } from './replica.mjs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM_ID = chromiumExtensionId();
export const FIREFOX_ID = readContract().extension.firefox_addon_id;
const FIREFOX_UUID = '6f0e7a52-5c1f-4d5e-9a0b-0ad0c0ffee01';
// The host under test: handed in by run.mjs or scripts/test.sh, both of which build it from this tree.
export const hostBinary = process.env.OPTOUT_HOST_BINARY || join(root, 'build', 'ci', 'native-host', 'optout-guard-host');

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync', '--disable-background-networking',
  '--disable-component-update', '--disable-quic', '--ignore-certificate-errors', '--disable-features=Translate'];

// Runs `start` on a launched browser and returns its result; if `start` fails, closes the browser
// first, so a failed launch step never leaves a browser running until the outer timeout.
export async function closingOnFailure(browser, start) {
  try {
    return await start();
  } catch (error) {
    await browser.close().catch(() => {});
    throw error;
  }
}

export async function waitFor(what, probe, { timeout = 15000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${last})`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

// A user's machine in a temporary directory: HOME, the state directory and a log of host starts.
// `host` and `hostArgs`: what the wrapper starts (the bench's echo host; by default the host under test).
export class Machine {
  constructor(browser, { host = hostBinary, hostArgs = [] } = {}) {
    this.dir = mkdtempSync(join(tmpdir(), `optout-e2e-${browser}-`));
    this.home = join(this.dir, 'home');
    this.stateDir = join(this.dir, 'state');
    this.startLog = join(this.dir, 'host-starts.log');
    mkdirSync(this.home, { recursive: true });
    // The manifest's path is this wrapper: it notes each start, then becomes the real host.
    this.wrapper = join(this.dir, 'optout-guard-host');
    const args = hostArgs.map((arg) => ` '${arg}'`).join('');
    writeFileSync(this.wrapper, `#!/bin/sh\necho "$$ $*" >> '${this.startLog}'\nexec '${host}'${args} "$@"\n`);
    chmodSync(this.wrapper, 0o755);
  }

  env() {
    return { ...process.env, HOME: this.home, XDG_CONFIG_HOME: join(this.home, '.config'), OPTOUT_GUARD_STATE_DIR: this.stateDir };
  }

  // Registers the host exactly as a user's `scripts/install.sh --browser NAME` does.
  install(browser) {
    return execFileSync(join(root, 'scripts', 'install.sh'), ['--binary', this.wrapper, '--yes', '--browser', browser],
      { env: this.env(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  // Registers this machine's wrapper under the host's name with the manifests install.sh wrote on
  // `installed` (same places under HOME, same allowed extensions, only `path` differs): for a host
  // install.sh cannot install, as the bench's echo host, which answers no `doctor`.
  registerLike(installed) {
    const manifest = `${readContract().host.name}.json`;
    const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return walk(path);
      return entry.name === manifest ? [path] : [];
    });
    const found = walk(installed.home);
    if (!found.length) throw new Error(`no ${manifest} under ${installed.home}: run install() there first`);
    for (const path of found) {
      const target = join(this.home, relative(installed.home, path));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, `${JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), path: this.wrapper }, null, 2)}\n`);
    }
  }

  uninstall() {
    return execFileSync(join(root, 'scripts', 'uninstall.sh'), [], { env: this.env(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  // Starts by a browser (host mode), not the doctor run that install.sh ends with.
  hostStarts() {
    const lines = existsSync(this.startLog) ? readFileSync(this.startLog, 'utf8').trim().split('\n') : [];
    return lines.filter((line) => / (chrome-extension:\/\/|\S+\.json )/.test(line));
  }

  stateFile() {
    const file = join(this.stateDir, 'state.json');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  remove() {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// The time a badge watch (Session.watchBadge) first read the text it waited for; fails loudly when it never did.
function badgeSeen(result, url, text, timeout) {
  if (result && typeof result.seenAt === 'number') return result.seenAt;
  const where = result && result.tab ? `the badge was "${result?.last}"` : 'no tab showed that address';
  throw new Error(`the badge on ${url} did not become "${text}" within ${timeout} ms (${where})`);
}

// What both browsers share: pages opened by a scenario, each with an address of its own (a
// fragment the content script never sends) so its tab is found again; closed after each scenario.
class Session {
  static opened = 0;
  static watches = 0;

  async open(url) {
    const page = await this.browser.newPage();
    (this.pages ??= []).push(page);
    await page.goto(`${url}#tab-${++Session.opened}`, { waitUntil: 'load' });
    await page.waitForSelector('body[data-rendered="true"], h1', { timeout: 10000 });
    return page;
  }

  async closePages() {
    for (const page of this.pages ?? []) await page.close().catch(() => {});
    this.pages = [];
  }
}

export class ChromiumSession extends Session {
  // `extension: false` starts the same browser without the extension (the bench's baseline); a
  // directory loads that one instead (the harness's own tests, with a short `workerTimeout`).
  static async launch(machine, replica, { headless = true, extension = true, workerTimeout = 20000 } = {}) {
    const session = new ChromiumSession();
    session.browser = await puppeteer.launch({
      executablePath: '/usr/bin/chromium', headless, pipe: true, defaultViewport: headless ? undefined : null,
      enableExtensions: extension ? [extension === true ? join(root, 'build', 'extension', 'chromium') : extension] : false,
      userDataDir: join(machine.home, '.config', 'chromium'),
      env: machine.env(),
      args: [...CHROMIUM_ARGS,
        `--host-resolver-rules=MAP www.linkedin.com:443 127.0.0.1:${replica.port}, MAP example.org:443 127.0.0.1:${replica.port}`],
    });
    if (!extension) return session;
    session.worker = await closingOnFailure(session.browser, async () => {
      const target = await session.browser.waitForTarget(
        (t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${CHROMIUM_ID}/`), { timeout: workerTimeout });
      return target.worker();
    });
    return session;
  }


  // The badge of the tab showing `page`, as chrome.action holds it.
  async badge(page) {
    const url = page.url();
    return this.worker.evaluate(async (pageUrl) => {
      const tabs = await chrome.tabs.query({});
      // Tabs of other sites show no URL to us (no "tabs" permission); ours match the host access.
      const tab = tabs.find((t) => t.url === pageUrl) || tabs.find((t) => t.url === undefined);
      if (!tab) return { text: '', color: '', title: '', tab: 'none' };
      const [text, color, title] = await Promise.all([chrome.action.getBadgeText({ tabId: tab.id }),
        chrome.action.getBadgeBackgroundColor({ tabId: tab.id }), chrome.action.getTitle({ tabId: tab.id })]);
      return { text, color: `#${color.slice(0, 3).map((c) => c.toString(16).padStart(2, '0')).join('').toUpperCase()}`, title };
    }, url);
  }

  // Starts watching the badge of the tab at `url` (found as soon as the tab shows that address)
  // until its text is `text`; `clear` empties the tab's badge first. The badge is read inside the
  // browser about every millisecond (the service worker's own chrome.action.getBadgeText), so the
  // time is not that of a round trip from here. Returns once the first reading was taken; then
  // `await watch.seen()` is the time the text was first read, in ms since the epoch
  // (performance.timeOrigin + performance.now() of the reading context: a clock shared with pages).
  async watchBadge(url, text, { clear = false, timeout = 15000 } = {}) {
    const key = `watch-${++Session.watches}`;
    await this.worker.evaluate(async (key, url, text, clear, timeout) => {
      const now = () => performance.timeOrigin + performance.now();
      let firstReading;
      const taken = new Promise((resolve) => { firstReading = resolve; });
      const watch = (async () => {
        const deadline = now() + timeout;
        let tabId;
        let last = '';
        for (;;) {
          if (tabId === undefined) {
            tabId = (await chrome.tabs.query({})).find((t) => t.url === url)?.id;
            if (tabId !== undefined && clear) await chrome.action.setBadgeText({ tabId, text: '' });
          }
          if (tabId !== undefined) {
            const before = now();
            last = await chrome.action.getBadgeText({ tabId });
            if (last === text) return { seenAt: (before + now()) / 2 };
          }
          firstReading();
          if (now() > deadline) return { timedOut: true, last, tab: tabId !== undefined };
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      })();
      (globalThis.__badgeWatches ??= {})[key] = watch;
      await Promise.race([taken, watch]);
    }, key, url, text, clear, timeout);
    return { seen: async () => badgeSeen(await this.worker.evaluate(async (key) => {
      const result = await globalThis.__badgeWatches[key];
      delete globalThis.__badgeWatches[key];
      return result;
    }, key), url, text, timeout) };
  }

  // What the popup's "Show me on the page" does: asks the tab's content script to mark the pending switch.
  async showOnPage(page) {
    return this.worker.evaluate(async (pageUrl) => {
      const tab = (await chrome.tabs.query({})).find((t) => t.url === pageUrl);
      return chrome.tabs.sendMessage(tab.id, { kind: 'show-pending' });
    }, page.url());
  }

  // Every tab's badge text: a page that is not LinkedIn must leave them all empty.
  async badgesOnAllTabs() {
    return this.worker.evaluate(async () => {
      const tabs = await chrome.tabs.query({});
      return Promise.all(tabs.map((t) => chrome.action.getBadgeText({ tabId: t.id })));
    });
  }

  // The extension's id for the tab showing `page` (the popup shows that tab's page with ?tab=).
  async tabId(page) {
    return this.worker.evaluate(async (pageUrl) => (await chrome.tabs.query({})).find((t) => t.url === pageUrl)?.id, page.url());
  }

  // The user's profile, as the options page stores it.
  async setProfile(profile) {
    await this.worker.evaluate((chosen) => chrome.storage.sync.set({ profile: chosen }), profile);
  }

  // The popup as a page of its own (closed with the scenario's pages), for the tab showing
  // `forPage` when given.
  async openPopup(forPage) {
    const query = forPage ? `?tab=${await this.tabId(forPage)}` : '';
    const page = await this.browser.newPage();
    (this.pages ??= []).push(page);
    await page.goto(`chrome-extension://${CHROMIUM_ID}/popup/popup.html${query}`);
    await page.waitForSelector('body[data-loaded="true"]', { timeout: 10000 });
    return page;
  }

  // What the popup shows, for the tab showing `forPage` when given.
  async popup(forPage) {
    const page = await this.openPopup(forPage);
    const result = await page.evaluate(() => ({
      items: Object.fromEntries([...document.querySelectorAll('li[data-rule]')].map((li) => [li.dataset.rule, li.dataset.state])),
      reasons: Object.fromEntries([...document.querySelectorAll('li[data-reason]')].map((li) => [li.dataset.rule, li.dataset.reason])),
      hostMissing: !document.getElementById('host-missing').hidden,
      pageChanged: !document.getElementById('page-changed').hidden,
      description: document.getElementById('page-description').value,
      versions: document.getElementById('versions').textContent,
      text: document.body.innerText,
    }));
    await page.close();
    return result;
  }

  async close() {
    await this.browser.close();
  }
}

export class FirefoxSession extends Session {
  static async launch(machine, replica, { extension = true } = {}) {
    const session = new FirefoxSession();
    const pac = `function FindProxyForURL(url, host) { return (host == 'www.linkedin.com' || host == 'example.org') ? 'PROXY 127.0.0.1:${replica.proxyPort}' : 'DIRECT'; }`;
    session.browser = await puppeteer.launch({
      browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true, acceptInsecureCerts: true,
      userDataDir: join(machine.dir, 'firefox-profile'),
      env: machine.env(),
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'network.proxy.type': 2,
        'network.proxy.autoconfig_url': `data:text/javascript,${encodeURIComponent(pac)}`,
        'network.proxy.allow_hijacking_localhost': true,
        'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ID]: FIREFOX_UUID }),
        // The add-on is installed anew at each launch (a temporary add-on): keep its storage, so
        // the install id and the profile choice survive a restart as they do for a user's add-on.
        'extensions.webextensions.keepStorageOnUninstall': true,
        'extensions.webextensions.keepUuidOnUninstall': true,
      },
    });
    if (extension) {
      const dir = extension === true ? join(root, 'build', 'extension', 'firefox') : extension;
      await closingOnFailure(session.browser, () => session.browser.installExtension(dir));
    }
    return session;
  }


  // Runs a function in the browser's privileged chrome window (Firefox internals, see
  // shared/browser-testing.md); it returns a JSON string.
  async chrome(functionDeclaration, ...args) {
    const tree = await this.browser.connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
    const context = tree.result.contexts[0].context;
    const reply = await this.browser.connection.send('script.callFunction', {
      target: { context }, functionDeclaration, awaitPromise: true,
      arguments: args.map((value) => ({ type: 'string', value })),
    });
    if (reply.result.type === 'exception') throw new Error(JSON.stringify(reply.result.exceptionDetails));
    return JSON.parse(reply.result.result.value);
  }

  async badge(page) {
    return this.chrome(`async (addonId, url) => {
      const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
      const ext = ExtensionParent.GlobalManager.getExtension(addonId);
      const tab = gBrowser.tabs.find((t) => t.linkedBrowser.currentURI.spec === url);
      if (!tab) return JSON.stringify({ text: '', color: '', title: '', tab: 'none' });
      const action = ExtensionParent.apiManager.global.browserActionFor(ext).action;
      const color = action.getProperty(tab, 'badgeBackgroundColor') || [];
      const hex = '#' + Array.from(color).slice(0, 3).map((c) => c.toString(16).padStart(2, '0')).join('').toUpperCase();
      return JSON.stringify({ text: action.getProperty(tab, 'badgeText') || '', color: hex, title: action.getProperty(tab, 'title') || '' });
    }`, FIREFOX_ID, page.url());
  }

  // As ChromiumSession.watchBadge, reading the badge in the browser's chrome window.
  async watchBadge(url, text, { clear = false, timeout = 15000 } = {}) {
    const key = `watch-${++Session.watches}`;
    await this.chrome(`async (addonId, key, url, text, clear, timeout) => {
      const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
      const action = ExtensionParent.apiManager.global.browserActionFor(ExtensionParent.GlobalManager.getExtension(addonId)).action;
      const now = () => performance.timeOrigin + performance.now();
      let firstReading;
      const taken = new Promise((resolve) => { firstReading = resolve; });
      const watch = (async () => {
        const deadline = now() + Number(timeout);
        let tab;
        let last = '';
        for (;;) {
          if (!tab) {
            tab = gBrowser.tabs.find((t) => t.linkedBrowser.currentURI.spec === url);
            if (tab && clear === 'true') action.setProperty(tab, 'badgeText', null);
          }
          if (tab) {
            last = action.getProperty(tab, 'badgeText') || '';
            if (last === text) return { seenAt: now() };
          }
          firstReading();
          if (now() > deadline) return { timedOut: true, last, tab: Boolean(tab) };
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      })();
      (window.__badgeWatches ??= {})[key] = watch;
      await Promise.race([taken, watch]);
      return 'null';
    }`, FIREFOX_ID, key, url, text, String(clear), String(timeout));
    return { seen: async () => badgeSeen(await this.chrome(`async (key) => {
      const result = await window.__badgeWatches[key];
      delete window.__badgeWatches[key];
      return JSON.stringify(result);
    }`, key), url, text, timeout) };
  }

  async badgesOnAllTabs() {
    return this.chrome(`async (addonId) => {
      const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
      const action = ExtensionParent.apiManager.global.browserActionFor(ExtensionParent.GlobalManager.getExtension(addonId)).action;
      return JSON.stringify(gBrowser.tabs.map((tab) => action.getProperty(tab, 'badgeText') || ''));
    }`, FIREFOX_ID);
  }

  // Extension pages are out of WebDriver BiDi's reach in Firefox: open the popup document in a tab
  // from the chrome window and read what it shows through its title, which popup.js sets to its
  // summary line.
  async popup() {
    return this.chrome(`async (uuid) => {
      const url = 'moz-extension://' + uuid + '/popup/popup.html';
      const tab = gBrowser.addTab(url, { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });
      const deadline = Date.now() + 10000;
      while (Date.now() < deadline && !/Opt-Out Guard:/.test(tab.label)) await new Promise((r) => setTimeout(r, 100));
      const label = tab.label;
      gBrowser.removeTab(tab);
      return JSON.stringify({ title: label });
    }`, FIREFOX_UUID);
  }

  async close() {
    await this.browser.close();
  }
}

export const sessions = { chromium: ChromiumSession, firefox: FirefoxSession };

// One browser for a describe block: a temporary machine with the host registered by install.sh,
// the replica, and the launched browser (`beforeLaunch(world)` and `afterLaunch(world)` may set
// it up further); pages are closed after each scenario, everything is removed after the block. A
// scenario that restarts the browser replaces `world.session`.
export function browserWorld(name, { beforeLaunch = () => {}, afterLaunch = async () => {} } = {}) {
  const world = {
    // Each scenario starts from LinkedIn's defaults and a host that remembers nothing.
    fresh() {
      world.replica.reset();
      rmSync(join(world.machine.stateDir, 'state.json'), { force: true });
    },
  };
  before(async () => {
    world.machine = new Machine(name);
    world.replica = await new Replica(makeCertificate(world.machine.dir)).start();
    world.machine.install(name);
    beforeLaunch(world);
    world.session = await sessions[name].launch(world.machine, world.replica);
    await afterLaunch(world);
  });
  afterEach(async () => {
    await world.session?.closePages();
  });
  after(async () => {
    await world.session?.close().catch(() => {});
    await world.replica?.stop();
    world.machine?.remove();
  });
  return world;
}

// What the host remembers for the one install in the state file: rule id -> state. The file holds
// install ids, rule ids, states, times and the rules version only (docs/protocol.md).
export function remembered(machine) {
  const text = machine.stateFile();
  if (!text) return {};
  const installs = Object.values(JSON.parse(text).installs);
  assert.equal(installs.length, 1, 'one install id in the state file');
  return Object.fromEntries(Object.entries(installs[0].rules).map(([rule, { state }]) => [rule, state]));
}

export async function badgeBecomes(session, page, text) {
  return waitFor(`badge "${text}" on ${page.url()}`, async () => {
    const badge = await session.badge(page);
    return badge.text === text ? badge : false;
  });
}
