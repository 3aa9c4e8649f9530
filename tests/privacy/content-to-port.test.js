// Privacy of the tool itself: a replica settings page full of personal data goes through the whole
// content script, the background's message routing and its native port; what reaches the port
// (the only thing that leaves the extension) holds none of the personal data.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backgroundContext, pageWithContentScript, settle, source } from '../extension/load.js';

const PERSONAL = ['Jane', 'Example', 'Acme', 'Widget Officer', 'salary', '123,456', '7946', '0958', 'jane@example.com',
  'example.com', 'secret-token', 'secret-cookie', 'li_at', 'Messaging', 'Hi Jane', 'session=', '#jane', 'Berlin', 'Connections'];

const replica = `<!doctype html><html lang="en"><head><title>Jane Q. Example | LinkedIn</title></head><body>
  <header><img alt="Jane Q. Example"><span class="name">Jane Q. Example</span>
    <span class="headline">Chief Widget Officer at Acme · Berlin</span><span>500+ Connections</span></header>
  <aside><h3>Messaging</h3>
    <p>Hi Jane, the salary offer is 123,456 — call me at +44 20 7946 0958</p>
    <a href="mailto:jane@example.com">jane@example.com</a>
    <input type="text" value="Jane's draft reply: my phone is +44 20 7946 0958"></aside>
  <main><h1>Data for Generative AI Improvement</h1>
    <p id="allowDataForGenerativeAI">Use my data for training content creation AI models</p>
    <input type="checkbox" role="switch" aria-labelledby="allowDataForGenerativeAI" checked>
  </main></body></html>`;
const url = 'https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement?session=secret-token#jane';

// A background wired to a fake native port that records every message posted to it.
function backgroundWithPort() {
  const posted = [];
  let listener;
  const listeners = { message: [], disconnect: [] };
  const port = {
    onMessage: { addListener: (f) => listeners.message.push(f) },
    onDisconnect: { addListener: (f) => listeners.disconnect.push(f) },
    postMessage: (message) => {
      posted.push(JSON.parse(JSON.stringify(message)));
      const reply = message.type === 'hello'
        ? { v: 1, id: message.id, type: 'hello', host: 'org.optoutguard.host', version: '0.1.0', protocol: 1, rules: { version: '2026.11.23', count: 11 } }
        : { v: 1, id: message.id, type: 'verdict', page: null, pending: [], done: [], unknown: [],
            badge: { text: '?', color: '#5F6368', state: 'unknown', title: 'Opt-Out Guard' } };
      setTimeout(() => listeners.message.forEach((f) => f(reply)), 1);
    },
    disconnect: () => {},
  };
  const noop = async () => {};
  const chrome = {
    runtime: {
      onMessage: { addListener: (f) => { listener = f; } },
      connectNative: () => port,
      lastError: undefined,
    },
    storage: { local: { get: async () => ({ install: 'install-privacy-1234' }), set: noop }, sync: { get: async () => ({}) } },
    i18n: { getMessage: () => '' },
    action: new Proxy({}, { get: () => noop }),
  };
  backgroundContext({ chrome }, JSON.parse(source('manifest.base.json')).background.scripts);  // as the manifest loads them
  const deliver = (message) => new Promise((resolve) => {
    if (!listener(message, { tab: { id: 7, url } }, resolve)) resolve(undefined);
  });
  return { posted, deliver };
}

describe('personal data on a LinkedIn page', () => {
  it('never reaches the native port', async () => {
    const { dom, sent } = pageWithContentScript(replica, url);
    dom.window.document.cookie = 'li_at=secret-cookie';
    await settle();
    assert.ok(sent.length > 0, 'the content script sent nothing: the test would prove nothing');

    const { posted, deliver } = backgroundWithPort();
    for (const message of sent) await deliver(message);
    const pagePosts = posted.filter((m) => m.type === 'page');
    assert.equal(pagePosts.length, 1, `expected one page request at the port: ${JSON.stringify(posted)}`);
    // The toggle itself did arrive: the pipe works, it just carries nothing personal.
    assert.equal(pagePosts[0].toggles[0].key, 'allowDataForGenerativeAI');

    for (const [where, text] of [['content script → background', JSON.stringify(sent)], ['background → port', JSON.stringify(posted)]]) {
      for (const personal of PERSONAL) assert.ok(!text.includes(personal), `${personal} crossed ${where}: ${text}`);
    }
    assert.equal(pagePosts[0].url, 'https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement');
    assert.deepEqual(Object.keys(pagePosts[0]).sort(), ['check_after_days', 'id', 'install', 'lang', 'profile', 'toggles', 'type', 'url', 'v']);
    assert.deepEqual(posted.map((m) => m.type).filter((type) => !['hello', 'page', 'offer-rules'].includes(type)), [], 'nothing else reaches the port');
  });
});
