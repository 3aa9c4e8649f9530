// The popup: the whole checklist from the host's `status` (every state, with why and the page to
// visit), the manual steps the user marks done here, what the settings page in this tab showed
// (rules it could not read there, and a page that changed), and how to install a missing host.
(function (root) {
  'use strict';

  const api = root.browser || root.chrome;
  const { message, plural, localise } = root.OptOutGuard.i18n;
  const { isSettingsLink, isHostProblem, HOST_PROBLEM } = root.OptOutGuard.protocol;
  const { STATUS_STATE, CHECK_REASON, UNKNOWN_REASON, VERDICT_LIST, REQUEST, REPLY } = root.OptOutGuard.contract;
  const STATE_KEYS = {
    [STATUS_STATE.PENDING]: 'statePending', [STATUS_STATE.DONE]: 'stateDone', [STATUS_STATE.UNSEEN]: 'stateUnseen', [STATUS_STATE.MANUAL]: 'stateManual',
  };
  const CHECK_AGAIN_KEYS = { [CHECK_REASON.AGE]: 'stateCheckAgainAge', [CHECK_REASON.RULES_CHANGED]: 'stateCheckAgainRules' };
  const UNKNOWN_KEYS = {
    [UNKNOWN_REASON.LANGUAGE]: 'stateUnknownLanguage', [UNKNOWN_REASON.MISSING]: 'stateUnknownMissing', [UNKNOWN_REASON.AMBIGUOUS]: 'stateUnknownAmbiguous',
  };
  // Where the "Open the next setting" button leads: the first item in one of these states, in this order.
  const NEXT_STATES = [STATUS_STATE.PENDING, STATUS_STATE.CHECK_AGAIN, STATUS_STATE.UNSEEN];

  const { explain, showOnPage } = root.OptOutGuard;
  const { element } = explain;

  function dateOf(iso) {
    const date = new Date(String(iso));
    return Number.isNaN(date.getTime()) ? '' : date.toLocaleDateString(api.i18n.getUILanguage());
  }

  // What the item's state line says: the host's state, or why this tab's page could not be read.
  function describeState(item, unknownHere) {
    if (unknownHere) return message(UNKNOWN_KEYS[unknownHere.reason] || 'stateUnknownMissing');
    if (item.state === STATUS_STATE.CHECK_AGAIN) return message(CHECK_AGAIN_KEYS[item.check_reason] || 'stateCheckAgainAge', [dateOf(item.seen)]);
    if (item.state === STATUS_STATE.MANUAL && item.marked) return message('stateManualMarked', [dateOf(item.marked)]);
    return message(STATE_KEYS[item.state] || 'stateUnseen');
  }

  // A manual step's button: "I have done this", or, once marked, "Not done yet".
  function markButton(item) {
    const done = !item.marked;
    const button = element('button', { type: 'button', className: 'mark-step', textContent: message(done ? 'markDone' : 'markUndone') });
    button.onclick = async () => {
      button.disabled = true;
      const reply = await api.runtime.sendMessage({ kind: REQUEST.MARK, rule: item.rule, done });
      if (reply && reply.type === REPLY.MARKED) show();
      else showSummary(message('summaryError', [String(reply && (reply.message || reply.code))]));
    };
    return button;
  }

  function renderItem(item, unknownHere) {
    const state = unknownHere ? VERDICT_LIST.UNKNOWN : item.state;
    const li = element('li', {}, [
      element('span', { className: 'title', textContent: item.title }),
      ...explain.state(item, state, describeState(item, unknownHere)),
      element('p', { className: 'why', textContent: item.why }),
    ]);
    if (isSettingsLink(item.link)) {
      li.append(element('a', { href: item.link, target: '_blank', rel: 'noopener', textContent: message('openSetting') }));
    }
    if (item.state === STATUS_STATE.MANUAL) li.append(' ', markButton(item));
    li.dataset.rule = item.rule;
    li.dataset.state = state;
    if (unknownHere) li.dataset.reason = unknownHere.reason;
    if (item.state === STATUS_STATE.CHECK_AGAIN) li.dataset.reason = item.check_reason;
    return li;
  }

  // The summary line, also as the document's title (what a tab or an assistive tool names it).
  function showSummary(text) {
    document.getElementById('summary').textContent = text;
    document.title = `${message('extName')}: ${text}`;
  }

  function summarise(items) {
    const count = (...states) => items.filter((item) => states.includes(item.state)).length;
    const pending = count(STATUS_STATE.PENDING);
    const toCheck = count(STATUS_STATE.UNSEEN, STATUS_STATE.CHECK_AGAIN);
    const byHand = items.filter((item) => item.state === STATUS_STATE.MANUAL && !item.marked).length;
    const main = pending ? plural('summaryPending', pending)
      : toCheck ? plural('summaryUnseen', toCheck) : message('summaryDone');
    return byHand ? `${main} ${plural('summaryManual', byHand)}` : main;
  }

  // A settings page whose switches matched nothing LinkedIn used to show there.
  function pageChanged(page) {
    if (!page || !page.page) return false;
    return page.page.changed === true || (page.toggles.length > 0 && page.page.unmatched === page.toggles.length);
  }

  // The redacted description the user may copy into a report: the page path and, per switch, its
  // id, on or off, and label text. Nothing else, and nothing is sent anywhere.
  function describePage(page) {
    return [`Opt-Out Guard: ${page.path}`,
      ...page.toggles.map((toggle) => `- ${toggle.key}: ${toggle.on ? 'on' : 'off'}: ${JSON.stringify(toggle.label)}`)].join('\n');
  }

  function renderPageChanged(page) {
    const section = document.getElementById('page-changed');
    section.hidden = !pageChanged(page);
    if (section.hidden) return;
    const text = document.getElementById('page-description');
    text.value = describePage(page);
    document.getElementById('copy-description').onclick = async () => {
      text.select();
      try {
        await navigator.clipboard.writeText(text.value);
      } catch {
        document.execCommand('copy');
      }
      document.getElementById('copy-result').textContent = message('copied');
    };
  }

  function renderStatus(reply) {
    const { status, host, page } = reply;
    const unknownHere = new Map(((page && page.unknown) || []).map((item) => [item.rule, item]));
    const list = document.getElementById('checklist');
    list.setAttribute('aria-label', message('checklistLabel'));
    list.replaceChildren(...status.items.map((item) => renderItem(item, unknownHere.get(item.rule))));
    showSummary(summarise(status.items));
    renderPageChanged(page);
    const next = NEXT_STATES.map((state) => status.items.find((item) => item.state === state && isSettingsLink(item.link)))
      .find(Boolean);
    const button = document.getElementById('next-pending');
    button.hidden = !next;
    if (next) button.onclick = () => { window.open(next.link, '_blank', 'noopener'); window.close(); };
    // The rules version in use: the host's status says; hello (or the offer the host took) else.
    const rulesVersion = status.rules_version || (host.rules && host.rules.version) || '?';
    document.getElementById('versions').textContent = message('versions', [String(host.version || '?'), String(rulesVersion)]);
  }

  function renderError(reply) {
    document.getElementById('checklist').replaceChildren();
    if (!isHostProblem(reply.code)) {
      showSummary(message('summaryError', [String(reply.message || reply.code)]));
      return;
    }
    document.getElementById('host-missing').hidden = false;
    showSummary(message('summaryHostMissing'));
    document.getElementById('host-error').textContent = reply.message || '';
  }

  // The tab the popup belongs to: the active tab of its window, or the one named by `?tab=` (the
  // popup opened as a page of its own, as the end-to-end tests do).
  async function tabId() {
    const named = Number(new URLSearchParams(location.search).get('tab'));
    if (Number.isInteger(named) && named >= 0) return named;
    if (!api.tabs) return undefined;
    const [tab] = await api.tabs.query({ active: true, currentWindow: true });
    return tab ? tab.id : undefined;
  }

  async function show() {
    localise(document);
    const reply = await api.runtime.sendMessage({ kind: 'get-status', tabId: await tabId() });
    document.body.dataset.loaded = 'true';
    if (reply && reply.type === REPLY.STATUS) renderStatus(reply);
    else renderError(reply || { code: HOST_PROBLEM.FAILED });
  }

  showOnPage.setup(document).catch(() => {});
  show();
})(globalThis);
