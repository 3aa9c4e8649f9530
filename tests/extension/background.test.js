// The background as the browser runs it (all background scripts, in manifest order) with a fake
// `chrome` API: messages from the content script and the popup, the native port, storage, badges.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readContract } from '../../scripts/contract.mjs';
import { backgroundContext, fakeNativePort, source } from './load.js';

const manifest = JSON.parse(source('manifest.base.json'));
const english = JSON.parse(source('_locales/en/messages.json'));
const PAGE_URL = 'https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement';
const GEN_AI = { key: 'allowDataForGenerativeAI', label: 'Use my data for training content creation AI models', on: true,
  section: 'Data for Generative AI Improvement' };

function verdictBadge(state) {
  return { pending: { text: '2', color: '#C5221F', state: 'pending', title: 'two' },
    done: { text: '✓', color: '#188038', state: 'done', title: 'done' },
    unknown: { text: '?', color: '#5F6368', state: 'unknown', title: 'unknown' } }[state];
}

// A host that answers every request well; `override(message)` may return another reply, or
// { exit: 'reason' } to make the host exit instead of answering.
function hostReplies(message, badgeState = 'pending') {
  switch (message.type) {
    case 'hello': return { v: 1, id: message.id, type: 'hello', host: 'org.optoutguard.host', version: '0.1.0', protocol: 1,
      rules: { version: '2026.11.23', count: 11 } };
    case 'page': return { v: 1, id: message.id, type: 'verdict', page: null, pending: [], done: [], unknown: [],
      badge: verdictBadge(badgeState) };
    case 'status': return { v: 1, id: message.id, type: 'status', profile: message.profile, rules_version: '2026.11.23',
      items: [], badge: verdictBadge(badgeState) };
    case 'forget': return { v: 1, id: message.id, type: 'forgotten', install: message.install, removed: true };
    case 'mark': return { v: 1, id: message.id, type: 'marked', rule: message.rule, done: message.done };
    case 'offer-rules': return { v: 1, id: message.id, type: 'rules-offered', result: 'same', version: '2026.11.23' };
    default: return { v: 1, id: message.id, type: 'error', code: 'unknown_type', message: 'no' };
  }
}

function fakeChrome(override = () => undefined) {
  const world = { connects: 0, posted: [], badges: new Map(), storage: { local: {}, sync: {} }, onMessage: null,
    carried: { format: 1, version: '2026.11.23', rules: [] }, fetched: [] };
  // The extension's own files as fetch serves them: only the carried rules exist.
  world.fetch = async (url) => {
    world.fetched.push(url);
    const found = url === 'chrome-extension://ogdlmhcjfdcgojdfjehadfchkmlmkbho/rules/linkedin.json' && world.carried;
    return { ok: Boolean(found), json: async () => JSON.parse(JSON.stringify(found)) };
  };
  const area = (name) => ({
    get: async (key) => (key in world.storage[name] ? { [key]: world.storage[name][key] } : {}),
    set: async (items) => { Object.assign(world.storage[name], items); },
  });
  const tabBadge = (tabId) => {
    if (!world.badges.has(tabId)) world.badges.set(tabId, {});
    return world.badges.get(tabId);
  };
  world.chrome = {
    runtime: {
      lastError: undefined,
      connectNative(name) {
        world.connects += 1;
        assert.equal(name, 'org.optoutguard.host');
        return fakeNativePort((message, port) => {
          world.posted.push(message);
          const reply = override(message) ?? hostReplies(message);
          if (reply.exit) queueMicrotask(() => port.hostExits(reply.exit));
          else if (!reply.silent) port.reply(reply);
        });
      },
      onMessage: { addListener: (fn) => { world.onMessage = fn; } },
      getURL: (path) => `chrome-extension://ogdlmhcjfdcgojdfjehadfchkmlmkbho/${path}`,
    },
    storage: { local: area('local'), sync: area('sync') },
    action: {
      setBadgeText: async ({ tabId, text }) => { tabBadge(tabId).text = text; },
      setBadgeBackgroundColor: async ({ tabId, color }) => { tabBadge(tabId).color = color; },
      setBadgeTextColor: async ({ tabId, color }) => { tabBadge(tabId).textColor = color; },
      setTitle: async ({ tabId, title }) => { tabBadge(tabId).title = title; },
    },
    i18n: {
      getUILanguage: () => 'en-US',
      getMessage: (key, substitutions = []) => (english[key] ? english[key].message.replace(/\$(\d)/g, (_, n) => substitutions[n - 1]) : ''),
    },
  };
  // What one runtime.sendMessage from `sender` gets back.
  world.send = (message, sender = {}) => new Promise((resolve) => {
    const async = world.onMessage(message, sender, resolve);
    if (!async) resolve(undefined);
  });
  return world;
}

function startBackground(world) {
  const files = manifest.background.scripts;
  backgroundContext({ chrome: world.chrome, fetch: world.fetch }, files);
  return world;
}

const fromTab = (id) => ({ tab: { id } });
const pageState = (toggles = [GEN_AI]) => ({ kind: 'page-state', state: { url: PAGE_URL, lang: 'en', toggles } });

describe('the background', () => {
  it('opens no port until a settings page reports, then says hello first and sends the page', async () => {
    const world = startBackground(fakeChrome());
    assert.equal(world.connects, 0);
    const verdict = await world.send(pageState(), fromTab(4));
    assert.equal(verdict.type, 'verdict');
    assert.equal(world.connects, 1);
    assert.deepEqual(world.posted.map((m) => m.type), ['hello', 'offer-rules', 'page']);
    const page = world.posted[2];
    assert.equal(page.v, 1);
    assert.equal(page.url, PAGE_URL);
    assert.deepEqual(page.toggles, [GEN_AI]);
    assert.equal(page.profile, 'recommended', 'the default profile');
    assert.equal(page.check_after_days, 90, 'the default age after which a reading is checked again');
    assert.match(page.install, /^[0-9a-f-]{36}$/);
    assert.equal(world.storage.local.install, page.install, 'the install id is kept in storage.local');
    await world.send(pageState([]), fromTab(4));
    assert.equal(world.connects, 1, 'the port is reused');
    assert.equal(world.posted[3].install, page.install, 'the same install id every time');
    assert.equal(world.posted.filter((m) => m.type === 'offer-rules').length, 1, 'the rules are offered once per host process');
  });

  it('sends the profile chosen in storage.sync', async () => {
    const world = fakeChrome();
    world.storage.sync.profile = 'strict';
    startBackground(world);
    await world.send({ kind: 'get-status' });
    assert.equal(world.posted.find((m) => m.type === 'status').profile, 'strict');
  });

  it('sends the age after which to check again from storage.sync, the default when it is out of range', async () => {
    for (const [stored, sent] of [[30, 30], [3650, 3650], [0, 90], [3651, 90], [7.5, 90], ['12', 12], [undefined, 90]]) {
      const world = fakeChrome();
      if (stored !== undefined) world.storage.sync.checkAfterDays = stored;
      startBackground(world);
      await world.send(pageState(), fromTab(1));
      await world.send({ kind: 'get-status' });
      assert.equal(world.posted.find((m) => m.type === 'page').check_after_days, sent, `stored ${stored}`);
      assert.equal(world.posted.find((m) => m.type === 'status').check_after_days, sent, `stored ${stored}`);
    }
  });

  it('offers the rules the build carries to each new host process, and shows the version the host took', async () => {
    let hostProcesses = 0;
    const world = startBackground(fakeChrome((m) => {
      if (m.type === 'hello') hostProcesses += 1;
      if (m.type === 'offer-rules') return { v: 1, id: m.id, type: 'rules-offered', result: 'newer', version: '2026.12.07' };
      if (m.type === 'forget' && hostProcesses === 1) return { exit: 'Native host has exited.' };
      return undefined;
    }));
    world.carried = { format: 1, version: '2026.12.07', rules: [{ id: 'x' }] };
    const status = await world.send({ kind: 'get-status' });
    const offer = world.posted.find((m) => m.type === 'offer-rules');
    assert.deepEqual(offer.rules, world.carried, 'the carried file, as it is');
    assert.equal(status.host.rules.version, '2026.12.07', 'the version in use is the one the host took');
    assert.equal(status.host.rules.offered, 'newer');
    await world.send({ kind: 'forget' });  // the host exits
    await new Promise((resolve) => setTimeout(resolve, 600));  // past the backoff
    await world.send({ kind: 'get-status' });
    assert.equal(world.posted.filter((m) => m.type === 'offer-rules').length, 2, 'offered again to the new process');
    assert.equal(world.fetched.length, 1, 'the file is read once');
  });

  for (const [what, override, carried] of [
    ['an older host that does not know offer-rules', (m) => (m.type === 'offer-rules' ? { v: 1, id: m.id, type: 'error', code: 'unknown_type', message: 'no' } : undefined), undefined],
    ['a host that refuses them as older', (m) => (m.type === 'offer-rules' ? { v: 1, id: m.id, type: 'rules-offered', result: 'older', version: '2026.11.23' } : undefined), undefined],
    ['a build that carries no rules file', () => undefined, null],
  ]) {
    it(`goes on with the host's own rules with ${what}`, async () => {
      const world = fakeChrome(override);
      if (carried !== undefined) world.carried = carried;
      startBackground(world);
      const verdict = await world.send(pageState(), fromTab(3));
      assert.equal(verdict.type, 'verdict');
      const status = await world.send({ kind: 'get-status' });
      assert.equal(status.host.rules.version, '2026.11.23', "the host's own version");
      assert.equal(world.connects, 1);
    });
  }

  it("gives the popup what this tab's settings page showed: path, switches (id, on, label) and the host's page and unknown items", async () => {
    const unknown = [{ rule: 'gen-ai-training', title: 't', why: 'w', key: 'allowDataForGenerativeAI', link: null, reason: 'language' }];
    const world = startBackground(fakeChrome((m) => (m.type === 'page' ? { ...hostReplies(m), unknown,
      page: { path: '/mypreferences/d/settings/data-for-ai-improvement', kind: 'setting', title: 't', rules: ['gen-ai-training'], unmatched: 0, changed: false } } : undefined)));
    await world.send({ kind: 'page-state', state: { url: `${PAGE_URL}`, lang: 'pl', toggles: [GEN_AI] } }, fromTab(6));
    const reply = await world.send({ kind: 'get-status', tabId: 6 });
    assert.deepEqual(JSON.parse(JSON.stringify(reply.page)), {
      path: '/mypreferences/d/settings/data-for-ai-improvement',
      toggles: [{ key: GEN_AI.key, on: true, label: GEN_AI.label }],
      page: { path: '/mypreferences/d/settings/data-for-ai-improvement', kind: 'setting', title: 't', rules: ['gen-ai-training'], unmatched: 0, changed: false },
      unknown,
    });
    assert.ok(!JSON.stringify(reply.page.toggles).includes(GEN_AI.section), 'no section in what the popup may copy');
    assert.equal((await world.send({ kind: 'get-status', tabId: 99 })).page, null, 'another tab: nothing');
    assert.equal((await world.send({ kind: 'get-status' })).page, null);
    await world.send({ kind: 'page-left' }, fromTab(6));
    assert.equal((await world.send({ kind: 'get-status', tabId: 6 })).page, null, 'forgotten when the tab leaves the settings');
  });

  it('marks a manual step done, or not, through the host with the install id, and refuses anything else', async () => {
    const world = startBackground(fakeChrome());
    const reply = await world.send({ kind: 'mark', rule: 'objection-non-genai', done: true });
    assert.deepEqual(JSON.parse(JSON.stringify(reply)), { v: 1, id: reply.id, type: 'marked', rule: 'objection-non-genai', done: true });
    const mark = world.posted.find((m) => m.type === 'mark');
    assert.deepEqual([mark.rule, mark.done, mark.install], ['objection-non-genai', true, world.storage.local.install]);
    for (const bad of [{ rule: '../x', done: true }, { rule: 'x', done: 'yes' }, { rule: { toString: () => 'x' }, done: true }, {}]) {
      const refused = await world.send({ kind: 'mark', ...bad });
      assert.equal(refused.type, 'error');
      assert.equal(refused.code, 'bad_request');
    }
    assert.equal(world.posted.filter((m) => m.type === 'mark').length, 1);
  });

  for (const [state, text, color] of [['pending', '2', '#C5221F'], ['done', '✓', '#188038'], ['unknown', '?', '#5F6368']]) {
    it(`draws the host's ${state} badge on the reporting tab only`, async () => {
      const world = startBackground(fakeChrome((m) => (m.type === 'page' ? hostReplies(m, state) : undefined)));
      await world.send(pageState(), fromTab(9));
      const badge = world.badges.get(9);
      assert.equal(badge.text, text);
      assert.equal(badge.color, color);
      assert.ok(badge.title.startsWith('Opt-Out Guard'), badge.title);
      assert.deepEqual([...world.badges.keys()], [9]);
    });
  }

  it('shows "!" in its own colour with a tooltip when the host is not installed', async () => {
    const world = startBackground(fakeChrome(() => ({ exit: 'Specified native messaging host not found.' })));
    const reply = await world.send(pageState(), fromTab(2));
    assert.equal(reply.type, 'error');
    assert.equal(reply.code, 'missing');
    assert.deepEqual(world.badges.get(2), { text: '!', color: '#E37400', textColor: '#FFFFFF',
      title: english.badgeHostMissing.message });
    const status = await world.send({ kind: 'get-status' });
    assert.equal(status.code, 'missing', 'the popup learns why');
    assert.equal(world.connects, 1, 'no new attempt inside the backoff');
  });

  it('shows "!" when the host speaks another protocol version', async () => {
    const world = startBackground(fakeChrome((m) => (m.type === 'hello' ? { ...hostReplies(m), protocol: 2 } : undefined)));
    const reply = await world.send(pageState(), fromTab(5));
    assert.equal(reply.code, 'incompatible');
    assert.equal(world.badges.get(5).text, '!');
    assert.equal(world.badges.get(5).title, english.badgeHostIncompatible.message);
    assert.deepEqual(world.posted.map((m) => m.type), ['hello'], 'nothing else is sent to an incompatible host');
  });

  it('shows "!" saying the host does not answer when it exits instead of answering', async () => {
    const world = startBackground(fakeChrome((m) => (m.type === 'page' ? { exit: 'Native host has exited.' } : undefined)));
    const reply = await world.send(pageState(), fromTab(8));
    assert.equal(reply.code, 'failed');
    assert.equal(world.badges.get(8).text, '!');
    assert.equal(world.badges.get(8).color, '#E37400');
    assert.equal(world.badges.get(8).title, english.badgeHostFailed.message);
  });

  it('answers the popup with the checklist and the host and rules versions', async () => {
    const world = startBackground(fakeChrome());
    const reply = await world.send({ kind: 'get-status' });
    assert.equal(reply.type, 'status');
    assert.equal(reply.status.rules_version, '2026.11.23');
    assert.deepEqual(JSON.parse(JSON.stringify(reply.host)), { state: 'connected', version: '0.1.0', rules: { version: '2026.11.23', offered: 'same' } });
  });

  it('forgets through the host with the install id', async () => {
    const world = startBackground(fakeChrome());
    const reply = await world.send({ kind: 'forget' });
    assert.equal(reply.type, 'forgotten');
    assert.equal(world.posted.at(-1).install, world.storage.local.install);
  });

  it('clears a tab badge when the app navigates away from the settings', async () => {
    const world = startBackground(fakeChrome());
    await world.send(pageState([]), fromTab(7));
    assert.equal(world.badges.get(7).text, '2');
    await world.send({ kind: 'page-left' }, fromTab(7));
    assert.equal(world.badges.get(7).text, '');
  });

  it('ignores messages it has no handler for', async () => {
    const world = startBackground(fakeChrome());
    for (const message of [{ kind: 'toString' }, { kind: '__proto__' }, { kind: 'click-the-toggle' }, null, 'page-state']) {
      assert.equal(await world.send(message), undefined);
    }
    assert.equal(world.connects, 0);
  });
});

describe('the background wakes LinkedIn tabs and passes on the mark option', () => {
  function withTabs() {
    const world = fakeChrome();
    world.tabMessages = [];
    world.chrome.tabs = {
      // As Chromium does: a filter is refused with an exception.
      onUpdated: { addListener: (fn, filter) => { if (filter) throw new Error('This event does not support filters.'); world.onUpdated = fn; } },
      sendMessage: async (tabId, message) => { world.tabMessages.push([tabId, message]); throw new Error('no receiving end'); },
    };
    return startBackground(world);
  }

  it('tells a LinkedIn tab whose address changed, and ignores tabs whose address it is not given', async () => {
    const world = withTabs();
    assert.equal(typeof world.onUpdated, 'function', 'registered without the filter Chromium refuses');
    world.onUpdated(3, { url: 'https://www.linkedin.com/mypreferences/d/categories/privacy' });
    world.onUpdated(4, { status: 'complete' });  // another site's tab, or a change with no url: no url without "tabs"
    world.onUpdated(5, { url: 'https://example.org/mypreferences/' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.deepEqual(world.tabMessages.map(([tabId, m]) => [tabId, m.kind]), [[3, 'url-changed']]);
    assert.equal(world.connects, 0, 'waking a tab starts no host');
  });

  it('adds the user\'s "always mark" option to the verdict, off unless chosen', async () => {
    const world = withTabs();
    assert.equal((await world.send(pageState(), fromTab(1))).alwaysMark, false);
    world.storage.sync.alwaysMark = true;
    assert.equal((await world.send(pageState(), fromTab(1))).alwaysMark, true);
  });

  it('names the pending count with the right plural in the badge\'s tooltip', async () => {
    const world = startBackground(fakeChrome((m) => (m.type === 'page' ? hostReplies(m, 'pending') : undefined)));
    await world.send(pageState(), fromTab(2));
    assert.equal(world.badges.get(2).title, 'Opt-Out Guard: 2 opt-outs still to turn off');
  });
});

// The manifest keeps to the permissions the brief allows; a later addition must be deliberate.
describe('the manifest', () => {
  it('asks for nativeMessaging, storage and www.linkedin.com only', () => {
    assert.deepEqual([...manifest.permissions].sort(), ['nativeMessaging', 'storage']);
    assert.deepEqual(manifest.host_permissions, ['https://www.linkedin.com/*']);
    assert.equal(manifest.optional_permissions, undefined);
    assert.equal(manifest.optional_host_permissions, undefined);
    assert.equal(manifest.externally_connectable, undefined);
  });

  it('has every message the pages use in every locale', () => {
    const locales = ['en', 'de', 'fr', 'es', 'nl', 'it', 'pt'];
    const used = new Set();
    for (const file of ['popup/popup.html', 'options/options.html', 'popup/popup.js', 'popup/explain.js', 'popup/show-on-page.js',
      'options/options.js', 'content/content.js', 'background/background.js', 'manifest.base.json']) {
      const text = source(file);
      for (const [, key] of text.matchAll(/(?:data-i18n="|message\('|getMessage\('|__MSG_)([A-Za-z0-9]+)/g)) used.add(key);
      // A counted message: one key per plural category; every locale has at least _one and _other.
      for (const [, key] of text.matchAll(/plural\('([A-Za-z0-9]+)'/g)) used.add(`${key}_one`).add(`${key}_other`);
      for (const [key] of text.matchAll(/\b(?:badge|state|summary)[A-Z]\w*/g)) if (!text.includes(`plural('${key}'`)) used.add(key);
    }
    // The options page names each profile of the contract: profile<Name> and profile<Name>Help.
    for (const profile of readContract().profiles.names) {
      const key = `profile${profile[0].toUpperCase()}${profile.slice(1)}`;
      used.add(key).add(`${key}Help`);
    }
    for (const locale of locales) {
      const messages = JSON.parse(readFileSync(new URL(`../../extension/_locales/${locale}/messages.json`, import.meta.url)));
      for (const key of used) if (english[key]) assert.ok(messages[key]?.message, `${locale} lacks ${key}`);
      assert.deepEqual(Object.keys(messages).sort(), Object.keys(english).sort(), `${locale} has the same keys as en`);
    }
    for (const key of used) assert.ok(english[key], `en lacks ${key}`);
  });
});
