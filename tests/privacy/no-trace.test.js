// No trace in LinkedIn's page by default: with default settings, everything LinkedIn's own scripts
// could read through the DOM or storage APIs is byte-identical before and after the content script
// read a settings page, got the host's verdict (a pending switch) and saw the user flip a switch.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pageWithContentScript, settle } from '../extension/load.js';

const SETTINGS = 'https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement';
const PAGE = `<!doctype html><html lang="en"><head><title>LinkedIn</title><style>main { color: #222 }</style></head>
<body><main><h1>Data for Generative AI Improvement</h1>
  <p id="allowDataForGenerativeAI">Use my data for training content creation AI models</p>
  <input type="checkbox" role="switch" aria-labelledby="allowDataForGenerativeAI" checked>
  <div role="switch" aria-checked="true" aria-label="Share data with partners" tabindex="0" id="partners"></div>
</main></body></html>`;

const verdict = { type: 'verdict', pending: [{ key: 'allowDataForGenerativeAI' }, { key: 'partners' }], done: [], unknown: [],
  badge: { text: '2', state: 'pending' } };

// What a page script can read about the document and its storage, as one string.
function observable(window) {
  const { document } = window;
  const sheets = (list) => Array.from(list || [], (sheet) => Array.from(sheet.cssRules, (rule) => rule.cssText).join('\n'));
  const storage = (area) => JSON.stringify(Object.fromEntries(Array.from({ length: area.length }, (_, i) => [area.key(i), area.getItem(area.key(i))])));
  return JSON.stringify({
    dom: new window.XMLSerializer().serializeToString(document),
    styleSheets: sheets(document.styleSheets),
    adoptedStyleSheets: sheets(document.adoptedStyleSheets),
    cookie: document.cookie,
    localStorage: storage(window.localStorage),
    sessionStorage: storage(window.sessionStorage),
    title: document.title,
  });
}

describe('no trace in LinkedIn\'s page', () => {
  it('leaves the DOM, stylesheets, cookies and web storage byte-identical while reading, and sends no postMessage', async () => {
    const messages = [];
    let before;
    const { dom, sent } = pageWithContentScript(PAGE, SETTINGS, () => verdict, {
      before: (window) => {
        window.document.cookie = 'li_theme=light';
        window.localStorage.setItem('page-key', '1');
        window.sessionStorage.setItem('page-session', '2');
        window.addEventListener('message', (event) => messages.push(event.data));
        before = observable(window);
      },
    });
    await settle();
    assert.equal(sent.length, 1, 'the page was read and sent');
    const { document } = dom.window;
    document.getElementById('partners').setAttribute('aria-checked', 'false');  // the app flips a switch
    document.querySelector('input').click();  // the user flips another
    await settle();
    assert.equal(sent.length, 2, 'the flips were read and sent');
    document.getElementById('partners').setAttribute('aria-checked', 'true');  // the app's own change, undone
    assert.equal(observable(dom.window), before);
    assert.deepEqual(messages, []);
  });

  it('the comparison sees a trace when there is one (so the test above can fail)', () => {
    const { dom } = pageWithContentScript(PAGE, SETTINGS);
    const before = observable(dom.window);
    dom.window.document.querySelector('input').setAttribute('data-x', '');
    assert.notEqual(observable(dom.window), before);
    dom.window.document.querySelector('input').removeAttribute('data-x');
    dom.window.localStorage.setItem('x', '1');
    assert.notEqual(observable(dom.window), before);
  });
});
