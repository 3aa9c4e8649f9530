// The content script running on replica pages: what it sends and when (load, a flip, an SPA
// navigation in and out of the settings), that it sleeps elsewhere, and that it marks a pending
// switch only when asked, removing every mark again, without touching a setting.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pageWithContentScript, settle } from './load.js';

const BASE = 'https://www.linkedin.com';
const SETTINGS = `${BASE}/mypreferences/d/settings/data-for-ai-improvement`;
const PAGE = `<!doctype html><html lang="en"><body><main>
  <h1>Data for Generative AI Improvement</h1>
  <p id="allowDataForGenerativeAI">Use my data for training content creation AI models</p>
  <input type="checkbox" role="switch" aria-labelledby="allowDataForGenerativeAI" checked>
  <h2>Other</h2>
  <input type="checkbox" id="other" aria-label="Something else">
</main></body></html>`;

const verdict = (pending, done = []) => ({ type: 'verdict', pending: pending.map((key) => ({ key })), done: done.map((key) => ({ key })),
  unknown: [], badge: { text: String(pending.length), state: 'pending' } });

describe('the content script', () => {
  it('sends the page once at load, and again only when a toggle flips', async () => {
    const { dom, sent } = pageWithContentScript(PAGE, SETTINGS);
    await settle();
    assert.equal(sent.length, 1);
    assert.equal(sent[0].kind, 'page-state');
    assert.equal(sent[0].state.url, SETTINGS);
    assert.equal(sent[0].state.toggles[0].on, true);

    dom.window.document.querySelector('main').append(dom.window.document.createElement('div'));  // a change that changes no toggle
    await settle();
    assert.equal(sent.length, 1, 'an unchanged state is not sent again');

    const toggle = dom.window.document.querySelector('[aria-labelledby="allowDataForGenerativeAI"]');
    toggle.click();
    toggle.click();
    toggle.click();
    await settle();
    assert.equal(sent.length, 2, 'several quick flips are sent once, debounced');
    assert.equal(sent[1].state.toggles[0].on, false);
  });

  it('sends the new page after a pushState navigation inside the app', async () => {
    const { dom, sent } = pageWithContentScript('<html lang="en"><body><main><h1>Data privacy</h1></main></body></html>',
      `${BASE}/mypreferences/d/categories/privacy`);
    await settle();
    assert.deepEqual(sent.map((m) => m.state.toggles.length), [0]);
    dom.window.history.pushState({}, '', '/mypreferences/d/settings/policy-and-academic-research');
    dom.window.document.querySelector('main').innerHTML = '<h1>Research</h1><p id="allowAnonymizedDataResearch">Use data for research</p>'
      + '<input type="checkbox" role="switch" aria-labelledby="allowAnonymizedDataResearch" checked>';
    await settle();
    assert.equal(sent.length, 2);
    assert.equal(sent[1].state.url, `${BASE}/mypreferences/d/settings/policy-and-academic-research`);
    assert.equal(sent[1].state.toggles[0].key, 'allowAnonymizedDataResearch');
  });

  it('reads nothing once the app navigates away from the settings, and says so once', async () => {
    const { dom, sent } = pageWithContentScript(PAGE, SETTINGS, () => verdict(['allowDataForGenerativeAI']));
    await settle();
    dom.window.history.pushState({}, '', '/feed/');
    dom.window.document.querySelector('main').innerHTML = '<h2>Jane Example</h2><input type="checkbox" aria-label="Follow Jane Example">';
    await settle();
    dom.window.document.querySelector('main').append('more feed');
    await settle();
    assert.deepEqual(sent.map((m) => m.kind), ['page-state', 'page-left']);
    assert.ok(!JSON.stringify(sent).includes('Jane'));
  });

  it('reports a flip at once, without waiting for the debounce', async () => {
    const { dom, sent } = pageWithContentScript(PAGE, SETTINGS, () => verdict(['allowDataForGenerativeAI']));
    await settle();
    dom.window.document.querySelector('[aria-labelledby="allowDataForGenerativeAI"]').click();
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(sent.length, 2);
    assert.equal(sent[1].state.toggles[0].on, false);
  });

  it('reports a burst of the app\'s own changes once, after the debounce, not on every change', async () => {
    const { dom, sent } = pageWithContentScript(PAGE, SETTINGS, () => verdict(['allowDataForGenerativeAI']));
    await settle();
    const toggle = dom.window.document.querySelector('[aria-labelledby="allowDataForGenerativeAI"]');
    for (let i = 0; i < 9; i++) {  // the app re-renders the switch nine times, 5 ms apart: it ends off
      toggle.toggleAttribute('checked');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(sent.length, 1, 'nothing is sent while the burst is still within the debounce');
    await settle();
    assert.equal(sent.length, 2, 'the whole burst is sent once');
    assert.equal(sent[1].state.toggles[0].on, false);
  });

  it('sleeps on a page that is not a setting: reads nothing, sends nothing, observes no mutation', async () => {
    const observers = [];
    const { dom, sent } = pageWithContentScript('<html lang="en"><body><main><h2>Jane Example</h2>'
      + '<input type="checkbox" aria-label="Follow Jane Example"></main></body></html>', `${BASE}/feed/`, () => undefined, {
      before: (window) => {
        const Real = window.MutationObserver;
        window.MutationObserver = class extends Real { constructor(fn) { super(fn); observers.push(this); } };
      },
    });
    for (let i = 0; i < 20; i++) dom.window.document.querySelector('main').append(dom.window.document.createElement('article'));
    dom.window.document.querySelector('input').click();
    await settle();
    assert.deepEqual(sent, []);
    assert.equal(observers.length, 0, 'no MutationObserver off the settings');
  });

  for (const [how, wake] of [
    ['popstate', (window) => window.dispatchEvent(new window.PopStateEvent('popstate'))],
    ["the background's url-changed message (tabs.onUpdated)", (window, deliver) => deliver({ kind: 'url-changed' })],
    ['the Navigation API', (window) => window.navigation.dispatchEvent(new window.Event('navigatesuccess'))],
  ]) {
    it(`wakes on a settings page entered from the feed by pushState, told by ${how}`, async () => {
      const { dom, sent, deliver } = pageWithContentScript('<html lang="en"><body><main><h2>Feed</h2></main></body></html>',
        `${BASE}/feed/`, () => verdict(['allowDataForGenerativeAI']), {
          before: (window) => { window.navigation = new window.EventTarget(); },
        });
      await settle();
      dom.window.history.pushState({}, '', '/mypreferences/d/settings/data-for-ai-improvement');
      wake(dom.window, deliver);
      dom.window.document.body.innerHTML = new dom.window.DOMParser().parseFromString(PAGE, 'text/html').body.innerHTML;
      await settle();
      assert.deepEqual(sent.map((m) => m.kind), ['page-state', 'page-state'].slice(0, sent.length));
      assert.equal(sent.at(-1).state.url, SETTINGS);
      assert.equal(sent.at(-1).state.toggles[0].key, 'allowDataForGenerativeAI');
    });
  }

  it('marks nothing on the page by default', async () => {
    const { dom } = pageWithContentScript(PAGE, SETTINGS, () => verdict(['allowDataForGenerativeAI'], ['other']));
    const before = dom.serialize();
    await settle();
    assert.equal(dom.serialize(), before);
  });

  it('shows the pending switch when asked: scrolls to it, focuses it, marks it, and changes nothing', async () => {
    const { dom, sent, deliver } = pageWithContentScript(PAGE, SETTINGS, () => verdict(['allowDataForGenerativeAI']));
    const scrolled = [];
    dom.window.Element.prototype.scrollIntoView = function () { scrolled.push(this); };
    await settle();
    const { document } = dom.window;
    const genAi = document.querySelector('[aria-labelledby="allowDataForGenerativeAI"]');
    assert.deepEqual(deliver({ kind: 'show-pending' }), { shown: true });
    assert.deepEqual(scrolled, [genAi]);
    assert.equal(document.activeElement, genAi, 'focus moves to the switch for keyboard users');
    assert.equal(genAi.hasAttribute('data-optout-guard-mark'), true);
    assert.equal(document.querySelectorAll('style').length, 1, 'the mark\'s style, injected only now');
    assert.equal(genAi.checked, true, 'the setting is left as it was');
    await settle();
    assert.equal(sent.length, 1, 'marking sends nothing');
  });

  for (const [how, act] of [
    ['the switch flips', (window) => window.document.querySelector('[aria-labelledby="allowDataForGenerativeAI"]').click()],
    ['the user presses Escape', (window) => window.document.dispatchEvent(new window.KeyboardEvent('keydown', { key: 'Escape' }))],
    ['the popup hides it', (window, deliver) => deliver({ kind: 'hide-marks' })],
    ['the app navigates to another page', (window) => { window.history.pushState({}, '', '/feed/'); window.dispatchEvent(new window.PopStateEvent('popstate')); }],
  ]) {
    it(`removes everything it wrote when ${how}`, async () => {
      const { dom, deliver } = pageWithContentScript(PAGE, SETTINGS, () => verdict(['allowDataForGenerativeAI']));
      dom.window.Element.prototype.scrollIntoView = () => {};
      await settle();
      const { document } = dom.window;
      const before = document.documentElement.outerHTML;
      deliver({ kind: 'show-pending' });
      assert.notEqual(document.documentElement.outerHTML, before);
      act(dom.window, deliver);
      await settle();
      assert.equal(document.documentElement.outerHTML, before);
    });
  }

  it('with "always mark" chosen, marks every pending switch without moving focus, and unmarks a flipped one', async () => {
    let answer = { ...verdict(['allowDataForGenerativeAI', 'other']), alwaysMark: true };
    const { dom } = pageWithContentScript(PAGE, SETTINGS, () => answer);
    await settle();
    const { document } = dom.window;
    const marked = () => [...document.querySelectorAll('[data-optout-guard-mark]')].map((e) => e.getAttribute('aria-labelledby') || e.id);
    assert.deepEqual(marked(), ['allowDataForGenerativeAI', 'other']);
    assert.equal(document.activeElement, document.body);
    answer = { ...verdict(['other'], ['allowDataForGenerativeAI']), alwaysMark: true };
    document.querySelector('[aria-labelledby="allowDataForGenerativeAI"]').click();
    await settle();
    assert.deepEqual(marked(), ['other']);
    assert.equal(document.querySelectorAll('style').length, 1);
  });

  it('has nothing to show when the background has no verdict (the host is missing)', async () => {
    const { dom, deliver } = pageWithContentScript(PAGE, SETTINGS,
      () => ({ type: 'error', code: 'missing', message: 'Specified native messaging host not found.' }));
    await settle();
    const before = dom.serialize();
    assert.deepEqual(deliver({ kind: 'show-pending' }), { shown: false });
    assert.equal(dom.serialize(), before);
  });
});
