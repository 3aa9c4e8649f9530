// The whole loop a user relies on, in real headless Chromium and Firefox ESR: a LinkedIn settings
// page (a local replica) opens, the content script reads it, the real host answers through native
// messaging, and the badge and popup show the truth.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { badgeBecomes, browserWorld, remembered, sessions, waitFor } from './harness.mjs';

const LINKEDIN = 'https://www.linkedin.com';
const GEN_AI = `${LINKEDIN}/mypreferences/d/settings/data-for-ai-improvement`;
const RESEARCH = `${LINKEDIN}/mypreferences/d/settings/policy-and-academic-research`;
const ADS_HUB = `${LINKEDIN}/mypreferences/d/categories/ads`;
const PRIVACY_HUB = `${LINKEDIN}/mypreferences/d/categories/privacy`;
const COOKIES = `${LINKEDIN}/mypreferences/d/member-cookies`;
const RED = '#C5221F';
const GREEN = '#188038';
const GREY = '#5F6368';
const HOST_PROBLEM = '#E37400';

const browsers = (process.env.OPTOUT_E2E_BROWSERS || 'chromium,firefox').split(',');

function assertNothingPersonal(machine) {
  const text = machine.stateFile();
  for (const word of ['Jane', 'Example', 'Acme', 'jane@example.com', 'Widget']) {
    assert.ok(!text.includes(word), `the state file holds nothing from the page's header (${word})`);
  }
}

// Clicks a switch off as the user does, and waits until the host's verdict has marked it done. A
// switch is labelled by the element with its key, or (the cookie switch) carries the key as its id.
async function flipOff(page, key) {
  const selector = `input:is([aria-labelledby="${key}"], #${key})`;
  await page.click(selector);
  await waitFor(`${key} marked done`, () => page.$(`${selector}[data-optout-guard="done"]`));
}

for (const name of browsers) {
  describe(`${name}: the whole loop`, { concurrency: false }, () => {
    const world = browserWorld(name);

    it('8. shows no badge on a page that is not LinkedIn, and starts no host', async () => {
      const page = await world.session.open('https://example.org/');
      await new Promise((r) => setTimeout(r, 1500));  // time for a content script to run, if one wrongly did
      const badges = await world.session.badgesOnAllTabs();
      assert.ok(badges.length >= 1, 'the tabs were found');
      assert.deepEqual(badges.filter(Boolean), [], 'no tab has a badge');
      assert.deepEqual(world.machine.hostStarts(), [], 'no host process was started');
      assert.ok(page.url().startsWith('https://example.org/'));
    });

    it('1. the generative-AI page with its toggle on: a red count, and the toggle outlined', async () => {
      world.fresh();
      const page = await world.session.open(GEN_AI);
      const badge = await badgeBecomes(world.session, page, '1');
      assert.equal(badge.color, RED);
      await waitFor('the pending toggle marked', () => page.$('input[aria-labelledby="allowDataForGenerativeAI"][data-optout-guard="pending"]'));
      assert.equal(world.machine.hostStarts().length, 1, 'one host process for the port');
      await page.close();
    });

    it('2. turning it off in the page updates the badge without a reload', async () => {
      world.fresh();
      const page = await world.session.open(GEN_AI);
      await badgeBecomes(world.session, page, '1');
      await flipOff(page, 'allowDataForGenerativeAI');
      const badge = await badgeBecomes(world.session, page, '?');  // done here; other opt-outs not seen yet
      assert.equal(badge.color, GREY);
      assert.deepEqual(remembered(world.machine), { 'gen-ai-training': 'done' });
      await page.close();
    });

    it('4. a page in a language the rules do not know is grey, never done', async () => {
      world.fresh();
      world.replica.settings.allowDataForGenerativeAI = false;  // off, but in Polish: it must not count as done
      const page = await world.session.open(`${GEN_AI}?lang=pl`);
      const badge = await badgeBecomes(world.session, page, '?');
      assert.equal(badge.color, GREY);
      assert.ok(!world.machine.stateFile().includes('gen-ai-training'), 'nothing was remembered as done');
      await page.close();
    });

    it('5. a navigation inside the single-page app, from the hub to a setting, is read', async () => {
      world.fresh();
      const page = await world.session.open(PRIVACY_HUB);
      await badgeBecomes(world.session, page, '?');
      await page.click('a[data-path="/mypreferences/d/settings/data-for-ai-improvement"]');
      await waitFor('the address changed by pushState', () => page.url().startsWith(GEN_AI));
      const badge = await badgeBecomes(world.session, page, '1');
      assert.equal(badge.color, RED);
      await page.close();
    });

    it('3. with every opt-out of the profile off across the pages, the badge is done and the popup agrees', async () => {
      world.fresh();
      for (const [url, keys] of [[GEN_AI, ['allowDataForGenerativeAI']], [RESEARCH, ['allowAnonymizedDataResearch']],
        [COOKIES, ['nonEssentialCookieConsent']], [ADS_HUB, ['shareDataWithTrustedPartners', 'allowLinkedInAudienceNetwork']]]) {
        const page = await world.session.open(url);
        await waitFor(`badge on ${url}`, async () => (await world.session.badge(page)).text !== '');
        for (const key of keys) await flipOff(page, key);
        if (url === ADS_HUB) {
          const badge = await badgeBecomes(world.session, page, '\u2713');
          assert.equal(badge.color, GREEN);
        }
        await page.close();
      }
      const everyOptOutDone = { 'gen-ai-training': 'done', 'affiliate-ads-sharing': 'done', 'ads-beyond-linkedin': 'done', research: 'done',
        'non-essential-cookies': 'done' };
      assert.deepEqual(remembered(world.machine), everyOptOutDone, 'the host remembers every opt-out as done');
      assertNothingPersonal(world.machine);
      const popup = await world.session.popup();
      if (name === 'chromium') {
        // The objection form is a step by hand: listed as manual, never counted by the badge.
        assert.deepEqual(popup.items, { ...everyOptOutDone, 'non-generative-ai-objection': 'manual' });
      } else {
        assert.match(popup.title, /Every opt-out is done\. 1 step\(s\) to do by hand\./);
      }
    });

    it('7. what was seen survives a browser restart', async () => {
      world.fresh();
      const page = await world.session.open(GEN_AI);
      await badgeBecomes(world.session, page, '1');
      await world.session.close();
      assert.deepEqual(remembered(world.machine), { 'gen-ai-training': 'pending' }, 'the host wrote what was seen');
      world.session = await sessions[name].launch(world.machine, world.replica);
      const popup = await world.session.popup();
      if (name === 'chromium') {
        assert.equal(popup.items['gen-ai-training'], 'pending');
        assert.equal(popup.items.research, 'unseen');
      } else {
        assert.match(popup.title, /1 opt-out\(s\) still to turn off/);
      }
    });

    it('6. with the host missing, the badge shows "!" and the popup explains how to install it', async () => {
      await world.session.close();
      world.machine.uninstall();
      world.session = await sessions[name].launch(world.machine, world.replica);
      const page = await world.session.open(GEN_AI);
      const badge = await badgeBecomes(world.session, page, '!');
      assert.equal(badge.color, HOST_PROBLEM);
      const popup = await world.session.popup();
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
