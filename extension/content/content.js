// The sensor. Injected into every www.linkedin.com page (LinkedIn is a single-page app: a member
// reaches the settings from the feed, a profile or the "Me" menu without a new document), but
// dormant off the settings pages: there it reads nothing, sends nothing and observes no mutation;
// it only listens for navigations (the Navigation API where present, popstate, and the
// background's tabs.onUpdated message). On a settings page it sends the page's toggles to the
// background at load, at once when the user flips a switch, and 250 ms after other changes.
// It writes nothing into LinkedIn's page unless the user asks for marks (mark.js), and never
// clicks or changes a setting.
(function (root) {
  'use strict';

  const api = root.browser || root.chrome;
  const { readPageState, readToggles, isSettingsPath } = root.OptOutGuard.content;
  const marker = root.OptOutGuard.mark.createMarker(document);
  const DEBOUNCE_MS = 250;
  const RENDER_DEBOUNCE_MS = 50;
  const OBSERVED = {
    subtree: true, childList: true, attributes: true, characterData: true,
    attributeFilter: ['aria-checked', 'checked', 'lang', 'aria-labelledby', 'aria-label', 'id', 'role', 'type'],
  };

  let awake = false;
  let observer = null;
  let path = null;
  let lastSent = '';
  let lastToggles = 0;      // how many switches the last report held
  let timer = null;
  let dueAt = 0;
  let verdict = null;       // the host's last verdict for this page, or null
  let alwaysMark = false;   // the user's option, as the background last said
  let dismissed = false;    // the user dismissed the marks on this page
  let markedOn = new Map(); // marked switch -> whether it was on when marked

  function pendingSwitches() {
    if (!verdict) return [];
    const pending = new Set(verdict.pending.map((item) => item.key));
    return readToggles(document).filter((toggle) => pending.has(toggle.key));
  }

  function mark(toggles, focus) {
    markedOn = new Map(toggles.map((toggle) => [toggle.element, toggle.on]));
    return marker.show(toggles.map((toggle) => toggle.element), { focus, onDismiss: () => { dismissed = true; } });
  }

  // A marked switch that flipped, or left the page: every mark goes.
  function dropMarksOnFlip() {
    if (!marker.isShown()) return;
    const now = new Map(readToggles(document).map((toggle) => [toggle.element, toggle.on]));
    for (const [element, on] of markedOn) {
      if (now.get(element) !== on) {
        marker.clear();
        return;
      }
    }
  }

  function applyVerdict(reply) {
    if (!awake) return;
    verdict = reply && reply.type === 'verdict' ? reply : null;
    alwaysMark = Boolean(reply && reply.alwaysMark);
    const pending = pendingSwitches();
    if (alwaysMark && !dismissed) {
      const same = pending.length === markedOn.size && pending.every((toggle) => markedOn.get(toggle.element) === toggle.on);
      if (!same || !marker.isShown()) {
        if (pending.length) mark(pending, false);
        else marker.clear();
      }
    } else if (marker.isShown() && !pending.some((toggle) => markedOn.has(toggle.element))) {
      marker.clear();  // what was shown is no longer pending
    }
  }

  function send(message, onReply) {
    api.runtime.sendMessage(message).then(onReply, () => {
      lastSent = '';  // the background could not answer: try again on the next change
    });
  }

  function report() {
    timer = null;
    // An address change that no navigation event told us of (pushState seen only by the
    // mutations that render the new page): decide again whether this is a settings page.
    if (location.pathname !== path) check();
    if (!awake) return;
    dropMarksOnFlip();
    const state = readPageState(document, location);
    const text = JSON.stringify(state);
    if (text === lastSent) return;
    lastSent = text;
    lastToggles = state.toggles.length;
    send({ kind: 'page-state', state }, applyVerdict);
  }

  // Runs report() after `delay` ms, or sooner if it is already due sooner.
  function schedule(delay) {
    const due = Date.now() + delay;
    if (timer !== null) {
      if (dueAt <= due) return;
      clearTimeout(timer);
    }
    dueAt = due;
    timer = setTimeout(report, delay);
  }

  // A page that showed no switch yet is still rendering (just entered by an in-app navigation):
  // read it as soon as its switches appear; afterwards, wait for the changes to settle.
  const onMutation = () => schedule(lastToggles ? DEBOUNCE_MS : RENDER_DEBOUNCE_MS);
  const onUserFlip = () => schedule(0);  // after the app's own handlers have updated the switch

  function wake() {
    if (awake) return;
    awake = true;
    observer = new MutationObserver(onMutation);
    observer.observe(document.documentElement, OBSERVED);
    document.addEventListener('change', onUserFlip, true);
    document.addEventListener('click', onUserFlip, true);
  }

  function sleep() {
    if (!awake) return;
    awake = false;
    observer.disconnect();
    observer = null;
    document.removeEventListener('change', onUserFlip, true);
    document.removeEventListener('click', onUserFlip, true);
    if (timer !== null) clearTimeout(timer);
    timer = null;
    verdict = null;
    lastSent = '';
    lastToggles = 0;
    send({ kind: 'page-left' }, () => {});  // drop the badge
  }

  // Where are we? Called at load and on every navigation event; cheap and idempotent.
  function check() {
    if (location.pathname !== path) {
      path = location.pathname;
      marker.clear();  // the page changed: marks never outlive it
      dismissed = false;
    }
    if (!isSettingsPath(path)) {
      sleep();
      return;
    }
    wake();
    schedule(0);
  }

  // Messages from the popup (through the tab) and the background.
  const handlers = {
    'url-changed': () => { check(); return { awake }; },
    'show-pending': () => {
      if (!awake) return { shown: false };
      const pending = pendingSwitches();
      dismissed = false;
      return { shown: mark(alwaysMark ? pending : pending.slice(0, 1), true) };
    },
    'hide-marks': () => {
      marker.clear();
      dismissed = true;
      return { shown: false };
    },
  };
  api.runtime.onMessage.addListener((message, sender, sendResponse) => {
    const handler = message && Object.prototype.hasOwnProperty.call(handlers, message.kind) && handlers[message.kind];
    if (!handler) return false;
    sendResponse(handler());
    return false;
  });

  // In-app navigations: the Navigation API (Chromium; Firefox where it has it) sees pushState,
  // replaceState and back/forward; popstate sees back/forward everywhere; the background's
  // 'url-changed' (tabs.onUpdated) sees the rest. Each only calls check(), after the URL changed.
  if (root.navigation && typeof root.navigation.addEventListener === 'function') {
    root.navigation.addEventListener('navigate', () => setTimeout(check, 0));
    root.navigation.addEventListener('navigatesuccess', check);
  }
  root.addEventListener('popstate', check);
  check();
})(globalThis);
