// Browser benchmarks of the app itself (release build, headless Chromium): importing customers,
// products and orders through the real import wizard into IndexedDB, reopening the app with that
// data, and a cold first load. Each phase records the longest main-thread task it caused.

import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appReady, openPage, serviceWorkerControls } from '../../tests/e2e/helpers.mjs';

const observeLongTasks = () => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
};

/** The passphrase of the encrypted runs. */
const PASSPHRASE = 'bench passphrase 2026';

/** Orders of the one customer the "open a customer with 1,000 orders" target is about. */
const WHALE_ORDERS = 1_000;

/**
 * Writes `orders-whale.csv` into `dir`: 1,000 more orders (two lines each) of customer C7, so
 * some customer has at least 1,000 orders however the generator spread them.
 */
function writeWhaleOrders(dir) {
  const rows = ['order_id,customer_id,order_date,status,product_id,quantity,unit_price,amount'];
  for (let i = 1; i <= WHALE_ORDERS; i += 1) {
    const day = new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    rows.push(`W${i},C7,${day},completed,P1,1,10.00,10.00`);
    rows.push(`W${i},C7,${day},completed,P2,2,5.50,11.00`);
  }
  const path = join(dir, 'orders-whale.csv');
  writeFileSync(path, `${rows.join('\n')}\n`);
  return path;
}

/** Adds `value` to the list at `figures[name]`. */
const push = (figures, name, value) => (figures[name] ??= []).push(value);

/** Times `action` on `page`; records milliseconds and the longest main-thread task. */
async function timed(page, figures, name, action) {
  await page.evaluate(() => (window.__longTasks = []));
  const start = performance.now();
  await action();
  push(figures, name, performance.now() - start);
  push(figures, `${name} (longest task)`, await page.evaluate(() => Math.max(0, ...window.__longTasks)));
}

/**
 * Imports the three files of `dir` through the wizard into an empty database, then reopens the
 * app; `runs` times, each in a fresh browser profile. Returns lists of milliseconds by phase.
 */
export async function benchImport({ browser, server, dir, runs }) {
  const figures = {};
  for (let run = 0; run < runs; run += 1) {
    const { context, page, errors } = await openPage(browser, { initScript: observeLongTasks });
    await page.goto(server.url);
    await appReady(page);
    // Deep links below are answered by the service worker.
    await serviceWorkerControls(page);
    await page.getByTestId('demo-banner').waitFor();
    await page.getByTestId('remove-demo').click();
    await page.getByTestId('demo-banner').waitFor({ state: 'detached' });
    const whale = writeWhaleOrders(dir);
    for (const [kind, path] of [
      ['customers', join(dir, 'customers.csv')],
      ['products', join(dir, 'products.csv')],
      ['orders', join(dir, 'orders.csv')],
      ['whale orders', whale],
    ]) {
      await page.goto(`${server.url}import?kind=${kind === 'whale orders' ? 'orders' : kind}`);
      await page.getByTestId('page-import').waitFor();
      await timed(page, figures, `import ${kind}: read`, async () => {
        await page.getByTestId('import-file').setInputFiles(path);
        await page.getByTestId('import-mapping').waitFor({ timeout: 600_000 });
      });
      await timed(page, figures, `import ${kind}: check rows`, async () => {
        await page.getByTestId('import-check').click();
        await page.getByTestId('import-summary').waitFor({ timeout: 600_000 });
      });
      await timed(page, figures, `import ${kind}: persist to IndexedDB`, async () => {
        await page.getByTestId('import-confirm').click();
        await page.getByTestId('import-result').waitFor({ timeout: 600_000 });
      });
      push(figures, `${kind} file MB`, statSync(path).size / 1e6);
    }
    push(figures, 'wasm memory after import (MB)', (await page.evaluate(() => window.fieldbookWasmMemoryBytes?.() ?? 0)) / 1e6);
    await page.close();
    const reopened = await context.newPage();
    const start = performance.now();
    await reopened.goto(server.url);
    await appReady(reopened);
    await reopened.getByTestId('nav-customers').click();
    await reopened.waitForFunction(
      () => /\d/.test(document.querySelector('[data-testid=record-count]')?.textContent ?? ''),
      null,
      { timeout: 120_000 },
    );
    push(figures, 'reopen with data, counts shown', performance.now() - start);
    await benchCustomerList(reopened, figures);
    await benchOrderList(reopened, figures);
    await benchDuplicates(reopened, figures);
    await benchDashboard(reopened, figures);
    if (run === 0) await exportDashboard(reopened, dir);
    await benchMining(reopened, figures);
    // Switching encryption on with all of it stored: every record is sealed in one pass.
    await reopened.getByTestId('nav-settings').click();
    await reopened.getByTestId('encrypt-passphrase').fill(PASSPHRASE);
    await reopened.getByTestId('encrypt-repeat').fill(PASSPHRASE);
    await timed(reopened, figures, 'switch encryption on with all the data (seal every record)', async () => {
      await reopened.getByTestId('encrypt-submit').click();
      await reopened.getByTestId('lock-now').waitFor({ timeout: 600_000 });
    });
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    await context.close();
  }
  return figures;
}

/**
 * The customers list on the imported data: loading it, search keystroke to rendered rows, sort,
 * scrolling, and opening the customer with the most orders.
 */
async function benchCustomerList(page, figures) {
  await page.evaluate(() => (window.__longTasks = []));
  let start = performance.now();
  await page.getByTestId('nav-customers').click();
  await page.getByTestId('customer-row').first().waitFor({ timeout: 120_000 });
  push(figures, 'customers list: load all customers and figures', performance.now() - start);
  push(figures, 'customers list: load all customers and figures (longest task)', await page.evaluate(() => Math.max(0, ...window.__longTasks)));
  // Types each query one character at a time, timing each keystroke until the app's updates
  // are in the DOM and laid out. Leptos applies them in microtasks, so they are done when the
  // next task (a MessageChannel message, which has no timer clamping) runs.
  const keystrokes = await keystrokeTimes(page, 'customer-search', ['wang', 'li fang', 'gmail', '138', '5555', 'sydney']);
  push(figures, 'customers list: search keystroke to rendered rows (median of all keystrokes)', keystrokes.sort((a, b) => a - b)[Math.floor(keystrokes.length / 2)]);
  push(figures, 'customers list: search keystroke to rendered rows (slowest keystroke)', Math.max(...keystrokes));
  for (const [column, name] of [['name', 'sort by name (first time)'], ['spend', 'sort by total spent (first time)'], ['name', 'sort by name (again)']]) {
    const ms = await page.evaluate(async (column) => {
      const header = document.querySelector(`[data-testid=sort-${column}]`);
      const t0 = performance.now();
      header.click();
      await new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = resolve;
        channel.port2.postMessage(0);
      });
      void document.body.offsetHeight;
      return performance.now() - t0;
    }, column);
    push(figures, `customers list: ${name}`, ms);
  }
  await page.evaluate(() => (window.__longTasks = []));
  await page.evaluate(async () => {
    const body = document.querySelector('.vbody');
    for (let i = 0; i < 60; i += 1) {
      body.scrollTop += body.clientHeight * 3;
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  });
  push(figures, 'customers list: longest task while scrolling 60 frames', await page.evaluate(() => Math.max(0, ...window.__longTasks)));
  // The customer with the most orders: sort by orders, open the first row.
  await page.getByTestId('sort-orders').click();
  const orders = Number(await page.locator('[data-testid=customer-row] .vcell:nth-child(7)').first().textContent());
  start = performance.now();
  await page.locator('[data-testid=customer-row] .row-link').first().click();
  await page.getByTestId('timeline').waitFor({ timeout: 60_000 });
  push(figures, `open the customer with the most orders (${orders}), timeline shown`, performance.now() - start);
}

/**
 * Duplicate detection over every stored customer: reading them on the page, then finding the
 * groups in the web worker (the customers sent as JSON lines, normal forms, blocking, comparing,
 * the pairs read back), and the page's longest task meanwhile. Then the cleaning preview of the
 * default rules (also in the worker) over every customer.
 */
async function benchDuplicates(page, figures) {
  await page.getByTestId('nav-cleaning').click();
  await page.evaluate(() => (window.__longTasks = []));
  let start = performance.now();
  await page.getByTestId('find-duplicates').click();
  const figuresEl = page.getByTestId('duplicates-figures');
  await figuresEl.waitFor({ timeout: 600_000 });
  push(figures, 'duplicates: click to groups listed', performance.now() - start);
  push(figures, 'duplicates: read customers', Number(await figuresEl.getAttribute('data-read-ms')));
  push(figures, 'duplicates: detection in the worker (sending, normal forms, blocking, comparing, answer read)', Number(await figuresEl.getAttribute('data-detect-ms')));
  push(figures, 'duplicates: longest task', await page.evaluate(() => Math.max(0, ...window.__longTasks)));
  push(figures, 'duplicates: groups at the default confidence', Number((await page.getByTestId('group-count').textContent()).replace(/\D/g, '')));

  await page.evaluate(() => (window.__longTasks = []));
  start = performance.now();
  await page.getByTestId('preview-cleaning').click();
  await page.getByTestId('cleaning-preview').waitFor({ timeout: 600_000 });
  push(figures, 'cleaning preview, default rules: click to preview shown', performance.now() - start);
  push(figures, 'cleaning preview: longest task', await page.evaluate(() => Math.max(0, ...window.__longTasks)));
}

/**
 * The analytics dashboard: opening it (reading every customer, product and order, building the
 * columnar facts, the worker's first figures, drawing), the worker's aggregation + RFM time, and
 * a filter change until the charts are redrawn, with the page's longest task meanwhile.
 */
async function benchDashboard(page, figures) {
  await page.evaluate(() => (window.__longTasks = []));
  let start = performance.now();
  await page.getByTestId('nav-analytics').click();
  const kpis = page.getByTestId('kpis');
  await page.waitForFunction(() => document.querySelector('[data-testid=kpis]')?.dataset.computeMs, null, { timeout: 600_000 });
  const opened = 'dashboard: open to figures drawn (read, facts, worker, charts)';
  push(figures, opened, performance.now() - start);
  push(figures, `${opened} (longest task)`, await page.evaluate(() => Math.max(0, ...window.__longTasks)));
  push(figures, 'dashboard: aggregation + RFM + every figure in the worker', Number(await kpis.getAttribute('data-compute-ms')));
  const before = await kpis.getAttribute('data-scope');
  await page.evaluate(() => (window.__longTasks = []));
  start = performance.now();
  await page.getByTestId('range-from').fill('2025-01-01');
  await page.getByTestId('range-from').dispatchEvent('change');
  await page.waitForFunction((before) => document.querySelector('[data-testid=kpis]')?.dataset.scope !== before, before, { timeout: 600_000 });
  const changed = 'dashboard: filter change to charts redrawn (page clock)';
  push(figures, changed, Number(await kpis.getAttribute('data-update-ms')));
  push(figures, `${changed} (longest task)`, await page.evaluate(() => Math.max(0, ...window.__longTasks)));
  push(figures, 'dashboard: aggregation + RFM after the change, in the worker', Number(await kpis.getAttribute('data-compute-ms')));
}

/**
 * The mining page on the imported data: k-means in the worker on the standardised (recency,
 * frequency, monetary, tenure) of every buyer, k = 5, as the native and scikit-learn runs (the
 * k-means alone and the whole job); basket rules over every order; the churn model.
 */
async function benchMining(page, figures) {
  await page.getByTestId('nav-mining').click();
  const run = page.getByTestId('run-segmentation');
  await run.and(page.locator(':enabled')).waitFor({ timeout: 600_000 });
  for (const [testid, on] of [['feature-recency', true], ['feature-frequency', true], ['feature-monetary', true], ['feature-tenure', true],
    ['log-frequency', false], ['log-monetary', false]]) {
    const box = page.getByTestId(testid);
    if ((await box.isChecked()) !== on) await box.click();
  }
  await page.getByTestId('cluster-count').selectOption('5');
  const summary = await timedRun(page, figures, 'run-segmentation', 'segmentation-summary',
    'mining: click to segments shown (k = 5 with the k curve 2-12, profiles, PCA)');
  push(figures, 'mining: k-means alone in the worker (k = 5, R/F/M/tenure standardised)', Number(await summary.getAttribute('data-kmeans-ms')));
  push(figures, 'mining: whole job in the worker', Number(await summary.getAttribute('data-compute-ms')));
  push(figures, 'mining: k-means inertia', Number(await summary.getAttribute('data-inertia')));

  // Basket rules over every counted order, the page's default bars.
  const rules = await timedRun(page, figures, 'find-rules', 'rules-summary', 'basket rules: click to rules listed');
  push(figures, 'basket rules: baskets, FP-Growth and rules in the worker', Number(await rules.getAttribute('data-mining-ms')));
  push(figures, 'basket rules: whole job in the worker', Number(await rules.getAttribute('data-compute-ms')));
  push(figures, 'basket rules: rules found (count)', Number(await rules.getAttribute('data-rules')));
  push(figures, 'basket rules: orders with products (count)', Number(await rules.getAttribute('data-baskets')));

  // Churn: train, check and score every buyer (90 days).
  const churn = await timedRun(page, figures, 'score-churn', 'churn-summary', 'churn: click to model checked and customers scored');
  push(figures, 'churn: whole job in the worker', Number(await churn.getAttribute('data-compute-ms')));
  push(figures, 'churn: ROC AUC on the held-out window (count)', Number(await churn.getAttribute('data-auc')));
  push(figures, 'churn: customers scored (count)', Number(await churn.getAttribute('data-scored')));
}

/**
 * Clicks `button` and waits for the next finished run on `summaryId` (its `data-runs` grows);
 * records the time to it and the longest main-thread task under `label`. Returns the summary.
 */
async function timedRun(page, figures, button, summaryId, label) {
  const summary = page.getByTestId(summaryId);
  const before = Number((await summary.count()) ? await summary.getAttribute('data-runs') : 0);
  await page.evaluate(() => (window.__longTasks = []));
  const start = performance.now();
  await page.getByTestId(button).click();
  await page.waitForFunction(([id, before]) => Number(document.querySelector(`[data-testid=${id}]`)?.dataset.runs ?? 0) > before,
    [summaryId, before], { timeout: 600_000 });
  push(figures, label, performance.now() - start);
  push(figures, `${label} (longest task)`, await page.evaluate(() => Math.max(0, ...window.__longTasks)));
  return summary;
}

/** The exports a user would compare with another tool, in the dashboard's default scope. */
export const DASHBOARD_EXPORTS = { figures: 'dashboard-customer-figures.csv', months: 'dashboard-months.csv' };

/**
 * Saves the dashboard's per-customer figures and its monthly revenue table (all time) into
 * `dir`, for the pandas cross-check.
 */
async function exportDashboard(page, dir) {
  const before = await page.getByTestId('kpis').getAttribute('data-scope');
  await page.getByTestId('range-reset').click();
  await page.waitForFunction((before) => document.querySelector('[data-testid=kpis]')?.dataset.scope !== before, before, { timeout: 600_000 });
  const save = async (testid, name) => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 600_000 }), page.getByTestId(testid).click()]);
    await download.saveAs(join(dir, name));
  };
  await save('export-customer-figures', DASHBOARD_EXPORTS.figures);
  await save('export-table-revenue', DASHBOARD_EXPORTS.months);
}

/** Milliseconds from a keystroke (or click) until the app's updates are laid out. */
function keystrokeTimes(page, testid, queries) {
  return page.evaluate(async ([testid, queries]) => {
    const nextTask = () =>
      new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = resolve;
        channel.port2.postMessage(0);
      });
    const input = document.querySelector(`[data-testid=${testid}]`);
    const times = [];
    for (const query of queries) {
      for (let i = 1; i <= query.length; i += 1) {
        const t0 = performance.now();
        input.value = query.slice(0, i);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await nextTask();
        void document.body.offsetHeight;
        times.push(performance.now() - t0);
      }
      input.value = '';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return times;
  }, [testid, queries]);
}

/** The orders list on the imported data: loading, search keystrokes, sort by amount. */
async function benchOrderList(page, figures) {
  await page.evaluate(() => (window.__longTasks = []));
  let start = performance.now();
  await page.getByTestId('nav-orders').click();
  await page.getByTestId('order-row').first().waitFor({ timeout: 120_000 });
  push(figures, 'orders list: load every order with its customer', performance.now() - start);
  push(figures, 'orders list: load (longest task)', await page.evaluate(() => Math.max(0, ...window.__longTasks)));
  const times = await keystrokeTimes(page, 'order-search', ['wang', 'O12', 'sydney']);
  push(figures, 'orders list: search keystroke to rendered rows (median)', times.sort((a, b) => a - b)[Math.floor(times.length / 2)]);
  start = performance.now();
  await page.getByTestId('sort-amount').click();
  await page.waitForFunction(() => document.querySelector('[aria-sort=descending] [data-testid=sort-amount]'));
  push(figures, 'orders list: sort by amount (first time)', performance.now() - start);
}

/**
 * Encryption at rest at size: switches encryption on in an empty profile, imports the three
 * files through the wizard (each record sealed as it is stored), then reopens the app and
 * unlocks it. `runs` times, each in a fresh profile.
 */
export async function benchEncrypted({ browser, server, dir, runs }) {
  const figures = {};
  for (let run = 0; run < runs; run += 1) {
    const { context, page, errors } = await openPage(browser, { initScript: observeLongTasks });
    await page.goto(server.url);
    await appReady(page);
    await serviceWorkerControls(page);
    await page.getByTestId('demo-banner').waitFor();
    await page.getByTestId('remove-demo').click();
    await page.getByTestId('demo-banner').waitFor({ state: 'detached' });
    await page.goto(`${server.url}settings`);
    await page.getByTestId('encrypt-passphrase').fill(PASSPHRASE);
    await page.getByTestId('encrypt-repeat').fill(PASSPHRASE);
    await timed(page, figures, 'switch encryption on (empty profile, key derivation included)', async () => {
      await page.getByTestId('encrypt-submit').click();
      await page.getByTestId('lock-now').waitFor({ timeout: 60_000 });
    });
    for (const kind of ['customers', 'products', 'orders']) {
      // In-app navigation, as a person would go (a page load would lock the profile).
      await page.getByTestId(`nav-${kind}`).click();
      await page.getByTestId('open-import').click();
      await page.getByTestId('page-import').waitFor();
      await page.getByTestId('import-file').setInputFiles(join(dir, `${kind}.csv`));
      await page.getByTestId('import-mapping').waitFor({ timeout: 600_000 });
      await page.getByTestId('import-check').click();
      await page.getByTestId('import-summary').waitFor({ timeout: 600_000 });
      await timed(page, figures, `encrypted import ${kind}: persist to IndexedDB`, async () => {
        await page.getByTestId('import-confirm').click();
        await page.getByTestId('import-result').waitFor({ timeout: 600_000 });
      });
    }
    await page.close();
    const reopened = await context.newPage();
    await reopened.goto(`${server.url}customers`);
    await reopened.getByTestId('lock-screen').waitFor();
    await reopened.getByTestId('unlock-passphrase').fill(PASSPHRASE);
    await reopened.evaluate(() => (window.__longTasks = []));
    let start = performance.now();
    await reopened.getByTestId('unlock-submit').click();
    await reopened.waitForFunction(
      () => /\d/.test(document.querySelector('[data-testid=record-count]')?.textContent ?? ''),
      null,
      { timeout: 120_000 },
    );
    push(figures, 'unlock: key derivation, open, counts shown', performance.now() - start);
    await reopened.getByTestId('customer-row').first().waitFor({ timeout: 120_000 });
    push(figures, 'unlock: … and the customers list with every customer decrypted', performance.now() - start);
    push(figures, 'unlock: … (longest task)', await reopened.evaluate(() => Math.max(0, ...window.__longTasks)));
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    await context.close();
  }
  return figures;
}

/**
 * Cold first loads (fresh profile, nothing cached) until the app is interactive; also the bytes
 * the page itself fetched (the service worker then precaches the rest of the build).
 */
export async function benchFirstLoad({ browser, server, runs }) {
  const figures = {};
  for (let run = 0; run < runs; run += 1) {
    const { context, page } = await openPage(browser, { initScript: observeLongTasks });
    const responses = [];
    page.on('requestfinished', (request) => responses.push(request));
    const start = performance.now();
    await page.goto(server.url);
    await appReady(page);
    push(figures, 'first load to interactive', performance.now() - start);
    push(figures, 'first load to interactive (longest task)', await page.evaluate(() => Math.max(0, ...window.__longTasks)));
    let bytes = 0;
    for (const request of responses) bytes += (await request.sizes()).responseBodySize;
    push(figures, 'first load bytes (page)', bytes);
    await context.close();
  }
  return figures;
}
