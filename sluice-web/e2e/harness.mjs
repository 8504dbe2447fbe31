// What the studio's browser tests share: Debian's chromium, headless, driven by playwright-core, with
// a fresh profile; named steps that screenshot and exit non-zero on the first failure; and the checks
// every run ends with (no script error in any page, nothing loaded from outside the server).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

/**
 * Opens the browser. `label` prefixes every line printed ("studio e2e"); screenshots go to `out`,
 * numbered, their names starting with `prefix` (a second run into the same folder keeps the first's).
 * Returns the page and `step(name, fn)`, `screenshot(name)` and `finish()`.
 */
export async function openBrowser({ base, out, label, prefix = '' }) {
  const chromiumPath = process.env.SLUICE_CHROMIUM ?? '/usr/bin/chromium';
  fs.mkdirSync(out, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const external = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) external.push(r.url());
  });

  const steps = [];
  let shot = 0;
  const screenshot = async (name) => {
    await page.screenshot({ path: path.join(out, `${prefix}${String(++shot).padStart(2, '0')}-${name}.png`), fullPage: true });
  };
  const step = async (name, fn) => {
    const started = Date.now();
    process.stdout.write(`${label}: ${name} ... `);
    try {
      await fn();
      steps.push({ name, ms: Date.now() - started });
      console.log(`ok (${Date.now() - started} ms)`);
    } catch (e) {
      console.log('FAILED');
      await page.screenshot({ path: path.join(out, `${prefix}failed-${String(++shot).padStart(2, '0')}.png`), fullPage: true }).catch(() => {});
      console.error(`${label}: step "${name}" failed at ${page.url()}:\n${e?.stack ?? e}`);
      if (pageErrors.length > 0) console.error(`${label}: script errors in the page:\n${pageErrors.join('\n')}`);
      await context.close();
      process.exit(1);
    }
  };
  const finish = async () => {
    assert.deepEqual(pageErrors, [], 'no script error in any page');
    assert.deepEqual(external, [], 'nothing is loaded from outside the server');
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
    console.log(`${label}: all ${steps.length} steps passed; screenshots in ${out}`);
  };
  return { page, context, step, screenshot, finish };
}
