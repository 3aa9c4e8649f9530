// What the toolbar badge shows. The host decides the badge for a page; the extension only adds
// the one the host cannot: "!" when the host is missing or incompatible.
(function (root) {
  'use strict';

  const HOST_PROBLEM_COLOR = root.OptOutGuard.contract.HOST_PROBLEM_BADGE.color;  // protocol/contract.json

  // A badge from the host's verdict or status reply: { text, color, title }.
  function fromHost(badge, describe) {
    return { text: String(badge.text), color: String(badge.color), title: describe(badge) };
  }

  // problem: 'missing' | 'incompatible' | 'failed'
  function forHostProblem(problem, message) {
    return { text: root.OptOutGuard.contract.HOST_PROBLEM_BADGE.text, color: HOST_PROBLEM_COLOR, title: message };
  }

  // Draws a badge on one tab; a null badge clears it.
  async function draw(action, tabId, badge) {
    if (!badge) {
      await action.setBadgeText({ tabId, text: '' });
      return;
    }
    await action.setBadgeBackgroundColor({ tabId, color: badge.color });
    if (action.setBadgeTextColor) await action.setBadgeTextColor({ tabId, color: '#FFFFFF' });
    await action.setBadgeText({ tabId, text: badge.text });
    await action.setTitle({ tabId, title: badge.title });
  }

  root.OptOutGuard = Object.assign(root.OptOutGuard || {}, {
    badge: Object.freeze({ HOST_PROBLEM_COLOR, fromHost, forHostProblem, draw }),
  });
})(globalThis);
