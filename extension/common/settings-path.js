// Which addresses are LinkedIn's settings pages, for the extension: those under the top-level
// folders LinkedIn serves its settings from (/mypreferences/d/..., /mypreferences/s/..., and the
// older /psettings/...). The content script reads only there and sleeps elsewhere; the popup offers
// "Show me on the page" only there. (The host tells the pages apart itself, from the rules'
// `prefixes` and `pages`: rules/linkedin.json.) A classic script for the content script and the
// popup (and Node, for tests); it adds OptOutGuard.settingsPath.
(function (root) {
  'use strict';

  const FOLDERS = Object.freeze(['mypreferences', 'psettings']);
  const SETTINGS_PATH = new RegExp(`^/(${FOLDERS.join('|')})/`);

  // pathname: a URL's path ("/mypreferences/d/settings/x"), without origin, query or fragment.
  function isSettingsPath(pathname) {
    return SETTINGS_PATH.test(String(pathname || ''));
  }

  root.OptOutGuard = Object.assign(root.OptOutGuard || {}, { settingsPath: Object.freeze({ FOLDERS, isSettingsPath }) });
})(globalThis);
