// End-to-end test of the metric builder in a real browser (Debian's chromium driven by
// playwright-core), against a running platform, as a business user works: only through the form (no
// YAML or SQL typed), build a group with two nested fields picked from the JSON tree of pasted events,
// a derived field written with completion, a filter, an enrichment from a PostgreSQL table picked by
// browsing the database, four metrics in two windows (a percentile and an approximate distinct among
// them) and a derived ratio; see a server problem land on its field and fix it; debug the group on the
// pasted events and check the rows of each step; save and deploy it; then follow a source field to the
// metrics in the sink in the lineage explorer. With SLUICE_E2E_PHASE=upgrade (run after the test has
// checked the job's output): version 2 changes a percentile (every window keeps its state), version 3
// adds a metric (its window restarts); each time, see what changed and what the deploy keeps before
// deploying, tick the window that restarts and deploy.
//
//   SLUICE_URL=http://localhost:8080 SLUICE_TOKEN=slc_… SLUICE_E2E_OUT=target/metrics-e2e \
//   SLUICE_E2E_SPEC=spec.json node e2e/metrics.e2e.mjs
//
// The spec (written by MetricBuilderIT, which also fills the topic and the table and checks the
// sink's values afterwards) names the group, the topic, the database and the sample events, with the
// debug run's expected values computed from those events:
//   {group, topic, sinkTopic, jdbcUrl, jdbcUser, table, samples: [line…],
//    debug: {tumble: [{category, tx, fees}…], hopRows, malformed}}
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { openBrowser } from './harness.mjs';

const base = process.env.SLUICE_URL ?? 'http://localhost:8080';
const token = process.env.SLUICE_TOKEN;
const out = path.resolve(process.env.SLUICE_E2E_OUT ?? 'target/metrics-e2e');
assert.ok(token, 'SLUICE_TOKEN must hold an API token');
assert.ok(process.env.SLUICE_E2E_SPEC, 'SLUICE_E2E_SPEC must name the spec file');
const spec = JSON.parse(fs.readFileSync(process.env.SLUICE_E2E_SPEC, 'utf8'));



// --- How a user works antd's controls, by the test ids the form gives each field's path.
const byId = (id) => page.getByTestId(id).first();
/** The text input of a field: the element itself (Input) or the one inside it (AutoComplete). */
async function inputOf(id) {
  const el = byId(id);
  await el.waitFor();
  const tag = await el.evaluate((e) => e.tagName);
  return tag === 'INPUT' || tag === 'TEXTAREA' ? el : el.locator('input').first();
}
async function fill(id, text) {
  const input = await inputOf(id);
  await input.fill(text);
  await input.evaluate((e) => e.blur());
}
const option = (title) => page.locator(`.ant-select-item-option[title="${title}"]`).filter({ visible: true }).first();
/** Picks an option of a select: opens it, types to narrow the list, clicks the option shown as `title`. */
async function choose(id, search, title = search) {
  await byId(id).click();
  await page.keyboard.type(search);
  await option(title).click();
}
/** Adds an option to a multiple select, then closes it. */
async function chooseMany(id, search, title = search) {
  await choose(id, search, title);
  await page.keyboard.press('Escape');
}
async function goToStep(key) {
  await byId(`mg-step-tab-${key}`).click();
  await byId(`mg-step-${key}`).waitFor();
}
const yamlPanel = async () => parseYaml((await byId('mg-yaml').textContent()) ?? '');
async function api(pathAndQuery) {
  const res = await fetch(base + pathAndQuery, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200, `GET ${pathAndQuery}: ${res.status} ${await res.clone().text()}`);
  return res.json();
}

// Two phases, with the deployed job's output checked between them: build (everything above the
// upgrade) and upgrade (a second version changes one metric; its restore plan shows before deploying).
const phase = process.env.SLUICE_E2E_PHASE ?? 'build';
const { page, step, screenshot, finish } = await openBrowser({ base, out, label: 'metrics e2e', prefix: phase === 'build' ? '' : `${phase}-` });
if (phase === 'upgrade') {
  await step('log in and open the saved group', async () => {
    await page.goto(`${base}/?token=${token}`);
    await page.waitForURL(`${base}/jobs`);
    await page.goto(`${base}/metric-groups/${spec.group}`);
    await byId('mg-step-group').waitFor();
  });
  /** The restore plan shown before deploying: statement → KEPT, CHANGED, NEW or REMOVED. */
  const previewStatuses = async () => {
    const preview = byId('mg-restore-preview');
    await preview.getByTestId('restore-statement').first().waitFor({ timeout: 60_000 });
    return Object.fromEntries(await preview.getByTestId('restore-statement').evaluateAll((rs) => rs.map((r) => [r.dataset.statement, r.dataset.status])));
  };
  const saveVersion = async (version, comment) => {
    await goToStep('online');
    await byId('mg-comment').fill(comment);
    await byId('mg-save').click();
    await byId('mg-saved-version').filter({ hasText: new RegExp(`^${version}$`) }).waitFor();
  };
  const deploy = async () => {
    await byId('mg-deploy').click();
    await byId('mg-deployed').waitFor({ timeout: 180_000 });
    assert.match(await byId('mg-deployed').textContent(), new RegExp(`metrics\\.${spec.group}`));
  };
  /** Until the running job has completed a checkpoint: the next preview is worked out from it. */
  const awaitCheckpoint = async () => {
    const [job] = await api(`/api/v1/jobs?name=${encodeURIComponent('metrics.' + spec.group)}`);
    for (const until = Date.now() + 120_000; ; ) {
      const j = await api(`/api/v1/jobs/${job.id}`);
      if (j.state === 'RUNNING' && j.flinkJobId && String(j.lastCheckpoint ?? '').includes(j.flinkJobId)) return;
      assert.ok(Date.now() < until, `a checkpoint of the upgraded job within 2 minutes: ${JSON.stringify(j)}`);
      await page.waitForTimeout(500);
    }
  };

  await step('version 2 asks for p95 instead of p90: the sketch keeps its state, every window keeps its state', async () => {
    await goToStep('metrics');
    await page.getByTestId('mg-metric-row').filter({ hasText: /^p90/ }).first().click();
    await fill('mg-metrics-2-percentile', '0.95');
    await byId('mg-compiles').waitFor({ timeout: 30_000 });
    await saveVersion(2, 'p90 is the 95th percentile now');
    await byId('mg-diff').filter({ hasText: '~ p90' }).waitFor();
    const statuses = await previewStatuses();
    assert.equal(statuses.tumble_1m__kafka, 'KEPT', JSON.stringify(statuses));
    assert.equal(statuses.hop_2m_1m__kafka, 'KEPT', JSON.stringify(statuses));
    assert.equal(await byId('mg-restore-preview').getByTestId('confirm-drop').count(), 0, 'nothing to tick');
    await byId('mg-restore-preview').filter({ hasText: 'Deploying version 2 keeps the state of every statement' }).waitFor();
    await screenshot('restore-preview-kept');
    await deploy();
  });

  await step('version 3 adds a metric to the minute: that window restarts empty, the other keeps its state', async () => {
    await awaitCheckpoint();
    await goToStep('metrics');
    await byId('mg-add-metric').click();
    await fill('mg-metrics-4-name', 'top');
    await choose('mg-metrics-4-aggregation', 'max');
    await choose('mg-metrics-4-input', 'amount', 'amount (DOUBLE)');
    await byId('mg-compiles').waitFor({ timeout: 30_000 });
    await saveVersion(3, 'the largest payment per minute');
    await byId('mg-diff').filter({ hasText: '+ top' }).waitFor();
    const statuses = await previewStatuses();
    assert.equal(statuses.tumble_1m__kafka, 'CHANGED', JSON.stringify(statuses));
    assert.equal(statuses.hop_2m_1m__kafka, 'KEPT', JSON.stringify(statuses));
    const preview = byId('mg-restore-preview');
    assert.equal(await preview.getByTestId('confirm-drop').count(), 1, 'only the changed window asks for a tick');
    await screenshot('restore-preview-changed');
    await preview.locator('[data-testid="confirm-drop"][data-statement="tumble_1m__kafka"]').check();
    await deploy();
    await screenshot('upgraded');
  });
  await finish();
  process.exit(0);
}

await step('log in, open the demo group, start a new one', async () => {
  await page.goto(`${base}/?token=${token}`);
  await page.waitForURL(`${base}/jobs`);
  await page.goto(`${base}/metric-groups`);
  await byId('metric-groups-page').waitFor();
  // The demo's group is listed with its windows, and opens in the form. (The demo is set up in the
  // background after the platform starts: reload until it is listed.)
  const demo = page.locator('[data-testid="mg-row"][data-name="demo_payments"]');
  for (const until = Date.now() + 180_000; !(await demo.isVisible()); ) {
    assert.ok(Date.now() < until, 'the demo group is listed within 3 minutes of the start');
    await page.reload();
    await byId('metric-groups-page').waitFor();
    await demo.waitFor({ timeout: 5_000 }).catch(() => {});
  }
  assert.match(await demo.textContent(), /tumble_1m/);
  await screenshot('groups');
  await demo.getByRole('link', { name: 'demo_payments', exact: true }).click();
  await page.waitForURL(`${base}/metric-groups/demo_payments`);
  assert.equal(await (await inputOf('mg-name')).inputValue(), 'demo_payments');
  await goToStep('metrics');
  assert.ok((await page.getByTestId('mg-metric-row').count()) > 0, 'the demo group has metrics');
  await byId('mg-compiles').waitFor({ timeout: 30_000 });
  await page.goto(`${base}/metric-groups`);
  await byId('mg-new').click();
  await page.waitForURL(`${base}/metric-groups/new`);
  await byId('mg-step-group').waitFor();
});

await step('1. group: name, description, layout (the time zone stays UTC)', async () => {
  await fill('mg-name', spec.group);
  await fill('mg-description', 'payments per merchant category, built in the form');
  await page.locator('[data-testid="mg-layout"] input[value="fused"]').check();
  await screenshot('group');
});

await step('2. sources: the topic from the broker, fields picked from the JSON tree of pasted events', async () => {
  await goToStep('sources');
  await byId('mg-add-source').click();
  await fill('mg-sources-0-name', 'payments');
  // The broker's topics are suggested: the test's topic is among them.
  const topic = await inputOf('mg-sources-0-kafka-topic');
  await topic.click();
  await topic.fill(spec.topic.slice(0, 8));
  await option(spec.topic).click();
  await choose('mg-sources-0-kafka-startFrom', 'earliest');
  await byId('mg-source-0-samples').fill(spec.samples.join('\n'));
  const lines = spec.samples.filter((l) => l.trim().startsWith('{')).length;
  assert.match(await byId('mg-source-0-sample-count').textContent(), new RegExp(`^${lines} events, 1 lines that are not JSON objects`));
  for (const p of ['$.payer.id', '$.merchant.id', '$.amount', '$.ts']) {
    await page.locator(`[data-testid="mg-json-node"][data-path="${p}"]`).click();
  }
  const rows = await page.getByTestId('mg-field-row').evaluateAll((rs) => rs.map((r) => r.dataset.name));
  assert.deepEqual(rows, ['payer_id', 'merchant_id', 'amount', 'ts']);
  // Amounts written as text are suggested as DOUBLE; epoch milliseconds as BIGINT.
  assert.equal(await (await inputOf('mg-sources-0-fields-2-type')).inputValue(), 'DOUBLE');
  assert.equal(await (await inputOf('mg-sources-0-fields-3-type')).inputValue(), 'BIGINT');
  await choose('mg-eventTime-field', 'ts', 'ts (BIGINT)');
  await fill('mg-eventTime-lateness', '5s');
  await screenshot('sources');
});

await step('3. preprocess: a derived field with completion, a filter, an enrichment browsed from PostgreSQL', async () => {
  await goToStep('preprocess');
  await byId('mg-add-derived-field').click();
  await fill('mg-preprocess-derived-0-name', 'fee');
  // Completion of a field name: "amo" offers amount.
  const expr = await inputOf('mg-preprocess-derived-0-expr');
  await expr.click();
  await expr.fill('amo');
  await page.locator('.ant-select-item-option').filter({ visible: true }).filter({ hasText: /^amount\b/ }).first().click();
  assert.equal(await expr.inputValue(), 'amount');
  await expr.press('End');
  await expr.pressSequentially(' * 0.006');
  await expr.evaluate((e) => e.blur());
  await byId('mg-add-filter').click();
  await fill('mg-preprocess-filters-0', 'amount > 0');

  await byId('mg-add-enrich').click();
  await fill('mg-preprocess-enrich-0-name', 'merchants');
  await fill('mg-preprocess-enrich-0-jdbc-url', spec.jdbcUrl);
  await fill('mg-preprocess-enrich-0-jdbc-username', spec.jdbcUser);
  await byId('mg-enrich-0-browse').click();
  await choose('mg-enrich-0-tables', spec.table, `${spec.table} (table)`);
  await byId('mg-enrich-0-column-list').waitFor();
  await byId('mg-enrich-0-column-category').check();
  await choose('mg-preprocess-enrich-0-key-0-field', 'merchant_id');
  await fill('mg-preprocess-enrich-0-key-0-column', 'id');
  await screenshot('preprocess');
});

await step('4. result storage: Kafka, a topic per window', async () => {
  await goToStep('storage');
  await byId('mg-add-sink').click();
  await fill('mg-sinks-0-topic', spec.sinkTopic);
  await screenshot('storage');
});

await step('5-6. metrics: dimensions, four metrics in two windows, a derived ratio', async () => {
  await goToStep('metrics');
  await chooseMany('mg-keys', 'category', 'category (STRING)');

  // tx: a count, per minute and over two minutes sliding by one.
  await byId('mg-add-metric').click();
  await fill('mg-metrics-0-name', 'tx');
  await byId('mg-metric-0-add-window').click();
  await choose('mg-metrics-0-windows-1-type', 'hop');
  await fill('mg-metrics-0-windows-1-size', '2min');
  // A slide that does not divide the window: the server's problem lands on the field.
  await fill('mg-metrics-0-windows-1-slide', '3min');

  // fees: the sum of the derived field.
  await byId('mg-add-metric').click();
  await fill('mg-metrics-1-name', 'fees');
  await choose('mg-metrics-1-aggregation', 'sum');
  await choose('mg-metrics-1-input', 'fee', 'fee (derived)');

  const problem = byId('mg-metrics-0-windows-1-slide-error');
  await page.getByTestId('mg-metric-row').filter({ hasText: /^tx/ }).first().click();
  await problem.waitFor({ timeout: 20_000 });
  assert.match(await problem.textContent(), /divide/);
  await screenshot('problem-on-its-field');
  await fill('mg-metrics-0-windows-1-slide', '1min');
  await problem.waitFor({ state: 'detached', timeout: 20_000 });

  // p90: a duplicate of fees, made a percentile of the amount.
  await page.getByTestId('mg-metrics-1-duplicate').click();
  await fill('mg-metrics-2-name', 'p90');
  await choose('mg-metrics-2-aggregation', 'percentile');
  await fill('mg-metrics-2-percentile', '0.9');
  await choose('mg-metrics-2-input', 'amount', 'amount (DOUBLE)');

  // payers: an approximate distinct count over the sliding window.
  await byId('mg-add-metric').click();
  await fill('mg-metrics-3-name', 'payers');
  await choose('mg-metrics-3-aggregation', 'approx_count_distinct');
  await choose('mg-metrics-3-input', 'payer_id', 'payer_id (STRING)');
  await choose('mg-metrics-3-windows-0-type', 'hop');
  await fill('mg-metrics-3-windows-0-size', '2min');
  await fill('mg-metrics-3-windows-0-slide', '1min');

  await byId('mg-add-derived-metric').click();
  await fill('mg-derived-0-name', 'avg_fee');
  await fill('mg-derived-0-expr', 'fees / tx');

  const names = await page.getByTestId('mg-metric-row').evaluateAll((rs) => rs.map((r) => r.dataset.name));
  assert.deepEqual(names, ['tx', 'fees', 'p90', 'payers']);
  await byId('mg-compiles').waitFor({ timeout: 30_000 });
  await screenshot('metrics');
});

await step('the YAML beside the form is the group the user built; the SQL is generated', async () => {
  const def = await yamlPanel();
  assert.equal(def.name, spec.group);
  assert.equal(def.timeZone, 'UTC');
  assert.equal(def.layout, undefined, 'fused, the default layout, is not written out');
  assert.deepEqual(def.sources, [
    {
      name: 'payments',
      kafka: { topic: spec.topic, bootstrapServers: def.sources[0].kafka.bootstrapServers, startFrom: 'earliest' },
      fields: [
        { name: 'payer_id', path: '$.payer.id', type: 'STRING' },
        { name: 'merchant_id', path: '$.merchant.id', type: 'STRING' },
        { name: 'amount', path: '$.amount', type: 'DOUBLE' },
        { name: 'ts', path: '$.ts', type: 'BIGINT' },
      ],
    },
  ]);
  assert.ok(def.sources[0].kafka.bootstrapServers, "the platform's broker is filled in");
  assert.deepEqual(def.eventTime, { field: 'ts', lateness: '5s' });
  assert.deepEqual(def.preprocess.derived, [{ name: 'fee', expr: 'amount * 0.006' }]);
  assert.deepEqual(def.preprocess.filters, ['amount > 0']);
  assert.deepEqual(def.preprocess.enrich, [
    {
      name: 'merchants',
      jdbc: { url: spec.jdbcUrl, table: spec.table, username: spec.jdbcUser },
      key: { merchant_id: 'id' },
      fields: [{ name: 'category', type: 'STRING' }],
      cache: { rows: 10000, ttl: '10min' },
    },
  ]);
  assert.deepEqual(def.keys, ['category']);
  assert.deepEqual(def.metrics, [
    { name: 'tx', aggregation: 'count', windows: [{ type: 'tumble', size: '1min' }, { type: 'hop', size: '2min', slide: '1min' }] },
    { name: 'fees', aggregation: 'sum', input: 'fee', windows: [{ type: 'tumble', size: '1min' }] },
    { name: 'p90', aggregation: 'percentile', input: 'amount', percentile: 0.9, windows: [{ type: 'tumble', size: '1min' }] },
    { name: 'payers', aggregation: 'approx_count_distinct', input: 'payer_id', windows: [{ type: 'hop', size: '2min', slide: '1min' }] },
  ]);
  assert.deepEqual(def.derived, [{ name: 'avg_fee', expr: 'fees / tx' }]);
  assert.deepEqual(def.sinks, [{ type: 'kafka', bootstrapServers: def.sources[0].kafka.bootstrapServers, topic: spec.sinkTopic }]);
  const sql = await byId('mg-sql').textContent();
  assert.match(sql, /INSERT INTO/);
  assert.match(sql, /FOR SYSTEM_TIME AS OF/, 'the enrichment is a lookup join');
});

await step('7. debug on the pasted events: the rows of each step, malformed lines counted', async () => {
  await goToStep('debug');
  assert.match(await byId('mg-debug-samples').textContent(), new RegExp(`payments: ${spec.samples.length} lines \\(1 malformed\\)`));
  await byId('mg-debug-start').click();
  await page.locator('[data-testid="debug-status"][data-status="FINISHED"]').waitFor({ timeout: 180_000 });
  const tabs = await page.getByTestId('debug-step-tab').evaluateAll((ts) => ts.map((t) => t.dataset.step));
  for (const s of ['events', 'prepared', 'tumble_1m__kafka', 'hop_2m_1m__kafka', 'malformed__kafka']) assert.ok(tabs.includes(s), `a tab for ${s}: ${tabs}`);
  // A step's tab, even one scrolled out of the tab bar; then its rows show.
  const openStep = async (name) => {
    await page.locator(`[data-testid="debug-step-tab"][data-step="${name}"]`).evaluate((e) => e.closest('[role="tab"]').click());
    await page.locator(`.ant-tabs-tab-active [data-testid="debug-step-tab"][data-step="${name}"]`).waitFor();
  };
  const cells = () => page.getByTestId('debug-row').evaluateAll((rs) => rs.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent.trim())));

  await openStep('tumble_1m__kafka');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="debug-row"]').length === n, spec.debug.tumble.length);
  const tumble = await cells();
  for (const want of spec.debug.tumble) {
    const row = tumble.find((r) => r.includes(want.category));
    assert.ok(row, `a row for ${want.category}: ${JSON.stringify(tumble)}`);
    assert.ok(row.includes(String(want.tx)), `${want.category}: tx ${want.tx} in ${JSON.stringify(row)}`);
    assert.ok(
      row.some((c) => Math.abs(Number(c) - want.fees) < 1e-9),
      `${want.category}: fees ${want.fees} in ${JSON.stringify(row)}`,
    );
  }
  await screenshot('debug-tumble');

  await openStep('hop_2m_1m__kafka');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="debug-row"]').length === n, spec.debug.hopRows);

  await openStep('malformed__kafka');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="debug-row"]').length >= 1);
  const malformed = await cells();
  assert.deepEqual(malformed.at(-1).slice(-2), ['payments', String(spec.debug.malformed)], JSON.stringify(malformed));
  await screenshot('debug-malformed');
});

await step('8. go online: save version 1, deploy it as metrics.<group>', async () => {
  await goToStep('online');
  await byId('mg-comment').fill('first version, built in the form');
  await byId('mg-save').click();
  await byId('mg-saved-version').filter({ hasText: /^1$/ }).waitFor();
  await page.waitForURL(`${base}/metric-groups/${spec.group}`);
  await byId('mg-restore-preview').filter({ hasText: 'First deploy: every window starts empty' }).waitFor();
  await byId('mg-deploy').click();
  await byId('mg-deployed').waitFor({ timeout: 120_000 });
  assert.match(await byId('mg-deployed').textContent(), new RegExp(`metrics\\.${spec.group}`));
  await screenshot('deployed');
  // The saved group opens in the form again, as saved.
  await page.goto(`${base}/metric-groups/${spec.group}`);
  await byId('mg-step-group').waitFor();
  assert.equal(await byId('mg-name').inputValue(), spec.group);
  await goToStep('metrics');
  const names = await page.getByTestId('mg-metric-row').evaluateAll((rs) => rs.map((r) => r.dataset.name));
  assert.deepEqual(names, ['tx', 'fees', 'p90', 'payers']);
});

await step('lineage: the source field amount leads to the metrics in the sink', async () => {
  const datasets = await api('/api/v1/lineage/datasets');
  const source = datasets.find((d) => d.dataset.name === spec.topic);
  const sink = datasets.find((d) => d.dataset.name === `${spec.sinkTopic}.tumble_1m`);
  assert.ok(source && sink, `the topics are datasets: ${datasets.map((d) => d.dataset.id)}`);
  await page.goto(`${base}/lineage?dataset=${encodeURIComponent(source.dataset.id)}&column=amount`);
  await byId('lineage-impact').waitFor();
  await page.getByTestId('lineage-impact-sink').first().waitFor({ timeout: 30_000 });
  const sinks = await page.getByTestId('lineage-impact-sink').evaluateAll((rs) => rs.map((r) => r.dataset.sink));
  for (const column of ['fees', 'p90', 'avg_fee']) {
    assert.ok(sinks.includes(`${sink.dataset.id}.${column}`), `${sink.dataset.id}.${column} in ${JSON.stringify(sinks)}`);
  }
  const job = `metrics.${spec.group}`;
  await byId(`lineage-impact-job-${job}`).waitFor();
  const node = page.locator(`[data-testid="lineage-node-${sink.dataset.id}"]`);
  await node.waitFor();
  assert.equal(await node.getAttribute('data-highlighted'), 'true', 'the sink topic is on the highlighted path');
  await screenshot('lineage');
});

await finish();
