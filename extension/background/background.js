// The background: routes messages from the content script, the popup and the options page to the
// host through one HostConnection, and draws each tab's badge from the host's answers.
// Runs as Chromium's service worker (through service-worker.js) and as Firefox's event page.
(function (root) {
  'use strict';

  const api = root.browser || root.chrome;
  const { protocol, badge, HostConnection, profileSetting, i18n } = root.OptOutGuard;
  const INSTALL_ID = /^[A-Za-z0-9_-]{8,64}$/;

  const connection = new HostConnection({
    connectNative: (name) => api.runtime.connectNative(name),
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (timer) => clearTimeout(timer),
    lastError: () => api.runtime.lastError,
  });

  // A random id made once per browser profile, so Chrome and Firefox keep separate state.
  async function installId() {
    const { install } = await api.storage.local.get('install');
    if (typeof install === 'string' && INSTALL_ID.test(install)) return install;
    const fresh = crypto.randomUUID();
    await api.storage.local.set({ install: fresh });
    return fresh;
  }

  async function profile() {
    return (await profileSetting.read(api.storage)).profile;
  }

  // The option "Always mark pending switches" (off by default): marks are written into LinkedIn's
  // page, where its scripts can see them, so only the user turns them on.
  async function alwaysMark() {
    const { alwaysMark: chosen } = await api.storage.sync.get('alwaysMark');
    return chosen === true;
  }

  const BADGE_MESSAGES = { done: 'badgeDone', unknown: 'badgeUnknown' };
  function describeBadge(hostBadge) {
    const count = Number(hostBadge.text);
    const text = hostBadge.state === 'pending' && Number.isInteger(count) ? i18n.plural('badgePending', count)
      : BADGE_MESSAGES[hostBadge.state] ? api.i18n.getMessage(BADGE_MESSAGES[hostBadge.state]) : '';
    return text || String(hostBadge.title || '');
  }

  function hostProblemBadge(error) {
    const key = { missing: 'badgeHostMissing', incompatible: 'badgeHostIncompatible' }[error.code] || 'badgeHostFailed';
    return badge.forHostProblem(error.code, api.i18n.getMessage(key) || error.message);
  }

  function hostState() {
    if (connection.hello) return { state: 'connected', version: connection.hello.version, rules: connection.hello.rules };
    if (connection.problem) return { state: connection.problem.kind, message: connection.problem.message };
    return { state: 'unknown' };
  }

  function errorReply(error) {
    return { type: 'error', code: error.code || 'internal', message: String(error.message || error), host: hostState() };
  }

  // One handler per message kind; each returns what the sender gets back.
  const handlers = {
    async 'page-state'(message, sender) {
      const tabId = sender.tab && sender.tab.id;
      try {
        const verdict = await connection.request(protocol.requests.page(await installId(), await profile(), message.state));
        if (tabId !== undefined) await badge.draw(api.action, tabId, badge.fromHost(verdict.badge, describeBadge));
        return { ...verdict, alwaysMark: await alwaysMark() };
      } catch (error) {
        if (tabId !== undefined) {
          const hostMissing = ['missing', 'incompatible', 'failed', 'timeout'].includes(error.code);
          await badge.draw(api.action, tabId, hostMissing ? hostProblemBadge(error)
            : { text: '!', color: badge.HOST_PROBLEM_COLOR, title: error.message });
        }
        return errorReply(error);
      }
    },
    // The content script's tab left the settings inside LinkedIn's app: no badge there.
    async 'page-left'(message, sender) {
      const tabId = sender.tab && sender.tab.id;
      if (tabId !== undefined) await badge.draw(api.action, tabId, null);
      return { type: 'left' };
    },
    async 'get-status'() {
      try {
        const chosen = await profile();
        const status = await connection.request(protocol.requests.status(await installId(), chosen));
        return { type: 'status', status, host: hostState() };
      } catch (error) {
        return errorReply(error);
      }
    },
    async forget() {
      try {
        return await connection.request(protocol.requests.forget(await installId()));
      } catch (error) {
        return errorReply(error);
      }
    },
  };

  api.runtime.onMessage.addListener((message, sender, sendResponse) => {
    // Only our own pages and content scripts can reach onMessage; still, only known kinds are answered.
    const handler = message && Object.prototype.hasOwnProperty.call(handlers, message.kind) && handlers[message.kind];
    if (!handler) return false;
    handler(message, sender).then(sendResponse, (error) => sendResponse(errorReply(error)));
    return true;  // the answer comes asynchronously
  });

  // Wakes a LinkedIn tab's content script when the tab's address changes inside LinkedIn's app
  // (pushState), for browsers where the page's Navigation API events do not reach it. Without the
  // "tabs" permission both browsers still fire tabs.onUpdated for every tab, but give `url` (in
  // changeInfo and on the tab) only for tabs whose address the host permission covers, that is
  // www.linkedin.com; other tabs' changes arrive without it and are ignored. Firefox takes a
  // filter, so its event page is not even woken for other sites; Chromium refuses one.
  const LINKEDIN = 'https://www.linkedin.com/';
  function onTabUpdated(tabId, changeInfo) {
    if (typeof changeInfo.url !== 'string' || !changeInfo.url.startsWith(LINKEDIN)) return;
    // A tab that is loading a new document has no content script yet: the send fails, harmlessly.
    Promise.resolve(api.tabs.sendMessage(tabId, { kind: 'url-changed' })).catch(() => {});
  }
  if (api.tabs && api.tabs.onUpdated) {
    try {
      api.tabs.onUpdated.addListener(onTabUpdated, { urls: [`${LINKEDIN}*`], properties: ['url'] });
    } catch {
      api.tabs.onUpdated.addListener(onTabUpdated);  // "This event does not support filters" (Chromium)
    }
  }

  // A tab that loads a new document loses its badge by itself: Chromium and Firefox reset an
  // action's per-tab values on every cross-document navigation (and keep them across pushState and
  // hash changes, which tabs.onUpdated cannot tell apart). The content script draws it again on
  // LinkedIn's settings pages and sends `page-left` when the app navigates away from them.

  root.OptOutGuard.background = Object.freeze({ connection, handlers, onTabUpdated });
})(globalThis);
