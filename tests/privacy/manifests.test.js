// The built extension asks for nothing beyond nativeMessaging, storage and https://www.linkedin.com/*,
// declares no stylesheet for LinkedIn's pages and exposes no web-accessible resource a page could probe.
// Reads the manifests `node scripts/build-extension` writes, for both browsers.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ALLOWED_PERMISSIONS = new Set(['nativeMessaging', 'storage']);
const ALLOWED_HOSTS = new Set(['https://www.linkedin.com/*']);

function problems(manifest) {
  const found = [];
  const list = (value) => (Array.isArray(value) ? value : []);
  for (const p of list(manifest.permissions)) if (!ALLOWED_PERMISSIONS.has(p) && !ALLOWED_HOSTS.has(p)) found.push(`permissions: ${p}`);
  for (const field of ['optional_permissions', 'optional_host_permissions']) {
    for (const p of list(manifest[field])) found.push(`${field}: ${p}`);
  }
  for (const h of list(manifest.host_permissions)) if (!ALLOWED_HOSTS.has(h)) found.push(`host_permissions: ${h}`);
  for (const cs of list(manifest.content_scripts)) {
    for (const m of [...list(cs.matches), ...list(cs.include_globs)]) if (!m.startsWith('https://www.linkedin.com/')) found.push(`content_scripts: ${m}`);
    // A declared stylesheet is applied to every matching page, where a page script can detect it.
    for (const css of list(cs.css)) found.push(`content_scripts.css: ${css}`);
    if (cs.world && cs.world !== 'ISOLATED') found.push(`content_scripts.world: ${cs.world}`);
  }
  if (manifest.externally_connectable) found.push(`externally_connectable: ${JSON.stringify(manifest.externally_connectable)}`);
  // Any web-accessible resource lets a page probe for the extension by fetching its URL.
  for (const w of list(manifest.web_accessible_resources)) found.push(`web_accessible_resources: ${JSON.stringify(w.resources)}`);
  if (manifest.content_security_policy && JSON.stringify(manifest.content_security_policy).match(/https?:|unsafe-eval/)) {
    found.push(`content_security_policy loosened: ${JSON.stringify(manifest.content_security_policy)}`);
  }
  return found;
}

describe('the built manifests', () => {
  before(() => execFileSync(process.execPath, [join(root, 'scripts/build-extension')], { cwd: root, stdio: 'pipe' }));

  for (const browser of ['chromium', 'firefox']) {
    it(`${browser}: asks for nativeMessaging, storage and www.linkedin.com only`, () => {
      const manifest = JSON.parse(readFileSync(join(root, 'build/extension', browser, 'manifest.json'), 'utf8'));
      assert.deepEqual(problems(manifest), []);
      assert.deepEqual([...(manifest.permissions || [])].filter((p) => ALLOWED_PERMISSIONS.has(p)).sort(), ['nativeMessaging', 'storage']);
    });
  }

  it('the checker itself refuses extra permissions (so the test above can fail)', () => {
    const wide = { permissions: ['nativeMessaging', 'tabs'], host_permissions: ['<all_urls>'], optional_permissions: ['history'],
      content_scripts: [{ matches: ['https://*/*'] }, { matches: ['https://www.linkedin.com/*'], css: ['a.css'], world: 'MAIN' }],
      externally_connectable: { matches: ['https://evil.example/*'] },
      web_accessible_resources: [{ resources: ['x'], matches: ['https://www.linkedin.com/*'] }] };
    assert.equal(problems(wide).length, 8);
  });
});
