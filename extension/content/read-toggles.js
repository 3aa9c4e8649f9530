// Reads a settings page's toggles, generically: any checkbox or switch with its accessible label,
// its state, a key to find it again and the heading it stands under; plus the URL's origin and
// path and the page language. Nothing else: no names, no profile text, no messages, no query.
// A classic content script; it adds OptOutGuard.content to the global object (also in jsdom).
(function (root) {
  'use strict';

  // Within the host's limits (common/contract.js, loaded before this script): at most its number of
  // toggles; labels and keys within its byte caps even in 4-byte characters; the URL (ASCII) within its cap.
  const caps = root.OptOutGuard.contract.LIMITS;
  const LIMITS = Object.freeze({
    toggles: caps.toggles,
    textChars: Math.min(240, Math.floor(Math.min(caps.label_bytes, caps.section_bytes) / 4)),
    keyChars: Math.min(60, Math.floor(caps.key_bytes / 4)),
    urlChars: caps.url_bytes,
  });
  const CONTROL_SELECTOR = 'input[type="checkbox"], [role="switch"], [role="checkbox"], [aria-checked]';
  const HEADING_SELECTOR = 'h1, h2, h3, h4, h5, h6, [role="heading"]';

  // Whitespace folded, at most `max` characters. A hostile page may hold megabytes in one
  // attribute: cut before folding, so the work stays proportional to what is kept.
  function clip(text, max) {
    const clean = String(text || '').slice(0, max * 4).replace(/\s+/g, ' ').trim();
    return Array.from(clean).slice(0, max).join('');
  }

  // An element's text as assistive technology reads it: without parts marked aria-hidden (LinkedIn's
  // toggle component puts its visible "On"/"Off" in one, which names no setting).
  function textOf(element) {
    if (!element) return '';
    if (!element.querySelector('[aria-hidden="true"]')) return clip(element.textContent, LIMITS.textChars);
    const copy = element.cloneNode(true);
    for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
    return clip(copy.textContent, LIMITS.textChars);
  }

  function labelledByIds(control) {
    return (control.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
  }

  function labelOf(control, doc) {
    const byIds = labelledByIds(control).map((id) => textOf(doc.getElementById(id))).filter(Boolean).join(' ');
    if (byIds) return clip(byIds, LIMITS.textChars);
    const aria = clip(control.getAttribute('aria-label'), LIMITS.textChars);
    if (aria) return aria;
    const labels = control.labels ? Array.from(control.labels) : [];
    const wrapping = control.closest('label');
    if (wrapping && !labels.includes(wrapping)) labels.push(wrapping);
    const fromLabels = labels.map(textOf).filter(Boolean).join(' ');
    if (fromLabels) return clip(fromLabels, LIMITS.textChars);
    return clip(control.getAttribute('title'), LIMITS.textChars);
  }

  // A checkbox's `checked`; a switch or custom control's `aria-checked`. A checkbox that also carries
  // `aria-checked` (LinkedIn's newer toggle component is read through it) counts as on when either
  // says on: a wrong "on" costs a look, a wrong "off" would be a false "done".
  function isOn(control) {
    const aria = control.getAttribute('aria-checked') === 'true';
    if (control.matches('input[type="checkbox"]')) return control.checked || aria;
    return aria;
  }

  // Walks the headings along with the controls, both in document order, so each control's section
  // (the last heading before it) costs a step or two instead of a scan of every heading.
  function sectionWalker(headings) {
    let next = 0;
    let current = null;
    return (control) => {
      // DOCUMENT_POSITION_FOLLOWING (4): the control comes after this heading.
      while (next < headings.length && headings[next].compareDocumentPosition(control) & 4) current = headings[next++];
      return textOf(current);
    };
  }

  // A control that wraps another control (a styled switch around a real checkbox) is the same toggle.
  function outermostControls(doc) {
    const all = Array.from(doc.querySelectorAll(CONTROL_SELECTOR));
    return all.filter((control) => !control.querySelector(CONTROL_SELECTOR));
  }

  // Ids that Ember (LinkedIn's older toggle component, `adToggle_ember123`) makes anew at every
  // render name nothing stable: such a toggle is known by its position and its label.
  const GENERATED_ID = /(^|[_-])ember\d+$/;
  function stableId(id) {
    return id && !GENERATED_ID.test(id) ? id : '';
  }

  // The `aria-labelledby` id (LinkedIn's stable switch id), else the switch's own id (the cookie
  // switch `nonEssentialCookieConsent` has no aria-labelledby), else a position key.
  function keyOf(control, index) {
    const key = labelledByIds(control).map(stableId).find(Boolean) || stableId(control.id) || `#${index}`;
    return clip(key, LIMITS.keyChars);
  }

  // Returns [{ key, label, on, section, element }] in document order.
  function readToggles(doc) {
    const sectionOf = sectionWalker(Array.from(doc.querySelectorAll(HEADING_SELECTOR)));
    const seen = new Set();
    return outermostControls(doc).slice(0, LIMITS.toggles).map((element, index) => {
      let key = keyOf(element, index);
      if (seen.has(key)) key = `${clip(key, LIMITS.keyChars - 8)}#${index}`;  // keys are unique on a page
      seen.add(key);
      const section = sectionOf(element);
      // A switch with no accessible name at all is named by the heading it stands under.
      return { key, label: labelOf(element, doc) || section, on: isOn(element), section, element };
    });
  }

  // The primary language subtag, lower case: `de_DE` (as LinkedIn writes it), `de-DE` and `DE` are
  // all `de`, the form the rules' languages take. Anything that is not a language tag is dropped.
  const LANGUAGE_TAG = /^([A-Za-z]{2,8})([-_][A-Za-z0-9]{1,8})*$/;
  function normaliseLanguage(tag) {
    const match = LANGUAGE_TAG.exec(String(tag || '').trim().slice(0, 64));
    return match ? match[1].toLowerCase() : '';
  }

  function languageOf(doc) {
    return normaliseLanguage(doc.documentElement.getAttribute('lang'));
  }

  // What is sent to the host, and nothing more.
  function readPageState(doc, location) {
    return {
      // ASCII in any real page (a path is percent-encoded), so a character count is a byte count.
      url: `${location.origin}${location.pathname}`.slice(0, LIMITS.urlChars),
      lang: languageOf(doc),
      toggles: readToggles(doc).map(({ key, label, on, section }) => ({ key, label, on, section })),
    };
  }

  // The settings pages (common/settings-path.js): the only ones read. The script runs on every
  // LinkedIn page (a single-page app moves between the feed, profiles and the settings without a
  // new document) and sleeps elsewhere.
  const { isSettingsPath } = root.OptOutGuard.settingsPath;

  function findToggle(doc, key) {
    return readToggles(doc).find((toggle) => toggle.key === key) || null;
  }

  root.OptOutGuard = Object.assign(root.OptOutGuard || {}, {
    content: Object.freeze({ LIMITS, readToggles, readPageState, findToggle, isSettingsPath, normaliseLanguage }),
  });
})(globalThis);
