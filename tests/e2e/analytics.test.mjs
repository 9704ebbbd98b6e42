// End-to-end tests of the analytics dashboard on the demo data: every chart draws, a date range
// changes the key figures, a chart's figures show as a table and export, a chart saves as PNG.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { drawnPixels, openAt, openPage, tempDir, useBrowser } from './helpers.mjs';

const CHARTS = ['revenue', 'categories', 'scatter', 'spend', 'segments', 'cohorts'];

async function figuresShown(page) {
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=kpi-revenue] dd')?.textContent ?? ''), null, { timeout: 60_000 });
}

describe('analytics dashboard', () => {
  const shared = useBrowser();

  test('every chart draws, and a date range changes the key figures', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'analytics');
    await figuresShown(page);
    for (const id of CHARTS) {
      assert.ok((await drawnPixels(page, id)) > 500, `${id} drew`);
    }
    const revenue = await page.getByTestId('kpi-revenue').locator('dd').textContent();
    const active = await page.getByTestId('kpi-active').locator('dd').textContent();
    assert.match(await page.getByTestId('kpi-repeat').locator('dd').textContent(), /%$/);

    // The last 30 days of the demo data: fewer customers bought, less revenue.
    const lastDay = await page.evaluate(() => new Date().toISOString().slice(0, 10));
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId('range-from').fill(from);
    await page.getByTestId('range-to').fill(lastDay);
    await page.getByTestId('range-to').dispatchEvent('change');
    await page.waitForFunction((before) => document.querySelector('[data-testid=kpi-revenue] dd')?.textContent !== before, revenue);
    const narrowed = await page.getByTestId('kpi-active').locator('dd').textContent();
    assert.ok(Number(narrowed.replace(/\D/g, '')) < Number(active.replace(/\D/g, '')), `${narrowed} < ${active} active customers`);

    // A range that ends before it starts is refused in words.
    await page.getByTestId('range-from').fill(lastDay);
    await page.getByTestId('range-to').fill(from);
    await page.getByTestId('range-to').dispatchEvent('change');
    await page.getByTestId('analytics-error').waitFor();

    await page.getByTestId('range-reset').click();
    await page.waitForFunction((before) => document.querySelector('[data-testid=kpi-revenue] dd')?.textContent === before, revenue);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a chart shows as a table, exports CSV and saves as PNG', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'analytics');
    await figuresShown(page);
    await page.getByTestId('toggle-table-segments').click();
    const rows = page.getByTestId('table-segments').locator('tbody tr');
    assert.equal(await rows.count(), 8, 'one row per RFM segment');

    const dir = tempDir('analytics-downloads');
    const save = async (testid) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
      const path = join(dir, download.suggestedFilename());
      await download.saveAs(path);
      return readFileSync(path);
    };
    const png = await save('save-png-revenue');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
    assert.ok(png.length > 2_000);
    const csv = (await save('export-table-top-spenders')).toString('utf8');
    assert.equal(csv.trim().split('\n').length, 11, 'a header and ten customers');
    const figures = (await save('export-customer-figures')).toString('utf8').trim().split('\n');
    const customers = Number((await page.getByTestId('kpi-customers').locator('dd').textContent()).replace(/\D/g, ''));
    assert.equal(figures.length, customers + 1, 'a header and every customer');
    assert.match(figures[0], /^id,/);
    assert.ok(figures.some((row) => /,(Champions|Loyal|Potential|New|At risk|Can't lose|Hibernating|Lost)\r?$/.test(row)), 'RFM segments named');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('figures are the same in every time zone, and charts draw at device pixels', async () => {
    const kpisIn = async (timezoneId, deviceScaleFactor) => {
      const context = await shared.browser.newContext({ timezoneId, deviceScaleFactor, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      // Noon UTC: the same calendar day in both zones, 10.5 hours apart.
      await page.clock.setFixedTime(new Date('2026-06-15T12:00:00Z'));
      await openAt(page, shared.server, 'analytics');
      await figuresShown(page);
      const kpis = await page.getByTestId('kpis').innerText();
      const months = await page.evaluate(() => {
        const canvas = document.querySelector('[data-testid=chart-revenue]');
        return { ratio: canvas.width / canvas.clientWidth };
      });
      await page.getByTestId('toggle-table-revenue').click();
      const table = await page.getByTestId('table-revenue').innerText();
      await context.close();
      return { kpis, table, ratio: months.ratio };
    };
    const east = await kpisIn('Asia/Kolkata', 1);
    const west = await kpisIn('America/New_York', 2);
    assert.equal(east.kpis, west.kpis, 'dates are calendar dates, not instants');
    assert.equal(east.table, west.table, 'every month holds the same orders');
    assert.equal(east.ratio, 1);
    assert.equal(west.ratio, 2, 'a HiDPI screen gets a canvas at device pixels');
  });

  test('a shop\'s purchase history with returns imports on its own and adds up to the cent', async () => {
    // Shaped like a public retail data set: invoice lines, cancellations ("C…") as negative
    // quantities, month-first dates with times, float-looking customer ids, a line without a
    // customer, and no customers or products file.
    const history = [
      'Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country',
      '489434,85048,15CM CHRISTMAS GLASS BALL 20 LIGHTS,12,12/1/2009 7:45,6.95,13085.0,United Kingdom',
      '489434,79323P,PINK CHERRY LIGHTS,12,12/1/2009 7:45,6.75,13085.0,United Kingdom',
      '489435,22350,CAT BOWL,12,12/1/2009 7:46,2.55,13085.0,United Kingdom',
      'C489449,22350,CAT BOWL,-2,12/1/2009 10:33,2.55,13085.0,United Kingdom',
      '489450,85048,15CM CHRISTMAS GLASS BALL 20 LIGHTS,1,12/13/2009 9:00,6.95,16321.0,Australia',
      '489451,22350,CAT BOWL,3,1/15/2010 9:00,2.55,16321.0,Australia',
      '489436,48173C,DOOR MAT BLACK FLOCK,10,12/1/2009 9:06,5.95,,United Kingdom',
    ].join('\n');
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'customers');
    await page.getByTestId('remove-demo').click();
    await page.getByTestId('demo-banner').waitFor({ state: 'detached' });
    await page.goto(`${shared.server.url}import?kind=orders`);
    await page.getByTestId('page-import').waitFor();
    await page.getByTestId('import-file').setInputFiles({ name: 'online-retail.csv', mimeType: 'text/csv', buffer: Buffer.from(history) });
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-missing').waitFor();
    assert.equal(await page.getByTestId('import-valid').textContent(), '0');
    assert.equal(await page.getByTestId('missing-customers').textContent(), '2');
    assert.equal(await page.getByTestId('missing-products').textContent(), '4');
    await page.getByTestId('import-add-missing').click();
    await page.getByTestId('import-missing').waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.querySelector('[data-testid=import-valid]')?.textContent === '5');
    assert.equal(await page.getByTestId('import-rejected').textContent(), '1', 'the line without a customer');
    await page.getByTestId('import-confirm').click();
    await page.getByTestId('import-result').waitFor();

    await page.goto(`${shared.server.url}analytics`);
    await figuresShown(page);
    assert.match(await page.getByTestId('kpi-revenue').locator('dd').textContent(), /204\.50/, '189.90 + 14.60');
    const dir = tempDir('retail-downloads');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-customer-figures').click()]);
    const path = join(dir, download.suggestedFilename());
    await download.saveAs(path);
    const rows = readFileSync(path, 'utf8').trim().split(/\r?\n/).map((row) => row.split(','));
    const bySource = Object.fromEntries(rows.slice(1).map((row) => [row[1], row]));
    // id, source id, name, purchases, total, …: the return lowers the total and is no purchase.
    assert.deepEqual(bySource['13085.0'].slice(3, 5), ['2', '189.90']);
    assert.deepEqual(bySource['16321.0'].slice(3, 5), ['2', '14.60']);
    await page.getByTestId('toggle-table-revenue').click();
    const months = await page.getByTestId('table-revenue').innerText();
    assert.match(months, /196\.85/, 'December 2009');
    assert.match(months, /7\.65/, 'January 2010');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
