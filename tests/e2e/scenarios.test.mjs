// The whole loop a user relies on, in real headless Chromium and Firefox ESR: a LinkedIn settings
// page (a local replica) opens, the content script reads it, the real host answers through native
// messaging, and the badge and popup show the truth.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { Machine, sessions, waitFor } from './harness.mjs';
import { Replica, makeCertificate } from './replica.mjs';

const LINKEDIN = 'https://www.linkedin.com';
const GEN_AI = `${LINKEDIN}/mypreferences/d/settings/data-for-ai-improvement`;
const RESEARCH = `${LINKEDIN}/mypreferences/d/settings/policy-and-academic-research`;
const ADS_HUB = `${LINKEDIN}/mypreferences/d/categories/ads`;
const COOKIES = `${LINKEDIN}/mypreferences/d/member-cookies`;
const PRIVACY_HUB = `${LINKEDIN}/mypreferences/d/categories/privacy`;
const RED = '#C5221F';
const GREEN = '#188038';
const GREY = '#5F6368';
const HOST_PROBLEM = '#E37400';

const browsers = (process.env.OPTOUT_E2E_BROWSERS || 'chromium,firefox').split(',');

// What the host remembers for the one install in the state file: rule id -> state. The file holds
// install ids, rule ids, states, times and the rules version only (docs/protocol.md).
function remembered(machine) {
  const text = machine.stateFile();
  if (!text) return {};
  const installs = Object.values(JSON.parse(text).installs);
  assert.equal(installs.length, 1, 'one install id in the state file');
  return Object.fromEntries(Object.entries(installs[0].rules).map(([rule, { state }]) => [rule, state]));
}

function assertNothingPersonal(machine) {
  const text = machine.stateFile();
  for (const word of ['Jane', 'Example', 'Acme', 'jane@example.com', 'Widget']) {
    assert.ok(!text.includes(word), `the state file holds nothing from the page's header (${word})`);
  }
}

async function badgeBecomes(session, page, text) {
  return waitFor(`badge "${text}" on ${page.url()}`, async () => {
    const badge = await session.badge(page);
    return badge.text === text ? badge : false;
  });
}

// Clicks a switch off as the user does, and waits until the host's verdict has marked it done.
async function flipOff(page, key) {
  const input = `input[aria-labelledby="${key}"], input#${key}`;  // labelled by a stable id, or carrying it
  await page.click(input);
  await waitFor(`${key} marked done`, () => page.$(`input[aria-labelledby="${key}"][data-optout-guard="done"], input#${key}[data-optout-guard="done"]`));
}

for (const name of browsers) {
  describe(`${name}: the whole loop`, { concurrency: false }, () => {
    let replica;
    let machine;
    let session;

    before(async () => {
      machine = new Machine(name);
      replica = await new Replica(makeCertificate(machine.dir)).start();
      machine.install(name);
      session = await sessions[name].launch(machine, replica);
    });

    afterEach(async () => {
      await session?.closePages();
    });

    after(async () => {
      await session?.close().catch(() => {});
      await replica?.stop();
      machine?.remove();
    });

    // Each scenario starts from LinkedIn's defaults and a host that remembers nothing.
    async function fresh() {
      replica.reset();
      rmSync(join(machine.stateDir, 'state.json'), { force: true });
    }

    it('8. shows no badge on a page that is not LinkedIn, and starts no host', async () => {
      const page = await session.open('https://example.org/');
      await new Promise((r) => setTimeout(r, 1500));  // time for a content script to run, if one wrongly did
      const badges = await session.badgesOnAllTabs();
      assert.ok(badges.length >= 1, 'the tabs were found');
      assert.deepEqual(badges.filter(Boolean), [], 'no tab has a badge');
      assert.deepEqual(machine.hostStarts(), [], 'no host process was started');
      assert.ok(page.url().startsWith('https://example.org/'));
    });

    it('1. the generative-AI page with its toggle on: a red count, and the toggle outlined', async () => {
      await fresh();
      const page = await session.open(GEN_AI);
      const badge = await badgeBecomes(session, page, '1');
      assert.equal(badge.color, RED);
      await waitFor('the pending toggle marked', () => page.$('input[aria-labelledby="allowDataForGenerativeAI"][data-optout-guard="pending"]'));
      assert.equal(machine.hostStarts().length, 1, 'one host process for the port');
      await page.close();
    });

    it('2. turning it off in the page updates the badge without a reload', async () => {
      await fresh();
      const page = await session.open(GEN_AI);
      await badgeBecomes(session, page, '1');
      await flipOff(page, 'allowDataForGenerativeAI');
      const badge = await badgeBecomes(session, page, '?');  // done here; other opt-outs not seen yet
      assert.equal(badge.color, GREY);
      assert.deepEqual(remembered(machine), { 'gen-ai-training': 'done' });
      await page.close();
    });

    it('4. a page in a language the rules do not know is grey, never done', async () => {
      await fresh();
      replica.settings.allowDataForGenerativeAI = false;  // off, but in Polish: it must not count as done
      const page = await session.open(`${GEN_AI}?lang=pl`);
      const badge = await badgeBecomes(session, page, '?');
      assert.equal(badge.color, GREY);
      assert.ok(!machine.stateFile().includes('gen-ai-training'), 'nothing was remembered as done');
      await page.close();
    });

    it('5. a navigation inside the single-page app, from the hub to a setting, is read', async () => {
      await fresh();
      const page = await session.open(PRIVACY_HUB);
      await badgeBecomes(session, page, '?');
      await page.click('a[data-path="/mypreferences/d/settings/data-for-ai-improvement"]');
      await waitFor('the address changed by pushState', () => page.url().startsWith(GEN_AI));
      const badge = await badgeBecomes(session, page, '1');
      assert.equal(badge.color, RED);
      await page.close();
    });

    it('3. with every opt-out of the profile off across the pages, the badge is done and the popup agrees', async () => {
      await fresh();
      // The recommended profile since rules 2026.12.07 also holds the cookie switch (its own id, no
      // aria-labelledby) and a manual step, which never counts in the badge.
      for (const [url, keys] of [[GEN_AI, ['allowDataForGenerativeAI']], [RESEARCH, ['allowAnonymizedDataResearch']],
        [COOKIES, ['nonEssentialCookieConsent']], [ADS_HUB, ['shareDataWithTrustedPartners', 'allowLinkedInAudienceNetwork']]]) {
        const page = await session.open(url);
        await waitFor(`badge on ${url}`, async () => (await session.badge(page)).text !== '');
        for (const key of keys) await flipOff(page, key);
        if (url === ADS_HUB) {
          const badge = await badgeBecomes(session, page, '\u2713');
          assert.equal(badge.color, GREEN);
        }
        await page.close();
      }
      const everyOptOutDone = { 'gen-ai-training': 'done', 'affiliate-ads-sharing': 'done', 'ads-beyond-linkedin': 'done', research: 'done',
        'non-essential-cookies': 'done' };
      assert.deepEqual(remembered(machine), everyOptOutDone, 'the host remembers every opt-out as done');
      assertNothingPersonal(machine);
      const popup = await session.popup();
      if (name === 'chromium') {
        assert.deepEqual(popup.items, { ...everyOptOutDone, 'non-generative-ai-objection': 'manual' });
      } else {
        assert.match(popup.title, /Every opt-out is done/);
      }
    });

    it('7. what was seen survives a browser restart', async () => {
      await fresh();
      const page = await session.open(GEN_AI);
      await badgeBecomes(session, page, '1');
      await session.close();
      assert.deepEqual(remembered(machine), { 'gen-ai-training': 'pending' }, 'the host wrote what was seen');
      session = await sessions[name].launch(machine, replica);
      const popup = await session.popup();
      if (name === 'chromium') {
        assert.equal(popup.items['gen-ai-training'], 'pending');
        assert.equal(popup.items.research, 'unseen');
      } else {
        assert.match(popup.title, /1 opt-out\(s\) still to turn off/);
      }
    });

    it('6. with the host missing, the badge shows "!" and the popup explains how to install it', async () => {
      await session.close();
      machine.uninstall();
      session = await sessions[name].launch(machine, replica);
      const page = await session.open(GEN_AI);
      const badge = await badgeBecomes(session, page, '!');
      assert.equal(badge.color, HOST_PROBLEM);
      const popup = await session.popup();
      if (name === 'chromium') {
        assert.equal(popup.hostMissing, true);
        assert.match(popup.text, /scripts\/install\.sh/);
      } else {
        assert.match(popup.title, /cannot reach its native host/);
      }
      await page.close();
    });
  });
}
