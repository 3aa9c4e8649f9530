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

describe('the page language and address', () => {
  it('passes a language tag through and drops anything that is not one', () => {
    assert.equal(read(pageWithReader('<html lang="pt-BR"><body></body></html>')).lang, 'pt-BR');
    assert.equal(read(pageWithReader('<html lang=" de "><body></body></html>')).lang, 'de');
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
