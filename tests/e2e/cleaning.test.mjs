// End-to-end tests of the cleaning area: duplicates found in the demo data, a group reviewed
// side by side and merged (orders move to the kept customer), undone (they are back), and a
// group marked "not duplicates" that a new search does not propose again.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { holdWorkerJobs, openAt, openPage, useBrowser } from './helpers.mjs';

async function findDuplicates(page) {
  await page.getByTestId('find-duplicates').click();
  await page.getByTestId('duplicates-figures').waitFor();
  await page.getByTestId('find-duplicates').and(page.locator(':enabled')).waitFor();
  return Number((await page.getByTestId('group-count').textContent()).replace(/\D/g, ''));
}

async function ordersOf(page, server, id) {
  await page.goto(`${server.url}customers/${id}`);
  await page.getByTestId('customer-title').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=figure-orders]')?.textContent.trim() !== '');
  return Number(await page.getByTestId('figure-orders').textContent());
}

describe('cleaning', () => {
  const shared = useBrowser();

  test('find duplicates, merge a group with its orders, undo brings everything back', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    const server = shared.server;
    await openAt(page, server, 'cleaning');
    const groups = await findDuplicates(page);
    assert.ok(groups >= 8, `${groups} groups in the demo data (about 16 planted duplicates)`);
    const rows = page.getByTestId('duplicate-group');
    assert.equal(await rows.count(), groups);
    // The evidence is said in words.
    assert.match(await rows.first().locator('.why').textContent(), /same|alike|differs|0\.\d\d/);

    await rows.first().getByTestId('review-group').click();
    const review = page.getByTestId('group-review');
    await review.waitFor();
    const ids = (await review.getByTestId('review-member').allTextContents()).map((t) => Number(t.slice(1)));
    assert.ok(ids.length >= 2, `${ids} side by side`);
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid=member-orders]')].every((c) => /^\d+$/.test(c.textContent)));
    const counts = (await review.getByTestId('member-orders').allTextContents()).map(Number);
    const survivorAt = await review.getByTestId('keep-record').evaluateAll((radios) => radios.findIndex((r) => r.checked));
    assert.ok(survivorAt >= 0, 'a record is kept by default');
    const survivor = ids[survivorAt];
    const others = ids.filter((id) => id !== survivor);
    const total = counts.reduce((a, b) => a + b, 0);

    await review.getByTestId('merge-group').click();
    await page.getByTestId('action-notice').waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=duplicate-group]').length === n - 1, groups);

    assert.equal(await ordersOf(page, server, survivor), total, 'the kept customer has every order');
    await page.goto(`${server.url}customers/${others[0]}`);
    await page.getByTestId('customer-not-found').waitFor();

    await page.getByTestId('undo').click();
    await page.getByTestId('customer-title').waitFor();
    assert.equal(await ordersOf(page, server, others[0]), counts[ids.indexOf(others[0])], 'the merged customer is back with its orders');
    assert.equal(await ordersOf(page, server, survivor), counts[survivorAt], 'the kept customer has its own orders again');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a group marked "not duplicates" is not proposed again', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'cleaning');
    const before = await findDuplicates(page);
    const first = page.getByTestId('duplicate-group').first();
    const members = await first.locator('td').nth(1).textContent();
    await first.getByTestId('review-group').click();
    await page.getByTestId('not-duplicates').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=duplicate-group]').length === n - 1, before);
    await page.reload();
    await page.getByTestId('find-duplicates').waitFor();
    const again = await findDuplicates(page);
    assert.equal(again, before - 1);
    const listed = await page.locator('[data-testid=duplicate-group] td:nth-child(2)').allTextContents();
    assert.ok(!listed.includes(members), `${members} is not proposed again`);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('moving the confidence regroups without searching again', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'cleaning');
    const atDefault = await findDuplicates(page);
    await page.getByTestId('confidence').fill('99');
    const strict = Number((await page.getByTestId('group-count').textContent()).replace(/\D/g, ''));
    assert.ok(strict <= atDefault, `${strict} groups at 99% ≤ ${atDefault} at 50%`);
    await page.getByTestId('confidence').fill('50');
    assert.equal(Number((await page.getByTestId('group-count').textContent()).replace(/\D/g, '')), atDefault);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the search runs in the web worker: held there it waits, cancel stops it, the page stays usable', async () => {
    // Jobs posted to a worker are held until the test lets them go.
    const { context, page, errors } = await openPage(shared.browser, { initScript: holdWorkerJobs(true) });
    await openAt(page, shared.server, 'cleaning');
    await page.getByTestId('find-duplicates').click();
    await page.waitForFunction(() => window.__heldJobs === 1);
    await page.getByTestId('duplicates-progress').waitFor();
    // Nothing is found on the page itself while the worker holds the job.
    await page.waitForTimeout(300);
    assert.equal(await page.getByTestId('duplicates-figures').count(), 0);
    // The page answers meanwhile: the other panel's controls work.
    await page.getByTestId('rule-ages').uncheck();
    assert.equal(await page.getByTestId('rule-ages').isChecked(), false);

    await page.getByTestId('cancel-duplicates').click();
    await page.getByTestId('duplicates-stopped').waitFor();
    await page.getByTestId('find-duplicates').and(page.locator(':enabled')).waitFor();
    assert.equal(await page.getByTestId('duplicates-figures').count(), 0);

    await page.evaluate(() => { window.__holdJobs = false; });
    const groups = await findDuplicates(page);
    assert.ok(groups >= 8, `${groups} groups after a cancelled search`);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('fixing values', () => {
  const shared = useBrowser();

  async function preview(page) {
    await page.getByTestId('preview-cleaning').click();
    await page.getByTestId('cleaning-preview').waitFor();
  }

  test('preview, save a recipe, apply as one undoable step', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'cleaning');
    await page.getByTestId('fill-gender').selectOption('frequent');
    await page.getByTestId('rule-phone').selectOption('CN');
    await preview(page);
    for (const rule of ['NameCase', 'EmailDomain', 'PhoneE164', 'AgeRange', 'Fill']) {
      assert.equal(await page.getByTestId(`rule-count-${rule}`).count(), 1, `${rule} changed something in the demo data`);
    }
    assert.ok(await page.getByTestId('flag-row').count() > 0, 'invalid values are flagged');
    const gender = page.getByTestId('quality-row').filter({ hasText: 'Gender' });
    assert.match(await gender.textContent(), /→ 100%/);
    assert.ok(await page.locator('[data-testid=completeness-chart] rect.bar-after').count() >= 9);
    const changeRows = await page.getByTestId('change-row').count();
    assert.ok(changeRows > 10, `${changeRows} changes listed`);

    // A recipe keeps the choices.
    await page.getByTestId('recipe-name').fill('demo clean-up');
    await page.getByTestId('save-recipe').click();
    await page.getByTestId('action-notice').waitFor();
    await page.reload();
    await page.getByTestId('recipe-load').locator('option', { hasText: 'demo clean-up' }).waitFor({ state: 'attached' });
    await page.getByTestId('recipe-load').selectOption('demo clean-up');
    assert.equal(await page.getByTestId('fill-gender').inputValue(), 'frequent');
    assert.equal(await page.getByTestId('rule-phone').inputValue(), 'CN');

    await preview(page);
    await page.getByTestId('apply-cleaning').click();
    await page.getByTestId('notice-undo').waitFor();
    await preview(page);
    await page.getByTestId('nothing-to-clean').waitFor();

    await page.getByTestId('undo').click();
    // The undo is written asynchronously: preview until the values need cleaning again.
    for (let tries = 0; tries < 20; tries += 1) {
      await preview(page);
      if ((await page.getByTestId('nothing-to-clean').count()) === 0) break;
      await page.waitForTimeout(200);
    }
    assert.equal(await page.getByTestId('nothing-to-clean').count(), 0, 'after undo the values need cleaning again');
    assert.equal(await page.getByTestId('rule-count-Fill').count(), 1);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('duplicate check during import', () => {
  const shared = useBrowser();

  test('a row matching a stored customer can be merged into it instead of imported', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'customers');
    await page.getByTestId('customer-row').first().waitFor();
    const row = page.getByTestId('customer-row').first();
    const name = (await row.locator('.c-name').textContent()).trim();
    const email = (await row.locator('.c-email').textContent()).trim();
    const phone = (await row.locator('.c-phone').textContent()).trim();
    assert.ok(email || phone, `${name} has a way to be matched`);
    const csv = [
      'name,email,phone,tags',
      `"${name.toUpperCase()}",${email.toUpperCase()},"${phone}",from-import`,
      'Zed Newperson,zed.newperson@example.net,,from-import',
    ].join('\n');
    await page.goto(`${shared.server.url}import?kind=customers`);
    await page.getByTestId('import-file').setInputFiles({ name: 'again.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-mapping').waitFor();
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-summary').waitFor();
    await page.getByTestId('import-matches').waitFor();
    assert.equal(await page.getByTestId('import-match-count').textContent(), '1');
    assert.match(await page.getByTestId('import-match').textContent(), new RegExp(name.split(' ')[0], 'i'));
    await page.getByTestId('match-action').selectOption('merge');
    await page.getByTestId('import-confirm').click();
    await page.getByTestId('import-result').waitFor();
    assert.match(await page.getByTestId('import-result').textContent(), /1.*merged.*1/s);
    await page.getByTestId('nav-customers').click();
    await page.waitForFunction(() => /401/.test(document.querySelector('[data-testid=record-count]')?.textContent ?? ''));
    assert.deepEqual(errors, []);
    await context.close();
  });
});
