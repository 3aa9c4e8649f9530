// Loads the extension's classic scripts where tests can reach them: into a jsdom window (content
// scripts) or a bare VM context (background scripts), exactly as the browser would run them.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { JSDOM } from 'jsdom';
import { chromiumExtensionId, contractScript } from '../../scripts/contract.mjs';

const extensionDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'extension');

// common/contract.js exists only in builds (scripts/build-extension generates it): made here the same way.
let contractJs;
export function source(relativePath) {
  if (relativePath.replace(/^(\.\.\/)+/, '') === 'common/contract.js') return (contractJs ??= contractScript());
  return readFileSync(join(extensionDir, relativePath), 'utf8');
}

// Under Stryker (scripts/mutate.sh --stryker) the scripts are instrumented and read the mutant to
// switch on from process.env, which a page or a VM context lacks: hand it to each global object.
function mutationSwitch(global) {
  const active = process.env.__STRYKER_ACTIVE_MUTANT__;
  if (active !== undefined) global.__stryker__ = { activeMutant: active };
  return global;
}

// A replica page at `url` with the content script's reader loaded into it.
export function pageWithReader(html, url = 'https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement') {
  const dom = new JSDOM(html, { url, runScripts: 'outside-only', pretendToBeVisual: true });
  mutationSwitch(dom.window);
  for (const file of CONTENT_SCRIPTS.slice(0, CONTENT_SCRIPTS.indexOf('content/read-toggles.js') + 1)) dom.window.eval(source(file));
  return dom;
}

// The background scripts in manifest order, in a fresh context with the given globals.
export function backgroundContext(globals = {}, files = ['common/contract.js', 'common/protocol.js', 'background/badge.js', 'background/host-connection.js']) {
  const context = vm.createContext(mutationSwitch({ console, setTimeout, clearTimeout, crypto: globalThis.crypto, TextEncoder, ...globals }));
  for (const file of files) vm.runInContext(source(file), context, { filename: file });
  return context;
}

// The content scripts, in the manifest's order.
export const CONTENT_SCRIPTS = JSON.parse(source('manifest.base.json')).content_scripts[0].js;

// A replica page with the whole content script running in it, as the manifest injects it, and a
// fake `chrome` whose runtime.sendMessage records what is sent and answers with `answer(message)`.
export function pageWithContentScript(html, url, answer = () => undefined, { before = () => {} } = {}) {
  const dom = new JSDOM(html, { url, runScripts: 'outside-only', pretendToBeVisual: true });
  mutationSwitch(dom.window);
  const sent = [];
  const listeners = [];
  dom.window.chrome = {
    runtime: {
      sendMessage: (message) => {
        sent.push(JSON.parse(JSON.stringify(message)));
        return Promise.resolve(answer(message));
      },
      onMessage: { addListener: (fn) => listeners.push(fn) },
    },
    i18n: { getMessage: (key) => `msg:${key}` },
  };
  // A message from the popup or the background (tabs.sendMessage), answered synchronously.
  const deliver = (message) => {
    let reply;
    for (const fn of listeners) fn(message, { id: 'extension' }, (r) => { reply = r; });
    return reply === undefined ? undefined : JSON.parse(JSON.stringify(reply));  // out of the page's realm
  };
  before(dom.window);
  for (const file of CONTENT_SCRIPTS) dom.window.eval(source(file));
  return { dom, sent, deliver };
}

// Long enough for the content script's debounce (250 ms) and the answer's promise.
export const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

// An extension page (popup or options) from its HTML, with its scripts run in order against a fake
// `chrome`: i18n from the English messages, runtime.sendMessage answered by `answer(message)`.
export async function extensionPage(htmlPath, { answer = () => undefined, storage = {}, managed = {}, query = '', tabs = [], tabAnswer = () => undefined, language = 'en-GB' } = {}) {
  // The UI language's messages over English, as the browser falls back to default_locale.
  const base = language.split('-')[0];
  const localised = existsSync(join(extensionDir, '_locales', base)) ? JSON.parse(source(`_locales/${base}/messages.json`)) : {};
  const english = { ...JSON.parse(source('_locales/en/messages.json')), ...localised };
  const html = source(htmlPath).replace(/<script[^>]*><\/script>/g, '');
  const dom = new JSDOM(html, { url: `chrome-extension://${chromiumExtensionId()}/${htmlPath}${query}`, runScripts: 'outside-only' });
  mutationSwitch(dom.window);
  const sent = [];
  const opened = [];
  dom.window.open = (...args) => { opened.push(args); return null; };
  dom.window.close = () => {};
  dom.window.chrome = {
    runtime: { sendMessage: async (message) => { sent.push(JSON.parse(JSON.stringify(message))); return answer(message); } },
    // The active tab as the popup sees it (its url only for www.linkedin.com, the host permission).
    tabs: {
      query: async () => tabs,
      sendMessage: async (tabId, message) => { sent.push({ tabId, ...JSON.parse(JSON.stringify(message)) }); return tabAnswer(message); },
    },
    storage: {
      sync: { get: async (key) => (key in storage ? { [key]: storage[key] } : {}), set: async (items) => Object.assign(storage, items) },
      managed: { get: async (keys) => Object.fromEntries(keys.filter((k) => k in managed).map((k) => [k, managed[k]])) },
    },
    i18n: {
      getUILanguage: () => language,
      getMessage: (key, subs = []) => (english[key] ? english[key].message.replace(/\$(\d)/g, (_, n) => subs[n - 1]) : ''),
    },
  };
  for (const [, src] of source(htmlPath).matchAll(/<script src="([^"]+)"><\/script>/g)) {
    dom.window.eval(source(join(dirname(htmlPath), src)));
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
  return { dom, document: dom.window.document, sent, opened, storage };
}

// A fake native-messaging port. `onPost(message, port)` plays the host: it may answer with
// port.reply(...) or end the process with port.hostExits(...), each delivered asynchronously
// as a browser delivers them.
export function fakeNativePort(onPost) {
  const listeners = { message: [], disconnect: [] };
  const port = {
    error: null,
    onMessage: { addListener: (fn) => listeners.message.push(fn) },
    onDisconnect: { addListener: (fn) => listeners.disconnect.push(fn) },
    postMessage: (message) => onPost(message, port),
    disconnect() {},
    reply: (message) => queueMicrotask(() => listeners.message.forEach((fn) => fn(message))),
    hostExits(text) {
      port.error = text ? { message: text } : null;
      listeners.disconnect.forEach((fn) => fn(port));
    },
  };
  return port;
}
