// The content script running on replica pages: what it sends and when (load, a flip, an SPA
// navigation, leaving the settings), and how it marks the host's verdict without touching a setting.
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
    assert.equal(dom.window.document.querySelector('.optout-guard-jump'), null, 'no button left behind');
  });

  it('marks pending and done toggles by key, and drops marks a later verdict no longer gives', async () => {
    let answer = verdict(['allowDataForGenerativeAI'], ['other']);
    const { dom } = pageWithContentScript(PAGE, SETTINGS, () => answer);
    await settle();
    const { document } = dom.window;
    const genAi = document.querySelector('[aria-labelledby="allowDataForGenerativeAI"]');
    const other = document.getElementById('other');
    assert.equal(genAi.getAttribute('data-optout-guard'), 'pending');
    assert.equal(other.getAttribute('data-optout-guard'), 'done');

    answer = verdict([], ['allowDataForGenerativeAI']);
    genAi.click();
    await settle();
    assert.equal(genAi.getAttribute('data-optout-guard'), 'done');
    assert.equal(other.hasAttribute('data-optout-guard'), false);
    assert.equal(document.querySelector('.optout-guard-jump'), null, 'nothing pending: no button');
  });

  it('offers a localised button that scrolls to the first pending toggle and changes nothing', async () => {
    const { dom, sent } = pageWithContentScript(PAGE, SETTINGS, () => verdict(['allowDataForGenerativeAI']));
    const scrolled = [];
    dom.window.Element.prototype.scrollIntoView = function () { scrolled.push(this); };
    await settle();
    const { document } = dom.window;
    const button = document.querySelector('button.optout-guard-jump');
    assert.equal(button.textContent, 'msg:jumpToPending');
    assert.equal(button.type, 'button');
    const genAi = document.querySelector('[aria-labelledby="allowDataForGenerativeAI"]');
    button.click();
    assert.deepEqual(scrolled, [genAi]);
    assert.equal(document.activeElement, genAi, 'focus moves to the toggle for keyboard users');
    assert.equal(genAi.checked, true, 'the setting is left as it was');
    await settle();
    assert.equal(sent.length, 1, 'the button and the marks send nothing');
  });

  it('clears its marks when the background has no verdict (the host is missing)', async () => {
    let answer = verdict(['allowDataForGenerativeAI']);
    const { dom } = pageWithContentScript(PAGE, SETTINGS, () => answer);
    await settle();
    const genAi = dom.window.document.querySelector('[aria-labelledby="allowDataForGenerativeAI"]');
    assert.equal(genAi.getAttribute('data-optout-guard'), 'pending');
    answer = { type: 'error', code: 'missing', message: 'Specified native messaging host not found.' };
    genAi.click();
    await settle();
    assert.equal(genAi.hasAttribute('data-optout-guard'), false);
    assert.equal(dom.window.document.querySelector('.optout-guard-jump'), null);
  });
});
