// Which profile is in force. An organisation may set it through managed storage (Chromium's
// policy `3rdparty.extensions.<id>`, Firefox's managed-storage manifest; schema in
// managed-schema.json): `profile` is then the default, and with `profileLocked` it is the only
// choice. Otherwise the user's choice in storage.sync, else the default profile. Also the user's
// `checkAfterDays`, the age after which a reading is checked again.
// A classic script for the background and the options page (and Node, for tests).
(function (root) {
  'use strict';

  const { PROFILES, DEFAULT_PROFILE, CHECK_AFTER_DAYS } = root.OptOutGuard.protocol;

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

  // After how many days a reading is old enough to check again: the user's whole number of days in
  // storage.sync (`checkAfterDays`, within the protocol's range), else the default.
  function validDays(value) {
    const days = Number(value);
    return Number.isInteger(days) && days >= CHECK_AFTER_DAYS.min && days <= CHECK_AFTER_DAYS.max;
  }

  async function readCheckAfterDays(storage) {
    const { checkAfterDays } = await storage.sync.get('checkAfterDays');
    return validDays(checkAfterDays) ? Number(checkAfterDays) : CHECK_AFTER_DAYS.default;
  }

  root.OptOutGuard = Object.assign(root.OptOutGuard || {}, {
    profileSetting: Object.freeze({ read, readCheckAfterDays, validDays }),
  });
})(globalThis);
