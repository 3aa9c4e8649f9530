// Options: the profile (the user's in storage.sync, or the organisation's in storage.managed), after how many
// days a setting is checked again, whether to always mark pending switches on LinkedIn's page, forgetting
// what was seen, and what is read.
(function (root) {
  'use strict';

  const api = root.browser || root.chrome;
  const { profileSetting } = root.OptOutGuard;
  const { message, localise } = root.OptOutGuard.i18n;
  const { REQUEST, REPLY, PROFILES } = root.OptOutGuard.contract;

  // One radio button per profile of the contract, in its order, each with its name and help text
  // (messages `profile<Name>` and `profile<Name>Help`).
  function profileChoices() {
    const choices = PROFILES.map((profile) => {
      const key = `profile${profile[0].toUpperCase()}${profile.slice(1)}`;
      const input = Object.assign(document.createElement('input'), { type: 'radio', name: 'profile', value: profile });
      const name = Object.assign(document.createElement('strong'), { textContent: message(key) });
      const label = document.createElement('label');
      label.append(input, ' ', name);
      const help = Object.assign(document.createElement('span'), { className: 'muted', textContent: message(`${key}Help`) });
      const paragraph = document.createElement('p');
      paragraph.append(label, document.createElement('br'), help);
      return paragraph;
    });
    document.getElementById('profile-choices').replaceWith(...choices);
  }

  async function show() {
    localise(document);
    profileChoices();
    const setting = await profileSetting.read(api.storage);
    const form = document.getElementById('profile-form');
    form.elements.profile.value = setting.profile;
    // An organisation's locked profile: shown, not changeable (managed storage, docs/install.md).
    form.querySelector('fieldset').disabled = setting.locked;
    document.getElementById('profile-managed').hidden = !setting.locked;
    form.addEventListener('change', () => api.storage.sync.set({ profile: form.elements.profile.value }));
    // Off by default: a mark is the one thing of ours LinkedIn's page could see (content/mark.js).
    const alwaysMark = document.getElementById('always-mark');
    alwaysMark.checked = (await api.storage.sync.get('alwaysMark')).alwaysMark === true;
    alwaysMark.addEventListener('change', () => api.storage.sync.set({ alwaysMark: alwaysMark.checked }));
    showCheckAfterDays();
    document.getElementById('forget-all').addEventListener('click', async () => {
      const reply = await api.runtime.sendMessage({ kind: REQUEST.FORGET });
      document.getElementById('forget-result').textContent =
        reply && reply.type === REPLY.FORGOTTEN ? message('forgetDone') : message('forgetFailed', [String(reply && reply.message)]);
    });
  }

  // After how many days a setting seen off is to be checked again (sent to the host as check_after_days).
  async function showCheckAfterDays() {
    const input = document.getElementById('check-after-days');
    const result = document.getElementById('check-after-result');
    input.value = String(await profileSetting.readCheckAfterDays(api.storage));
    input.addEventListener('change', async () => {
      if (!profileSetting.validDays(input.value)) {
        input.setAttribute('aria-invalid', 'true');
        result.textContent = message('checkAfterInvalid');
        return;
      }
      input.removeAttribute('aria-invalid');
      await api.storage.sync.set({ checkAfterDays: Number(input.value) });
      result.textContent = message('checkAfterSaved');
    });
    document.getElementById('check-after-form').addEventListener('submit', (event) => event.preventDefault());
  }

  show();
})(globalThis);
