// The popup and the options page, run from their HTML with a fake background behind them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { extensionPage } from './load.js';

const item = (rule, state, link = `https://www.linkedin.com/mypreferences/d/settings/${rule}`) => ({
  rule, title: `Title of ${rule}`, why: `Why ${rule} matters`, category: 'ads', link, state, seen: state === 'unseen' ? null : '2026-11-23T13:05:09Z',
});
const statusReply = (items, page = null) => ({
  type: 'status',
  status: { type: 'status', profile: 'recommended', rules_version: '2026.11.23', items, badge: { text: '1', color: '#C5221F', state: 'pending' } },
  host: { state: 'connected', version: '0.1.0', rules: { version: '2026.11.23', offered: 'same' } },
  page,
});
const english = JSON.parse(readFileSync(new URL('../../extension/_locales/en/messages.json', import.meta.url)));
const en = (key, ...subs) => english[key].message.replace(/\$(\d)/g, (_, n) => subs[n - 1]);
const stateLine = (document, rule) => document.querySelector(`li[data-rule="${rule}"] .state`).textContent;
// What the background keeps of a tab's settings page (background.js, rememberPage).
const tabPage = (toggles, page) => ({ path: '/mypreferences/d/settings/linkedin-promotions', toggles, page, unknown: [] });

describe('the popup', () => {
  it('lists every rule of the profile with its state, why it matters and a link to its page', async () => {
    const items = [item('gen-ai-training', 'done'), item('affiliate-ads-sharing', 'pending'), item('research', 'unseen')];
    const { document, sent } = await extensionPage('popup/popup.html', { answer: () => statusReply(items), query: '?tab=4' });
    assert.deepEqual(sent, [{ kind: 'get-status', tabId: 4 }], 'asks for its tab (?tab=4)');
    const rows = [...document.querySelectorAll('#checklist li')];
    assert.deepEqual(rows.map((li) => [li.dataset.rule, li.dataset.state]),
      [['gen-ai-training', 'done'], ['affiliate-ads-sharing', 'pending'], ['research', 'unseen']]);
    assert.ok(rows[1].textContent.includes('Why affiliate-ads-sharing matters'));
    assert.equal(rows[1].querySelector('a').href, 'https://www.linkedin.com/mypreferences/d/settings/affiliate-ads-sharing');
    assert.equal(document.getElementById('summary').textContent, '1 opt-out still to turn off.');
    assert.equal(document.getElementById('summary').getAttribute('aria-live'), 'polite');
    assert.equal(document.getElementById('versions').textContent, 'Host 0.1.0 · rules 2026.11.23');
    assert.equal(document.getElementById('host-missing').hidden, true);
    assert.equal(document.documentElement.lang, 'en-GB');
  });

  it('opens the next pending setting, else the next one not yet seen', async () => {
    const items = [item('gen-ai-training', 'done'), item('research', 'unseen'), item('ads-beyond-linkedin', 'pending')];
    const { document, opened } = await extensionPage('popup/popup.html', { answer: () => statusReply(items) });
    const button = document.getElementById('next-pending');
    assert.equal(button.hidden, false);
    button.click();
    assert.equal(opened[0][0], 'https://www.linkedin.com/mypreferences/d/settings/ads-beyond-linkedin');

    const { document: allDone } = await extensionPage('popup/popup.html', { answer: () => statusReply([item('gen-ai-training', 'done')]) });
    assert.equal(allDone.getElementById('next-pending').hidden, true);
    assert.equal(allDone.getElementById('summary').textContent, 'Every opt-out is done.');
  });

  it('shows every state the host sends, with its reason, in words', async () => {
    const items = [item('a', 'pending'), item('b', 'done'), item('c', 'unseen'),
      { ...item('d', 'check-again'), check_reason: 'age', seen: '2026-01-02T10:00:00Z' }, { ...item('e', 'check-again'), check_reason: 'rules-changed' },
      { ...item('f', 'manual'), marked: null, seen: null }, { ...item('g', 'manual'), marked: '2026-11-30T08:00:00Z', seen: null }];
    const { document } = await extensionPage('popup/popup.html', { answer: () => statusReply(items) });
    const date = (iso) => new Date(iso).toLocaleDateString('en-GB');
    assert.equal(stateLine(document, 'a'), en('statePending'));
    assert.equal(stateLine(document, 'b'), en('stateDone'));
    assert.equal(stateLine(document, 'c'), en('stateUnseen'));
    assert.equal(stateLine(document, 'd'), en('stateCheckAgainAge', date('2026-01-02T10:00:00Z')));
    assert.equal(stateLine(document, 'e'), en('stateCheckAgainRules'));
    assert.equal(stateLine(document, 'f'), en('stateManual'));
    assert.equal(stateLine(document, 'g'), en('stateManualMarked', date('2026-11-30T08:00:00Z')));
    assert.deepEqual([...document.querySelectorAll('li[data-state="check-again"]')].map((li) => li.dataset.reason), ['age', 'rules-changed']);
    assert.ok(document.querySelector('li[data-rule="d"] a').href.endsWith('/settings/d'), 'check again: the page to visit');
    assert.equal(document.getElementById('summary').textContent, `${en('summaryPending_one', '1')} ${en('summaryManual_one', '1')}`);
  });

  it('shows a rule this tab could not read as unknown, with each reason', async () => {
    const items = [item('a', 'done'), item('b', 'pending'), item('c', 'unseen'), item('d', 'unseen')];
    const page = { ...tabPage([], { kind: 'setting', rules: ['a', 'b', 'c'], unmatched: 0, changed: false }),
      unknown: [{ rule: 'a', reason: 'language' }, { rule: 'b', reason: 'missing' }, { rule: 'c', reason: 'ambiguous' }] };
    const { document } = await extensionPage('popup/popup.html', { answer: () => statusReply(items, page) });
    assert.deepEqual([...document.querySelectorAll('li')].map((li) => [li.dataset.rule, li.dataset.state, li.dataset.reason]),
      [['a', 'unknown', 'language'], ['b', 'unknown', 'missing'], ['c', 'unknown', 'ambiguous'], ['d', 'unseen', undefined]]);
    assert.equal(stateLine(document, 'a'), en('stateUnknownLanguage'));
    assert.equal(stateLine(document, 'b'), en('stateUnknownMissing'));
    assert.equal(stateLine(document, 'c'), en('stateUnknownAmbiguous'));
    assert.equal(document.getElementById('page-changed').hidden, true);
  });

  it('marks a manual step done with "I have done this", undoes it with "Not done yet", and shows the new state', async () => {
    let marked = null;
    const { document, sent } = await extensionPage('popup/popup.html', {
      answer: (m) => {
        if (m.kind === 'mark') { marked = m.done ? '2026-12-07T05:00:00Z' : null; return { type: 'marked', rule: m.rule, done: m.done }; }
        return statusReply([{ ...item('objection-form', 'manual'), marked, seen: null }]);
      },
    });
    const button = document.querySelector('li[data-rule="objection-form"] button');
    assert.equal(button.textContent, en('markDone'));
    button.click();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(sent.filter((m) => m.kind === 'mark'), [{ kind: 'mark', rule: 'objection-form', done: true }]);
    const undo = document.querySelector('li[data-rule="objection-form"] button');
    assert.equal(undo.textContent, en('markUndone'));
    assert.match(stateLine(document, 'objection-form'), /^you marked it done on /);
    undo.click();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(sent.filter((m) => m.kind === 'mark').at(-1), { kind: 'mark', rule: 'objection-form', done: false });
    assert.equal(stateLine(document, 'objection-form'), en('stateManual'));
  });

  for (const [what, page] of [
    ['the host says the page changed', { kind: 'setting', rules: ['marketing-promotions'], unmatched: 1, changed: true }],
    ['no switch on a known settings page matched', { kind: 'setting', rules: ['marketing-promotions'], unmatched: 2, changed: false }],
  ]) {
    it(`says the page changed, with a copyable redacted description, when ${what}`, async () => {
      const toggles = [{ key: 'tipsByMail', on: false, label: 'Tips "and" offers' }, { key: 'marketingAdsV2', on: true, label: 'Marketing ads' }];
      const { document, sent } = await extensionPage('popup/popup.html', { answer: () => statusReply([item('a', 'unseen')], tabPage(toggles, page)) });
      const section = document.getElementById('page-changed');
      assert.equal(section.hidden, false);
      assert.equal(section.querySelector('h2').textContent, 'This page changed; Opt-Out Guard may need an update.');
      assert.equal(document.getElementById('page-description').value, [
        'Opt-Out Guard: /mypreferences/d/settings/linkedin-promotions',
        '- tipsByMail: off: "Tips \\"and\\" offers"',
        '- marketingAdsV2: on: "Marketing ads"'].join('\n'));
      let copied = null;
      Object.defineProperty(document.defaultView.navigator, 'clipboard', { value: { writeText: async (text) => { copied = text; } } });
      document.getElementById('copy-description').click();
      await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(copied, document.getElementById('page-description').value);
      assert.equal(document.getElementById('copy-result').textContent, 'Copied.');
      assert.deepEqual(sent.map((m) => m.kind), ['get-status'], 'nothing is sent anywhere');
    });
  }

  it('says nothing of a change when some switches matched', async () => {
    const toggles = [{ key: 'a', on: false, label: 'x' }, { key: 'b', on: true, label: 'y' }];
    const { document } = await extensionPage('popup/popup.html', {
      answer: () => statusReply([item('a', 'unseen')], tabPage(toggles, { kind: 'setting', rules: [], unmatched: 1, changed: false })) });
    assert.equal(document.getElementById('page-changed').hidden, true);
  });

  it('shows the rules version in use as the host reports it', async () => {
    const reply = statusReply([item('a', 'done')]);
    reply.status.rules_version = '2026.12.07';
    reply.host.rules = { version: '2026.12.07', offered: 'newer' };
    const { document } = await extensionPage('popup/popup.html', { answer: () => reply });
    assert.equal(document.getElementById('versions').textContent, 'Host 0.1.0 · rules 2026.12.07');
  });

  it('makes no link of a rule link that is not a LinkedIn address', async () => {
    const items = [item('gen-ai-training', 'pending', 'javascript:alert(1)'), item('research', 'pending', 'https://evil.example/')];
    const { document } = await extensionPage('popup/popup.html', { answer: () => statusReply(items) });
    assert.equal(document.querySelectorAll('#checklist a').length, 0);
    assert.equal(document.getElementById('next-pending').hidden, true);
  });

  it('explains how to install the host when it is missing', async () => {
    const { document } = await extensionPage('popup/popup.html', {
      answer: () => ({ type: 'error', code: 'missing', message: 'Specified native messaging host not found.' }),
    });
    const panel = document.getElementById('host-missing');
    assert.equal(panel.hidden, false);
    assert.ok(panel.textContent.includes('scripts/install.sh'));
    assert.ok(panel.textContent.includes('Specified native messaging host not found.'));
    assert.equal(document.querySelectorAll('#checklist li').length, 0);
  });

  it('shows a host error without the install panel when the host is there but failed', async () => {
    const { document } = await extensionPage('popup/popup.html', {
      answer: () => ({ type: 'error', code: 'state_unavailable', message: 'disk full' }),
    });
    assert.equal(document.getElementById('host-missing').hidden, true);
    assert.equal(document.getElementById('summary').textContent, 'Something went wrong: disk full');
  });
});

// axe-core's rules over the pages as rendered, every popup state and the changed-page panel shown
// (colour contrast needs layout, which jsdom has not: it is left out).
async function accessibilityViolations(dom) {
  dom.window.eval(readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8'));
  const result = await dom.window.axe.run(dom.window.document, { rules: { 'color-contrast': { enabled: false } } });
  return Array.from(result.violations, (violation) => `${violation.id}: ${Array.from(violation.nodes, (node) => node.html).join(', ')}`);
}

describe('accessibility', () => {
  it('the popup, with every state and a changed page, breaks no axe-core rule', async () => {
    const items = [item('a', 'pending'), item('b', 'done'), item('c', 'unseen'), { ...item('d', 'check-again'), check_reason: 'age' },
      { ...item('e', 'manual'), marked: null }, { ...item('f', 'manual'), marked: '2026-11-30T08:00:00Z' }, item('g', 'unseen')];
    const page = { ...tabPage([{ key: 'x', on: true, label: 'y' }], { kind: 'setting', rules: ['g'], unmatched: 1, changed: true }),
      unknown: [{ rule: 'g', reason: 'missing' }] };
    const { dom, document } = await extensionPage('popup/popup.html', { answer: () => statusReply(items, page) });
    assert.equal(document.getElementById('page-changed').hidden, false);
    assert.deepEqual(await accessibilityViolations(dom), []);
  });

  it('the options page breaks no axe-core rule', async () => {
    const { dom } = await extensionPage('options/options.html');
    assert.deepEqual(await accessibilityViolations(dom), []);
  });
});

describe('the options page', () => {
  it('shows the stored profile, default recommended, and stores a new choice', async () => {
    const page = await extensionPage('options/options.html');
    const form = page.document.getElementById('profile-form');
    assert.equal(form.elements.profile.value, 'recommended');
    const strict = page.document.querySelector('input[value="strict"]');
    strict.click();
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(page.storage.profile, 'strict');
    const again = await extensionPage('options/options.html', { storage: { profile: 'essential' } });
    assert.equal(again.document.getElementById('profile-form').elements.profile.value, 'essential');
  });

  it('every profile has a label and a sentence, and the page says what is read', async () => {
    const { document } = await extensionPage('options/options.html');
    for (const profile of ['essential', 'recommended', 'strict']) {
      const label = document.querySelector(`input[value="${profile}"]`).closest('label');
      assert.ok(label.textContent.trim().length > 3, profile);
      assert.ok(label.parentElement.querySelector('.muted').textContent.length > 20, profile);
    }
    assert.match(document.body.textContent, /Nothing leaves your computer/);
    assert.match(document.body.textContent, /no names, no messages/);
  });

  it('shows the age after which to check again, 90 by default, and stores a valid new one only', async () => {
    const page = await extensionPage('options/options.html');
    const input = page.document.getElementById('check-after-days');
    assert.equal(input.value, '90');
    assert.ok(page.document.querySelector('label[for="check-after-days"]').textContent.length > 10);
    const change = async (value) => {
      input.value = value;
      input.dispatchEvent(new page.dom.window.Event('change', { bubbles: true }));
      await new Promise((resolve) => setTimeout(resolve, 10));
    };
    await change('30');
    assert.equal(page.storage.checkAfterDays, 30);
    assert.equal(page.storage.profile, undefined, 'the profile is left alone');
    assert.equal(page.document.getElementById('check-after-result').textContent, 'Saved.');
    for (const bad of ['0', '3651', '2.5', 'abc', '']) {
      await change(bad);
      assert.equal(page.storage.checkAfterDays, 30, bad);
      assert.equal(input.getAttribute('aria-invalid'), 'true');
      assert.equal(page.document.getElementById('check-after-result').textContent, 'Enter a whole number of days from 1 to 3650.');
    }
    const again = await extensionPage('options/options.html', { storage: { checkAfterDays: 365 } });
    assert.equal(again.document.getElementById('check-after-days').value, '365');
  });

  it('forgets what was seen through the background and says so', async () => {
    const { document, sent } = await extensionPage('options/options.html', {
      answer: (m) => (m.kind === 'forget' ? { type: 'forgotten', install: 'x', removed: true } : undefined),
    });
    document.getElementById('forget-all').click();
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(sent, [{ kind: 'forget' }]);
    assert.equal(document.getElementById('forget-result').textContent, 'Forgotten. Visit the settings pages again to check them.');
  });
});
