// Fills [data-i18n] elements of an extension page from _locales, so pages hold no user text.
(function (root) {
  'use strict';
  const api = root.browser || root.chrome;

  function message(key, substitutions) {
    return api.i18n.getMessage(key, substitutions) || key;
  }

  function localise(doc) {
    doc.documentElement.lang = api.i18n.getUILanguage();
    for (const element of doc.querySelectorAll('[data-i18n]')) element.textContent = message(element.dataset.i18n);
  }

  root.OptOutGuard = Object.assign(root.OptOutGuard || {}, { i18n: Object.freeze({ message, localise }) });
})(globalThis);
