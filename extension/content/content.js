// The sensor: sends the page's toggles to the background whenever they change (a flip, or a
// navigation inside LinkedIn's single-page app), and marks what the host says is pending.
// It never clicks or changes a setting.
(function (root) {
  'use strict';

  const api = root.browser || root.chrome;
  const { readPageState, readToggles, isSettingsPath } = root.OptOutGuard.content;
  const DEBOUNCE_MS = 250;
  const MARK = 'data-optout-guard';

  let lastSent = '';
  let timer = null;
  let jumpButton = null;

  function clearMarks() {
    for (const marked of document.querySelectorAll(`[${MARK}]`)) marked.removeAttribute(MARK);
  }

  function applyVerdict(verdict) {
    if (!verdict || verdict.type !== 'verdict') {
      clearMarks();  // no verdict (the host is missing): no stale marks from an earlier one
      showJumpButton(null);
      return;
    }
    const pending = new Set(verdict.pending.map((item) => item.key));
    const done = new Set(verdict.done.map((item) => item.key));
    let firstPending = null;
    clearMarks();
    for (const toggle of readToggles(document)) {
      if (pending.has(toggle.key)) {
        toggle.element.setAttribute(MARK, 'pending');
        if (!firstPending) firstPending = toggle.element;
      } else if (done.has(toggle.key)) {
        toggle.element.setAttribute(MARK, 'done');
      }
    }
    showJumpButton(firstPending);
  }

  // A button that brings the first pending toggle into view; the user flips it themselves.
  function showJumpButton(target) {
    if (!target) {
      if (jumpButton) jumpButton.remove();
      jumpButton = null;
      return;
    }
    if (!jumpButton) {
      jumpButton = document.createElement('button');
      jumpButton.type = 'button';
      jumpButton.className = 'optout-guard-jump';
      jumpButton.textContent = api.i18n.getMessage('jumpToPending');
      document.body.appendChild(jumpButton);
    }
    jumpButton.onclick = () => {
      target.scrollIntoView({ block: 'center', behavior: 'smooth' });
      target.focus({ preventScroll: true });
    };
  }

  function send(message, onReply) {
    api.runtime.sendMessage(message).then(onReply, () => {
      lastSent = '';  // the background could not answer: try again on the next change
    });
  }

  function report() {
    timer = null;
    if (!isSettingsPath(location.pathname)) {
      // Navigated, inside the app, away from the settings: read nothing here, drop the badge.
      if (lastSent !== 'left') {
        lastSent = 'left';
        clearMarks();
        showJumpButton(null);
        send({ kind: 'page-left' }, () => {});
      }
      return;
    }
    const state = readPageState(document, location);
    const text = JSON.stringify(state);
    if (text === lastSent) return;
    lastSent = text;
    send({ kind: 'page-state', state }, applyVerdict);
  }

  function schedule() {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(report, DEBOUNCE_MS);
  }

  // The state includes the URL, so a pushState navigation (which fires no event) is seen with the
  // mutations that render the new page. Our own marks are not in the attribute filter, and
  // report() sends nothing when the state is unchanged, so marking cannot loop.
  new MutationObserver(schedule).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, characterData: true,
    attributeFilter: ['aria-checked', 'checked', 'lang', 'aria-labelledby', 'aria-label', 'id', 'role', 'type'],
  });
  document.addEventListener('change', schedule, true);
  document.addEventListener('click', schedule, true);
  root.addEventListener('popstate', schedule);
  report();
})(globalThis);
