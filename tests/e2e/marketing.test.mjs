// End-to-end tests of the marketing page on the demo data: a segment built from a rule is checked
// where it is typed, counts its members live, is saved with the rule (not the members), shows on a
// member's page, and follows a change of the rule; a campaign on it launches (not on an empty
// audience), exports its contact list without the opted-out, and counts an order a member places
// as a conversion; deleting its segment asks first; it works at 360 px.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openAt, openPage, tempDir, useBrowser } from './helpers.mjs';

/** The markup corpus of the customer-management tests: shown as text, never run. */
const XSS = [
  '<img src=x onerror="window.__xss=1">',
  '"><svg onload="window.__xss=2">',
  '<script>window.__xss=3</script>',
  'javascript:window.__xss=4',
];

/** Creates a customer through the form; returns its number. */
async function newCustomer(page, server, name, email, optOutEmail = false) {
  await page.goto(`${server.url}customers/new`);
  await page.getByTestId('customer-form').waitFor();
  await page.getByTestId('edit-name').fill(name);
  await page.getByTestId('edit-email').fill(email);
  if (optOutEmail) await page.getByTestId('edit-opt-out-email').check();
  await page.getByTestId('save-customer').click();
  await page.waitForFunction(() => /\/customers\/\d+$/.test(location.pathname));
  return Number(new URL(page.url()).pathname.split('/').pop());
}

/** A figure of the campaign page. */
async function figure(page, testid) {
  return (await page.getByTestId(testid).locator('dd').textContent()).trim();
}

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
    await page.waitForFunction(() => /^0 customers/.test(document.querySelector('[data-testid=rule-count]')?.textContent ?? ''));
    await page.getByTestId('rule-combine').selectOption('any');
    assert.equal(await ruleCount(page), byName);

    // Saved without a name: refused; with one: listed with the rule in words and the count.
    await page.getByTestId('rule-name').fill('  ');
    await page.getByTestId('save-rule').click();
    assert.match(await page.getByTestId('rule-error').textContent(), /needs a name/);
    const segmentName = `<b>Seven</b> & co ${XSS[0]}`.slice(0, 80);
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

  test('a campaign launches on a segment, exports its contacts and counts a member\'s order', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'marketing');
    const ada = await newCustomer(page, shared.server, 'Zed Campaign Ada', 'zed.ada@example.com');
    await newCustomer(page, shared.server, 'Zed Campaign Bo', 'zed.bo@example.com', true);
    assert.match(await page.getByTestId('value-opt-out').textContent(), /Marketing email/);

    // The segment: both of them.
    await page.goto(`${shared.server.url}marketing`);
    const builder = page.getByTestId('rule-builder');
    await builder.getByTestId('rule-field').selectOption('name');
    await builder.getByTestId('rule-op').selectOption('contains');
    await builder.getByTestId('rule-value').fill('zed campaign');
    assert.equal(await ruleCount(page), 2);
    await page.getByTestId('rule-name').fill('Zed testers');
    await page.getByTestId('save-rule').click();
    // The only rule segment of this profile.
    const segmentRow = page.getByTestId('segment-row').filter({ has: page.getByTestId('edit-segment-rule') });
    await segmentRow.waitFor();

    // A draft: bad input is refused where typed.
    await page.getByTestId('new-campaign').click();
    await page.getByTestId('campaign-form').waitFor();
    await page.getByTestId('campaign-budget').fill('lots');
    await page.getByTestId('save-campaign').click();
    await page.getByTestId('edit-problems').waitFor();
    assert.match(await page.getByTestId('campaign-name-problem').textContent(), /needs a name/);
    assert.match(await page.getByTestId('campaign-budget-problem').textContent(), /amount/);
    const name = '<i>Zed</i> spring tea';
    await page.getByTestId('campaign-name').fill(name);
    await page.getByTestId('campaign-budget').fill('50');
    await page.getByTestId('campaign-goal').fill(`Win back tea buyers ${XSS.join(' ')}`);
    await page.locator('[data-testid=campaign-targets] label', { hasText: 'Zed testers' }).locator('input').check();
    await page.getByTestId('save-campaign').click();
    await page.waitForURL(/\/marketing\/campaigns\/\d+$/);
    await page.getByTestId('campaign-launch').waitFor();
    assert.equal((await page.getByTestId('campaign-title').textContent()).trim(), name, 'shown as text');
    assert.equal(await page.locator('.campaign-page i, .campaign-page img, .campaign-page svg').count(), 0);
    assert.equal(await page.getByTestId('campaign-goal').inputValue(), `Win back tea buyers ${XSS.join(' ')}`);
    assert.equal((await page.getByTestId('campaign-status').textContent()).trim(), 'Draft');

    // By text message nobody can be reached: launching is refused.
    await page.getByTestId('campaign-channel').selectOption('sms');
    await page.waitForFunction(() => document.querySelector('[data-testid=campaign-audience]')?.textContent.includes('freezes 0 customers'));
    await page.getByTestId('launch-campaign').click();
    assert.match(await page.getByTestId('launch-problem').textContent(), /cannot launch on an empty segment/);
    assert.equal((await page.getByTestId('campaign-status').textContent()).trim(), 'Draft');

    // By email: Ada only (Bo opted out).
    await page.getByTestId('campaign-channel').selectOption('email');
    await page.waitForFunction(() => document.querySelector('[data-testid=campaign-audience]')?.textContent.includes('freezes 1 customers'));
    assert.match(await page.getByTestId('campaign-audience').textContent(), /1 more of the target segments cannot be reached/);
    await page.getByTestId('launch-campaign').click();
    await page.getByTestId('campaign-results').waitFor();
    assert.equal((await page.getByTestId('campaign-status').textContent()).trim(), 'Running');
    assert.equal(await figure(page, 'campaign-reach'), '1');
    assert.equal(await page.getByTestId('conversion-row').count(), 0);
    const campaignUrl = page.url();

    // The contact list: Ada, not Bo.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-contacts').click()]);
    const path = join(tempDir('contacts'), download.suggestedFilename());
    await download.saveAs(path);
    const csv = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trim().split(/\r?\n/);
    assert.equal(lines[0], 'campaign_id,customer_id,name,email,city');
    assert.equal(lines.length, 2, csv);
    assert.ok(lines[1].includes('zed.ada@example.com'), csv);
    assert.ok(!csv.includes('zed.bo@'), 'opted out');

    // A response: Bo is no member; Ada by email is.
    await page.getByTestId('response-customer').fill('zed.bo@example.com');
    await page.getByTestId('record-response').click();
    assert.match(await page.getByTestId('response-problem').textContent(), /No member/);
    await page.getByTestId('response-customer').fill('ZED.ADA@example.com');
    await page.getByTestId('record-response').click();
    await page.getByTestId('response').waitFor();
    assert.match(await page.getByTestId('response').textContent(), /Zed Campaign Ada/);
    await page.waitForFunction(() => document.querySelector('[data-testid=campaign-response-rate] dd')?.textContent.startsWith('100'));

    // Ada orders today: the conversion appears, with its revenue and the cost per conversion.
    await page.goto(`${shared.server.url}orders/new`);
    await page.getByTestId('order-form').waitFor();
    await page.getByTestId('customer-find').fill('Zed Campaign Ada');
    await page.getByTestId('pick-customer').first().click();
    await page.getByTestId('line-product').first().selectOption({ index: 1 });
    await page.getByTestId('line-quantity').first().fill('1');
    await page.getByTestId('line-price').first().fill('80');
    await page.getByTestId('save-order').click();
    await page.waitForFunction(() => /\/orders\/\d+$/.test(location.pathname));
    await page.goto(campaignUrl);
    await page.getByTestId('conversion-row').waitFor();
    assert.match(await page.getByTestId('conversion-row').textContent(), /Zed Campaign Ada/);
    assert.equal(await figure(page, 'campaign-revenue'), '80.00');
    assert.match(await figure(page, 'campaign-conversion-rate'), /^100/);
    assert.equal(await figure(page, 'campaign-cost'), '50.00');
    assert.ok(ada > 0);

    // The list shows it running; deleting its segment asks first.
    await page.getByTestId('back-to-marketing').click();
    const row = page.getByTestId('campaign-row').filter({ hasText: 'spring tea' });
    await row.waitFor();
    assert.equal((await row.getByTestId('campaign-row-status').textContent()).trim(), 'Running');
    assert.equal((await row.getByTestId('campaign-row-members').textContent()).trim(), '1');
    await segmentRow.getByTestId('delete-segment').click();
    assert.match(await page.getByTestId('segment-in-use').textContent(), /spring tea/);
    await page.getByTestId('keep-segment').click();
    assert.equal(await segmentRow.count(), 1);
    assert.equal(await page.evaluate(() => window.__xss), undefined);

    // The campaign page fits a phone.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(campaignUrl);
    await page.getByTestId('campaign-figures').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal overflow at 360 px (${overflow}px)`);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('automation rules are checked, run once with a summary, and an undone run stays undone', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'marketing');
    const panel = page.locator('[data-testid=automation][data-loaded]');
    await panel.waitFor();
    await panel.getByTestId('auto-lapsed-on').check();
    await panel.getByTestId('auto-lapsed-days').fill('0');
    await panel.getByTestId('auto-lapsed-label').fill('zz lapsed');
    await panel.getByTestId('save-automation').click();
    assert.match(await panel.getByTestId('auto-lapsed-problem').textContent(), /from 1 to 3,650/);
    await panel.getByTestId('auto-lapsed-days').fill('180');
    await panel.getByTestId('save-automation').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=action-notice]')?.textContent.includes('Automation:'));
    const notice = await page.getByTestId('action-notice').textContent();
    const tagged = Number(/tagged (\d+) customers “zz lapsed”/.exec(notice)?.[1]);
    assert.ok(tagged > 0, notice);

    // The tag is on exactly those customers: a rule on it counts them.
    const builder = page.getByTestId('rule-builder');
    await builder.getByTestId('rule-field').selectOption('tag');
    await builder.getByTestId('rule-value').fill('zz lapsed');
    assert.equal(await ruleCount(page), tagged);

    // Undone: the tags go, and the run is not made again by itself.
    await page.getByTestId('undo').click();
    await page.waitForFunction(() => /^0 customers/.test(document.querySelector('[data-testid=rule-count]')?.textContent ?? ''));
    await page.reload();
    await page.locator('[data-testid=automation][data-loaded]').waitFor();
    await page.getByTestId('rule-field').selectOption('tag');
    await page.getByTestId('rule-value').fill('zz lapsed');
    await page.waitForTimeout(1_500);
    assert.equal(await ruleCount(page), 0, 'an undone run stays undone');
    assert.equal(await page.getByTestId('auto-lapsed-on').isChecked(), true, 'the rule stays on');
    await page.getByTestId('auto-lapsed-on').uncheck();
    await page.getByTestId('save-automation').click();
    await page.getByTestId('automation-status').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a customer page suggests a next step and popular products of their segment', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'customers/12');
    await page.getByTestId('next-action').waitFor({ timeout: 30_000 });
    assert.ok((await page.getByTestId('next-action').textContent()).trim().length > 10);
    // No basket rules are kept in this profile: the segment's favourites stand in.
    await page.getByTestId('popular-title').waitFor({ timeout: 30_000 });
    assert.match(await page.getByTestId('popular-title').textContent(), /Most bought by/);
    assert.ok((await page.getByTestId('popular-product').count()) > 0);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('tickets and campaigns import from CSV: good rows stored, bad rows listed with why', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    const dir = tempDir('records-import');
    const tickets = join(dir, 'tickets.csv');
    writeFileSync(tickets, 'customer_id,subject,priority,due\nC7,Imported <b>ticket</b>,high,2030-01-01\nC99999,Nobody,,\nC7,,,someday\n');
    await openAt(page, shared.server, 'service');
    await page.getByTestId('ticket-list').waitFor();
    // The file buttons work once the database is open.
    await page.locator('[data-testid=import-tickets]:enabled').waitFor({ state: 'attached' });
    await page.getByTestId('import-tickets').setInputFiles(tickets);
    await page.waitForFunction(() => document.querySelector('[data-testid=action-notice]')?.textContent.includes('Imported 1 tickets; 2 rows refused.'));
    const refused = page.getByTestId('import-tickets-refused').getByTestId('refused-row');
    assert.equal(await refused.count(), 2);
    assert.match(await refused.nth(0).textContent(), /^Line 3: no stored customer “C99999”/);
    assert.match(await refused.nth(1).textContent(), /^Line 4: .*subject.*Due: Not a date/s);
    await page.getByTestId('ticket-search').fill('imported');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=ticket-row]').length === 1);
    assert.equal(await page.locator('.vtable-tickets b').count(), 0, 'markup is text');

    const campaigns = join(dir, 'campaigns.csv');
    writeFileSync(campaigns, 'name,channel,budget\nImported drive,sms,200\n,fax,\n');
    await page.goto(`${shared.server.url}marketing`);
    await page.getByTestId('campaigns').waitFor();
    await page.locator('[data-testid=import-campaigns]:enabled').waitFor({ state: 'attached' });
    await page.getByTestId('import-campaigns').setInputFiles(campaigns);
    await page.waitForFunction(() => document.querySelector('[data-testid=action-notice]')?.textContent.includes('Imported 1 campaigns as drafts; 1 rows refused.'));
    const row = page.getByTestId('campaign-row').filter({ hasText: 'Imported drive' });
    await row.waitFor();
    assert.equal((await row.getByTestId('campaign-row-status').textContent()).trim(), 'Draft');
    assert.match(await page.getByTestId('import-campaigns-refused').textContent(), /Line 3: .*needs a name/);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
