// The background's port to the host and its badges, with a fake runtime port and a fake clock.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backgroundContext, fakeNativePort } from './load.js';

// A runtime whose ports answer like the host; `script` decides each reply.
function fakeRuntime(script) {
  const runtime = { connects: 0, posted: [], ports: [] };
  runtime.connectNative = (name) => {
    runtime.connects += 1;
    assert.equal(name, 'org.optoutguard.host');
    const port = fakeNativePort((message, self) => {
      runtime.posted.push(message);
      const reply = script(message, self);
      if (reply) self.reply(reply);
    });
    runtime.ports.push(port);
    return port;
  };
  return runtime;
}

const hostAnswers = (message) => ({
  hello: { v: 1, id: message.id, type: 'hello', host: 'org.optoutguard.host', version: '0.1.0', protocol: 1, rules: { version: 'r1', count: 11 } },
  rules: { v: 1, id: message.id, type: 'rules', version: 'r1', rules: [] },
  page: { v: 1, id: message.id, type: 'verdict', page: null, pending: [], done: [], unknown: [],
    badge: { text: '1', color: '#C5221F', state: 'pending', title: 't' } },
})[message.type];

function connection(runtime, clock = { now: 0 }) {
  const context = backgroundContext();
  const { HostConnection, protocol } = context.OptOutGuard;
  const timers = [];
  const conn = new HostConnection({
    connectNative: runtime.connectNative,
    now: () => clock.now,
    setTimeout: (fn, ms) => { const t = { fn, ms }; timers.push(t); return t; },
    clearTimeout: (t) => { t.cleared = true; },
    lastError: () => undefined,
  });
  return { conn, protocol, timers, clock };
}

describe('the port to the host', () => {
  it('opens one port lazily, says hello first, then reuses the port', async () => {
    const runtime = fakeRuntime(hostAnswers);
    const { conn, protocol } = connection(runtime);
    assert.equal(runtime.connects, 0, 'nothing is started before the first request');
    const state = { url: 'https://www.linkedin.com/x', lang: 'en', toggles: [] };
    const verdict = await conn.request(protocol.requests.page('install-1234', { profile: 'essential', checkAfterDays: 90 }, state));
    assert.equal(verdict.type, 'verdict');
    await conn.request(protocol.requests.page('install-1234', { profile: 'essential', checkAfterDays: 90 }, state));
    assert.equal(runtime.connects, 1);
    assert.deepEqual(runtime.posted.map((m) => m.type), ['hello', 'page', 'page']);
  });

  it('reports a missing host, and retries only after a backoff that grows', async () => {
    const runtime = fakeRuntime((message, port) => {
      queueMicrotask(() => port.hostExits('Specified native messaging host not found.'));
      return null;
    });
    const { conn, protocol, clock } = connection(runtime);
    await assert.rejects(conn.request(protocol.requests.hello()), (e) => e.code === 'missing');
    assert.equal(conn.problem.kind, 'missing');
    await assert.rejects(conn.request(protocol.requests.hello()), (e) => e.code === 'missing');
    assert.equal(runtime.connects, 1, 'no reconnect inside the backoff');
    clock.now += 500;
    await assert.rejects(conn.request(protocol.requests.hello()));
    assert.equal(runtime.connects, 2);
    clock.now += 500;
    await assert.rejects(conn.request(protocol.requests.hello()));
    assert.equal(runtime.connects, 2, 'the second backoff is longer');
    clock.now += 1000;
    await assert.rejects(conn.request(protocol.requests.hello()));
    assert.equal(runtime.connects, 3);
  });

  it('reconnects after the host exits, and a good hello clears the problem', async () => {
    let exitNext = false;
    const runtime = fakeRuntime((message, port) => {
      if (exitNext) { exitNext = false; queueMicrotask(() => port.hostExits('Native host has exited.')); return null; }
      return hostAnswers(message);
    });
    const { conn, protocol, clock } = connection(runtime);
    await conn.request(protocol.requests.hello());
    exitNext = true;
    await assert.rejects(conn.request(protocol.requests.rules()), (e) => e.code === 'failed');
    clock.now += 500;
    const reply = await conn.request(protocol.requests.page('install-1234', { profile: 'strict', checkAfterDays: 90 }, { url: 'u', lang: '', toggles: [] }));
    assert.equal(reply.type, 'verdict');
    assert.equal(runtime.connects, 2);
    assert.equal(conn.problem, null);
  });

  it('refuses a host that speaks another protocol version', async () => {
    const runtime = fakeRuntime((message) => ({ ...hostAnswers(message), protocol: 2 }));
    const { conn, protocol } = connection(runtime);
    await assert.rejects(conn.request(protocol.requests.rules()), (e) => e.code === 'incompatible');
    assert.equal(conn.problem.kind, 'incompatible');
  });

  it('gives up on a request the host does not answer in time', async () => {
    const runtime = fakeRuntime((message) => (message.type === 'hello' ? hostAnswers(message) : null));
    const { conn, protocol, timers } = connection(runtime);
    await conn.request(protocol.requests.hello());
    const pending = conn.request(protocol.requests.rules());
    await new Promise((resolve) => setImmediate(resolve));
    const timer = timers.find((t) => !t.cleared);
    assert.equal(timer.ms, 5000);
    timer.fn();
    await assert.rejects(pending, (e) => e.code === 'timeout');
  });

  it('closes a host that never answers hello, and starts a fresh one only after the backoff', async () => {
    const runtime = fakeRuntime(() => null);
    const { conn, protocol, timers, clock } = connection(runtime);
    const first = conn.request(protocol.requests.rules());
    await new Promise((resolve) => setImmediate(resolve));
    timers.find((t) => !t.cleared).fn();
    await assert.rejects(first, (e) => e.code === 'timeout');
    assert.equal(conn.port, null, 'the silent port is given up');
    await assert.rejects(conn.request(protocol.requests.rules()));
    assert.equal(runtime.connects, 1, 'no second host inside the backoff');
    clock.now += 500;
    conn.request(protocol.requests.rules()).catch(() => {});
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(runtime.connects, 2);
  });

  it('restarts a host that stops answering, failing what waited on it', async () => {
    const runtime = fakeRuntime((message) => (message.type === 'hello' ? hostAnswers(message) : null));
    const { conn, protocol, timers, clock } = connection(runtime);
    const slow = conn.request(protocol.requests.rules());
    const waiting = conn.request(protocol.requests.status('install-1234', { profile: 'strict', checkAfterDays: 90 }));
    await new Promise((resolve) => setImmediate(resolve));
    timers.filter((t) => !t.cleared)[0].fn();
    await assert.rejects(slow, (e) => e.code === 'timeout');
    await assert.rejects(waiting, (e) => e.code === 'failed');
    clock.now += 500;
    const fresh = conn.request(protocol.requests.rules());
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(runtime.connects, 2, 'a fresh host after the backoff');
    assert.deepEqual(runtime.posted.slice(-2).map((m) => m.type), ['hello', 'rules'],
      'the fresh host is greeted, then asked again');
    timers.filter((t) => !t.cleared).at(-1).fn();
    await assert.rejects(fresh, (e) => e.code === 'timeout', 'the fresh host is waited on with its own timeout');
  });

  it('ignores a disconnect that arrives late from a port it already replaced', async () => {
    let silent = true;
    const runtime = fakeRuntime((message) => (silent ? null : hostAnswers(message)));
    const { conn, protocol, timers, clock } = connection(runtime);
    const first = conn.request(protocol.requests.hello());
    await new Promise((resolve) => setImmediate(resolve));
    timers.find((t) => !t.cleared).fn();
    await assert.rejects(first);
    silent = false;
    clock.now += 500;
    await conn.request(protocol.requests.hello());
    runtime.ports[0].hostExits('Native host has exited.');
    assert.ok(conn.port, 'the live port is kept');
    assert.equal(conn.problem, null);
    await conn.request(protocol.requests.rules());
    assert.equal(runtime.connects, 2);
  });

  it('refuses to send a request over the host input cap, and keeps the port', async () => {
    const runtime = fakeRuntime(hostAnswers);
    const { conn, protocol } = connection(runtime);
    const toggles = Array.from({ length: 512 }, (_, i) => ({ key: `k${i}`, label: '\u0001'.repeat(240), on: true, section: '😀'.repeat(240) }));
    await assert.rejects(conn.request(protocol.requests.page('install-1234', { profile: 'strict', checkAfterDays: 90 }, { url: 'u', lang: 'en', toggles })),
      (e) => e.code === 'too_large');
    assert.deepEqual(runtime.posted.map((m) => m.type), ['hello'], 'the oversize request never reaches the host');
    const reply = await conn.request(protocol.requests.page('install-1234', { profile: 'strict', checkAfterDays: 90 }, { url: 'u', lang: 'en', toggles: toggles.slice(0, 10) }));
    assert.equal(reply.type, 'verdict');
    assert.equal(runtime.connects, 1);
  });

  it('turns an error reply into an error with the host code', async () => {
    const runtime = fakeRuntime((message) => (message.type === 'hello' ? hostAnswers(message)
      : { v: 1, id: message.id, type: 'error', code: 'state_unavailable', message: 'disk full' }));
    const { conn, protocol } = connection(runtime);
    await assert.rejects(conn.request(protocol.requests.status('install-1234', { profile: 'strict', checkAfterDays: 90 })),
      (e) => e.code === 'state_unavailable' && e.message === 'disk full');
  });
});

describe('the badge', () => {
  it('draws what the host decided: red count, green check, grey question mark', async () => {
    const { badge } = backgroundContext().OptOutGuard;
    const calls = [];
    const action = new Proxy({}, { get: (_, name) => async (args) => calls.push([name, JSON.parse(JSON.stringify(args))]) });
    for (const hostBadge of [{ text: '3', color: '#C5221F', state: 'pending' }, { text: '✓', color: '#188038', state: 'done' },
      { text: '?', color: '#5F6368', state: 'unknown' }]) {
      calls.length = 0;
      await badge.draw(action, 7, badge.fromHost(hostBadge, (b) => `state ${b.state}`));
      assert.deepEqual(calls.find(([n]) => n === 'setBadgeText')[1], { tabId: 7, text: hostBadge.text });
      assert.deepEqual(calls.find(([n]) => n === 'setBadgeBackgroundColor')[1], { tabId: 7, color: hostBadge.color });
      assert.deepEqual(calls.find(([n]) => n === 'setTitle')[1], { tabId: 7, title: `state ${hostBadge.state}` });
    }
  });

  it('owns the look: colours and symbols come from the contract, never from the host; a strange badge is grey, never green', async () => {
    const { badge } = backgroundContext().OptOutGuard;
    const describe = (b) => b.state;
    const drawn = (hostBadge) => JSON.parse(JSON.stringify(badge.fromHost(hostBadge, describe)));  // out of the vm realm
    assert.deepEqual(drawn({ state: 'done', text: 'x', color: '#000000' }), { text: '✓', color: '#188038', title: 'done' });
    assert.deepEqual(drawn({ state: 'pending', text: '2', color: '#188038' }), { text: '2', color: '#C5221F', title: 'pending' });
    for (const strange of [{ state: 'pending', text: '0' }, { state: 'pending', text: '✓' }, { state: 'pending' },
      { state: 'finished', text: '✓' }, { state: 'toString', text: '✓' }, { text: '✓', color: '#188038' }]) {
      assert.deepEqual(drawn(strange), { text: '?', color: '#5F6368', title: 'unknown' }, JSON.stringify(strange));
    }
  });

  it('shows a distinct "!" when the host is missing, and clears on a null badge', async () => {
    const { badge } = backgroundContext().OptOutGuard;
    const problem = badge.forHostProblem('missing', 'not installed');
    assert.equal(problem.text, '!');
    assert.equal(problem.color, '#E37400', 'orange: not the red of an opt-out still to change');
    const calls = [];
    const action = new Proxy({}, { get: (_, name) => async (args) => calls.push([name, JSON.parse(JSON.stringify(args))]) });
    await badge.draw(action, 3, null);
    assert.deepEqual(calls, [['setBadgeText', { tabId: 3, text: '' }]]);
  });
});
