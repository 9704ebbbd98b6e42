// End-to-end tests of the marketing page on the demo data: a segment built from a rule is checked
// where it is typed, counts its members live, is saved with the rule (not the members), shows on a
// member's page, and follows a change of the rule; it works at 360 px.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openAt, openPage, useBrowser } from './helpers.mjs';

/** The number of customers the rule builder says meet the rule. */
async function ruleCount(page) {
  const status = page.getByTestId('rule-count');
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=rule-count]')?.textContent ?? ''));
  return Number((await status.textContent()).replace(/[^\d]/g, ''));
}

describe('marketing', () => {
  const shared = useBrowser();

  test('a rule segment is checked as typed, counts live, is saved and follows the data', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'customers/7');
    const name = (await page.getByTestId('customer-title').textContent()).trim();
    assert.ok(name.length > 0);

    await page.goto(`${shared.server.url}marketing`);
    const builder = page.getByTestId('rule-builder');
    await builder.waitFor();
    const first = builder.getByTestId('rule-condition').first();
    await first.getByTestId('rule-field').selectOption('name');
    await first.getByTestId('rule-value').fill(name.toUpperCase());
    const byName = await ruleCount(page);
    assert.ok(byName >= 1, 'the customer meets "name is" whatever the case');

    // A bad amount is refused where it is typed; nothing is counted or saved meanwhile.
    await builder.getByTestId('add-condition').click();
    const second = builder.getByTestId('rule-condition').nth(1);
    await second.getByTestId('rule-field').selectOption('spend');
    assert.deepEqual(await second.getByTestId('rule-op').locator('option').evaluateAll((o) => o.map((x) => x.value)),
      ['is', 'above', 'below', 'at_least', 'at_most', 'empty'], 'only comparisons that fit an amount');
    await second.getByTestId('rule-op').selectOption('at_least');
    await second.getByTestId('rule-value').fill('lots');
    assert.match(await second.getByTestId('rule-condition-problem').textContent(), /Enter an amount/);
    assert.equal((await page.getByTestId('rule-count').textContent()).trim(), '');
    await page.getByTestId('rule-name').fill('Seven');
    await page.getByTestId('save-rule').click();
    assert.match(await page.getByTestId('rule-error').textContent(), /fix the marked conditions/);

    // NOT spend at least 0 takes nobody; with OR the name's customers come back.
    await second.getByTestId('rule-value').fill('0');
    await second.getByTestId('rule-not').check();
    await page.waitForFunction(() => document.querySelector('[data-testid=rule-count]')?.textContent.includes(' 0 '));
    await page.getByTestId('rule-combine').selectOption('any');
    assert.equal(await ruleCount(page), byName);

    // Saved without a name: refused; with one: listed with the rule in words and the count.
    await page.getByTestId('rule-name').fill('  ');
    await page.getByTestId('save-rule').click();
    assert.match(await page.getByTestId('rule-error').textContent(), /needs a name/);
    const segmentName = '<b>Seven</b> & co';
    await page.getByTestId('rule-name').fill(segmentName);
    await page.getByTestId('save-rule').click();
    const row = page.getByTestId('segment-row').filter({ has: page.getByTestId('edit-segment-rule') });
    await row.waitFor();
    assert.equal(await row.getByTestId('segment-name').inputValue(), segmentName);
    assert.equal((await row.getByTestId('segment-members').textContent()).trim(), String(byName));
    assert.match(await row.textContent(), new RegExp(`Rule: Name is ${name.toUpperCase()} or not Total spent at least 0`));
    assert.equal(await page.locator('.segments b').count(), 0, 'names are text');
    // The builder is blank again.
    assert.equal(await builder.getByTestId('rule-condition').count(), 1);

    // On the member's page.
    await page.goto(`${shared.server.url}customers/7`);
    await page.waitForFunction((n) => document.querySelector('[data-testid=customer-segments]')?.textContent.includes(n), segmentName);

    // The rule changes: the members follow. Spend at least 0 takes every buyer.
    await page.goto(`${shared.server.url}marketing`);
    await row.getByTestId('edit-segment-rule').click();
    assert.match(await page.getByTestId('rule-builder-title').textContent(), /Changing the rule of/);
    assert.equal(await builder.getByTestId('rule-condition').count(), 2);
    await builder.getByTestId('rule-condition').nth(1).getByTestId('rule-not').uncheck();
    const wider = await ruleCount(page);
    assert.ok(wider > byName, `${wider} > ${byName}`);
    await page.getByTestId('save-rule').click();
    await page.waitForFunction((n) => [...document.querySelectorAll('[data-testid=segment-members]')].some((e) => e.textContent.trim() === n),
      wider.toLocaleString('en-US'));
    // Undo brings the earlier rule back.
    await page.getByTestId('undo').click();
    await page.waitForFunction((n) => [...document.querySelectorAll('[data-testid=segment-members]')].some((e) => e.textContent.trim() === n),
      String(byName));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the rule builder fits a phone (360 px)', async () => {
    const { context, page, errors } = await openPage(shared.browser, { viewport: { width: 360, height: 740 } });
    await openAt(page, shared.server, 'marketing');
    await page.getByTestId('rule-builder').waitFor();
    await page.getByTestId('rule-condition').first().getByTestId('rule-field').selectOption('rfm_segment');
    await page.getByTestId('rule-condition').first().getByTestId('rule-value').selectOption('at_risk');
    await page.getByTestId('add-condition').click();
    const second = page.getByTestId('rule-condition').nth(1);
    await second.getByTestId('rule-field').selectOption('orders');
    await second.getByTestId('rule-op').selectOption('at_least');
    await second.getByTestId('rule-value').fill('1');
    await ruleCount(page);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok((await overflow()) <= 0, `no horizontal overflow at 360 px (${await overflow()}px)`);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
