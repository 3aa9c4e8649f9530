// The content script's reading of LinkedIn settings pages, on local replicas of their markup.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pageWithReader } from './load.js';

// The page state as the background receives it: plain JSON, out of the page's realm.
function read(dom) {
  return JSON.parse(JSON.stringify(dom.window.OptOutGuard.content.readPageState(dom.window.document, dom.window.location)));
}

const GEN_AI_TODAY = `<!doctype html><html lang="en"><body>
  <h1>Data for Generative AI Improvement</h1>
  <div class="settings">
    <p id="allowDataForGenerativeAI">Use my data for training content creation AI models</p>
    <input type="checkbox" role="switch" aria-labelledby="allowDataForGenerativeAI" checked>
  </div></body></html>`;

describe('reading toggles', () => {
  it('reads a LinkedIn switch labelled by a stable id, as the page shows it today', () => {
    const dom = pageWithReader(GEN_AI_TODAY);
    assert.deepEqual(read(dom), {
      url: 'https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement',
      lang: 'en',
      toggles: [{ key: 'allowDataForGenerativeAI', label: 'Use my data for training content creation AI models', on: true,
        section: 'Data for Generative AI Improvement' }],
    });
  });

  it('reads a checkbox with a label element, a switch with aria-label and a wrapped checkbox', () => {
    const dom = pageWithReader(`<html lang="de"><body>
      <h2>Anzeigendaten</h2>
      <input type="checkbox" id="share"><label for="share">Daten mit verbundenen Unternehmen und Partnern teilen</label>
      <div role="switch" aria-checked="false" aria-label="Anzeigen außerhalb von LinkedIn" tabindex="0"></div>
      <label><input type="checkbox" checked> Use your age range for ads</label>
    </body></html>`, 'https://www.linkedin.com/mypreferences/d/categories/ads');
    const { toggles } = read(dom);
    assert.deepEqual(toggles.map((t) => [t.key, t.label, t.on, t.section]), [
      ['share', 'Daten mit verbundenen Unternehmen und Partnern teilen', false, 'Anzeigendaten'],
      ['#1', 'Anzeigen außerhalb von LinkedIn', false, 'Anzeigendaten'],
      ['#2', 'Use your age range for ads', true, 'Anzeigendaten'],
    ]);
  });

  it('gives each toggle the heading of the section it stands in, however deeply nested', () => {
    const dom = pageWithReader(`<html><body>
      <section><h2>Data privacy</h2>
        <section><h3>How LinkedIn uses your data</h3>
          <div><div><span id="r">Use data for research</span><input type="checkbox" role="switch" aria-labelledby="r"></div></div>
        </section>
      </section>
      <section><h2>Advertising data</h2><div><input type="checkbox" aria-label="Use your gender for ads"></div></section>
    </body></html>`);
    const { toggles } = read(dom);
    assert.deepEqual(toggles.map((t) => t.section), ['How LinkedIn uses your data', 'Advertising data']);
  });

  it('names a switch without any label by the heading above it, as a last resort', () => {
    const dom = pageWithReader(`<html><body>
      <h2>Data for Generative AI Improvement</h2><div><div role="switch" aria-checked="true" tabindex="0"></div></div>
      <h2>Research</h2><input type="checkbox" title="Use data for research">
    </body></html>`);
    assert.deepEqual(read(dom).toggles.map((t) => [t.label, t.section, t.on]), [
      ['Data for Generative AI Improvement', 'Data for Generative AI Improvement', true],
      ['Use data for research', 'Research', false],
    ]);
  });

  it('counts a styled switch wrapped around a real checkbox once', () => {
    const dom = pageWithReader(`<html><body>
      <div role="switch" aria-checked="true"><input type="checkbox" aria-label="Ads beyond LinkedIn" checked></div>
    </body></html>`);
    const { toggles } = read(dom);
    assert.equal(toggles.length, 1);
    assert.equal(toggles[0].label, 'Ads beyond LinkedIn');
  });

  it('sees a flip: the state read after a click is the new one', () => {
    const dom = pageWithReader(GEN_AI_TODAY);
    const { document } = dom.window;
    const { readPageState } = dom.window.OptOutGuard.content;
    assert.equal(readPageState(document, dom.window.location).toggles[0].on, true);
    document.querySelector('input').click();
    assert.equal(readPageState(document, dom.window.location).toggles[0].on, false);
  });

  it('reads the new page after a navigation inside the single-page app', () => {
    const dom = pageWithReader(`<html lang="en"><body><main><h1>Data privacy</h1><a href="#">Research</a></main></body></html>`,
      'https://www.linkedin.com/mypreferences/d/categories/privacy');
    const { document, history } = dom.window;
    assert.deepEqual(read(dom).toggles, []);
    history.pushState({}, '', '/mypreferences/d/settings/policy-and-academic-research');
    document.querySelector('main').innerHTML =
      '<h1>Research</h1><p id="allowAnonymizedDataResearch">Use data for research</p>' +
      '<input type="checkbox" role="switch" aria-labelledby="allowAnonymizedDataResearch" checked>';
    const state = read(dom);
    assert.equal(state.url, 'https://www.linkedin.com/mypreferences/d/settings/policy-and-academic-research');
    assert.equal(state.toggles[0].key, 'allowAnonymizedDataResearch');
  });

  it('counts a switch as on only when aria-checked is exactly "true" ("mixed", "" or a missing value is not on)', () => {
    const dom = pageWithReader(`<html lang="en"><body>
      <div role="switch" aria-checked="true" aria-label="Plainly on"></div>
      <div role="switch" aria-checked="mixed" aria-label="Mixed"></div>
      <div role="switch" aria-checked="" aria-label="Empty"></div>
      <div role="switch" aria-checked="TRUE" aria-label="Shouting"></div>
      <div role="switch" aria-label="No value"></div>
      <div role="switch" aria-checked="false" aria-label="Plainly off"></div></body></html>`);
    assert.deepEqual(Object.fromEntries(read(dom).toggles.map((t) => [t.label, t.on])),
      { 'Plainly on': true, Mixed: false, Empty: false, Shouting: false, 'No value': false, 'Plainly off': false });
  });

  it('sends an empty list for a page without toggles', () => {
    const dom = pageWithReader('<html lang="fr"><body><h1>Préférences</h1><p>Rien ici</p></body></html>');
    const state = read(dom);
    assert.deepEqual(state.toggles, []);
    assert.equal(state.lang, 'fr');
  });

  it('keeps labels, keys and the toggle count within the protocol limits on a hostile page', () => {
    const huge = 'x'.repeat(5000);
    const many = Array.from({ length: 600 }, (_, i) => `<input type="checkbox" id="${huge}${i}" aria-label="${huge}">`).join('');
    const dom = pageWithReader(`<html lang="${huge}"><body>${many}</body></html>`);
    const state = read(dom);
    assert.equal(state.toggles.length, 512);
    for (const t of state.toggles) {
      assert.ok(Buffer.byteLength(t.label) <= 1024);
      assert.ok(Buffer.byteLength(t.key) <= 256);
    }
    assert.ok(state.lang.length <= 64);
    assert.equal(new Set(state.toggles.map((t) => t.key)).size, 512, 'keys stay unique after clipping');
  });
});

// LinkedIn's switch markup as public material shows it (shared/linkedin-settings.md): today's
// `input[type=checkbox][role=switch][aria-labelledby]`, the cookie switch known by its own id, the
// older artdeco toggle component, and its newer variant read through aria-checked.
describe("LinkedIn's switch markup", () => {
  it('keys the two switches of the promotions page by their own stable ids, never by position', () => {
    const dom = pageWithReader(`<html lang="en"><body><h1>LinkedIn promotions</h1>
      <div><p id="tipsForUsingLinkedinViaEmail">Get tips and LinkedIn promotions by email</p>
        <input type="checkbox" role="switch" aria-labelledby="tipsForUsingLinkedinViaEmail"></div>
      <div><p id="allowProfileAndActivityDataForMarketingAds">Use my profile and activity data to promote LinkedIn to me</p>
        <input type="checkbox" role="switch" aria-labelledby="allowProfileAndActivityDataForMarketingAds" checked></div>
    </body></html>`, 'https://www.linkedin.com/mypreferences/d/settings/linkedin-promotions');
    assert.deepEqual(read(dom).toggles.map((t) => [t.key, t.on]),
      [['tipsForUsingLinkedinViaEmail', false], ['allowProfileAndActivityDataForMarketingAds', true]]);
  });

  it("keys a switch with no aria-labelledby by its own id (the cookie switch), labelled by its <label for>", () => {
    const dom = pageWithReader(`<html lang="en"><body><h1>Cookie preferences</h1>
      <label for="nonEssentialCookieConsent">Accept non-essential cookies</label>
      <input type="checkbox" role="switch" id="nonEssentialCookieConsent" checked>
    </body></html>`, 'https://www.linkedin.com/mypreferences/d/member-cookies');
    assert.deepEqual(read(dom).toggles, [{ key: 'nonEssentialCookieConsent', label: 'Accept non-essential cookies', on: true,
      section: 'Cookie preferences' }]);
  });

  it("reads LinkedIn's older toggle component: label text without its hidden On/Off, position key for Ember's ids", () => {
    const toggle = (ember, label, checked) => `<div class="artdeco-toggle artdeco-toggle--32dp">
        <input id="adToggle_ember${ember}" class="input artdeco-toggle__button" data-artdeco-toggle-button="true" type="checkbox"${checked ? ' checked' : ''}>
        <label for="adToggle_ember${ember}"><span class="label a11y-text">${label}</span>
          <span aria-hidden="true" class="artdeco-toggle__text">${checked ? 'On' : 'Off'}</span></label>
      </div>`;
    const dom = pageWithReader(`<html lang="en_US"><body><h2>Ads beyond LinkedIn</h2>
      ${toggle(412, 'Ads beyond LinkedIn', true)}${toggle(977, 'Use your gender for ads', false)}</body></html>`,
    'https://www.linkedin.com/psettings/advertising/ads-beyond-linkedin');
    const state = read(dom);
    assert.equal(state.lang, 'en');
    assert.deepEqual(state.toggles.map((t) => [t.key, t.label, t.on]),
      [['#0', 'Ads beyond LinkedIn', true], ['#1', 'Use your gender for ads', false]]);
  });

  it('reads a switch input of the newer component through aria-checked, and never as off while either says on', () => {
    const dom = pageWithReader(`<html lang="en"><body>
      <span id="allowAdsByAge">Use your age range for ads</span>
      <input type="checkbox" role="switch" data-artdeco-toggle-button="true" aria-labelledby="allowAdsByAge" aria-checked="true">
      <span id="allowAdsByGender">Use your gender for ads</span>
      <input type="checkbox" role="switch" data-artdeco-toggle-button="true" aria-labelledby="allowAdsByGender" aria-checked="false">
    </body></html>`);
    assert.deepEqual(read(dom).toggles.map((t) => [t.key, t.on]), [['allowAdsByAge', true], ['allowAdsByGender', false]]);
    dom.window.document.querySelector('[aria-labelledby="allowAdsByGender"]').checked = true;
    assert.equal(read(dom).toggles[1].on, true);
  });

  it('keys a switch by its stable labelling id even when an Ember id comes first in aria-labelledby', () => {
    const dom = pageWithReader(`<html lang="en"><body><span id="ember55">Ads</span><span id="allowLinkedInAudienceNetwork">beyond LinkedIn</span>
      <input type="checkbox" role="switch" id="ember56" aria-labelledby="ember55 allowLinkedInAudienceNetwork" checked></body></html>`);
    assert.deepEqual(read(dom).toggles.map((t) => [t.key, t.label]), [['allowLinkedInAudienceNetwork', 'Ads beyond LinkedIn']]);
  });
});

describe('the page language and address', () => {
  it('sends the primary language subtag, lower case, and drops anything that is not a language tag', () => {
    assert.equal(read(pageWithReader('<html lang="pt-BR"><body></body></html>')).lang, 'pt');
    assert.equal(read(pageWithReader('<html lang="de_DE"><body></body></html>')).lang, 'de', 'LinkedIn writes de_DE');
    assert.equal(read(pageWithReader('<html lang="FR-ca"><body></body></html>')).lang, 'fr');
    assert.equal(read(pageWithReader('<html lang="zh-Hant-TW"><body></body></html>')).lang, 'zh');
    assert.equal(read(pageWithReader('<html lang=" de "><body></body></html>')).lang, 'de');
    assert.equal(read(pageWithReader('<html lang="de__DE"><body></body></html>')).lang, '');
    assert.equal(read(pageWithReader('<html lang="-de"><body></body></html>')).lang, '');
    assert.equal(read(pageWithReader(`<html lang="${'😀'.repeat(30)}"><body></body></html>`)).lang, '');
    assert.equal(read(pageWithReader('<html lang="en; drop table"><body></body></html>')).lang, '');
    assert.equal(read(pageWithReader('<html><body></body></html>')).lang, '');
  });

  it('keeps a hostile, overlong or non-ASCII path within the protocol limit for url', () => {
    const state = read(pageWithReader('<html><body></body></html>',
      `https://www.linkedin.com/mypreferences/${'ü'.repeat(3000)}?q=1`));
    assert.ok(Buffer.byteLength(state.url) <= 4096, `${Buffer.byteLength(state.url)} bytes`);
    assert.ok(state.url.startsWith('https://www.linkedin.com/mypreferences/%C3%BC'));
  });
});

describe('what leaves the page', () => {
  it('sends nothing but labels, states, keys, sections, the URL path and the language', () => {
    const dom = pageWithReader(`<!doctype html><html lang="en"><head><title>Jane Q. Example | LinkedIn</title></head><body>
      <nav><img alt="Jane Q. Example"><span class="name">Jane Q. Example</span><span>Chief Widget Officer at Acme</span></nav>
      <aside><h3>Messaging</h3><p>Hi Jane, the salary offer is 123,456 — call me at +44 20 7946 0958</p>
        <a href="mailto:jane@example.com">jane@example.com</a></aside>
      <h1>Data for Generative AI Improvement</h1>
      <p id="allowDataForGenerativeAI">Use my data for training content creation AI models</p>
      <input type="checkbox" role="switch" aria-labelledby="allowDataForGenerativeAI" checked>
    </body></html>`, 'https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement?session=secret-token#jane');
    dom.window.document.cookie = 'li_at=secret-cookie';
    const sent = JSON.stringify(dom.window.OptOutGuard.content.readPageState(dom.window.document, dom.window.location));
    for (const personal of ['Jane', 'Acme', 'Widget', 'salary', '7946', 'example.com', 'secret', 'Messaging', '?', '#jane']) {
      assert.ok(!sent.includes(personal), `${personal} must not be sent: ${sent}`);
    }
    assert.deepEqual(Object.keys(JSON.parse(sent)).sort(), ['lang', 'toggles', 'url']);
    assert.deepEqual(Object.keys(JSON.parse(sent).toggles[0]).sort(), ['key', 'label', 'on', 'section']);
  });
});
