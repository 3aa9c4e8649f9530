// The popup and the options page, run from their HTML with a fake background behind them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extensionPage } from './load.js';

const item = (rule, state, link = `https://www.linkedin.com/mypreferences/d/settings/${rule}`) => ({
  rule, title: `Title of ${rule}`, why: `Why ${rule} matters`, category: 'ads', link, state, seen: state === 'unseen' ? null : '2026-11-23T13:05:09Z',
});
const statusReply = (items) => ({
  type: 'status',
  status: { type: 'status', profile: 'recommended', rules_version: '2026.11.23', items, badge: { text: '1', color: '#C5221F', state: 'pending' } },
  host: { state: 'connected', version: '0.1.0', rules: { version: '2026.11.23', count: 11 } },
});

describe('the popup', () => {
  it('lists every rule of the profile with its state, why it matters and a link to its page', async () => {
    const items = [item('gen-ai-training', 'done'), item('affiliate-ads-sharing', 'pending'), item('research', 'unseen')];
    const { document, sent } = await extensionPage('popup/popup.html', { answer: () => statusReply(items) });
    assert.deepEqual(sent, [{ kind: 'get-status' }]);
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

  it('forgets what was seen through the background and says so', async () => {
    const { document, sent } = await extensionPage('options/options.html', {
      answer: (m) => (m.kind === 'forget' ? { type: 'forgotten', install: 'x', removed: true } : undefined),
    });
    document.getElementById('forget').click();
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(sent, [{ kind: 'forget' }]);
    assert.equal(document.getElementById('forget-result').textContent, 'Forgotten. Visit the settings pages again to check them.');
  });
});
