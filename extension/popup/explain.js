// What the popup says about each opt-out: its state in words and with a symbol (never by colour
// alone), what that state means, and when it was last checked; the summary with correct plurals.
// A classic script for the popup (and jsdom); it adds OptOutGuard.explain.
(function (root) {
  'use strict';

  const api = root.browser || root.chrome;
  const { message, plural } = root.OptOutGuard.i18n;
  const STATES = Object.freeze({
    pending: { symbol: '\u2717', name: 'statePending', meaning: 'statePendingMeaning' },
    done: { symbol: '\u2713', name: 'stateDone', meaning: 'stateDoneMeaning' },
    unseen: { symbol: '?', name: 'stateUnseen', meaning: 'stateUnseenMeaning' },
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

  // The state's symbol (hidden from screen readers, which read the word), its name and meaning.
  function state(item) {
    const known = STATES[item.state] || STATES.unseen;
    return [
      element('span', { className: 'state' }, [symbol(known.symbol), ' ', message(known.name)]),
      element('p', { className: 'meaning', textContent: message(known.meaning) }),
      lastChecked(item.state === 'unseen' ? null : item.seen),
    ];
  }

  function summary(items) {
    const count = (wanted) => items.filter((item) => item.state === wanted).length;
    if (count('pending')) return plural('summaryPending', count('pending'));
    if (count('unseen')) return plural('summaryUnseen', count('unseen'));
    return message('summaryDone');
  }

  root.OptOutGuard = Object.assign(root.OptOutGuard || {}, { explain: Object.freeze({ element, state, summary, lastChecked }) });
})(globalThis);
