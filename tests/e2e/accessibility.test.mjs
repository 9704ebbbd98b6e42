// Accessibility: an axe-core scan of the customers list (with rows selected), a customer's page
// and its edit form, the orders and products lists and editors, and Settings with its custom
// fields reports no serious or critical violation (WCAG 2 A/AA rules), and nothing overflows sideways
// (screenshots in tests/e2e/artifacts/).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { openAt, openPage, useBrowser } from './helpers.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

// Nothing may stick out sideways on a phone: the page never scrolls horizontally.
async function noOverflow(page, what) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width, `${what}: ${scroll} px wide in a ${width} px window`);
}

async function scan(page) {
  // axe is injected as a script, which the app's CSP forbids; the scan's context bypasses CSP.
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

describe('accessibility', () => {
  const shared = useBrowser();

  for (const width of [1280, 360]) {
    test(`customers list, customer page and edit form at ${width} px`, async () => {
      const { page } = await openPage(shared.browser, { viewport: { width, height: 800 }, bypassCSP: true });
      await openAt(page, shared.server, 'customers');
      await page.getByTestId('customer-row').first().waitFor();
      await page.locator('[data-testid=filters] summary').click();
      // With rows selected, so the bulk actions are scanned and measured too.
      await page.getByTestId('select-row').nth(1).click();
      await page.getByTestId('bulk-bar').waitFor();
      assert.deepEqual(await scan(page), [], 'customers list');
      await noOverflow(page, 'customers list');
      await page.screenshot({ path: `tests/e2e/artifacts/customers-${width}.png` });
      await page.getByTestId('clear-selection').click();
      await page.locator('[data-testid=customer-row] .row-link').first().click();
      await page.getByTestId('customer-title').waitFor();
      assert.deepEqual(await scan(page), [], 'customer page');
      await noOverflow(page, 'customer page');
      await page.screenshot({ path: `tests/e2e/artifacts/customer-${width}.png`, fullPage: true });
      await page.getByTestId('edit-customer').click();
      await page.getByTestId('customer-form').waitFor();
      assert.deepEqual(await scan(page), [], 'edit form');
      await noOverflow(page, 'edit form');
      await page.context().close();
    });

    test(`orders, products and settings at ${width} px`, async () => {
      const { page } = await openPage(shared.browser, { viewport: { width, height: 800 }, bypassCSP: true });
      await openAt(page, shared.server, '');
      const pages = [
        ['orders', 'order-row'],
        ['orders/3', 'order-line'],
        ['orders/new', 'order-line'],
        ['products', 'product-row'],
        ['products/2', 'product-form'],
        ['settings', 'custom-fields'],
      ];
      for (const [path, ready] of pages) {
        await page.goto(`${shared.server.url}${path}`);
        await page.getByTestId(ready).first().waitFor();
        if (path === 'orders') await page.locator('[data-testid=filters] summary').click();
        assert.deepEqual(await scan(page), [], path);
        await noOverflow(page, path);
        await page.screenshot({ path: `tests/e2e/artifacts/${path.replace('/', '-')}-${width}.png`, fullPage: true });
      }
      await page.context().close();
    });
  }
});
