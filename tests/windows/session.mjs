// One browser session with the installed Windows host under Wine, for tests/windows/run.sh:
//   node tests/windows/session.mjs first|again  HOST.EXE ARG...
// starts `wine HOST.EXE ARG...` (the argv Chrome or Firefox gives the host) and exchanges real frames.
//   first  hello; a page whose frame length is 0x000A0D1A (header bytes 1A 0D 0A 00: Ctrl-Z, CR and LF,
//          which text-mode stdio would end, expand or swallow) saying gen-AI training is off; status.
//   again  hello padded to 0x0D0A bytes (header 0A 0D 00 00); status, which must remember the first
//          session's page (the state file survived the host's exit and a new start).
// Exit status 0 when every reply is right; each wrong one is printed. WINEPREFIX comes from the caller.
import { spawnSync } from 'node:child_process';

const [mode, ...argv] = process.argv.slice(2);
const install = 'wine-install-0001';
const profile = 'essential';

// A frame of exactly `length` bytes when given: JSON allows trailing whitespace, so pad with spaces.
function frame(value, length) {
  let body = Buffer.from(JSON.stringify(value));
  if (length !== undefined) {
    if (body.length > length) throw new Error(`frame body already ${body.length} bytes, over ${length}`);
    body = Buffer.concat([body, Buffer.alloc(length - body.length, 0x20)]);
  }
  const header = Buffer.alloc(4);
  header.writeUInt32LE(body.length);
  return Buffer.concat([header, body]);
}

function replies(stdout) {
  const out = [];
  for (let at = 0; at + 4 <= stdout.length;) {
    const length = stdout.readUInt32LE(at);
    out.push(JSON.parse(stdout.subarray(at + 4, at + 4 + length).toString('utf8')));
    at += 4 + length;
  }
  return out;
}

const hello = { v: 1, id: 1, type: 'hello' };
const page = {
  v: 1, id: 2, type: 'page', install, profile, lang: 'en',
  url: 'https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement',
  toggles: [{ key: 'allowDataForGenerativeAI', label: 'Use my data for training content creation AI models', on: false,
    section: 'Data for Generative AI Improvement' }],
};
const status = { v: 1, id: 3, type: 'status', install, profile };

const requests = mode === 'first'
  ? [frame(hello), frame(page, 0x000a0d1a), frame(status)]
  : [frame(hello, 0x0d0a), frame(status)];
const expectedTypes = mode === 'first' ? ['hello', 'verdict', 'status'] : ['hello', 'status'];

const run = spawnSync('wine', argv, { input: Buffer.concat(requests), timeout: 60_000, maxBuffer: 16 << 20 });
const problems = [];
if (run.error) problems.push(`wine did not run: ${run.error.message}`);
if (run.status !== 0) problems.push(`exit status ${run.status}; stderr: ${run.stderr}`);
let got = [];
try {
  got = replies(run.stdout ?? Buffer.alloc(0));
} catch (error) {
  problems.push(`stdout is not a sequence of frames (${error.message}): ${run.stdout}`);
}
const types = got.map((reply) => reply.type);
if (JSON.stringify(types) !== JSON.stringify(expectedTypes)) problems.push(`reply types ${JSON.stringify(types)}, expected ${JSON.stringify(expectedTypes)}`);
const byType = Object.fromEntries(got.map((reply) => [reply.type, reply]));
if (byType.hello && (byType.hello.host !== 'org.optoutguard.host' || byType.hello.protocol !== 1))
  problems.push(`hello reply: ${JSON.stringify(byType.hello)}`);
if (mode === 'first' && byType.verdict && !byType.verdict.done?.some((item) => item.rule === 'gen-ai-training'))
  problems.push(`the page's verdict does not count gen-ai-training done: ${JSON.stringify(byType.verdict)}`);
const remembered = byType.status?.items?.find((item) => item.rule === 'gen-ai-training');
if (byType.status && remembered?.state !== 'done')
  problems.push(`status does not remember gen-ai-training done: ${JSON.stringify(remembered ?? byType.status)}`);

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`${mode}: ${types.join(', ')} (request frames of ${requests.map((r) => r.length - 4).join(', ')} bytes)`);
