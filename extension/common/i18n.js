// Fills [data-i18n] elements of an extension page from _locales, so pages hold no user text, and
// picks plural forms: a message with a count has one key per CLDR plural category of the UI
// language (`summaryPending_one`, `summaryPending_other`, ...), chosen by Intl.PluralRules.
(function (root) {
  'use strict';
  const api = root.browser || root.chrome;

  function message(key, substitutions) {
    return api.i18n.getMessage(key, substitutions) || key;
  }

  // The message `${key}_${category}` for `count` in the browser's UI language, else `${key}_other`.
  function plural(key, count) {
    const category = new Intl.PluralRules(api.i18n.getUILanguage()).select(count);
    const substitutions = [String(count)];
    return api.i18n.getMessage(`${key}_${category}`, substitutions) || message(`${key}_other`, substitutions);
  }

  function localise(doc) {
    doc.documentElement.lang = api.i18n.getUILanguage();
    for (const element of doc.querySelectorAll('[data-i18n]')) element.textContent = message(element.dataset.i18n);
  }

  root.OptOutGuard = Object.assign(root.OptOutGuard || {}, { i18n: Object.freeze({ message, plural, localise }) });
})(globalThis);
