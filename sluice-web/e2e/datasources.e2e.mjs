// End-to-end test of the studio's data source pages in a real browser, against a running platform and
// a real PostgreSQL: register a data source with the form, test its connection, browse a schema's
// tables and a table's columns, tick a table without a primary key and read the readiness check's fix.
//
//   SLUICE_URL=… SLUICE_TOKEN=slc_… SLUICE_E2E_PG_HOST=localhost SLUICE_E2E_PG_PORT=5432 \
//   SLUICE_E2E_PG_DATABASE=db SLUICE_E2E_PG_USER=postgres SLUICE_E2E_SCHEMA=s SLUICE_E2E_NAME=n \
//   node e2e/datasources.e2e.mjs
//
// The schema must hold `orders` (primary key id, a numeric(12,2) amount, an int[] tags) and `events`
// (no primary key); DatasourcesIT makes them. Exits non-zero with the failed step on failure.
import assert from 'node:assert/strict';
import path from 'node:path';
import { openBrowser } from './harness.mjs';

const base = process.env.SLUICE_URL ?? 'http://localhost:8080';
const token = process.env.SLUICE_TOKEN;
const out = path.resolve(process.env.SLUICE_E2E_OUT ?? 'target/datasources-e2e');
const env = (name) => {
  const v = process.env[name];
  assert.ok(v, `${name} must be set`);
  return v;
};
const host = env('SLUICE_E2E_PG_HOST');
const port = env('SLUICE_E2E_PG_PORT');
const database = env('SLUICE_E2E_PG_DATABASE');
const user = env('SLUICE_E2E_PG_USER');
const schema = env('SLUICE_E2E_SCHEMA');
const name = env('SLUICE_E2E_NAME');
assert.ok(token, 'SLUICE_TOKEN must hold an API token');

const { page, step, screenshot, finish } = await openBrowser({ base, out, label: 'datasources e2e' });

/** Opens an antd Select by its test id and picks the option whose text starts with `label`. */
async function pick(testId, label) {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-item-option').filter({ visible: true }).filter({ hasText: label }).first().click();
}

await step('log in with the login link', async () => {
  await page.goto(`${base}/?token=${token}`);
  await page.waitForURL(`${base}/jobs`);
});

await step('register a PostgreSQL data source with the form', async () => {
  await page.goto(`${base}/datasources`);
  await page.getByTestId('datasources-page').waitFor();
  await page.getByTestId('new-datasource').click();
  await page.getByTestId('datasource-form').waitFor();
  await page.getByTestId('ds-name').fill(name);
  await pick('ds-type', 'PostgreSQL');
  assert.equal(await page.getByTestId('ds-port').inputValue(), '5432', 'the type fills its default port');
  await page.getByTestId('ds-host').fill(host);
  await page.getByTestId('ds-port').fill(port);
  await page.getByTestId('ds-database').fill(database);
  await page.getByTestId('ds-username').fill(user);
  await page.getByTestId('ds-password').fill('literal-' + name);
  await screenshot('datasource-form');
  await page.getByTestId('datasource-submit').click();
  await page.waitForURL(`${base}/datasources/${name}`);
  await page.getByTestId('password-secret').waitFor();
  assert.equal((await page.getByTestId('password-secret').textContent()).trim(), `datasource.${name}.password`);
});

await step('test the connection', async () => {
  await page.getByTestId('test-connection').click();
  const ok = page.getByTestId('test-ok');
  await ok.waitFor();
  assert.match(await ok.textContent(), /PostgreSQL 15\./);
  await screenshot('datasource-overview');
});

await step('browse the schema: tables with their keys, a table with its columns', async () => {
  await page.getByTestId('datasource-tab-tables').click();
  await page.getByTestId('datasource-tables').waitFor();
  await pick('schema-select', `${schema} (2 tables)`);
  const events = page.locator(`[data-testid="table-row"][data-name="${schema}.events"]`);
  await events.getByTestId('no-primary-key').waitFor();
  const orders = page.locator(`[data-testid="table-row"][data-name="${schema}.orders"]`);
  assert.equal((await orders.getByTestId('primary-key').textContent()).trim(), 'id');
  assert.equal((await orders.getByTestId('row-estimate').textContent()).trim(), '3');
  await orders.getByText('orders', { exact: true }).click();
  const amount = page.locator('[data-testid="column-row"][data-name="amount"]');
  await amount.waitFor();
  assert.match(await amount.textContent(), /numeric\(12,2\)DECIMAL\(12, 2\)/);
  await page.locator('[data-testid="column-row"][data-name="tags"]').getByTestId('not-readable').waitFor();
  await screenshot('datasource-tables');
});

await step('tick the table without a key: readiness names it with the statement that fixes it', async () => {
  // The tick is kept in the address (?tables=), so the box shows checked once the address has it.
  const row = page.locator(`[data-testid="table-row"][data-name="${schema}.events"]`);
  await row.locator('.ant-checkbox-input').click();
  await row.locator('.ant-checkbox-checked').waitFor();
  assert.equal((await page.getByTestId('selected-tables').textContent()).trim(), `1 selected for the readiness check: ${schema}.events`);
  await page.getByTestId('datasource-tab-readiness').click();
  assert.equal(
    (await page.getByTestId('readiness-tables').textContent()).trim(),
    `the database and ${schema}.events`,
  );
  assert.ok(page.url().includes('tab=readiness'), 'the tab is in the address');
  await page.getByTestId('readiness-check').click();
  const identity = page.locator('[data-testid="readiness-check-row"][data-name="replica_identity"]');
  await identity.waitFor();
  assert.equal(await identity.getAttribute('data-ok'), 'false');
  assert.equal(
    (await identity.getByTestId('readiness-fix').locator('pre').textContent()).trim(),
    `ALTER TABLE "${schema}"."events" REPLICA IDENTITY FULL;`,
  );
  assert.match(await page.getByTestId('readiness-overall').textContent(), /^Not ready for change data capture/);
  await screenshot('datasource-readiness');
});

await step('plan a sync: the ticked table into Kafka is ready, the whole schema into Paimon is not', async () => {
  await page.getByTestId('datasource-tab-sync').click();
  const text = page.getByTestId('sync-plan-text');
  await text.waitFor();
  assert.match(await text.inputValue(), new RegExp(`tables:\\n  - ${schema}\\.events\\n`));
  await page.getByTestId('sync-plan-run').click();
  const overall = page.getByTestId('sync-plan-overall');
  await overall.waitFor();
  assert.equal((await overall.textContent()).trim(), `Ready to sync 1 table from ${name} to kafka`);
  await page.locator(`[data-testid="sync-plan-table-row"][data-name="${schema}.events"]`).waitFor();
  await text.fill(`tables: [${schema}.*]\ntarget: {type: paimon, warehouse: "file:///tmp/lake"}\n`);
  await page.getByTestId('sync-plan-run').click();
  await page.getByText(`Not ready to sync from ${name} to paimon: 2 problems`).waitFor();
  await page.locator(`[data-testid="sync-plan-table-row"][data-name="${schema}.orders"]`).click();
  await page
    .locator(`[data-testid="sync-plan-table-detail"][data-name="${schema}.orders"] [data-testid="sync-plan-column-row"][data-name="tags"]`)
    .getByTestId('not-readable')
    .waitFor();
  await screenshot('datasource-sync-plan');
});

await finish();
