// LinkedIn as it is today, in real headless Chromium and Firefox ESR (issue 13): a page with two
// switches whose labels collide, a page LinkedIn moved (under /mypreferences/s/, in de_DE), a switch
// whose label was renamed, the cookie switch known by its own id, and a page whose switches match
// nothing at all. The promise under test
// is the one Opt-Out Guard makes: never "done" for a switch that is on.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readContract } from '../../scripts/contract.mjs';
import { FIREFOX_ID, badgeBecomes, browserWorld, remembered, root, waitFor } from './harness.mjs';

const LINKEDIN = 'https://www.linkedin.com';
const PROMOTIONS = `${LINKEDIN}/mypreferences/d/settings/linkedin-promotions`;
const MOVED_PARTNERS = `${LINKEDIN}/mypreferences/s/settings/share-data-with-trusted-partners`;
const GEN_AI = `${LINKEDIN}/mypreferences/d/settings/data-for-ai-improvement`;
const COOKIES = `${LINKEDIN}/mypreferences/d/member-cookies`;
const colour = (state) => readContract().badge.states.find((b) => b.name === state).color;
const RED = colour('pending');
const GREY = colour('unknown');
// A label LinkedIn might rename the generative-AI switch to: it holds no word of any rule's matchers.
const RENAMED = 'Let LinkedIn improve its writing tools with what you post';
const CARRIED_RULES_VERSION = JSON.parse(readFileSync(join(root, 'rules', 'linkedin.json'), 'utf8')).version;

const browsers = (process.env.OPTOUT_E2E_BROWSERS || 'chromium,firefox').split(',');

// A switch by its key: labelled by the element with that id, or (the cookie switch) carrying it.
const switchOf = (key) => `input:is([aria-labelledby="${key}"], #${key})`;

// The host remembers the rule as pending and the badge is a red 1 (so no other switch on the page
// counts as pending); clicked off as the user does, the rule is remembered done. (The extension
// writes no marks into the page: what it concluded is read from the host's state and the badge.)
async function pendingThenDone(world, page, key, rule) {
  await waitFor(`${rule} remembered as pending`, () => remembered(world.machine)[rule] === 'pending');
  const badge = await badgeBecomes(world.session, page, '1');
  assert.equal(badge.color, RED);
  assert.equal(remembered(world.machine)[rule], 'pending', `${rule} remembered as pending, not done`);
  await page.click(switchOf(key));
  await waitFor(`${rule} remembered as done`, () => remembered(world.machine)[rule] === 'done');
}

// The strict profile, so every rule these pages hold is on the checklist: in Firefox through the
// managed-storage manifest an organisation would install (an unlocked default), before the launch;
// in Chromium as the options page stores the user's choice.
function strictForFirefox(machine) {
  const dir = join(machine.home, '.mozilla', 'managed-storage');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${FIREFOX_ID}.json`), JSON.stringify({ name: FIREFOX_ID, description: 'e2e', type: 'storage',
    data: { profile: 'strict' } }));
}

for (const name of browsers) {
  describe(`${name}: LinkedIn as it is today`, { concurrency: false }, () => {
    const world = browserWorld(name, {
      beforeLaunch: () => { if (name === 'firefox') strictForFirefox(world.machine); },
      afterLaunch: async () => { if (name === 'chromium') await world.session.setProfile('strict'); },
    });

    it("a. two switches, the neighbour's words collide with the rule's matcher, its own switch on: pending, never done", async () => {
      world.fresh();
      world.replica.settings.tipsForUsingLinkedinViaEmail = false;  // the neighbour, labelled "... LinkedIn promotions ...", is off
      world.replica.settings.allowProfileAndActivityDataForMarketingAds = true;  // the rule's own switch is on
      const page = await world.session.open(PROMOTIONS);
      // pendingThenDone's red 1: the rule's own switch is pending and the neighbour, off, is not.
      await pendingThenDone(world, page, 'allowProfileAndActivityDataForMarketingAds', 'marketing-promotions');
    });

    it('b. the page LinkedIn moved to /mypreferences/s/, in de_DE: the switch found by its id, pending, then done', async () => {
      world.fresh();
      const page = await world.session.open(`${MOVED_PARTNERS}?lang=de_DE`);
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'de_DE', 'the page says de_DE as LinkedIn does');
      await pendingThenDone(world, page, 'shareDataWithTrustedPartners', 'affiliate-ads-sharing');
    });

    it('c. a switch whose label LinkedIn renamed, its id unchanged: still pending, then done', async () => {
      world.fresh();
      world.replica.variant.labels.allowDataForGenerativeAI = { en: RENAMED };
      const page = await world.session.open(GEN_AI);
      assert.equal(await page.$eval('#allowDataForGenerativeAI', (p) => p.textContent), RENAMED);
      await pendingThenDone(world, page, 'allowDataForGenerativeAI', 'gen-ai-training');
    });

    it('e. the cookie switch, known by its own id (no aria-labelledby): pending, then done', async () => {
      world.fresh();
      const page = await world.session.open(COOKIES);
      await pendingThenDone(world, page, 'nonEssentialCookieConsent', 'non-essential-cookies');
    });

    // Firefox's extension pages are out of WebDriver BiDi's reach (docs/e2e.md): the popup's
    // button is pressed in Chromium.
    if (name === 'chromium') {
      it('f. a step by hand: the popup\'s "I have done this" marks it, the host remembers it, "Not done yet" undoes it', async () => {
        world.fresh();
        const popup = await world.session.openPopup();
        const item = 'li[data-rule="non-generative-ai-objection"]';
        await popup.waitForSelector(`${item}[data-state="manual"] button.mark-step`);
        await popup.click(`${item} button.mark-step`);
        await waitFor('the step remembered as done', () => remembered(world.machine)['non-generative-ai-objection'] === 'done');
        await waitFor('the popup shows it marked', () => popup.$eval(`${item} .state`, (state) => state.textContent.startsWith('you marked it done on')));
        await popup.click(`${item} button.mark-step`);  // now "Not done yet"
        await waitFor('the mark undone', () => !('non-generative-ai-objection' in remembered(world.machine)));
        await waitFor('the popup shows it to do', () => popup.$eval(`${item} .state`, (state) => state.textContent.startsWith('to do by hand')));
      });
    }

    it('d. a settings page whose switch matches nothing (id and label renamed), off: grey, never done; the popup (read in Chromium) says the page changed', async () => {
      world.fresh();
      world.replica.variant.labels.allowDataForGenerativeAI = { en: RENAMED };
      world.replica.variant.renamedIds.allowDataForGenerativeAI = 'allowDataForGenAIContentV2';
      world.replica.settings.allowDataForGenerativeAI = false;  // off: a wrong match would call it done
      const page = await world.session.open(GEN_AI);
      await page.waitForSelector(switchOf('allowDataForGenAIContentV2'));
      const badge = await badgeBecomes(world.session, page, '?');
      assert.equal(badge.color, GREY);
      assert.notEqual(remembered(world.machine)['gen-ai-training'], 'done', 'nothing remembered as done');
      if (name === 'chromium') {
        // Firefox's extension pages are out of WebDriver BiDi's reach (docs/e2e.md): the popup's
        // contents are read in Chromium, the badge and the state in both.
        const popup = await world.session.popup(page);
        assert.equal(popup.pageChanged, true);
        assert.match(popup.text, /This page changed; Opt-Out Guard may need an update\./);
        assert.equal(popup.description, [
          'Opt-Out Guard: /mypreferences/d/settings/data-for-ai-improvement',
          `- allowDataForGenAIContentV2: off: ${JSON.stringify(RENAMED)}`].join('\n'));
        assert.equal(popup.items['gen-ai-training'], 'unknown');
        assert.equal(popup.reasons['gen-ai-training'], 'missing');
        assert.match(popup.versions, new RegExp(`rules ${CARRIED_RULES_VERSION.replace(/\./g, '\\.')}$`), 'the rules version in use');
      }
    });
  });
}
