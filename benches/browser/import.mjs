// Browser benchmark of the import wizard on a large data set: times each phase of importing
// customers, products and orders through the real UI (release build in headless Chromium), the
// longest main-thread task, and reopening the app with the data.
// Usage: node benches/browser/import.mjs DATA_DIR   (files from `fieldbook-demo --out DATA_DIR`)

import { statSync } from 'node:fs';
import { join } from 'node:path';
import { appReady, launch, openPage, startServer } from '../../tests/e2e/helpers.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node benches/browser/import.mjs DATA_DIR');
  process.exit(2);
}

const server = await startServer();
const browser = await launch();
const { context, page } = await openPage(browser, {
  initScript: () => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  },
});
const results = {};
const time = async (name, action) => {
  await page.evaluate(() => (window.__longTasks = []));
  const start = performance.now();
  await action();
  const ms = performance.now() - start;
  const longest = await page.evaluate(() => Math.max(0, ...window.__longTasks));
  results[name] = { ms: Math.round(ms), longestTaskMs: Math.round(longest) };
  console.log(`${name}: ${Math.round(ms)} ms (longest main-thread task ${Math.round(longest)} ms)`);
};

await page.goto(server.url);
await appReady(page);
await page.getByTestId('demo-banner').waitFor();
await page.getByTestId('remove-demo').click();
await page.getByTestId('demo-banner').waitFor({ state: 'detached' });

for (const [kind, file] of [['customers', 'customers.csv'], ['products', 'products.csv'], ['orders', 'orders.csv']]) {
  await page.goto(`${server.url}import?kind=${kind}`);
  await page.getByTestId('page-import').waitFor();
  const path = join(dir, file);
  await time(`${kind}: read + parse (${(statSync(path).size / 1e6).toFixed(1)} MB)`, async () => {
    await page.getByTestId('import-file').setInputFiles(path);
    await page.getByTestId('import-mapping').waitFor({ timeout: 600_000 });
  });
  await time(`${kind}: check rows`, async () => {
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-summary').waitFor({ timeout: 600_000 });
  });
  const valid = await page.getByTestId('import-valid').textContent();
  await time(`${kind}: persist ${valid} records`, async () => {
    await page.getByTestId('import-confirm').click();
    await page.getByTestId('import-result').waitFor({ timeout: 600_000 });
  });
}
const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
const wasmHeap = await page.evaluate(() => window.fieldbookWasmMemoryBytes?.() ?? 0);
console.log(`after import: JS heap ${(heap / 1e6).toFixed(0)} MB, wasm memory ${(wasmHeap / 1e6).toFixed(0)} MB`);

await page.close();
const reopened = await context.newPage();
const start = performance.now();
await reopened.goto(server.url);
await appReady(reopened);
await reopened.getByTestId('nav-customers').click();
await reopened.waitForFunction(
  () => /\d/.test(document.querySelector('[data-testid=record-count]')?.textContent ?? ''),
  null,
  { timeout: 60_000 },
);
const count = await reopened.getByTestId('record-count').textContent();
console.log(`reopen and show counts: ${Math.round(performance.now() - start)} ms (${count})`);
await browser.close();
await server.close();
