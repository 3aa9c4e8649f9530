// The popup explains itself: plurals from Intl.PluralRules in every locale, each state in words
// with a symbol and its meaning, when each item was last checked, "Show me on the page" on a
// LinkedIn settings tab, no accessibility violation (axe-core); the options page's mark option.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { extensionPage, pageWithReader, source } from './load.js';

const require = createRequire(import.meta.url);
const SETTINGS_TAB = { id: 7, url: 'https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement', active: true };
const item = (rule, state, seen = state === 'unseen' ? null : '2026-11-23T13:05:09Z') => ({
  rule, title: `Title of ${rule}`, why: `Why ${rule} matters`, category: 'ads',
  link: `https://www.linkedin.com/mypreferences/d/settings/${rule}`, state, seen,
});
const statusReply = (items) => ({
  type: 'status',
  status: { type: 'status', profile: 'recommended', rules_version: '2026.11.23', items, badge: { text: '1', color: '#C5221F', state: 'pending' } },
  host: { state: 'connected', version: '0.1.0', rules: { version: '2026.11.23', count: 11 } },
});
const popup = (items, options = {}) => extensionPage('popup/popup.html', { answer: () => statusReply(items), ...options });
const summary = (page) => page.document.getElementById('summary').textContent;

describe('the popup explains itself', () => {
  it('says "1 opt-out" and "2 opt-outs", never "opt-out(s)"', async () => {
    assert.equal(summary(await popup([item('a', 'pending')])), '1 opt-out still to turn off.');
    assert.equal(summary(await popup([item('a', 'pending'), item('b', 'pending')])), '2 opt-outs still to turn off.');
    assert.equal(summary(await popup([item('a', 'done'), item('b', 'unseen')])), 'Nothing pending seen; 1 setting not checked yet.');
  });

  it('picks the plural form of the UI language (French says "0 paramètre", as one)', async () => {
    assert.equal(summary(await popup([item('a', 'pending')], { language: 'de' })), 'Noch 1 Einstellung auszuschalten.');
    assert.equal(summary(await popup([item('a', 'pending'), item('b', 'pending')], { language: 'de' })), 'Noch 2 Einstellungen auszuschalten.');
    assert.equal(new Intl.PluralRules('fr').select(0), 'one');
  });

  it('every locale has a _one and an _other form of every counted message, with the count in both', () => {
    const locales = readdirSync(fileURLToPath(new URL('../../extension/_locales', import.meta.url)));
    for (const locale of locales) {
      const messages = JSON.parse(source(`_locales/${locale}/messages.json`));
      for (const key of ['summaryPending', 'summaryUnseen', 'badgePending']) {
        for (const form of ['one', 'other']) assert.match(messages[`${key}_${form}`].message, /\$1/, `${locale} ${key}_${form}`);
        assert.equal(messages[key], undefined, `${locale}: no "(s)" message left (${key})`);
      }
      assert.ok(!JSON.stringify(messages).includes('(s)'), `${locale}: no "(s)"`);
    }
  });

  it('names each state in words with a symbol, says what it means, and when it was last checked', async () => {
    const { document } = await popup([item('a', 'pending'), item('b', 'done'), item('c', 'unseen')]);
    const rows = [...document.querySelectorAll('#checklist li')];
    const symbols = rows.map((li) => li.querySelector('.symbol'));
    assert.deepEqual(symbols.map((s) => s.textContent), ['\u2717', '\u2713', '?']);
    assert.ok(symbols.every((s) => s.getAttribute('aria-hidden') === 'true'), 'screen readers read the word, not the symbol');
    assert.deepEqual(rows.map((li) => li.querySelector('.state').textContent), ['on: turn it off', 'off: done', 'not checked yet']);
    assert.match(rows[0].querySelector('.meaning').textContent, /switch is on/);
    assert.match(rows[1].querySelector('.meaning').textContent, /Nothing to do/);
    assert.match(rows[2].querySelector('.meaning').textContent, /open its page once/);
    const time = rows[0].querySelector('.checked time');
    assert.equal(time.getAttribute('datetime'), '2026-11-23T13:05:09.000Z');
    assert.match(rows[0].querySelector('.checked').textContent, /^Last checked .*2026/);
    assert.equal(rows[2].querySelector('.checked').textContent, 'Never checked');
  });

  it('has no accessibility violations (axe-core)', async () => {
    const page = await popup([item('a', 'pending'), item('b', 'done'), item('c', 'unseen')], { tabs: [SETTINGS_TAB] });
    page.dom.window.eval(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    // jsdom computes no layout or colours: axe's colour-contrast rule cannot run there.
    const results = await page.dom.window.axe.run(page.document, { rules: { 'color-contrast': { enabled: false } } });
    assert.deepEqual([...results.violations].map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(', ')}`), []);
    assert.ok(results.passes.length > 10, 'axe checked the page');
  });

  it('the accessibility check finds a violation when there is one (so the test above can fail)', async () => {
    const page = await popup([item('a', 'pending')]);
    page.dom.window.eval(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    page.document.getElementById('show-on-page').textContent = '';
    page.document.getElementById('show-on-page').hidden = false;
    const results = await page.dom.window.axe.run(page.document, { rules: { 'color-contrast': { enabled: false } } });
    assert.ok(results.violations.some((v) => v.id === 'button-name'));
  });

  it('offers "Show me on the page" on a LinkedIn settings tab, asks that tab, and says what happened', async () => {
    const page = await popup([item('a', 'pending')], { tabs: [SETTINGS_TAB], tabAnswer: () => ({ shown: true }) });
    const button = page.document.getElementById('show-on-page');
    assert.equal(button.hidden, false);
    assert.equal(button.textContent, 'Show me on the page');
    button.click();
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(page.sent.at(-1), { tabId: 7, kind: 'show-pending' });
    assert.match(page.document.getElementById('show-on-page-result').textContent, /press Esc/);
  });

  it('hides "Show me on the page" elsewhere (a tab whose address it cannot see, or the feed)', async () => {
    for (const tab of [{ id: 3, active: true }, { id: 4, url: 'https://www.linkedin.com/feed/', active: true }]) {
      const page = await popup([item('a', 'pending')], { tabs: [tab] });
      assert.equal(page.document.getElementById('show-on-page').hidden, true);
    }
  });

  it('offers "Show me on the page" on exactly the addresses where the content script reads', async () => {
    const addresses = ['https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement', 'https://www.linkedin.com/psettings/data-sharing',
      'https://www.linkedin.com/mypreferences/m/categories/privacy?x=1', 'https://www.linkedin.com/feed/', 'https://www.linkedin.com/mypreferencesx/',
      'https://www.linkedin.com/in/mypreferences/', 'https://www.linkedin.com.example/mypreferences/d/', 'http://www.linkedin.com/psettings/x'];
    const offered = [];
    const read = [];
    for (const [index, url] of addresses.entries()) {
      const page = await popup([item('a', 'pending')], { tabs: [{ id: 7, url, active: true }] });
      if (!page.document.getElementById('show-on-page').hidden) offered.push(url);
      const reader = pageWithReader('<!doctype html><html><body></body></html>', url).window.OptOutGuard.content;
      if (reader.isSettingsPath(new URL(url).pathname) && url.startsWith('https://www.linkedin.com/')) read.push(url);
      assert.ok(index < 3 ? offered.includes(url) : !offered.includes(url), `${url}: offered ${offered.includes(url)}`);
    }
    assert.deepEqual(offered, read);
  });

  it('uses the system colours in light and dark mode', () => {
    const css = source('common/page.css');
    assert.match(css, /color-scheme: light dark/);
    assert.match(css, /@media \(prefers-color-scheme: dark\)/);
    assert.ok(!/#[0-9a-f]{3,6}/i.test(source('popup/popup.css')), 'the popup takes its colours from page.css variables only');
  });
});

describe('the options page: marks', () => {
  it('"Always mark pending switches" is off by default, stored when chosen, and says what a mark reveals', async () => {
    const page = await extensionPage('options/options.html');
    const box = page.document.getElementById('always-mark');
    assert.equal(box.checked, false);
    box.click();
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(page.storage.alwaysMark, true);
    assert.match(page.document.getElementById('marks-reveal').textContent, /LinkedIn's scripts can see it/);
    const again = await extensionPage('options/options.html', { storage: { alwaysMark: true } });
    assert.equal(again.document.getElementById('always-mark').checked, true);
  });
});
