// What the extension refuses from the host and sends to it: a reply of the wrong type, a link off
// www.linkedin.com, a request over the host's 1,048,576-byte input cap (docs/protocol.md). Limits
// are written out as numbers here, never read from the implementation's own constants.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backgroundContext, fakeNativePort } from './load.js';

// URL as the browser provides it to every extension page and worker.
const { protocol, HostConnection } = backgroundContext({ URL }).OptOutGuard;

const HELLO = { v: 1, type: 'hello', host: 'org.optoutguard.host', version: '0.1.0', protocol: 1, rules: { version: 'r1', count: 11 } };
const VERDICT = { v: 1, type: 'verdict', page: null, pending: [], done: [], unknown: [], badge: { text: '?', color: '#5F6368', state: 'unknown', title: 't' } };

// A connection whose host greets, then answers every other request with `reply(message)`.
function connectionTo(reply) {
  const posted = [];
  const conn = new HostConnection({
    connectNative: () => fakeNativePort((message, port) => {
      posted.push(message);
      port.reply(message.type === 'hello' ? { ...HELLO, id: message.id } : { ...reply(message), id: message.id });
    }),
    now: () => 0,
    setTimeout: () => ({}),
    clearTimeout: () => {},
    lastError: () => undefined,
  });
  return { conn, posted };
}

describe('replies of the wrong type', () => {
  it('refuses a reply whose type is not the one its request is answered with', () => {
    const status = protocol.requests.status('install-1234', 'strict');
    assert.throws(() => protocol.checkReply(status, { v: 1, id: status.id, type: 'verdict' }), (e) => e.code === 'bad_reply');
    const page = protocol.requests.page('install-1234', 'strict', { url: 'u', lang: 'en', toggles: [] });
    assert.throws(() => protocol.checkReply(page, { v: 1, id: page.id, type: 'status' }), (e) => e.code === 'bad_reply');
    assert.throws(() => protocol.checkReply(page, { v: 1, id: page.id }), (e) => e.code === 'bad_reply');
    assert.equal(protocol.checkReply(page, { ...VERDICT, id: page.id }).type, 'verdict');
  });

  it('fails a status request the host answers with a verdict, rather than drawing the popup from it', async () => {
    const { conn } = connectionTo(() => VERDICT);
    await assert.rejects(conn.request(protocol.requests.status('install-1234', 'strict')), (e) => e.code === 'bad_reply');
  });
});

describe('links from the host', () => {
  it('opens only https://www.linkedin.com itself, not a look-alike host', () => {
    for (const link of ['https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement', 'https://www.linkedin.com/']) {
      assert.equal(protocol.isSettingsLink(link), true, link);
    }
    for (const link of ['https://evil-linkedin.com/mypreferences/d/settings/data-for-ai-improvement', 'https://linkedin.com/mypreferences',
      'https://evil.www.linkedin.com/mypreferences', 'https://www.linkedin.com.evil.example/mypreferences', 'https://wwwlinkedin.com/',
      'http://www.linkedin.com/mypreferences', 'https://user:pw@www.linkedin.com/mypreferences', 'https://user@www.linkedin.com/mypreferences',
      'https://:pw@www.linkedin.com/mypreferences', 'https://[www.linkedin.com/mypreferences', 'not a link', 'javascript:alert(1)//www.linkedin.com']) {
      assert.equal(protocol.isSettingsLink(link), false, link);
    }
  });
});

describe('the host input cap', () => {
  // A page request padded so its JSON is exactly `bytes` long on the wire.
  function pageOfSize(bytes) {
    const state = { url: 'https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement', lang: 'en',
      toggles: [{ key: 'k', label: '', on: true, section: '' }] };
    const request = protocol.requests.page('install-1234', 'strict', state);
    request.toggles[0].label = 'x'.repeat(bytes - protocol.encodedSize(request));
    assert.equal(protocol.encodedSize(request), bytes);
    return request;
  }

  it('sends a request of exactly 1,048,576 bytes and refuses one of 1,048,577 without sending it', async () => {
    const { conn, posted } = connectionTo(() => VERDICT);
    assert.equal((await conn.request(pageOfSize(1048576))).type, 'verdict');
    await assert.rejects(conn.request(pageOfSize(1048577)), (e) => e.code === 'too_large');
    assert.deepEqual(posted.map((m) => m.type), ['hello', 'page'], 'the oversize request never reaches the host');
  });
});
