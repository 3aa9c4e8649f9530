// Options: the profile (stored in storage.sync), forgetting what was seen, and what is read.
(function (root) {
  'use strict';

  const api = root.browser || root.chrome;
  const { protocol } = root.OptOutGuard;
  const { message, localise } = root.OptOutGuard.i18n;

  async function show() {
    localise(document);
    const { profile } = await api.storage.sync.get('profile');
    const chosen = protocol.PROFILES.includes(profile) ? profile : protocol.DEFAULT_PROFILE;
    const form = document.getElementById('profile-form');
    form.elements.profile.value = chosen;
    form.addEventListener('change', () => api.storage.sync.set({ profile: form.elements.profile.value }));
    document.getElementById('forget').addEventListener('click', async () => {
      const reply = await api.runtime.sendMessage({ kind: 'forget' });
      document.getElementById('forget-result').textContent =
        reply && reply.type === 'forgotten' ? message('forgetDone') : message('forgetFailed', [String(reply && reply.message)]);
    });
  }

  show();
})(globalThis);
