// A local HTTPS replica of LinkedIn's settings pages, with a certificate made at test time for
// www.linkedin.com. It also answers as example.org (a page that is not LinkedIn) and keeps the
// member's settings in memory, as LinkedIn's server would. Listens on loopback only.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const pages = JSON.parse(readFileSync(join(fixtures, 'pages.json'), 'utf8'));

export function makeCertificate(dir) {
  const key = join(dir, 'replica-key.pem');
  const cert = join(dir, 'replica-cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=www.linkedin.com',
    '-addext', 'subjectAltName=DNS:www.linkedin.com,DNS:example.org', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

// Every setting starts on, as LinkedIn ships them.
function defaultSettings() {
  return Object.fromEntries(Object.keys(pages.labels).map((id) => [id, true]));
}

const SHELL = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LinkedIn</title>
<style>body{font:15px system-ui,sans-serif;margin:0}header{background:#0a66c2;color:#fff;padding:8px 16px}
main{padding:16px;max-width:640px}.setting{border-top:1px solid #ddd;padding:8px 0}.setting h2{font-size:15px}
input[role=switch]{width:36px;height:20px}</style></head>
<body><header id="me"></header><main id="main"></main><script src="/replica/app.js"></script></body></html>`;

export class Replica {
  // `extraPages`: path -> HTML served as is under both names (the bench's feed-like pages).
  constructor(credentials, { extraPages = {} } = {}) {
    this.extraPages = extraPages;
    this.reset();
    this.server = https.createServer(credentials, (req, res) => this.handle(req, res));
    this.proxy = http.createServer((req, res) => { res.writeHead(405); res.end(); });
    // Firefox reaches the replica through this CONNECT proxy (chosen by a PAC for our two names).
    this.proxy.on('connect', (req, socket) => {
      const upstream = net.connect(this.port, '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
  }

  async start() {
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    await new Promise((resolve) => this.proxy.listen(0, '127.0.0.1', resolve));
    this.port = this.server.address().port;
    this.proxyPort = this.proxy.address().port;
    return this;
  }

  async stop() {
    this.server.closeAllConnections?.();
    await new Promise((resolve) => this.server.close(resolve));
    await new Promise((resolve) => this.proxy.close(resolve));
  }

  // A test may play a LinkedIn redesign: `variant.labels` = { settingId: { lang: text } } replaces
  // labels, `variant.renamedIds` = { settingId: newId } renames the ids the page shows.
  reset() {
    this.settings = defaultSettings();
    this.variant = { labels: {}, renamedIds: {} };
  }

  pagesData() {
    const labels = { ...pages.labels };
    for (const [id, texts] of Object.entries(this.variant.labels)) labels[id] = { ...labels[id], ...texts };
    return { ...pages, labels, renamedIds: this.variant.renamedIds };
  }

  handle(req, res) {
    const url = new URL(req.url, 'https://www.linkedin.com');
    const host = (req.headers.host || '').split(':')[0];
    const send = (status, type, body) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (Object.hasOwn(this.extraPages, url.pathname)) return send(200, 'text/html', this.extraPages[url.pathname]);
    if (host === 'example.org') return send(200, 'text/html', '<!doctype html><html lang="en"><body><h1>Not LinkedIn</h1><input type="checkbox" aria-label="Use my data"></body></html>');
    if (url.pathname === '/replica/app.js') return send(200, 'text/javascript', readFileSync(join(fixtures, 'app.js')));
    if (url.pathname === '/replica/pages.json') return send(200, 'application/json', JSON.stringify(this.pagesData()));
    if (url.pathname === '/replica/settings' && req.method === 'GET') return send(200, 'application/json', JSON.stringify(this.settings));
    if (url.pathname === '/replica/settings' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk) => { body += chunk; });
      req.on('end', () => {
        const { id, on } = JSON.parse(body);
        if (id in this.settings) this.settings[id] = Boolean(on);
        send(204, 'text/plain', '');
      });
      return undefined;
    }
    if (url.pathname.startsWith('/mypreferences/') || url.pathname.startsWith('/psettings/') || url.pathname === '/feed/') {
      return send(200, 'text/html', SHELL);
    }
    return send(404, 'text/plain', 'not found');
  }
}

export const replicaPages = pages;
