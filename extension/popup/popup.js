// The popup: the whole checklist from the host's `status`, or how to install the host.
(function (root) {
  'use strict';

  const api = root.browser || root.chrome;
  const { message, localise } = root.OptOutGuard.i18n;
  const { isSettingsLink } = root.OptOutGuard.protocol;
  const { explain, showOnPage } = root.OptOutGuard;
  const { element } = explain;

  function renderItem(item) {
    const li = element('li', {}, [
      element('span', { className: 'title', textContent: item.title }),
      ...explain.state(item),
      element('p', { className: 'why', textContent: item.why }),
    ]);
    if (isSettingsLink(item.link)) {
      li.append(element('a', { href: item.link, target: '_blank', rel: 'noopener', textContent: message('openSetting') }));
    }
    li.dataset.rule = item.rule;
    li.dataset.state = item.state;
    return li;
  }

  // The summary line, also as the document's title (what a tab or an assistive tool names it).
  function showSummary(text) {
    document.getElementById('summary').textContent = text;
    document.title = `${message('extName')}: ${text}`;
  }

  function renderStatus(reply) {
    const { status, host } = reply;
    const list = document.getElementById('checklist');
    list.setAttribute('aria-label', message('checklistLabel'));
    list.replaceChildren(...status.items.map(renderItem));
    const pending = status.items.filter((item) => item.state === 'pending');
    const unseen = status.items.filter((item) => item.state === 'unseen');
    showSummary(explain.summary(status.items));
    const next = [...pending, ...unseen].find((item) => isSettingsLink(item.link));
    const button = document.getElementById('next-pending');
    button.hidden = !next;
    if (next) button.onclick = () => { window.open(next.link, '_blank', 'noopener'); window.close(); };
    document.getElementById('versions').textContent =
      message('versions', [String(host.version || '?'), String((host.rules && host.rules.version) || status.rules_version)]);
  }

  const HOST_PROBLEMS = ['missing', 'incompatible', 'failed', 'timeout'];

  function renderError(reply) {
    document.getElementById('checklist').replaceChildren();
    if (!HOST_PROBLEMS.includes(reply.code)) {
      showSummary(message('summaryError', [String(reply.message || reply.code)]));
      return;
    }
    document.getElementById('host-missing').hidden = false;
    showSummary(message('summaryHostMissing'));
    document.getElementById('host-error').textContent = reply.message || '';
  }

  async function show() {
    localise(document);
    showOnPage.setup(document).catch(() => {});
    const reply = await api.runtime.sendMessage({ kind: 'get-status' });
    document.body.dataset.loaded = 'true';
    if (reply && reply.type === 'status') renderStatus(reply);
    else renderError(reply || { code: 'failed' });
  }

  show();
})(globalThis);
