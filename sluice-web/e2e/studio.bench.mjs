// Benchmark of the studio (not a test; prints numbers and ratios against baselines of the same run):
//   1. gzipped size of the built bundle (sluice-web/dist or SLUICE_WEB_DIST), per chunk;
//   2. time from navigation to an interactive editor, median of 5 in headless chromium, against the
//      time to the jobs list (the same app without Monaco) measured in the same run;
//   3. validate-as-you-type latency of a 5-statement script: the server's own time (Server-Timing is
//      not used; the request's time minus a health call's round trip) and the browser's round trip,
//      median of 20, against GET /api/v1/health.
//
//   SLUICE_URL=http://localhost:8080 SLUICE_TOKEN=slc_… node e2e/studio.bench.mjs
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';

const base = process.env.SLUICE_URL ?? 'http://localhost:8080';
const token = process.env.SLUICE_TOKEN;
const dist = process.env.SLUICE_WEB_DIST ?? path.resolve('dist');
if (!token) throw new Error('SLUICE_TOKEN must hold an API token');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`load average at the start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);

// 1. Bundle size.
let total = 0;
let totalGz = 0;
const chunks = [];
for (const f of fs.readdirSync(path.join(dist, 'assets'))) {
  const bytes = fs.readFileSync(path.join(dist, 'assets', f));
  const gz = zlib.gzipSync(bytes, { level: 9 }).length;
  total += bytes.length;
  totalGz += gz;
  chunks.push({ f, raw: bytes.length, gz });
}
chunks.sort((a, b) => b.gz - a.gz);
console.log(`bundle: ${(total / 1024).toFixed(0)} KiB, gzipped ${(totalGz / 1024).toFixed(0)} KiB`);
// What the first page needs: the entry script and the chunks index.html preloads; the editor, graph,
// job and debug pages load their own chunks when first opened.
const index = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const first = [...index.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((m) => m[1]);
const firstGz = chunks.filter((c) => first.includes(c.f)).reduce((sum, c) => sum + c.gz, 0);
console.log(`first page (jobs list or login): ${first.length} files, gzipped ${(firstGz / 1024).toFixed(0)} KiB, ${((100 * firstGz) / totalGz).toFixed(0)}% of the bundle`);
for (const c of chunks.slice(0, 6)) console.log(`  ${c.f}: ${(c.raw / 1024).toFixed(0)} KiB, gzipped ${(c.gz / 1024).toFixed(0)} KiB`);

// 2. Navigation to an interactive editor.
const h = { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' };
const jobs = await (await fetch(base + '/api/v1/jobs', { headers: h })).json();
const job = jobs[0];
if (!job) throw new Error('the platform has no job to open');
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-bench-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.SLUICE_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 800 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] ?? (await context.newPage());
await page.goto(`${base}/?token=${token}`);
await page.waitForURL(/\/jobs$/);
const editorTimes = [];
const listTimes = [];
for (let i = 0; i < 5; i++) {
  await page.goto('about:blank');
  let t = Date.now();
  await page.goto(`${base}/jobs`);
  await page.getByTestId('job-link').first().waitFor();
  listTimes.push(Date.now() - t);
  await page.goto('about:blank');
  t = Date.now();
  await page.goto(`${base}/jobs/${encodeURIComponent(job.name)}/edit`);
  // Interactive: the editor shows the script and takes a keystroke.
  await page.locator('[data-testid="editor"] .monaco-editor .view-lines').first().waitFor();
  await page.locator('[data-testid="editor"] .monaco-editor').first().click();
  await page.keyboard.press('End');
  editorTimes.push(Date.now() - t);
}
console.log(
  `editor interactive: median ${median(editorTimes)} ms of ${JSON.stringify(editorTimes)}; jobs list ${median(listTimes)} ms; ratio ${(median(editorTimes) / median(listTimes)).toFixed(2)}`,
);

// 3. Validate latency of a 5-statement script.
const script = [
  "CREATE TABLE a (id BIGINT, v DOUBLE) WITH ('connector' = 'datagen');",
  "CREATE TABLE b (id BIGINT, v DOUBLE) WITH ('connector' = 'blackhole');",
  'CREATE VIEW w AS SELECT id, v * 2 AS v FROM a WHERE v > 0;',
  'INSERT INTO b SELECT id, SUM(v) FROM w GROUP BY id;',
  'INSERT INTO b SELECT id, MAX(v) FROM a GROUP BY id;',
].join('\n');
const health = [];
const validate = [];
for (let i = 0; i < 25; i++) {
  let t = performance.now();
  await fetch(base + '/api/v1/health');
  const hr = performance.now() - t;
  t = performance.now();
  const r = await fetch(`${base}/api/v1/jobs/${job.id}/validate`, { method: 'POST', headers: h, body: JSON.stringify({ script }) });
  await r.text();
  const vr = performance.now() - t;
  if (i >= 5) {
    health.push(hr);
    validate.push(vr);
  }
}
const browserTimes = await page.evaluate(
  async ({ id, script }) => {
    const csrf = decodeURIComponent((document.cookie.match(/(?:^|; )XSRF-TOKEN=([^;]*)/) ?? [])[1] ?? '');
    const times = [];
    for (let i = 0; i < 25; i++) {
      const t = performance.now();
      const r = await fetch(`/api/v1/jobs/${id}/validate`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-XSRF-TOKEN': csrf }, body: JSON.stringify({ script }) });
      await r.text();
      if (i >= 5) times.push(performance.now() - t);
    }
    return times;
  },
  { id: job.id, script },
);
const v = median(validate);
const hm = median(health);
console.log(`validate (5 statements): ${v.toFixed(1)} ms round trip, ~${(v - hm).toFixed(1)} ms in the server; health ${hm.toFixed(1)} ms; ratio ${(v / hm).toFixed(1)}`);
console.log(`validate from the browser (session, CSRF): median ${median(browserTimes).toFixed(1)} ms`);
await context.close();
fs.rmSync(profile, { recursive: true, force: true });
