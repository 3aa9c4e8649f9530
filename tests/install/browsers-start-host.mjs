// Do real browsers start the host that scripts/install.sh registered? Loads a probe extension with
// the project's extension identity (the key from extension/manifest.base.json, the add-on id from
// manifests/firefox.json.in) into headless Chromium and Firefox ESR, run with HOME set to the
// install's HOME, and sends a `hello` through native messaging.
//   HOME=<installed home> node tests/install/browsers-start-host.mjs WORKDIR
// Prints "chromium: <reply or error>" and (through Firefox's console on stdout) "firefox: <...>".
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = path.resolve(process.argv[2]);
const home = process.env.HOME;
const key = JSON.parse(fs.readFileSync(path.join(root, 'extension/manifest.base.json'), 'utf8')).key;
const addonId = JSON.parse(fs.readFileSync(path.join(root, 'manifests/firefox.json.in'), 'utf8')).allowed_extensions[0];
const hello = "{v: 1, id: 1, type: 'hello'}";

function writeExtension(dir, manifest, script) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  fs.writeFileSync(path.join(dir, 'probe.js'), script);
}

const chromiumExtension = path.join(work, 'probe-chromium');
writeExtension(chromiumExtension,
  { manifest_version: 3, name: 'probe', version: '1', key, permissions: ['nativeMessaging'], background: { service_worker: 'probe.js' } },
  `self.probe = () => new Promise((resolve) => chrome.runtime.sendNativeMessage('org.optoutguard.host', ${hello},
     (reply) => resolve(reply ? JSON.stringify(reply) : 'error: ' + chrome.runtime.lastError.message)));`);
const firefoxExtension = path.join(work, 'probe-firefox');
writeExtension(firefoxExtension,
  { manifest_version: 3, name: 'probe', version: '1', browser_specific_settings: { gecko: { id: addonId } },
    permissions: ['nativeMessaging'], background: { scripts: ['probe.js'] } },
  `browser.runtime.sendNativeMessage('org.optoutguard.host', ${hello}).then(
     (reply) => console.log('firefox: ' + JSON.stringify(reply)), (error) => console.log('firefox: error: ' + error.message));`);

// Each browser is tried on its own: one that fails to start must not hide the other's answer. Starts
// are given a minute: on a fresh CI machine the first Chromium start (font caches) runs while the
// install suite's package and Windows builds share the two cores.
const startTimeout = 60000;

async function probeChromium() {
  // Chromium's default profile is ~/.config/chromium: naming it keeps the per-user manifest directory
  // the one a user's Chromium reads (<profile>/NativeMessagingHosts).
  const chromium = await puppeteer.launch({
    executablePath: '/usr/bin/chromium', headless: true, pipe: true, enableExtensions: [chromiumExtension],
    userDataDir: path.join(process.env.XDG_CONFIG_HOME || path.join(home, '.config'), 'chromium'),
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync', '--disable-background-networking', '--disable-component-update'],
    env: process.env, timeout: startTimeout,
  });
  try {
    const target = await chromium.waitForTarget((t) => t.type() === 'service_worker' && t.url().includes('/probe.js'), { timeout: startTimeout });
    const worker = await target.worker();
    console.log('chromium: ' + await worker.evaluate(() => self.probe()));
  } finally {
    await chromium.close();
  }
}

// Firefox prints the probe's answer on its console (stdout); wait for that line, not a fixed time.
async function probeFirefox() {
  const firefox = await puppeteer.launch({
    browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true, dumpio: true, env: process.env,
    timeout: startTimeout,
    extraPrefsFirefox: { 'devtools.console.stdout.chrome': true, 'devtools.console.stdout.content': true },
  });
  try {
    let answered;
    const answer = new Promise((resolve) => { answered = resolve; });
    let seen = '';
    firefox.process().stdout.on('data', (chunk) => {
      seen += chunk;
      if (seen.includes('firefox: ')) answered();
    });
    await firefox.installExtension(firefoxExtension);
    await Promise.race([answer, new Promise((resolve) => setTimeout(resolve, startTimeout))]);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the rest of the line
  } finally {
    await firefox.close();
  }
}

let status = 0;
for (const [name, probe] of [['chromium', probeChromium], ['firefox', probeFirefox]]) {
  try {
    await probe();
  } catch (error) {
    console.error(`${name} probe failed: ${error.message}`);
    status = 1;
  }
}
process.exitCode = status;
