// Which profile is in force. An organisation may set it through managed storage (Chromium's
// policy `3rdparty.extensions.<id>`, Firefox's managed-storage manifest; schema in
// managed-schema.json): `profile` is then the default, and with `profileLocked` it is the only
// choice. Otherwise the user's choice in storage.sync, else the default profile.
// A classic script for the background and the options page (and Node, for tests).
(function (root) {
  'use strict';

  const { PROFILES, DEFAULT_PROFILE } = root.OptOutGuard.protocol;

  // Managed storage is absent in most installs: Firefox rejects the read when no managed-storage
  // manifest exists, Chromium answers {}; either way there is no policy.
  async function managed(storage) {
    try {
      const items = storage.managed ? await storage.managed.get(['profile', 'profileLocked']) : {};
      return PROFILES.includes(items && items.profile) ? { profile: items.profile, locked: items.profileLocked === true } : null;
    } catch {
      return null;
    }
  }

  // -> { profile, locked, source: 'organisation' | 'user' | 'default' }
  async function read(storage) {
    const policy = await managed(storage);
    if (policy && policy.locked) return { profile: policy.profile, locked: true, source: 'organisation' };
    const { profile: chosen } = await storage.sync.get('profile');
    if (PROFILES.includes(chosen)) return { profile: chosen, locked: false, source: 'user' };
    if (policy) return { profile: policy.profile, locked: false, source: 'organisation' };
    return { profile: DEFAULT_PROFILE, locked: false, source: 'default' };
  }

  root.OptOutGuard = Object.assign(root.OptOutGuard || {}, { profileSetting: Object.freeze({ read }) });
})(globalThis);
