// Protocol v1 with the native host (docs/protocol.md): the only file that knows message shapes.
// A classic script: it runs in the background (service worker or event page), the popup and the
// options page, and in Node for tests; it adds OptOutGuard.protocol to the global object.
(function (root) {
  'use strict';

  const PROTOCOL_VERSION = 1;
  const HOST_NAME = 'org.optoutguard.host';
  const PROFILES = Object.freeze(['essential', 'recommended', 'strict']);
  const DEFAULT_PROFILE = 'recommended';
  // The host's error codes (append-only, as in docs/protocol.md).
  const ERROR_CODES = Object.freeze(['bad_frame', 'too_large', 'bad_json', 'bad_request', 'unsupported_version',
    'unknown_type', 'state_unavailable', 'internal']);
  // What each request type is answered with.
  const REPLY_TYPES = Object.freeze({ hello: 'hello', page: 'verdict', status: 'status', forget: 'forgotten', rules: 'rules',
    mark: 'marked', 'offer-rules': 'rules-offered' });
  // How old a reading may be before the host asks for the page again (`check_after_days`).
  const CHECK_AFTER_DAYS = Object.freeze({ min: 1, max: 3650, default: 90 });
  // A rule id as the rules file spells them; anything else is not sent in a `mark`.
  const RULE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

  // The host's input cap (docs/protocol.md): a larger request would end the host's session.
  const MAX_REQUEST_BYTES = 1048576;

  let nextId = 1;

  function envelope(type, fields) {
    return Object.assign({ v: PROTOCOL_VERSION, id: nextId++, type }, fields);
  }

  // `settings`: { profile, checkAfterDays } as the options hold them.
  const requests = Object.freeze({
    hello: () => envelope('hello', {}),
    page: (install, settings, state) => envelope('page', {
      install, profile: settings.profile, check_after_days: settings.checkAfterDays, url: state.url, lang: state.lang, toggles: state.toggles,
    }),
    status: (install, settings) => envelope('status', { install, profile: settings.profile, check_after_days: settings.checkAfterDays }),
    forget: (install) => envelope('forget', { install }),
    rules: () => envelope('rules', {}),
    mark: (install, rule, done) => envelope('mark', { install, rule, done }),
    offerRules: (rules) => envelope('offer-rules', { rules }),
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
    if (!reply || typeof reply !== 'object') throw new HostError('bad_reply', 'the host sent something that is not an object');
    if (reply.type === 'error') throw new HostError(String(reply.code), String(reply.message || reply.code));
    const expected = REPLY_TYPES[request.type];
    if (reply.type !== expected) throw new HostError('bad_reply', `expected a ${expected} reply, got ${reply.type}`);
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
    return Boolean(reply) && reply.type === 'hello' && reply.protocol === PROTOCOL_VERSION;
  }

  root.OptOutGuard = Object.assign(root.OptOutGuard || {}, {
    protocol: Object.freeze({
      PROTOCOL_VERSION, HOST_NAME, PROFILES, DEFAULT_PROFILE, ERROR_CODES, REPLY_TYPES, MAX_REQUEST_BYTES, CHECK_AFTER_DAYS, RULE_ID,
      requests, checkReply,
      encodedSize,
      isCompatibleHello, isSettingsLink, HostError,
    }),
  });
})(globalThis);
