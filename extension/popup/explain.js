// What the popup says about each opt-out besides its state's words: a symbol (so the state never
// relies on colour alone), what the state means, and when it was last checked.
// A classic script for the popup (and jsdom); it adds OptOutGuard.explain.
(function (root) {
  'use strict';

  const api = root.browser || root.chrome;
  const { message } = root.OptOutGuard.i18n;
  const { STATUS_STATE, VERDICT_LIST } = root.OptOutGuard.contract;
  // The host's states, and unknown (this tab's page could not be read). The other states' words
  // already say what they mean (why it is unknown, why to check again).
  const STATES = Object.freeze({
    [STATUS_STATE.PENDING]: { symbol: '\u2717', meaning: 'statePendingMeaning' },
    [STATUS_STATE.DONE]: { symbol: '\u2713', meaning: 'stateDoneMeaning' },
    [STATUS_STATE.UNSEEN]: { symbol: '?', meaning: 'stateUnseenMeaning' },
    [VERDICT_LIST.UNKNOWN]: { symbol: '?' },
    [STATUS_STATE.CHECK_AGAIN]: { symbol: '\u21bb' },
    [STATUS_STATE.MANUAL]: { symbol: '\u270e' },
  });

  function element(tag, props, children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children || []) node.append(child);
    return node;
  }

  // "Last checked 23 Nov 2026, 13:05" in the UI language, or "Never checked".
  function lastChecked(seen) {
    const date = seen ? new Date(seen) : null;
    if (!date || Number.isNaN(date.getTime())) return element('span', { className: 'checked', textContent: message('neverChecked') });
    const text = new Intl.DateTimeFormat(api.i18n.getUILanguage(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
    const time = element('time', { dateTime: date.toISOString(), textContent: text });
    const [before, after = ''] = message('lastChecked', ['\u0000']).split('\u0000');
    return element('span', { className: 'checked' }, [before, time, after]);
  }

  function symbol(text) {
    const node = element('span', { className: 'symbol', textContent: text });
    node.setAttribute('aria-hidden', 'true');
    return node;
  }

  // The state line: its symbol (hidden from screen readers, which read the words), the words
  // `text`, then what the state means and when the item was last checked.
  function state(item, shown, text) {
    const known = STATES[shown] || STATES[STATUS_STATE.UNSEEN];
    return [
      symbol(known.symbol),
      element('span', { className: 'state', textContent: text }),
      ...(known.meaning ? [element('p', { className: 'meaning', textContent: message(known.meaning) })] : []),
      lastChecked(item.state === STATUS_STATE.UNSEEN ? null : item.seen),
    ];
  }

  root.OptOutGuard = Object.assign(root.OptOutGuard || {}, { explain: Object.freeze({ element, state, lastChecked }) });
})(globalThis);
