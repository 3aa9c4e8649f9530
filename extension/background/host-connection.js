// One native-messaging port to the host, opened lazily and reused. Sends hello first and checks
// the protocol version, then offers the rules the extension carries (`offer-rules`: the host uses
// them only when they are valid and newer than its own); every request has a timeout; when the
// host exits, pending requests fail at once and the next request reconnects, no sooner than a
// backoff that doubles up to a minute.
(function (root) {
  'use strict';

  const { protocol } = root.OptOutGuard;
  const { HOST_PROBLEM } = protocol;
  const { REQUEST, ERROR_CODE, OFFER_RESULT } = root.OptOutGuard.contract;
  const REQUEST_TIMEOUT_MS = 5000;
  // The offer's result when the extension could not make it (its rules unreadable, the host gone).
  const NOT_OFFERED = 'not-offered';
  const BACKOFF_MIN_MS = 500;
  const BACKOFF_MAX_MS = 60000;

  // Chromium and Firefox word it so when no manifest names the host, or it is not allowed for us.
  function problemOf(message) {
    const text = String(message || '');
    if (/not found|forbidden|No such native application|manifest/i.test(text)) return HOST_PROBLEM.MISSING;
    return HOST_PROBLEM.FAILED;
  }

  class HostConnection {
    // deps: { connectNative(name) -> Port, now() -> ms, setTimeout, clearTimeout, lastError() -> {message}|undefined,
    //         rulesToOffer() -> Promise<object|null> (optional: the rules file the extension carries) }
    constructor(deps) {
      this.deps = deps;
      this.port = null;
      this.pending = new Map();  // id -> { resolve, reject, timer }
      this.hello = null;
      this.offered = null;  // the host's `rules-offered` reply on this port, or { result: NOT_OFFERED, error }
      this.problem = null;  // null | { kind: HOST_PROBLEM.MISSING, .INCOMPATIBLE or .FAILED, message }
      this.backoffMs = 0;
      this.nextAttemptAt = 0;
      this.connecting = null;
    }

    // Resolves to the reply for one request (after the hello handshake); rejects with a HostError.
    async request(message) {
      await this.ensureConnected();
      return this.send(message);
    }

    async ensureConnected() {
      if (this.port && this.hello) return;
      if (this.connecting) return this.connecting;
      if (this.deps.now() < this.nextAttemptAt) {
        throw new protocol.HostError(this.problem ? this.problem.kind : HOST_PROBLEM.FAILED,
          this.problem ? this.problem.message : 'the host is restarting');
      }
      this.connecting = this.connect().finally(() => { this.connecting = null; });
      return this.connecting;
    }

    async connect() {
      let port;
      try {
        port = this.deps.connectNative(protocol.HOST_NAME);
      } catch (error) {
        this.fail(HOST_PROBLEM.MISSING, String(error && error.message || error));
        throw new protocol.HostError(HOST_PROBLEM.MISSING, this.problem.message);
      }
      this.port = port;
      port.onMessage.addListener((reply) => this.receive(reply));
      // A late event from a port already given up must not tear down its successor.
      port.onDisconnect.addListener((p) => { if (this.port === port) this.disconnected(p || port); });
      let hello;
      try {
        hello = await this.send(protocol.requests.hello());
      } catch (error) {
        // A host that never answers hello is as good as absent: close it, back off, start afresh later.
        if (this.port === port) {
          this.fail(HOST_PROBLEM.FAILED, error.message);
          this.closePort();
        }
        throw error;
      }
      if (!protocol.isCompatibleHello(hello)) {
        this.fail(HOST_PROBLEM.INCOMPATIBLE, `the host speaks protocol ${hello && hello.protocol}, this extension ${protocol.PROTOCOL_VERSION}`);
        this.closePort();
        throw new protocol.HostError(HOST_PROBLEM.INCOMPATIBLE, this.problem.message);
      }
      this.offered = await this.offerRules();
      if (this.port !== port) throw new protocol.HostError(this.problem ? this.problem.kind : HOST_PROBLEM.FAILED, 'the host stopped answering');
      this.hello = hello;
      this.problem = null;
      this.backoffMs = 0;
    }

    // Offers the carried rules once per host process. A host that refuses them (older, invalid) or
    // does not know the request keeps its own rules, and the session goes on either way.
    async offerRules() {
      if (!this.deps.rulesToOffer) return null;
      let rules;
      try {
        rules = await this.deps.rulesToOffer();
      } catch (error) {
        return { result: NOT_OFFERED, error: `the extension's rules could not be read: ${error && error.message || error}` };
      }
      if (!rules) return null;
      try {
        return await this.send(protocol.requests.offerRules(rules));
      } catch (error) {
        return { result: NOT_OFFERED, error: String(error && error.message || error) };
      }
    }

    // The rules version the host uses: the offered one when the host took it, else its own.
    rulesInUse() {
      if (!this.hello) return null;
      const own = this.hello.rules || {};
      const took = this.offered && this.offered.result === OFFER_RESULT.NEWER && typeof this.offered.version === 'string';
      return { version: took ? this.offered.version : own.version, offered: this.offered ? this.offered.result : 'none' };
    }

    send(message) {
      const port = this.port;
      if (!port) return Promise.reject(new protocol.HostError(HOST_PROBLEM.FAILED, 'not connected'));
      // Checked here rather than by the host, which could only answer too_large and exit.
      const size = protocol.encodedSize(message);
      if (size > protocol.MAX_REQUEST_BYTES) {
        return Promise.reject(new protocol.HostError(ERROR_CODE.TOO_LARGE, `the ${message.type} request is ${size} bytes, over the host's limit`));
      }
      return new Promise((resolve, reject) => {
        const timer = this.deps.setTimeout(() => {
          this.pending.delete(message.id);
          reject(new protocol.HostError(HOST_PROBLEM.TIMEOUT, `the host did not answer ${message.type} in ${REQUEST_TIMEOUT_MS} ms`));
          // A host that stops answering is restarted by the next request rather than waited on again.
          if (this.port === port && message.type !== REQUEST.HELLO) {
            this.fail(HOST_PROBLEM.FAILED, `the host stopped answering (${message.type})`);
            this.closePort();
          }
        }, REQUEST_TIMEOUT_MS);
        this.pending.set(message.id, { resolve, reject, timer, message });
        try {
          port.postMessage(message);
        } catch (error) {
          this.deps.clearTimeout(timer);
          this.pending.delete(message.id);
          reject(new protocol.HostError(HOST_PROBLEM.FAILED, String(error && error.message || error)));
        }
      });
    }

    receive(reply) {
      const entry = reply && this.pending.get(reply.id);
      if (!entry) return;  // an error about a frame it could not read has id null: the disconnect follows
      this.pending.delete(reply.id);
      this.deps.clearTimeout(entry.timer);
      try {
        entry.resolve(protocol.checkReply(entry.message, reply));
      } catch (error) {
        entry.reject(error);
      }
    }

    disconnected(port) {
      const error = (port && port.error) || this.deps.lastError();
      const message = (error && error.message) || 'the host exited';
      this.port = null;
      this.hello = null;
      if (!this.problem || this.problem.kind !== HOST_PROBLEM.INCOMPATIBLE) this.fail(problemOf(message), message);
      for (const [, entry] of this.pending) {
        this.deps.clearTimeout(entry.timer);
        entry.reject(new protocol.HostError(this.problem.kind, message));
      }
      this.pending.clear();
    }

    fail(kind, message) {
      this.problem = { kind, message };
      this.backoffMs = Math.min(BACKOFF_MAX_MS, this.backoffMs ? this.backoffMs * 2 : BACKOFF_MIN_MS);
      this.nextAttemptAt = this.deps.now() + this.backoffMs;
    }

    // Our own disconnect fires no onDisconnect on our side: fail what still waits on this port here.
    closePort() {
      const port = this.port;
      this.port = null;
      this.hello = null;
      for (const [, entry] of this.pending) {
        this.deps.clearTimeout(entry.timer);
        entry.reject(new protocol.HostError(HOST_PROBLEM.FAILED, 'the port to the host was closed'));
      }
      this.pending.clear();
      if (port) port.disconnect();
    }
  }

  root.OptOutGuard = Object.assign(root.OptOutGuard || {}, {
    HostConnection, hostConnectionLimits: Object.freeze({ REQUEST_TIMEOUT_MS, BACKOFF_MIN_MS, BACKOFF_MAX_MS }),
  });
})(globalThis);
