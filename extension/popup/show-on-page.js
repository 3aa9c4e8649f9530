// "Show me on the page": asks the active tab's content script to scroll to the pending switch,
// focus it and outline it. Offered only on a LinkedIn settings tab (the host permission lets the
// popup see that tab's address; other tabs' addresses stay hidden from the extension).
// A classic script for the popup (and jsdom); it adds OptOutGuard.showOnPage.
(function (root) {
  'use strict';

  const api = root.browser || root.chrome;
  const { message } = root.OptOutGuard.i18n;
  const { isSettingsLink } = root.OptOutGuard.protocol;
  const { isSettingsPath } = root.OptOutGuard.settingsPath;
  // A tab on LinkedIn's settings: a LinkedIn address (as a link from the host must be) under a settings folder.
  const onSettings = (tab) => Boolean(tab) && isSettingsLink(tab.url) && isSettingsPath(new URL(tab.url).pathname);

  async function setup(doc) {
    const button = doc.getElementById('show-on-page');
    const result = doc.getElementById('show-on-page-result');
    const [tab] = await api.tabs.query({ active: true, currentWindow: true });
    button.hidden = !onSettings(tab);
    button.onclick = async () => {
      let reply = null;
      try {
        reply = await api.tabs.sendMessage(tab.id, { kind: 'show-pending' });
      } catch {
        reply = null;  // no content script in that tab (it was opened before the extension)
      }
      result.textContent = message(reply && reply.shown ? 'showOnPageShown' : 'showOnPageNothing');
    };
  }

  root.OptOutGuard = Object.assign(root.OptOutGuard || {}, { showOnPage: Object.freeze({ setup }) });
})(globalThis);
