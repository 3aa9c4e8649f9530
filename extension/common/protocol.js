// Protocol v1 with the native host (docs/protocol.md): the only file that knows message shapes.
// A classic script: it runs in the background (service worker or event page), the popup and the
// options page, and in Node for tests; it adds OptOutGuard.protocol to the global object. The names
// and limits come from common/contract.js (generated from protocol/contract.json), loaded before it.
(function (root) {
  'use strict';

  // REPLY_TYPES: what each request type is answered with; ERROR_CODES: the host's (append-only).
  // REQUEST, REPLY: the types keyed by constant (REQUEST.OFFER_RULES is the type `offer-rules`).
  const { PROTOCOL_VERSION, HOST_NAME, PROFILES, DEFAULT_PROFILE, ERROR_CODES, REPLY_TYPES, LIMITS, REQUEST, REPLY } =
    root.OptOutGuard.contract;
  // The host's input cap: a larger request would end the host's session.
  const MAX_REQUEST_BYTES = LIMITS.request_bytes;
  // How old a reading may be before the host asks for the page again (`check_after_days`).
  const CHECK_AFTER_DAYS = Object.freeze({
    min: LIMITS.check_after_days_min, max: LIMITS.check_after_days_max, default: root.OptOutGuard.contract.DEFAULTS.check_after_days,
  });
  // A rule id as the rules file spells them; anything else is not sent in a `mark`.
  const RULE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
  // The extension's own error codes, beside the host's ERROR_CODE: why there is no answer from the
  // host (no host registered, a host of another protocol, one that failed or stopped answering),
  // and a reply that does not fit its request. The popup tells the first four apart from the host's.
  const HOST_PROBLEM = Object.freeze({ MISSING: 'missing', INCOMPATIBLE: 'incompatible', FAILED: 'failed', TIMEOUT: 'timeout' });
  const BAD_REPLY = 'bad_reply';
  const isHostProblem = (code) => Object.values(HOST_PROBLEM).includes(code);

  let nextId = 1;

  function envelope(type, fields) {
    return Object.assign({ v: PROTOCOL_VERSION, id: nextId++, type }, fields);
  }

  // `settings`: { profile, checkAfterDays } as the options hold them.
  const requests = Object.freeze({
    hello: () => envelope(REQUEST.HELLO, {}),
    page: (install, settings, state) => envelope(REQUEST.PAGE, {
      install, profile: settings.profile, check_after_days: settings.checkAfterDays, url: state.url, lang: state.lang, toggles: state.toggles,
    }),
    status: (install, settings) => envelope(REQUEST.STATUS, { install, profile: settings.profile, check_after_days: settings.checkAfterDays }),
    forget: (install) => envelope(REQUEST.FORGET, { install }),
    rules: () => envelope(REQUEST.RULES, {}),
    mark: (install, rule, done) => envelope(REQUEST.MARK, { install, rule, done }),
    offerRules: (rules) => envelope(REQUEST.OFFER_RULES, { rules }),
  });

  class HostError extends Error {
    constructor(code, message) {
      super(message);
      this.name = 'HostError';
      this.code = code;
    }
  }

  // Checks a reply against its request: same id, the expected type; an error reply becomes a HostError.
  function checkReply(request, reply) {
    if (!reply || typeof reply !== 'object') throw new HostError(BAD_REPLY, 'the host sent something that is not an object');
    if (reply.type === REPLY.ERROR) throw new HostError(String(reply.code), String(reply.message || reply.code));
    const expected = REPLY_TYPES[request.type];
    if (reply.type !== expected) throw new HostError(BAD_REPLY, `expected a ${expected} reply, got ${reply.type}`);
    return reply;
  }

  // A rule's `link` from the host is opened only when it is a LinkedIn settings address: a reply
  // is treated as hostile like any other input.
  function isSettingsLink(link) {
    try {
      const url = new URL(String(link));
      return url.protocol === 'https:' && url.hostname === 'www.linkedin.com' && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  }

  // The request's size on the wire (UTF-8 JSON, without the 4-byte length).
  function encodedSize(message) {
    return new TextEncoder().encode(JSON.stringify(message)).length;
  }

  function isCompatibleHello(reply) {
    return Boolean(reply) && reply.type === REPLY.HELLO && reply.protocol === PROTOCOL_VERSION;
  }

  root.OptOutGuard = Object.assign(root.OptOutGuard || {}, {
    protocol: Object.freeze({
      PROTOCOL_VERSION, HOST_NAME, PROFILES, DEFAULT_PROFILE, ERROR_CODES, REPLY_TYPES, MAX_REQUEST_BYTES, CHECK_AFTER_DAYS, RULE_ID,
      HOST_PROBLEM, isHostProblem,
      requests, checkReply,
      encodedSize,
      isCompatibleHello, isSettingsLink, HostError,
    }),
  });
})(globalThis);
