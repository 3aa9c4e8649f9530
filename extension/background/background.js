// The background: routes messages from the content script, the popup and the options page to the
// host through one HostConnection, and draws each tab's badge from the host's answers.
// Runs as Chromium's service worker (through service-worker.js) and as Firefox's event page.
(function (root) {
  'use strict';

  const api = root.browser || root.chrome;
  const { protocol, badge, HostConnection, profileSetting, i18n } = root.OptOutGuard;
  const { REQUEST, REPLY, ERROR_CODE, BADGE_STATE } = root.OptOutGuard.contract;
  const { HOST_PROBLEM } = protocol;
  const { install_min_chars: INSTALL_MIN, install_max_chars: INSTALL_MAX } = root.OptOutGuard.contract.LIMITS;
  const INSTALL_ID = new RegExp(`^[A-Za-z0-9_-]{${INSTALL_MIN},${INSTALL_MAX}}$`);

  // The rules file scripts/build-extension puts beside the scripts, offered to each new host
  // process; read once. A tree run unbuilt has none, and nothing is offered.
  const RULES_FILE = 'rules/linkedin.json';
  let carriedRules = null;
  function rulesToOffer() {
    if (!carriedRules) {
      carriedRules = fetch(api.runtime.getURL(RULES_FILE))
        .then((response) => (response.ok ? response.json() : null))
        .catch(() => null);
    }
    return carriedRules;
  }

  const connection = new HostConnection({
    connectNative: (name) => api.runtime.connectNative(name),
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (timer) => clearTimeout(timer),
    lastError: () => api.runtime.lastError,
    rulesToOffer,
  });

  // What each tab's settings page showed and what the host said of it, for the popup: the
  // verdict's page and unknown items, and the switches as the redacted description holds them
  // (id, on/off, label; the path). Kept in memory only, for the last few tabs.
  const MAX_TABS = 20;
  const tabPages = new Map();
  function rememberPage(tabId, state, verdict) {
    tabPages.delete(tabId);
    tabPages.set(tabId, {
      path: String(state.url || '').replace(/^https?:\/\/[^/]*/, '').split(/[?#]/)[0],
      toggles: (state.toggles || []).map(({ key, on, label }) => ({ key, on, label })),
      page: verdict.page || null,
      unknown: verdict.unknown || [],
    });
    while (tabPages.size > MAX_TABS) tabPages.delete(tabPages.keys().next().value);
  }
  if (api.tabs && api.tabs.onRemoved) api.tabs.onRemoved.addListener((tabId) => tabPages.delete(tabId));

  // A random id made once per browser profile, so Chrome and Firefox keep separate state.
  async function installId() {
    const { install } = await api.storage.local.get('install');
    if (typeof install === 'string' && INSTALL_ID.test(install)) return install;
    const fresh = crypto.randomUUID();
    await api.storage.local.set({ install: fresh });
    return fresh;
  }

  async function settings() {
    const [{ profile }, checkAfterDays] = await Promise.all([profileSetting.read(api.storage), profileSetting.readCheckAfterDays(api.storage)]);
    return { profile, checkAfterDays };
  }

  // The option "Always mark pending switches" (off by default): marks are written into LinkedIn's
  // page, where its scripts can see them, so only the user turns them on.
  async function alwaysMark() {
    const { alwaysMark: chosen } = await api.storage.sync.get('alwaysMark');
    return chosen === true;
  }

  const BADGE_MESSAGES = { [BADGE_STATE.DONE]: 'badgeDone', [BADGE_STATE.UNKNOWN]: 'badgeUnknown' };
  function describeBadge(hostBadge) {
    const count = Number(hostBadge.text);
    const text = hostBadge.state === BADGE_STATE.PENDING && Number.isInteger(count) ? i18n.plural('badgePending', count)
      : BADGE_MESSAGES[hostBadge.state] ? api.i18n.getMessage(BADGE_MESSAGES[hostBadge.state]) : '';
    return text || String(hostBadge.title || '');
  }

  function hostProblemBadge(error) {
    const key = { [HOST_PROBLEM.MISSING]: 'badgeHostMissing', [HOST_PROBLEM.INCOMPATIBLE]: 'badgeHostIncompatible' }[error.code] || 'badgeHostFailed';
    return badge.forHostProblem(error.code, api.i18n.getMessage(key) || error.message);
  }

  // The connection as the popup sees it: connected, a HOST_PROBLEM, or not connected yet.
  function hostState() {
    if (connection.hello) return { state: 'connected', version: connection.hello.version, rules: connection.rulesInUse() };
    if (connection.problem) return { state: connection.problem.kind, message: connection.problem.message };
    return { state: 'not-connected' };
  }

  function errorReply(error) {
    return { type: REPLY.ERROR, code: error.code || ERROR_CODE.INTERNAL, message: String(error.message || error), host: hostState() };
  }

  // One handler per message kind; each returns what the sender gets back.
  const handlers = {
    async 'page-state'(message, sender) {
      const tabId = sender.tab && sender.tab.id;
      try {
        const verdict = await connection.request(protocol.requests.page(await installId(), await settings(), message.state));
        if (tabId !== undefined) {
          rememberPage(tabId, message.state, verdict);
          await badge.draw(api.action, tabId, badge.fromHost(verdict.badge, describeBadge));
        }
        return { ...verdict, alwaysMark: await alwaysMark() };
      } catch (error) {
        if (tabId !== undefined) {
          await badge.draw(api.action, tabId, protocol.isHostProblem(error.code) ? hostProblemBadge(error)
            : { text: '!', color: badge.HOST_PROBLEM_COLOR, title: error.message });
        }
        return errorReply(error);
      }
    },
    // The content script's tab left the settings inside LinkedIn's app: no badge there.
    async 'page-left'(message, sender) {
      const tabId = sender.tab && sender.tab.id;
      if (tabId !== undefined) {
        tabPages.delete(tabId);
        await badge.draw(api.action, tabId, null);
      }
      return { type: 'left' };
    },
    // The popup: the checklist, and what the settings page in its tab (`tabId`) showed.
    async 'get-status'(message) {
      try {
        const status = await connection.request(protocol.requests.status(await installId(), await settings()));
        return { type: REPLY.STATUS, status, host: hostState(), page: tabPages.get(message.tabId) || null };
      } catch (error) {
        return errorReply(error);
      }
    },
    // The popup's "I have done this" (or its undoing) for a step the host cannot see.
    async [REQUEST.MARK](message) {
      if (typeof message.rule !== 'string' || !protocol.RULE_ID.test(message.rule) || typeof message.done !== 'boolean') {
        return errorReply(new protocol.HostError(ERROR_CODE.BAD_REQUEST, 'mark: a rule id and done (true or false)'));
      }
      try {
        return await connection.request(protocol.requests.mark(await installId(), message.rule, message.done));
      } catch (error) {
        return errorReply(error);
      }
    },
    async [REQUEST.FORGET]() {
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

  root.OptOutGuard.background = Object.freeze({ connection, handlers, tabPages, onTabUpdated });
})(globalThis);
