// End-to-end tests of the orders and products areas: lists with search, sort and filters; the
// order editor (customer search, product picker, computed totals, validation); the product
// editor; deleting with undo.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { matchCount, openAt, openPage, search, useBrowser } from './helpers.mjs';




const cells = (page, row, n) => page.locator(`[data-testid=${row}] .vcell:nth-child(${n})`).allTextContents();

describe('orders and products', () => {
  const shared = useBrowser();

  test('the orders list searches, sorts and filters', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'orders');
    await page.getByTestId('order-row').first().waitFor();
    const { shown, total } = await matchCount(page);
    assert.equal(shown, total);
    const countText = await page.getByTestId('record-count').textContent();
    assert.equal(Number(countText.replace(/[^0-9]/g, '')), total, 'the list holds every order');
    assert.ok((await page.getByTestId('order-row').count()) < 60, 'virtualized');

    // Newest first by default; amount sorts descending on the first click.
    const dates = await cells(page, 'order-row', 2);
    assert.deepEqual(dates, [...dates].sort().reverse());
    await page.getByTestId('sort-amount').click();
    const amounts = (await cells(page, 'order-row', 6)).map(Number);
    assert.deepEqual(amounts, [...amounts].sort((a, b) => b - a));

    // Search by a customer's name.
    const name = (await cells(page, 'order-row', 3)).find((n) => /^[A-Za-z]+ [A-Za-z]+$/.test(n));
    await search(page, name.split(' ')[1].toLowerCase(), 'order-search');
    const found = await matchCount(page);
    assert.ok(found.shown >= 1 && found.shown < total);
    for (const customer of await cells(page, 'order-row', 3)) {
      assert.ok(customer.toLowerCase().includes(name.split(' ')[1].toLowerCase()), customer);
    }
    await search(page, '', 'order-search');

    // Filter by status and amount.
    await page.locator('[data-testid=filters] summary').click();
    await page.getByTestId('filter-status').selectOption('refunded');
    const refunded = (await matchCount(page)).shown;
    assert.ok(refunded < total);
    for (const status of await cells(page, 'order-row', 4)) assert.equal(status, 'refunded');
    await page.getByTestId('filter-status').selectOption('');
    await page.getByTestId('filter-min-amount').fill('500');
    for (const amount of (await cells(page, 'order-row', 6)).map(Number)) assert.ok(amount >= 500);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('an order is created with a customer, products and computed totals, then edited and deleted', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'orders/new');
    await page.getByTestId('order-form').waitFor();
    // Nothing valid yet: the line needs a product and the problems say so.
    await page.getByTestId('save-order').click();
    await page.getByTestId('edit-problems').waitFor();
    assert.match(await page.getByTestId('line-problem').first().textContent(), /product/i);

    // The customer, picked by searching.
    await page.getByTestId('customer-find').fill('a');
    await page.getByTestId('pick-customer').first().waitFor();
    const picked = (await page.getByTestId('pick-customer').first().textContent()).split(' · ')[0];
    await page.getByTestId('pick-customer').first().click();
    assert.equal((await page.getByTestId('order-customer').textContent()).includes(picked), true);

    // Two lines: the price follows the product; totals are computed as you type.
    const product = page.getByTestId('line-product');
    await product.first().selectOption({ index: 1 });
    const price = Number(await page.getByTestId('line-price').first().inputValue());
    assert.ok(price > 0, 'the unit price comes from the product');
    await page.getByTestId('line-quantity').first().fill('3');
    assert.equal(Number(await page.getByTestId('line-total').first().textContent()), Number((price * 3).toFixed(2)));
    await page.getByTestId('add-line').click();
    await product.nth(1).selectOption({ index: 2 });
    await page.getByTestId('line-quantity').nth(1).fill('0');
    await page.getByTestId('save-order').click();
    assert.match(await page.getByTestId('line-problem').nth(1).textContent(), /whole number/);
    await page.getByTestId('line-quantity').nth(1).fill('2');
    await page.getByTestId('line-price').nth(1).fill('4.25');
    assert.equal(Number(await page.getByTestId('order-total').textContent()), Number((price * 3 + 8.5).toFixed(2)));
    await page.getByTestId('order-status').selectOption('paid');
    await page.getByTestId('save-order').click();
    await page.waitForFunction(() => /\/orders\/\d+$/.test(location.pathname));
    const orderUrl = page.url();
    await page.getByTestId('order-title').waitFor();
    assert.equal(await page.getByTestId('line-price').nth(1).inputValue(), '4.25');

    // Edit: remove the first line; the saved order keeps one line.
    await page.getByTestId('remove-line').first().click();
    await page.getByTestId('save-order').click();
    await page.getByTestId('edit-saved').waitFor();
    await page.reload();
    await page.getByTestId('order-line').first().waitFor();
    assert.equal(await page.getByTestId('order-line').count(), 1);
    assert.equal(await page.getByTestId('order-total').textContent(), '8.50');

    // The customer's page lists the order.
    await page.getByTestId('back-to-orders').click();
    await page.getByTestId('order-row').first().waitFor();

    // Delete, then undo from the status line: the order is back.
    await page.goto(orderUrl);
    await page.getByTestId('delete-order').click();
    await page.getByTestId('order-row').first().waitFor();
    await page.getByTestId('notice-undo').click();
    await page.waitForFunction(() => /Undone/.test(document.querySelector('[data-testid=action-notice]')?.textContent ?? ''));
    await page.goto(orderUrl);
    await page.getByTestId('order-line').first().waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('products: list with sales figures and category filter; create, refuse bad price, edit', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'products');
    await page.getByTestId('product-row').first().waitFor();
    const { total } = await matchCount(page);
    assert.ok(total >= 10);
    await page.getByTestId('sort-revenue').click();
    const revenue = (await cells(page, 'product-row', 6)).map(Number);
    assert.ok(revenue[0] > 0, 'revenue comes from the orders');
    assert.deepEqual(revenue, [...revenue].sort((a, b) => b - a));
    // The best seller is on order lines: deleting it is refused and says why.
    await page.locator('[data-testid=product-row] .row-link').first().click();
    await page.getByTestId('delete-product').click();
    assert.match(await page.getByTestId('edit-failure').textContent(), /order lines/);
    await page.getByTestId('back-to-products').click();
    await page.getByTestId('product-row').first().waitFor();
    const category = (await page.getByTestId('filter-category').locator('option').allTextContents())[1];
    await page.getByTestId('filter-category').selectOption(category);
    for (const c of await cells(page, 'product-row', 3)) assert.equal(c, category);

    await page.getByTestId('new-product').click();
    await page.getByTestId('product-form').waitFor();
    await page.getByTestId('product-name').fill('Field Notebook');
    await page.getByTestId('product-price').fill('-2');
    await page.getByTestId('save-product').click();
    assert.match(await page.getByTestId('product-price-problem').textContent(), /negative/);
    await page.getByTestId('product-price').fill('¥12.50');
    await page.getByTestId('product-sku').fill('FN-1');
    await page.getByTestId('product-category').fill('Stationery');
    await page.getByTestId('save-product').click();
    await page.waitForFunction(() => /\/products\/\d+$/.test(location.pathname));
    await page.waitForFunction(() => document.querySelector('[data-testid=product-title]')?.textContent === 'Field Notebook');
    assert.equal(await page.getByTestId('product-price').inputValue(), '12.50');
    await page.getByTestId('product-price').fill('13');
    await page.getByTestId('save-product').click();
    await page.getByTestId('edit-saved').waitFor();
    await page.getByTestId('back-to-products').click();
    await search(page, 'fn-1', 'product-search');
    assert.equal((await matchCount(page)).shown, 1);
    assert.equal((await cells(page, 'product-row', 4))[0], '13.00');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
