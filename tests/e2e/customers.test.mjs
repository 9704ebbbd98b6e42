// End-to-end tests of the customers area: search, sort and keyboard in the virtualized list; a
// customer's page with validated editing; two tabs editing the same customer; data with markup.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { matchCount, openAt, openPage, search, useBrowser } from './helpers.mjs';

const DEMO_CUSTOMERS = 400;


async function openList(page, server) {
  await openAt(page, server, 'customers');
  await page.getByTestId('customer-row').first().waitFor();
}



describe('customers', () => {
  const shared = useBrowser();

  test('the list renders only the rows in view, searches and sorts', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openList(page, shared.server);
    assert.deepEqual(await matchCount(page), { shown: DEMO_CUSTOMERS, total: DEMO_CUSTOMERS });
    const rendered = await page.getByTestId('customer-row').count();
    assert.ok(rendered > 5 && rendered < 60, `virtualized: ${rendered} rows in the DOM`);

    // Search by part of a name, case-insensitively.
    const name = (await page.locator('[data-testid=customer-row] .row-link').first().textContent()).trim();
    const part = [...name].slice(1, 3).join('').toUpperCase();
    await search(page, part);
    const { shown } = await matchCount(page);
    assert.ok(shown >= 1 && shown < DEMO_CUSTOMERS, `${shown} match ${part}`);
    for (const row of await page.getByTestId('customer-row').allTextContents()) {
      assert.ok(row.toLowerCase().includes(part.toLowerCase()), `${row} contains ${part}`);
    }

    // A phone number matches by its digits, however it is written.
    await search(page, '');
    const phones = await page.locator('[data-testid=customer-row] .vcell:nth-child(4)').allTextContents();
    const phone = phones.find((p) => p.replace(/\D/g, '').length >= 8);
    const digits = phone.replace(/\D/g, '');
    await search(page, digits.slice(-8, -4) + '-' + digits.slice(-4));
    assert.ok((await matchCount(page)).shown >= 1, `phone ${phone} found by ${digits.slice(-8)}`);
    await search(page, 'zzzz-nobody-qqqq');
    await page.getByTestId('no-match').waitFor();
    assert.equal((await matchCount(page)).shown, 0);
    await search(page, '');

    // Sort by name, then by name descending.
    await page.getByTestId('sort-name').click();
    const header = page.locator('[role=columnheader]').filter({ has: page.getByTestId('sort-name') });
    assert.equal(await header.getAttribute('aria-sort'), 'ascending');
    const names = (await page.locator('[data-testid=customer-row] .row-link').allTextContents()).slice(0, 10);
    const sorted = [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
    assert.deepEqual(names.map((n) => n.toLowerCase()), sorted.map((n) => n.toLowerCase()).sort());
    await page.getByTestId('sort-spend').click();
    const spends = (await page.locator('[data-testid=customer-row] .vcell:nth-child(8)').allTextContents()).map(Number);
    assert.deepEqual(spends, [...spends].sort((a, b) => b - a), 'spend sorts largest first');

    // Scrolling to the end renders the last rows.
    await page.locator('.vbody').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.waitForFunction(
      (n) => [...document.querySelectorAll('[data-testid=customer-row]')].some((r) => r.getAttribute('aria-rowindex') === String(n + 1)),
      DEMO_CUSTOMERS,
    );
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('filters narrow the list, combine with search, and say when a number cannot be read', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openList(page, shared.server);
    await page.locator('[data-testid=filters] summary').click();
    await page.getByTestId('filter-has-orders').selectOption('no');
    const withoutOrders = (await matchCount(page)).shown;
    assert.ok(withoutOrders > 0 && withoutOrders < DEMO_CUSTOMERS, `${withoutOrders} without orders`);
    for (const cell of await page.locator('[data-testid=customer-row] .vcell:nth-child(7)').allTextContents()) {
      assert.equal(cell.trim(), '0');
    }
    await page.getByTestId('filter-has-orders').selectOption('yes');
    assert.equal((await matchCount(page)).shown, DEMO_CUSTOMERS - withoutOrders);
    await page.getByTestId('filter-min-spend').fill('1000');
    const big = (await matchCount(page)).shown;
    assert.ok(big > 0 && big < DEMO_CUSTOMERS - withoutOrders);
    for (const cell of await page.locator('[data-testid=customer-row] .vcell:nth-child(8)').allTextContents()) {
      assert.ok(Number(cell) >= 1000, `${cell} >= 1000`);
    }
    // An unreadable amount is said so and left out, not guessed.
    await page.getByTestId('filter-max-spend').fill('lots');
    assert.match(await page.getByTestId('filter-max-spend-problem').textContent(), /\S/);
    assert.equal((await matchCount(page)).shown, big);
    await page.getByTestId('filter-tag').fill('VIP');
    const vip = (await matchCount(page)).shown;
    assert.ok(vip <= big);
    await page.getByTestId('filter-clear').click();
    assert.equal((await matchCount(page)).shown, DEMO_CUSTOMERS);
    assert.equal(await page.getByTestId('filters-on').count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a saved view (search, filter, sort, columns) survives a reload', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openList(page, shared.server);
    await page.locator('[data-testid=filters] summary').click();
    await page.getByTestId('filter-has-orders').selectOption('yes');
    await page.getByTestId('filter-min-spend').fill('1000');
    await page.getByTestId('sort-spend').click();
    const wanted = await matchCount(page);
    const firstRows = await page.locator('[data-testid=customer-row] .row-link').allTextContents();
    await page.locator('[data-testid=columns-menu] summary').click();
    await page.getByTestId('column-email').uncheck();
    const emailCell = page.locator('[data-testid=customer-row] .c-email').first();
    assert.equal(await emailCell.isVisible(), false, 'the email column is hidden');
    await page.getByTestId('view-name').fill('Big spenders');
    await page.getByTestId('save-view').click();

    await page.reload();
    await page.getByTestId('customer-row').first().waitFor();
    assert.equal((await matchCount(page)).shown, DEMO_CUSTOMERS);
    assert.equal(await emailCell.isVisible(), true, 'a reload shows every column');
    await page.getByTestId('saved-views').selectOption('Big spenders');
    assert.deepEqual(await matchCount(page), wanted);
    assert.equal(await emailCell.isVisible(), false, 'the view hides the email column again');
    const spendHeader = page.locator('[role=columnheader]').filter({ has: page.getByTestId('sort-spend') });
    assert.equal(await spendHeader.getAttribute('aria-sort'), 'descending');
    assert.deepEqual(await page.locator('[data-testid=customer-row] .row-link').allTextContents(), firstRows);
    await page.locator('[data-testid=filters] summary').click();
    assert.equal(await page.getByTestId('filter-min-spend').inputValue(), '1000.00');
    await page.getByTestId('delete-view').click();
    assert.equal(await page.locator('[data-testid=saved-views] option').count(), 1);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('keyboard only: / searches, arrows move, Enter opens, e edits, Esc closes, Enter saves', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openList(page, shared.server);
    await page.locator('body').press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'customer-search');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const chosen = (await page.locator('.vrow.active .row-link').textContent()).trim();
    await page.keyboard.press('Enter');
    await page.getByTestId('page-customer').waitFor();
    assert.equal((await page.getByTestId('customer-title').textContent()).trim(), chosen);
    await page.locator('body').press('e');
    await page.getByTestId('customer-form').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('customer-form').waitFor({ state: 'detached' });
    // Keyboard only: e opens the form with the focus in it, Tab reaches the city, Enter saves.
    await page.locator('body').press('e');
    await page.getByTestId('customer-form').waitFor();
    // The focus moves into the form on the frame after it appears.
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'edit-name');
    while ((await page.evaluate(() => document.activeElement?.dataset.testid)) !== 'edit-city') {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Control+a');
    await page.keyboard.type('Keyboardville');
    await page.keyboard.press('Enter');
    await page.getByTestId('edit-saved').waitFor();
    assert.equal((await page.getByTestId('value-city').textContent()).trim(), 'Keyboardville');
    // Focus is visible: the focused control has an outline.
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'the focused control shows where the focus is');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('editing saves valid values and refuses invalid ones with a message at the field', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'customers/5');
    await page.getByTestId('edit-customer').click();
    await page.getByTestId('edit-city').fill('Invalidtown');
    await page.getByTestId('edit-age').fill('abc');
    await page.getByTestId('edit-birth_date').fill('');
    await page.getByTestId('save-customer').click();
    await page.getByTestId('edit-problems').waitFor();
    assert.match(await page.getByTestId('edit-age-problem').textContent(), /\S/);
    assert.equal(await page.getByTestId('edit-age').getAttribute('aria-invalid'), 'true');
    // Nothing was saved: a fresh read still has the old city.
    const other = await context.newPage();
    await other.goto(`${shared.server.url}customers/5`);
    await other.getByTestId('value-city').waitFor();
    assert.notEqual((await other.getByTestId('value-city').textContent()).trim(), 'Invalidtown');
    await other.close();

    await page.getByTestId('edit-age').fill('41');
    await page.getByTestId('save-customer').click();
    await page.getByTestId('edit-saved').waitFor();
    assert.equal((await page.getByTestId('value-city').textContent()).trim(), 'Invalidtown');
    assert.equal((await page.getByTestId('value-age').textContent()).trim(), '41');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=history-entry]').length === 1);
    const entry = await page.getByTestId('history-entry').first().textContent();
    assert.match(entry, /Edited: .*City/);
    assert.match(entry, /Age/);
    await page.reload();
    await page.getByTestId('value-city').waitFor();
    assert.equal((await page.getByTestId('value-city').textContent()).trim(), 'Invalidtown');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a new customer is stored only when valid, then opens and is found', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openList(page, shared.server);
    await page.getByTestId('new-customer').click();
    await page.getByTestId('customer-form').waitFor();
    await page.getByTestId('edit-email').fill('grace@');
    await page.getByTestId('save-customer').click();
    await page.getByTestId('edit-problems').waitFor();
    await page.getByTestId('edit-name').fill('Grace Hopper');
    await page.getByTestId('edit-email').fill('grace@navy.example');
    await page.getByTestId('edit-tags').fill('admiral, vip');
    await page.getByTestId('save-customer').click();
    await page.waitForFunction(() => /\/customers\/\d+$/.test(location.pathname));
    await page.waitForFunction(() => document.querySelector('[data-testid=customer-title]')?.textContent.trim() === 'Grace Hopper');
    assert.equal((await page.getByTestId('value-tags').textContent()).trim(), 'admiral, vip');
    await page.getByTestId('back-to-list').click();
    await page.getByTestId('customer-row').first().waitFor();
    await page.waitForFunction((n) => document.querySelector('[data-testid=match-count]')?.textContent.includes(`${n} /`), DEMO_CUSTOMERS + 1);
    await search(page, 'grace hopper');
    assert.equal((await matchCount(page)).shown, 1);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('deleting a customer with orders asks what to do with them; both choices hold', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openList(page, shared.server);
    const orderCount = async () => {
      await page.getByTestId('nav-orders').click();
      await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=record-count]')?.textContent ?? ''));
      return Number((await page.getByTestId('record-count').textContent()).replace(/[^0-9]/g, ''));
    };
    const ordersBefore = await orderCount();
    const removeTop = async (choice) => {
      await page.getByTestId('nav-customers').click();
      await page.getByTestId('customer-row').first().waitFor();
      await page.getByTestId('sort-orders').click();
      await page.locator('[data-testid=customer-row] .row-link').first().click();
      await page.getByTestId('figure-orders').waitFor();
      const name = (await page.getByTestId('customer-title').textContent()).trim();
      const orders = Number(await page.getByTestId('figure-orders').textContent());
      assert.ok(orders > 0);
      await page.getByTestId('delete-customer').click();
      assert.equal(await page.getByTestId('confirm-delete').isDisabled(), true, 'a choice is needed first');
      await page.getByTestId(choice).check();
      await page.getByTestId('confirm-delete').click();
      await page.getByTestId('customer-row').first().waitFor();
      return { name, orders };
    };
    const kept = await removeTop('keep-orders');
    await page.waitForFunction((n) => document.querySelector('[data-testid=match-count]')?.textContent.includes(`${n} /`), DEMO_CUSTOMERS - 1);
    assert.equal(await orderCount(), ordersBefore, `${kept.name}'s orders kept`);
    const gone = await removeTop('delete-orders-too');
    assert.equal(await orderCount(), ordersBefore - gone.orders, `${gone.name}'s orders deleted`);
    await page.getByTestId('nav-customers').click();
    await page.waitForFunction((n) => document.querySelector('[data-testid=match-count]')?.textContent.includes(`${n} /`), DEMO_CUSTOMERS - 2);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('two tabs editing the same customer: the later save is refused and offers a reload', async () => {
    const { context, page: first, errors } = await openPage(shared.browser);
    await openAt(first, shared.server, 'customers/9');
    await first.getByTestId('edit-customer').click();
    await first.getByTestId('edit-company').fill('First tab Ltd');

    const second = await context.newPage();
    await second.goto(`${shared.server.url}customers/9`);
    await second.getByTestId('edit-customer').click();
    await second.getByTestId('edit-company').fill('Second tab Ltd');
    await second.getByTestId('save-customer').click();
    await second.getByTestId('edit-saved').waitFor();

    await first.getByTestId('save-customer').click();
    await first.getByTestId('edit-conflict').waitFor();
    await first.getByTestId('conflict-reload').click();
    await first.waitForFunction(
      () => document.querySelector('[data-testid=value-company]')?.textContent.trim() === 'Second tab Ltd',
    );
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('markup typed into fields shows as text and never runs', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'customers/3');
    const payloads = {
      name: '<img src=x onerror="window.__xss=1">',
      company: '"><svg onload="window.__xss=2">',
      street: '<script>window.__xss=3</script>',
      city: 'javascript:window.__xss=4',
    };
    await page.getByTestId('edit-customer').click();
    for (const [field, value] of Object.entries(payloads)) await page.getByTestId(`edit-${field}`).fill(value);
    await page.getByTestId('save-customer').click();
    await page.getByTestId('edit-saved').waitFor();
    for (const [field, value] of Object.entries(payloads)) {
      assert.equal((await page.getByTestId(`value-${field}`).textContent()).trim(), value);
    }
    assert.equal((await page.getByTestId('customer-title').textContent()).trim(), payloads.name);
    await page.getByTestId('back-to-list').click();
    await search(page, 'onerror');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=customer-row]').length === 1);
    assert.equal((await page.locator('[data-testid=customer-row] .row-link').textContent()).trim(), payloads.name);
    assert.equal(await page.locator('.vtable img, .vtable svg, .customer-page img').count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
