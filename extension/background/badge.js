// What the toolbar badge shows. The host decides the badge's state (and, when pending, the count);
// how each state looks (colour, symbol, translated title) is the extension's, from the contract.
// The extension alone adds the badge the host cannot: "!" when the host is missing or incompatible.
(function (root) {
  'use strict';

  const { BADGE_STATE } = root.OptOutGuard.contract;
  const HOST_PROBLEM_COLOR = root.OptOutGuard.contract.HOST_PROBLEM_BADGE.color;  // protocol/contract.json

  const LOOKS = root.OptOutGuard.contract.BADGES;  // state -> { text, color }

  // A badge from the host's verdict or status reply ({ state, text, ... }): { text, color, title }.
  // A state the contract does not know, or a pending badge without a count, is drawn as unknown:
  // never as done.
  function fromHost(hostBadge, describe) {
    const count = Number(hostBadge.text);
    const pending = hostBadge.state === BADGE_STATE.PENDING && Number.isInteger(count) && count > 0;
    const state = pending || (hostBadge.state !== BADGE_STATE.PENDING && Object.hasOwn(LOOKS, hostBadge.state))
      ? hostBadge.state : BADGE_STATE.UNKNOWN;
    const look = LOOKS[state];
    return { text: pending ? String(count) : look.text, color: look.color, title: describe({ ...hostBadge, state }) };
  }

  // problem: one of protocol's HOST_PROBLEM
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
