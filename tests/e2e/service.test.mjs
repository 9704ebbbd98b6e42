// End-to-end tests of the service desk on the demo data: a ticket opened from a customer's page
// is checked where it is typed, moves through its statuses, shows on the customer's timeline and,
// past its due day, in the queue's overdue filter and the overdue counts of the service page and
// the dashboard; its text is shown as text; deleting it is undoable; the queue works at 360 px.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openAt, openPage, tempDir, useBrowser } from './helpers.mjs';

/** The number a figure tile shows. */
async function figure(page, testid) {
  const text = await page.getByTestId(testid).locator('dd').textContent();
  return Number(text.replace(/[^\d.]/g, ''));
}

describe('service desk', () => {
  const shared = useBrowser();

  test('a ticket from a customer page moves through its statuses and shows as overdue', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'service');
    await page.getByTestId('service-figures').waitFor();
    const overdueBefore = await figure(page, 'service-overdue');
    const openBefore = await figure(page, 'service-open');

    await page.goto(`${shared.server.url}customers/7`);
    await page.getByTestId('customer-tickets').waitFor();
    const customerName = (await page.getByTestId('customer-title').textContent()).trim();
    await page.getByTestId('new-ticket').click();
    await page.getByTestId('ticket-form').waitFor();
    assert.equal((await page.getByTestId('ticket-customer').textContent()).trim(), customerName);

    // Bad input is refused where it is typed, and nothing is saved.
    await page.getByTestId('ticket-order').fill('order five');
    await page.getByTestId('save-ticket').click();
    await page.getByTestId('edit-problems').waitFor();
    assert.match(await page.getByTestId('ticket-subject-problem').textContent(), /subject/);
    assert.match(await page.getByTestId('ticket-order-problem').textContent(), /order number/);

    const subject = '<img src=x onerror="window.__xss=1"> Teapot lid cracked';
    await page.getByTestId('ticket-order').fill('');
    await page.getByTestId('ticket-subject').fill(subject);
    await page.getByTestId('ticket-kind').selectOption('complaint');
    await page.getByTestId('ticket-priority').selectOption('high');
    await page.getByTestId('ticket-assignee').fill('Li Na');
    await page.getByTestId('ticket-due').fill('2020-01-15');
    await page.getByTestId('ticket-description').fill('Arrived broken; photo by email.');
    await page.getByTestId('save-ticket').click();
    await page.waitForURL(/\/service\/\d+$/);
    await page.getByTestId('ticket-facts').waitFor();
    assert.equal((await page.getByTestId('ticket-title').textContent()).trim().endsWith(subject), true, 'shown as text');
    assert.equal(await page.locator('.ticket-page img').count(), 0);
    assert.equal(await page.getByTestId('ticket-status').textContent(), 'Not started');
    await page.getByTestId('overdue-badge').waitFor();

    // Through its statuses; a note on the way.
    await page.getByTestId('move-open').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=ticket-status]')?.textContent === 'Open');
    await page.getByTestId('ticket-note-text').fill('Asked for a photo.');
    await page.getByTestId('add-ticket-note').click();
    await page.getByTestId('ticket-note').waitFor();
    assert.equal((await page.getByTestId('ticket-note').locator('.note-body').textContent()).trim(), 'Asked for a photo.');
    await page.getByTestId('move-waiting_on_customer').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=ticket-status]')?.textContent === 'Waiting on customer');
    const ticketUrl = page.url();

    // The queue: overdue filter, the figures count it.
    await page.getByTestId('back-to-queue').click();
    await page.getByTestId('ticket-list').waitFor();
    assert.equal(await figure(page, 'service-overdue'), overdueBefore + 1);
    assert.equal(await figure(page, 'service-open'), openBefore + 1);
    await page.getByTestId('filter-ticket-overdue').check();
    await page.getByTestId('ticket-search').fill('teapot');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=ticket-row]').length === 1);
    const row = page.getByTestId('ticket-row');
    assert.equal(await row.getByTestId('overdue-badge').count(), 1);
    assert.equal((await row.getByTestId('ticket-row-status').textContent()).trim(), 'Waiting on customer');
    // The tickets shown export as CSV, with the customer's name and the notes.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-tickets').click()]);
    const path = join(tempDir('tickets'), download.suggestedFilename());
    await download.saveAs(path);
    const csv = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
    const [header, line] = csv.trim().split(/\r?\n/);
    assert.match(header, /^ticket_id,customer_id,customer,order_id,kind,status,priority,subject/);
    assert.ok(line.includes(customerName), line);
    assert.ok(line.includes(',complaint,waiting_on_customer,high,'), line);
    assert.ok(csv.includes('Asked for a photo.'), csv);
    await page.getByTestId('filter-ticket-priority').selectOption('low');
    await page.getByTestId('no-tickets').waitFor();

    // The dashboard counts it too.
    await page.goto(`${shared.server.url}analytics`);
    await page.getByTestId('service-figures').waitFor();
    assert.equal(await figure(page, 'service-overdue'), overdueBefore + 1);

    // On the customer's timeline and ticket list.
    await page.goto(`${shared.server.url}customers/7`);
    await page.getByTestId('timeline-ticket').waitFor();
    assert.match(await page.getByTestId('timeline-ticket').textContent(), /Teapot lid cracked · Waiting on customer/);
    assert.equal(await page.getByTestId('customer-ticket').count(), 1);

    // Resolved: no longer overdue, no longer open; the median time to resolve appears.
    await page.goto(ticketUrl);
    await page.getByTestId('move-resolved').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=ticket-status]')?.textContent === 'Resolved');
    assert.equal(await page.getByTestId('overdue-badge').count(), 0);
    assert.match(await page.getByTestId('ticket-facts').textContent(), /resolved/);
    await page.getByTestId('back-to-queue').click();
    await page.getByTestId('service-figures').waitFor();
    await page.waitForFunction((n) => document.querySelector('[data-testid=service-overdue] dd')?.textContent.trim() === String(n), overdueBefore);
    assert.notEqual((await page.getByTestId('service-median').locator('dd').textContent()).trim(), '—');
    // Done tickets leave the active queue; "all tickets" shows it.
    await page.getByTestId('ticket-search').fill('teapot');
    await page.getByTestId('no-tickets').waitFor();
    await page.getByTestId('filter-ticket-status').selectOption('all');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=ticket-row]').length === 1);

    // Deleting is undoable.
    await page.getByTestId('ticket-row').click();
    await page.getByTestId('delete-ticket').click();
    await page.waitForURL(/\/service$/);
    await page.getByTestId('undo').click();
    await page.getByTestId('filter-ticket-status').selectOption('all');
    await page.getByTestId('ticket-search').fill('teapot');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=ticket-row]').length === 1);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the queue fits a phone (360 px) and a laptop (1280 px)', async () => {
    const { context, page, errors } = await openPage(shared.browser, { viewport: { width: 360, height: 740 } });
    await openAt(page, shared.server, 'customers/3');
    await page.getByTestId('new-ticket').click();
    await page.getByTestId('ticket-subject').fill('Where is my order?');
    await page.getByTestId('save-ticket').click();
    await page.getByTestId('ticket-facts').waitFor();
    await page.getByTestId('back-to-queue').click();
    await page.getByTestId('ticket-row').first().waitFor();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok((await overflow()) <= 0, `no horizontal overflow at 360 px (${await overflow()}px)`);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.waitForFunction(() => document.querySelector('.vtable-tickets').getBoundingClientRect().width > 900);
    assert.ok((await overflow()) <= 0, `no horizontal overflow at 1280 px (${await overflow()}px)`);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
