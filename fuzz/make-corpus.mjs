// Writes the fuzzer's seed corpus (fuzz/corpus/*.bin): the protocol examples of docs/protocol.md
// as framed byte streams, a whole session, and a few edge frames. Run: node fuzz/make-corpus.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'corpus');
mkdirSync(dir, { recursive: true });

const frame = (body) => {
  const bytes = Buffer.from(body, 'utf8');
  const header = Buffer.alloc(4);
  header.writeUInt32LE(bytes.length);
  return Buffer.concat([header, bytes]);
};
const json = (value) => frame(JSON.stringify(value));
const install = 'b7c1e0c2-5d2f-4b8e-9a51-0f3f1e2d4c6a';
const page = (on, lang = 'en', label = 'Use my data for training content creation AI models') => ({
  v: 1, id: 2, type: 'page', install, profile: 'recommended',
  url: 'https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement?x=1#y', lang,
  toggles: [{ key: 'allowDataForGenerativeAI', label, on, section: 'Data for Generative AI Improvement' },
            { key: '#3', label: 'Some other switch', on: false }],
});
const seeds = {
  hello: json({ v: 1, id: 1, type: 'hello' }),
  page_on: json(page(true)),
  page_off_de: json(page(false, 'de', 'Daten zum Schulen von KI-Modellen verwenden')),
  page_unknown_language: json(page(true, 'ja', 'データ')),
  hub_page: json({ v: 1, id: 3, type: 'page', install, profile: 'strict', url: '/mypreferences/d/categories/privacy', toggles: [] }),
  status: json({ v: 1, id: 3, type: 'status', install, profile: 'essential' }),
  forget: json({ v: 1, id: 4, type: 'forget', install }),
  rules: json({ v: 1, id: 5, type: 'rules' }),
  session: Buffer.concat([json({ v: 1, id: 1, type: 'hello' }), json(page(true)), json({ v: 1, id: 3, type: 'status', install, profile: 'strict' }),
                          json(page(false)), json({ v: 1, id: 4, type: 'forget', install }), json({ v: 1, id: 5, type: 'rules' })]),
  promotions_two_switches: json({ v: 1, id: 10, type: 'page', install, profile: 'strict', lang: 'de_DE', check_after_days: 30,
    url: '/mypreferences/s/settings/linkedin-promotions',
    toggles: [{ key: 'tipsForUsingLinkedinViaEmail', label: 'LinkedIn promotions by email', on: false },
              { key: 'allowProfileAndActivityDataForMarketingAds', label: 'Marketing', on: true },
              { key: '#2', label: 'LinkedIn promotions by email', on: true }] }),
  mark: json({ v: 1, id: 11, type: 'mark', install, rule: 'non-generative-ai-objection', done: true }),
  offer_rules: json({ v: 1, id: 12, type: 'offer-rules', rules: { format: 1, version: '2099.1', site: 'www.linkedin.com', rules: [{ id: 'x' }] } }),
  empty_frame: frame(''),
  unknown_type: json({ v: 1, id: 6, type: 'exec' }),
  version_2: json({ v: 2, id: 7, type: 'hello' }),
  nested: frame('{"v":1,"id":8,"type":"hello","x":[[[[{"a":[1,2,{"b":null}]}]]]]}'),
  truncated: frame('{"v":1,"id":9,"type":"hello"}').subarray(0, 12),
  over_cap: Buffer.from([0x01, 0x00, 0x10, 0x00]),
};
for (const [name, bytes] of Object.entries(seeds)) writeFileSync(join(dir, `${name}.bin`), bytes);
console.log(`wrote ${Object.keys(seeds).length} seeds to ${dir}`);
