// Marks on LinkedIn's page, only when the user asks for them (the popup's "Show me on the page",
// or the option "Always mark pending switches"). Marking is the only thing the extension ever
// writes into LinkedIn's page, and everything it writes is listed here: one attribute on each
// marked switch and one <style> element in <head>. Both are removed by clear(), which content.js
// calls when a marked switch flips, when the page changes and when the user dismisses the marks
// (Escape, or the popup). With no marks on the page, the page holds nothing of ours.
// A classic content script; it adds OptOutGuard.mark to the content script's global object.
(function (root) {
  'use strict';

  const ATTRIBUTE = 'data-optout-guard-mark';
  const STYLE = `[${ATTRIBUTE}] { outline: 3px solid #c5221f !important; outline-offset: 3px !important; }`;

  // The one set of marks on this page: the elements, the style element and the Escape listener.
  function createMarker(doc) {
    let marked = [];
    let style = null;
    let onEscape = null;

    function clear() {
      for (const element of marked) element.removeAttribute(ATTRIBUTE);
      marked = [];
      if (style) style.remove();
      style = null;
      if (onEscape) doc.removeEventListener('keydown', onEscape, true);
      onEscape = null;
    }

    // Marks `elements` (replacing earlier marks); with `focus`, scrolls the first into view and
    // focuses it, so keyboard users land on it. `onDismiss` is called when the user presses Escape.
    function show(elements, { focus = false, onDismiss = () => {} } = {}) {
      clear();
      if (!elements.length) return false;
      style = doc.createElement('style');
      style.textContent = STYLE;
      (doc.head || doc.documentElement).append(style);
      for (const element of elements) element.setAttribute(ATTRIBUTE, '');
      marked = [...elements];
      onEscape = (event) => {
        if (event.key !== 'Escape') return;
        clear();
        onDismiss();
      };
      doc.addEventListener('keydown', onEscape, true);
      if (focus) {
        elements[0].scrollIntoView({ block: 'center', behavior: 'smooth' });
        elements[0].focus({ preventScroll: true });
      }
      return true;
    }

    return { show, clear, isShown: () => marked.length > 0, marked: () => [...marked] };
  }

  root.OptOutGuard = Object.assign(root.OptOutGuard || {}, { mark: Object.freeze({ ATTRIBUTE, createMarker }) });
})(globalThis);
