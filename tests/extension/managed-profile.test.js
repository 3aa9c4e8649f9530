// An organisation's profile through storage.managed (docs/install.md, "Organisations"): what the
// background sends the host, and what the options page shows and allows.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { backgroundContext, extensionPage, fakeNativePort, source } from './load.js';

const manifest = JSON.parse(source('manifest.base.json'));
const schema = JSON.parse(source(manifest.storage.managed_schema));

// storage.managed as each browser answers: Chromium with the policy's items (or {}), Firefox by
// rejecting when no managed-storage manifest exists.
const managedArea = (items) => ({
  get: async (keys) => Object.fromEntries(keys.filter((k) => k in items).map((k) => [k, items[k]])),
});
const firefoxWithoutManifest = { get: async () => { throw new Error('Managed storage manifest not found'); } };

function storage({ managed, sync = {} }) {
  return {
    ...(managed === undefined ? {} : { managed }),
    sync: { get: async (key) => (key in sync ? { [key]: sync[key] } : {}) },
  };
}

function profileSetting() {
  return backgroundContext({}, ['common/contract.js', 'common/protocol.js', 'common/profile-setting.js']).OptOutGuard.profileSetting;
}

describe('the profile setting', () => {
  const cases = [
    ['no policy, no choice', { managed: managedArea({}) }, { profile: 'recommended', locked: false, source: 'default' }],
    ['Firefox without a managed-storage manifest', { managed: firefoxWithoutManifest, sync: { profile: 'essential' } },
      { profile: 'essential', locked: false, source: 'user' }],
    ['a browser without storage.managed', {}, { profile: 'recommended', locked: false, source: 'default' }],
    ['a locked policy beats the user', { managed: managedArea({ profile: 'strict', profileLocked: true }), sync: { profile: 'essential' } },
      { profile: 'strict', locked: true, source: 'organisation' }],
    ['an unlocked policy is the default', { managed: managedArea({ profile: 'strict' }) },
      { profile: 'strict', locked: false, source: 'organisation' }],
    ['the user may change an unlocked policy', { managed: managedArea({ profile: 'strict', profileLocked: false }), sync: { profile: 'essential' } },
      { profile: 'essential', locked: false, source: 'user' }],
    ['an unknown policy profile is ignored, even locked', { managed: managedArea({ profile: 'paranoid', profileLocked: true }) },
      { profile: 'recommended', locked: false, source: 'default' }],
    ['profileLocked must be true itself', { managed: managedArea({ profile: 'essential', profileLocked: 'yes' }), sync: { profile: 'strict' } },
      { profile: 'strict', locked: false, source: 'user' }],
  ];
  for (const [name, given, expected] of cases) {
    it(name, async () => {
      assert.deepEqual({ ...await profileSetting().read(storage(given)) }, expected);
    });
  }

  it('the schema offers exactly the profiles the extension knows', () => {
    const { PROFILES } = backgroundContext({}, ['common/contract.js', 'common/protocol.js']).OptOutGuard.protocol;
    assert.deepEqual(schema.properties.profile.enum, [...PROFILES]);
    assert.equal(schema.properties.profileLocked.type, 'boolean');
  });

  it('the organisations\' example policies are JSON that install the extension and set only schema keys', () => {
    const example = (name) => JSON.parse(readFileSync(new URL(`../../packaging/policies/examples/${name}`, import.meta.url), 'utf8'));
    const keys = Object.keys(schema.properties);
    const chromium = example('chromium-install-from-store.json');
    assert.equal(chromium.ExtensionSettings.STORE_EXTENSION_ID.installation_mode, 'force_installed');
    assert.deepEqual(Object.keys(chromium['3rdparty'].extensions.STORE_EXTENSION_ID).filter((k) => !keys.includes(k)), []);
    assert.match(example('chromium-install-forcelist.json').ExtensionInstallForcelist[0], /^STORE_EXTENSION_ID;https:/);
    const firefox = example('firefox-policies.json').policies;
    assert.equal(firefox.ExtensionSettings['optout-guard@optoutguard.org'].installation_mode, 'force_installed');
    const managed = firefox['3rdparty'].Extensions['optout-guard@optoutguard.org'];
    assert.ok(schema.properties.profile.enum.includes(managed.profile));
    assert.deepEqual(Object.keys(managed).filter((k) => !keys.includes(k)), []);
  });

  it('the policy templates use the schema\'s names', () => {
    for (const file of ['packaging/policies/chromium-managed-storage.json.in', 'packaging/policies/firefox-managed-storage.json.in']) {
      const text = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
      assert.match(text, /"profile": "@PROFILE@"/, file);
      assert.match(text, /"profileLocked": @LOCKED@/, file);
    }
  });
});

describe('the background with a policy', () => {
  it('sends the organisation\'s locked profile to the host', async () => {
    const posted = [];
    let onMessage;
    const chrome = {
      runtime: {
        connectNative: () => fakeNativePort((message, port) => {
          posted.push(message);
          port.reply(message.type === 'hello'
            ? { v: 1, id: message.id, type: 'hello', protocol: 1, version: '0.1.0', rules: '1' }
            : { v: 1, id: message.id, type: 'status', profile: message.profile, items: [], badge: { text: '?', state: 'unknown' } });
        }),
        onMessage: { addListener: (fn) => { onMessage = fn; } },
      },
      storage: { ...storage({ managed: managedArea({ profile: 'strict', profileLocked: true }), sync: { profile: 'essential' } }),
        local: { get: async () => ({}), set: async () => {} } },
      action: {},
      i18n: { getMessage: () => '' },
    };
    backgroundContext({ chrome }, manifest.background.scripts);
    const reply = await new Promise((resolve) => onMessage({ kind: 'get-status' }, {}, resolve));
    assert.equal(reply.type, 'status');
    assert.equal(posted.find((m) => m.type === 'status').profile, 'strict');
  });
});

describe('the options page with a policy', () => {
  it('shows a locked profile as set by the organisation and does not let it change', async () => {
    const page = await extensionPage('options/options.html', { storage: { profile: 'essential' }, managed: { profile: 'strict', profileLocked: true } });
    const form = page.document.getElementById('profile-form');
    assert.equal(form.elements.profile.value, 'strict');
    assert.equal(form.querySelector('fieldset').disabled, true);
    const notice = page.document.getElementById('profile-managed');
    assert.equal(notice.hidden, false);
    assert.match(notice.textContent, /Set by your organisation/);
  });

  it('leaves an unlocked policy\'s default changeable, with no notice', async () => {
    const page = await extensionPage('options/options.html', { managed: { profile: 'essential' } });
    const form = page.document.getElementById('profile-form');
    assert.equal(form.elements.profile.value, 'essential');
    assert.equal(form.querySelector('fieldset').disabled, false);
    assert.equal(page.document.getElementById('profile-managed').hidden, true);
    page.document.querySelector('input[value="strict"]').click();
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(page.storage.profile, 'strict');
  });
});
