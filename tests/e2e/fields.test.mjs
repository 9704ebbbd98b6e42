// End-to-end tests of custom customer fields (defined in Settings, checked by type on the
// customer's form, kept in history and export) and of markup typed into every other text field
// (notes, tags, bulk tags, products, custom fields): it shows as text and never runs.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openAt, openPage, useBrowser } from './helpers.mjs';


async function addField(page, name, kind, choices = '') {
  await page.getByTestId('custom-name').fill(name);
  await page.getByTestId('custom-kind').selectOption(kind);
  if (choices) await page.getByTestId('custom-choices').fill(choices);
  const before = await page.getByTestId('custom-field').count();
  await page.getByTestId('add-custom-field').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=custom-field]').length === n, before + 1);
}

const XSS = [
  '<img src=x onerror="window.__xss=1">',
  '"><svg onload="window.__xss=2">',
  '<script>window.__xss=3</script>',
  'javascript:window.__xss=4',
];

describe('custom fields and markup in every field', () => {
  const shared = useBrowser();

  test('custom fields are defined in Settings and checked by type on a customer', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'settings');
    await page.getByTestId('custom-fields').waitFor();
    await page.getByTestId('add-custom-field').click();
    assert.match(await page.getByTestId('custom-problem').textContent(), /name/);
    await addField(page, 'Credit limit', 'number');
    await addField(page, 'Tier', 'choice', 'Gold, Silver');
    await addField(page, 'Contract ends', 'date');
    await page.getByTestId('custom-name').fill('email');
    await page.getByTestId('add-custom-field').click();
    assert.match(await page.getByTestId('custom-problem').textContent(), /exists/);

    await page.goto(`${shared.server.url}customers/4`);
    await page.getByTestId('value-custom-credit-limit').waitFor();
    assert.equal((await page.getByTestId('value-custom-credit-limit').textContent()).trim(), '—');
    await page.getByTestId('edit-customer').click();
    await page.getByTestId('edit-custom-credit-limit').fill('lots');
    await page.getByTestId('edit-custom-tier').selectOption('Gold');
    await page.getByTestId('save-customer').click();
    assert.match(await page.getByTestId('edit-custom-credit-limit-problem').textContent(), /not a number/);
    await page.getByTestId('edit-custom-credit-limit').fill('1,500.50');
    await page.getByTestId('edit-custom-contract-ends').fill('2027-03-31');
    await page.getByTestId('save-customer').click();
    await page.getByTestId('edit-saved').waitFor();
    assert.equal((await page.getByTestId('value-custom-credit-limit').textContent()).trim(), '1500.50');
    assert.equal((await page.getByTestId('value-custom-tier').textContent()).trim(), 'Gold');
    assert.equal((await page.getByTestId('value-custom-contract-ends').textContent()).trim(), '2027-03-31');
    await page.waitForFunction(() => /Credit limit/.test(document.querySelector('[data-testid=history]')?.textContent ?? ''));

    // Removing a definition hides the field; adding it again shows the kept value.
    await page.goto(`${shared.server.url}settings`);
    await page.getByTestId('custom-field').first().waitFor();
    await page.getByTestId('remove-custom-field').first().click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=custom-field]').length === 2);
    await page.goto(`${shared.server.url}customers/4`);
    await page.getByTestId('value-custom-tier').waitFor();
    assert.equal(await page.getByTestId('value-custom-credit-limit').count(), 0);
    await page.goto(`${shared.server.url}settings`);
    await page.getByTestId('custom-field').first().waitFor();
    await addField(page, 'Credit limit', 'number');
    await page.goto(`${shared.server.url}customers/4`);
    await page.getByTestId('value-custom-credit-limit').waitFor();
    assert.equal((await page.getByTestId('value-custom-credit-limit').textContent()).trim(), '1500.50');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('markup in notes, tags, bulk tags, products and custom fields shows as text and never runs', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'settings');
    await addField(page, XSS[1], 'text');
    const customSlug = XSS[1].replace(/[^\p{L}\p{N}]/gu, '-').toLowerCase();

    // A customer: tags, a note and the custom field.
    await page.goto(`${shared.server.url}customers/6`);
    await page.getByTestId('edit-customer').click();
    await page.getByTestId('edit-tags').fill(XSS[0]);
    await page.getByTestId(`edit-custom-${customSlug}`).fill(XSS[2]);
    await page.getByTestId('save-customer').click();
    await page.getByTestId('edit-saved').waitFor();
    assert.equal((await page.getByTestId('value-tags').textContent()).trim(), XSS[0]);
    assert.equal((await page.getByTestId(`value-custom-${customSlug}`).textContent()).trim(), XSS[2]);
    await page.getByTestId('new-note').fill(XSS.join(' '));
    await page.getByTestId('add-note').click();
    await page.getByTestId('timeline-note').waitFor();
    assert.equal(await page.locator('[data-testid=timeline-note] .note-body').textContent(), XSS.join(' '));

    // A bulk tag on two customers.
    await page.getByTestId('back-to-list').click();
    await page.getByTestId('select-row').nth(0).click();
    await page.getByTestId('select-row').nth(1).click();
    await page.getByTestId('bulk-tag').fill(XSS[3]);
    await page.getByTestId('bulk-add-tag').click();
    await page.waitForFunction(() => /Customers changed: 2/.test(document.querySelector('[data-testid=action-notice]')?.textContent ?? ''));
    assert.match(await page.getByTestId('action-notice').textContent(), /Customers changed/);

    // A product with markup in every field, then in the list and in the order editor's picker.
    await page.goto(`${shared.server.url}products/new`);
    await page.getByTestId('product-name').fill(XSS[0]);
    await page.getByTestId('product-sku').fill(XSS[1]);
    await page.getByTestId('product-category').fill(XSS[2]);
    await page.getByTestId('product-price').fill('1');
    await page.getByTestId('save-product').click();
    await page.waitForFunction(() => /\/products\/\d+$/.test(location.pathname));
    await page.getByTestId('back-to-products').click();
    await page.getByTestId('product-search').fill('onerror');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=product-row]').length === 1);
    assert.equal(await page.locator('[data-testid=product-row] .row-link').textContent(), XSS[0]);
    await page.goto(`${shared.server.url}orders/new`);
    await page.getByTestId('line-product').first().waitFor();
    const options = await page.getByTestId('line-product').first().locator('option').allTextContents();
    assert.ok(options.some((o) => o.startsWith(XSS[0])), 'the product name is an option, as text');

    assert.equal(await page.locator('main img, main svg, main script').count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
