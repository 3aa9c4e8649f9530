// scripts/build-extension: one source tree, two manifests, the source left as it was.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const baseText = () => readFileSync(join(root, 'extension', 'manifest.base.json'), 'utf8');

describe('the extension build', () => {
  let out, baseBefore, chromium, firefox;
  before(() => {
    out = mkdtempSync(join(tmpdir(), 'optout-build-'));
    baseBefore = baseText();
    execFileSync(process.execPath, [join(root, 'scripts', 'build-extension'), '--out', out], { stdio: 'pipe' });
    chromium = JSON.parse(readFileSync(join(out, 'chromium', 'manifest.json'), 'utf8'));
    firefox = JSON.parse(readFileSync(join(out, 'firefox', 'manifest.json'), 'utf8'));
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('leaves the source manifest untouched and copies no manifest.base.json', () => {
    assert.equal(baseText(), baseBefore);
    assert.equal(existsSync(join(out, 'chromium', 'manifest.base.json')), false);
    assert.equal(existsSync(join(out, 'firefox', 'manifest.base.json')), false);
  });

  it('gives Chromium a service worker that imports every background script, and the key of the fixed id', () => {
    assert.deepEqual(Object.keys(chromium.background), ['service_worker']);
    const worker = readFileSync(join(out, 'chromium', chromium.background.service_worker), 'utf8');
    const imported = [...worker.matchAll(/'\/([^']+)'/g)].map(([, path]) => path);
    assert.deepEqual(imported, JSON.parse(baseBefore).background.scripts);
    for (const path of imported) assert.ok(existsSync(join(out, 'chromium', path)), path);
    const hex = createHash('sha256').update(Buffer.from(chromium.key, 'base64')).digest('hex').slice(0, 32);
    assert.equal([...hex].map((d) => 'abcdefghijklmnop'[parseInt(d, 16)]).join(''), 'ogdlmhcjfdcgojdfjehadfchkmlmkbho');
    assert.equal(chromium.browser_specific_settings, undefined);
  });

  it('gives Firefox an event page, its add-on id and no Chromium key', () => {
    assert.deepEqual(firefox.background, { scripts: JSON.parse(baseBefore).background.scripts });
    assert.equal(firefox.browser_specific_settings.gecko.id, 'optout-guard@optoutguard.org');
    assert.ok(parseInt(firefox.browser_specific_settings.gecko.strict_min_version, 10) >= 128);
    assert.equal(firefox.key, undefined);
  });

  it('keeps the same permissions, content scripts and pages in both', () => {
    for (const field of ['permissions', 'host_permissions', 'content_scripts', 'action', 'options_ui', 'default_locale', 'version']) {
      assert.deepEqual(chromium[field], firefox[field], field);
    }
    for (const manifest of [chromium, firefox]) {
      assert.deepEqual(manifest.content_scripts[0].matches, ['https://www.linkedin.com/*']);
      assert.equal(manifest.content_scripts[0].css, undefined, 'no stylesheet declared for LinkedIn\'s pages');
    }
  });

  it('carries the rules file as it is in both, small enough to offer to the host in one request', () => {
    const rules = readFileSync(join(root, 'rules', 'linkedin.json'), 'utf8');
    for (const browser of ['chromium', 'firefox']) {
      assert.equal(readFileSync(join(out, browser, 'rules', 'linkedin.json'), 'utf8'), rules, browser);
    }
    assert.ok(Buffer.byteLength(JSON.stringify({ v: 1, id: 1, type: 'offer-rules', rules: JSON.parse(rules) })) < 1048576);
  });

  it('draws every icon the manifest names as a PNG of that size', () => {
    for (const browser of ['chromium', 'firefox']) {
      for (const [size, path] of Object.entries(chromium.icons)) {
        const png = readFileSync(join(out, browser, path));
        assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
        assert.equal(png.readUInt32BE(16), Number(size));
        assert.equal(png.readUInt32BE(20), Number(size));
      }
    }
  });
});
