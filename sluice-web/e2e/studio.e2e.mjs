// End-to-end test of the studio in a real browser (Debian's chromium driven by playwright-core),
// against a running platform, as a user works: create a job, type a script with a typo, fix it from
// the marker's quick fix, complete a column, debug with pasted sample rows, deploy, watch live
// vertex rates, stop with a savepoint, edit one statement, read the restore plan, deploy with the tick.
//
//   SLUICE_URL=http://localhost:8080 SLUICE_TOKEN=slc_… SLUICE_E2E_OUT=target/studio-e2e node e2e/studio.e2e.mjs
//
// Screenshots of every page go to SLUICE_E2E_OUT. Exits non-zero with the failed step on failure.
import assert from 'node:assert/strict';
import path from 'node:path';
import { openBrowser } from './harness.mjs';

const base = process.env.SLUICE_URL ?? 'http://localhost:8080';
const token = process.env.SLUICE_TOKEN;
const out = path.resolve(process.env.SLUICE_E2E_OUT ?? 'target/studio-e2e');
const jobName = process.env.SLUICE_E2E_JOB ?? 'studio_e2e_' + Date.now().toString(36);
assert.ok(token, 'SLUICE_TOKEN must hold an API token');

// Two statements with state (aggregates), so that an edit of one shows CHANGED and the other KEPT.
const SCRIPT = [
  "CREATE TABLE orders (id BIGINT, amount DECIMAL(10, 2)) WITH ('connector' = 'datagen', 'rows-per-second' = '20', 'fields.id.min' = '1', 'fields.id.max' = '1000');",
  "CREATE TABLE totals (bucket BIGINT, total DECIMAL(38, 2)) WITH ('connector' = 'blackhole');",
  "CREATE TABLE counts (bucket BIGINT, n BIGINT) WITH ('connector' = 'blackhole');",
  '-- @name: totals_per_bucket',
  'INSERT INTO totals SELECT id % 10, SUM(amout) FROM orders GROUP BY id % 10;',
  '-- @name: counts_per_bucket',
  'INSERT INTO counts SELECT id % 5, COUNT(*) FROM orders GROUP BY id % 5;',
  '',
].join('\n');
const TYPO_LINE = 5;
const TYPO_COLUMN = 'INSERT INTO totals SELECT id % 10, SUM('.length + 1;

const { page, step, screenshot, finish } = await openBrowser({ base, out, label: 'studio e2e' });

const editor = () => page.getByTestId('editor');
async function replaceScript(text) {
  await editor().locator('.monaco-editor').first().click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}
async function problems() {
  return page.getByTestId('problem').evaluateAll((rows) =>
    rows.map((r) => ({ line: Number(r.dataset.line), column: Number(r.dataset.column), text: r.textContent })),
  );
}

await step('log in with the login link', async () => {
  await page.goto(`${base}/?token=${token}`);
  await page.waitForURL(`${base}/jobs`);
  assert.ok(!page.url().includes('token='), 'the token is taken out of the address');
  await page.getByTestId('job-link').first().waitFor();
  await screenshot('jobs');
});

await step('create a job', async () => {
  await page.getByTestId('new-job').click();
  await page.getByTestId('new-job-name').fill(jobName);
  await page.getByTestId('new-job-create').click();
  await page.waitForURL(`${base}/jobs/${jobName}/edit`);
  await editor().locator('.monaco-editor').first().waitFor();
});

await step('a typo is a marker at its line:column with a quick fix', async () => {
  await replaceScript(SCRIPT);
  await page.getByTestId('problem').first().waitFor();
  const found = await problems();
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0].line, TYPO_LINE);
  assert.equal(found[0].column, TYPO_COLUMN);
  assert.match(found[0].text, /amout/);
  assert.match(found[0].text, /amount/, 'the problem says "did you mean amount"');
  await page.waitForSelector('.monaco-editor .squiggly-error');
  await screenshot('editor-typo');
  // The quick fix from the marker: put the cursor on it, Ctrl+. and take "Change to 'amount'".
  await page.getByTestId('problem').first().click();
  await page.keyboard.press('Control+.');
  await page.getByText("Change to 'amount'").first().click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="problem"]').length === 0);
  assert.equal((await page.locator('.monaco-editor .squiggly-error').count()), 0);
});

await step('completion offers a column of a declared table', async () => {
  // A new line at the end: a query on orders, then ask for completion after "amo".
  await editor().locator('.monaco-editor').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('SELECT amo');
  await page.keyboard.press('Control+Space');
  const suggest = page.locator('.monaco-editor .suggest-widget');
  await suggest.waitFor({ state: 'visible' });
  await suggest.getByText('amount', { exact: false }).first().waitFor();
  await screenshot('editor-completion');
  await page.keyboard.press('Escape');
  // Take the line out again.
  await page.keyboard.press('Control+Shift+K');
});

await step('save a version with a comment (Ctrl+S)', async () => {
  await page.keyboard.press('Control+S');
  await page.getByTestId('save-comment').fill('two aggregates');
  await page.getByTestId('save-confirm').click();
  await page.getByTestId('saved-version').filter({ hasText: '2' }).waitFor();
});

let runUrl;
await step('debug with pasted sample rows: the rows of every step', async () => {
  await page.getByTestId('debug').click();
  await page.getByTestId('debug-dialog').waitFor();
  const source = page.locator('[data-testid="debug-source"][data-table="orders"]');
  await source.waitFor();
  await source.getByTestId('debug-sample').fill('[{"id": 3, "amount": 10.50}, {"id": 13, "amount": 2.25}, {"id": 4, "amount": 1.00}]');
  await page.getByTestId('debug-start').click();
  await page.waitForURL(/\/debug\/[^/]+$/);
  runUrl = page.url();
  const tabs = page.getByTestId('debug-step-tab');
  await tabs.first().waitFor();
  assert.ok((await tabs.count()) >= 2, 'a tab per INSERT query');
  // Statement 1 sums per bucket: bucket 3 gets 10.50, then 12.75 (an update), bucket 4 gets 1.00.
  await tabs.filter({ hasText: 'totals' }).first().click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="debug-row"]').length >= 3, null, { timeout: 90_000 });
  const kinds = await page.getByTestId('debug-row').evaluateAll((rows) => rows.map((r) => r.dataset.kind));
  assert.ok(kinds.includes('+I'), JSON.stringify(kinds));
  assert.ok(kinds.includes('-U') || kinds.includes('+U'), 'the second row of bucket 3 updates the first: ' + JSON.stringify(kinds));
  const text = await page.getByTestId('debug-run').textContent();
  assert.match(text, /12\.75/);
  await screenshot('debug');
  await page.getByTestId('debug-stop').click().catch(() => {});
});

await step('a debug run reopens from its address', async () => {
  await page.goto(runUrl);
  await page.getByTestId('debug-step-tab').first().waitFor();
  await page.getByTestId('debug-status').waitFor();
});

await step('deploy: RUNNING, with live vertex rates', async () => {
  await page.goto(`${base}/jobs/${jobName}`);
  await page.getByTestId('deploy-job').click();
  await page.getByTestId('deploy-dialog').waitFor();
  await page.getByTestId('deploy-confirm').click();
  await page.locator('[data-testid="job-status"] [data-state="RUNNING"]').waitFor({ timeout: 120_000 });
  // The job detail keeps up by itself: a completed checkpoint shows up without a reload.
  await page.getByTestId('tab-checkpoints').click();
  await page.getByTestId('latest-checkpoint').filter({ hasText: /#\d+/ }).waitFor({ timeout: 60_000 });
  await screenshot('job-running');
  await page.goto(`${base}/jobs/${jobName}/graph`);
  await page.getByTestId('graph-mode-running').click();
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('[data-testid="vertex-rates"]')].some((e) => Number(e.dataset.recordsIn) > 0),
    null,
    { timeout: 120_000 },
  );
  const vertices = await page.getByTestId('vertex').count();
  assert.ok(vertices >= 2, `the graph shows the job's vertices (${vertices})`);
  await screenshot('graph-running');
});

await step('the advice tab gives each vertex of the running job a parallelism and a reason', async () => {
  await page.goto(`${base}/jobs/${jobName}?tab=advice`);
  await page.getByTestId('advice-table').waitFor({ timeout: 60_000 });
  const reasons = await page.locator('[data-testid^="advice-reason-"]').allTextContents();
  assert.ok(reasons.length >= 2, `a reason per vertex (${JSON.stringify(reasons)})`);
  for (const r of reasons) assert.match(r, /\S.*\.$/, `a sentence: ${r}`);
  await page.getByTestId('advice-taskmanagers').waitFor();
  await screenshot('job-advice');
});

await step('stop with a savepoint', async () => {
  await page.goto(`${base}/jobs/${jobName}`);
  await page.getByTestId('stop-job').click();
  const ok = page.getByRole('button', { name: /^(OK|Stop|Yes)$/ });
  if (await ok.count()) await ok.first().click();
  await page.locator('[data-testid="job-status"] [data-state="STOPPED"]').waitFor({ timeout: 120_000 });
  await page.getByTestId('tab-savepoints').click();
  await screenshot('job-stopped');
});

await step('edit one statement: the restore plan shows it CHANGED and the other KEPT', async () => {
  await page.goto(`${base}/jobs/${jobName}/edit`);
  await editor().locator('.monaco-editor').first().waitFor();
  await replaceScript(SCRIPT.replace('SUM(amout)', 'SUM(amount)').replace('COUNT(*)', 'SUM(id)'));
  await page.keyboard.press('Control+S');
  await page.getByTestId('save-comment').fill('counts become sums');
  await page.getByTestId('save-confirm').click();
  await page.getByTestId('saved-version').filter({ hasText: '3' }).waitFor();
  await page.getByTestId('deploy').click();
  await page.getByTestId('deploy-dialog').waitFor();
  await page.getByTestId('restore-plan').waitFor();
  const rows = await page
    .getByTestId('restore-statement')
    .evaluateAll((rs) => rs.map((r) => ({ statement: r.dataset.statement, status: r.dataset.status, text: r.textContent })));
  const row = (name) => rows.find((r) => r.statement.includes(name) || r.text.includes(name));
  assert.equal(row('totals_per_bucket')?.status, 'KEPT', JSON.stringify(rows));
  const changed = row('counts_per_bucket');
  assert.equal(changed?.status, 'CHANGED', JSON.stringify(rows));
  assert.deepEqual(rows.filter((r) => r !== changed && r.status !== 'KEPT'), [], 'every other statement keeps its state');
  await screenshot('restore-plan');
  assert.equal(await page.getByTestId('deploy-confirm').isDisabled(), true, 'deploy waits for the tick');
  await page.locator(`[data-testid="confirm-drop"][data-statement="${changed.statement}"]`).click();
  assert.equal(await page.getByTestId('deploy-confirm').isDisabled(), false);
  await page.getByTestId('deploy-confirm').click();
  await page.goto(`${base}/jobs/${jobName}`);
  await page.locator('[data-testid="job-status"] [data-state="RUNNING"]').waitFor({ timeout: 120_000 });
  await screenshot('job-redeployed');
});

await step('clean up: stop the job', async () => {
  await page.getByTestId('stop-job').click();
  const ok = page.getByRole('button', { name: /^(OK|Stop|Yes)$/ });
  if (await ok.count()) await ok.first().click();
  await page.locator('[data-testid="job-status"] [data-state="STOPPED"]').waitFor({ timeout: 120_000 });
  await page.goto(`${base}/clusters`);
  await page.getByTestId('cluster-health').first().waitFor();
  await screenshot('clusters');
});

await finish();
