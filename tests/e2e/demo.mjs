// The demo behind scripts/demo.sh: Chromium with the extension, the real host and the LinkedIn
// replica on this machine. Visible: a person clicks through and watches the badge. Headless:
// walks the pages itself and writes screenshots of a page, the popup and the options page.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHROMIUM_ID, ChromiumSession, Machine, waitFor } from './harness.mjs';
import { Replica, makeCertificate } from './replica.mjs';

const args = process.argv.slice(2);
const headless = args.includes('--headless');
const shotsIndex = args.indexOf('--screenshots');
const shots = resolve(shotsIndex >= 0 ? args[shotsIndex + 1] : 'build/demo');
const GEN_AI = 'https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement';

const machine = new Machine('chromium');
const replica = await new Replica(makeCertificate(machine.dir)).start();
machine.install('chromium');
const session = await ChromiumSession.launch(machine, replica, { headless });
const page = await session.open(GEN_AI);
const badge = await waitFor('the red badge', async () => { const b = await session.badge(page); return b.text === '1' && b; });
console.log(`Badge on the generative-AI page: "${badge.text}" (${badge.title})`);

if (!headless) {
  console.log('A Chromium window shows a replica of LinkedIn\'s settings, with Opt-Out Guard and its host.');
  console.log('Flip the switch, follow the links in the privacy and ads hubs, open the popup from the toolbar.');
  console.log('Close the browser window to end the demo.');
  await new Promise((done) => session.browser.on('disconnected', done));
} else {
  mkdirSync(shots, { recursive: true });
  await page.setViewport({ width: 900, height: 420 });
  await session.showOnPage(page);  // as the popup's "Show me on the page" does
  await waitFor('the pending switch marked', () => page.$('[data-optout-guard-mark]'));
  await page.screenshot({ path: `${shots}/demo-page.png` });
  const popup = await session.browser.newPage();
  await popup.setViewport({ width: 392, height: 560 });
  await popup.goto(`chrome-extension://${CHROMIUM_ID}/popup/popup.html`);
  await popup.waitForSelector('body[data-loaded="true"]');
  await popup.screenshot({ path: `${shots}/demo-popup.png`, fullPage: true });
  const options = await session.browser.newPage();
  await options.setViewport({ width: 640, height: 560 });
  await options.goto(`chrome-extension://${CHROMIUM_ID}/options/options.html`);
  await options.waitForSelector('form, main');
  await new Promise((settled) => setTimeout(settled, 300));  // the saved choices filled in
  await options.screenshot({ path: `${shots}/demo-options.png`, fullPage: true });
  console.log(`Screenshots: ${shots}/demo-page.png, ${shots}/demo-popup.png, ${shots}/demo-options.png`);
  await session.close();
}
await replica.stop();
machine.remove();
