// End-to-end tests of the mining page on the demo data: a segmentation runs in the web worker,
// shows its curve, profiles and coloured scatter, names can be changed and exported, the
// clusters saved as segments and found in the segment list; a held run can be cancelled while the
// page stays usable.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { drawnPixels, holdWorkerJobs, matchCount, openAt, openPage, tempDir, useBrowser } from './helpers.mjs';

/** Distinct colours among a canvas's drawn pixels (strongly coloured ones only). */
function colours(page, id) {
  return page.evaluate((id) => {
    const canvas = document.querySelector(`[data-testid=chart-${id}]`);
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    const seen = new Set();
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 60) seen.add(`${r >> 5},${g >> 5},${b >> 5}`);
    }
    return seen.size;
  }, id);
}

/** Runs a segmentation and waits for its result (not an earlier one still shown). */
async function runSegmentation(page) {
  await page.getByTestId('run-segmentation').and(page.locator(':enabled')).waitFor({ timeout: 60_000 });
  const runs = () => page.evaluate(() => Number(document.querySelector('[data-testid=segmentation-summary]')?.dataset.runs ?? 0));
  const before = await runs();
  await page.getByTestId('run-segmentation').click();
  await page.waitForFunction((before) => Number(document.querySelector('[data-testid=segmentation-summary]')?.dataset.runs ?? 0) > before, before, { timeout: 120_000 });
}

describe('mining', () => {
  const shared = useBrowser();

  test('a segmentation shows its curve, profiles and coloured scatter, and exports renamed segments', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'mining');
    await runSegmentation(page);
    const summary = await page.getByTestId('segmentation-summary').textContent();
    const k = Number(/k = (\d+)/.exec(summary)[1]);
    assert.ok(k >= 2 && k <= 12, summary);
    assert.equal(await page.getByTestId('cluster-row').count(), k, 'one profile per segment');
    for (const id of ['elbow', 'silhouette', 'clusters']) {
      assert.ok((await drawnPixels(page, id)) > 500, `${id} drew`);
    }
    assert.ok((await colours(page, 'clusters')) >= Math.min(k, 3), 'points coloured by segment');
    // The curve as a table: k from 2 to 12.
    await page.getByTestId('toggle-table-elbow').click();
    assert.equal(await page.getByTestId('table-elbow').locator('tbody tr').count(), 11);

    // The same settings give the same segments.
    const sizes = await page.getByTestId('cluster-row').locator('td:nth-child(2)').allTextContents();
    await runSegmentation(page);
    assert.deepEqual(await page.getByTestId('cluster-row').locator('td:nth-child(2)').allTextContents(), sizes);

    // A chosen k, principal components on the axes, a new name in the export.
    await page.getByTestId('cluster-count').selectOption('3');
    await runSegmentation(page);
    assert.equal(await page.getByTestId('cluster-row').count(), 3);
    await page.getByTestId('scatter-x').selectOption({ index: 0 });
    await page.getByTestId('cluster-name-0').fill('Best friends');
    await page.getByTestId('cluster-name-0').dispatchEvent('change');
    const dir = tempDir('mining-downloads');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-clusters').click()]);
    const path = join(dir, download.suggestedFilename());
    await download.saveAs(path);
    const rows = readFileSync(path, 'utf8').trim().split(/\r?\n/);
    const clustered = Number(summary.replace(/,/g, '').match(/^(\d+)/)[1]);
    assert.equal(rows.length, clustered + 1, 'a header and every clustered customer');
    assert.ok(rows.some((row) => row.endsWith(',Best friends')), 'the new name');

    // Saved as segments: one per cluster, named as renamed, found in the segment list.
    await page.getByTestId('save-segments').click();
    await page.getByTestId('see-segments').waitFor();
    assert.equal(await page.getByTestId('save-segments').isDisabled(), true, 'saved once');
    // Undoing the save lets the same result be saved again.
    await page.getByTestId('notice-undo').click();
    await page.getByTestId('save-segments').and(page.locator(':enabled')).waitFor();
    await page.getByTestId('save-segments').click();
    await page.getByTestId('see-segments').click();
    await page.getByTestId('page-marketing').waitFor();
    await page.getByTestId('segment-row').nth(2).waitFor();
    assert.equal(await page.getByTestId('segment-row').count(), 3);
    const names = await page.getByTestId('segment-name').evaluateAll((inputs) => inputs.map((i) => i.value));
    assert.equal(names[0], 'Best friends');
    const members = (await page.getByTestId('segment-members').allTextContents()).map((t) => Number(t.replace(/,/g, '')));
    assert.equal(members.reduce((a, b) => a + b, 0), clustered, 'every clustered customer in one segment');
    // Usable on a phone: the table scrolls inside its box, the page does not widen.
    const size = page.viewportSize();
    await page.setViewportSize({ width: 360, height: 740 });
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0);
    await page.setViewportSize(size);
    // A member's page lists the segment.
    const member = rows.find((row) => row.endsWith(',Best friends')).split(',')[0].slice(1);
    await openAt(page, shared.server, `customers/${member}`);
    assert.match(await page.getByTestId('customer-segments').textContent(), /Best friends/);
    // Renamed and deleted in the list, the delete undone.
    await openAt(page, shared.server, 'marketing');
    await page.getByTestId('segment-row').nth(2).waitFor();
    await page.getByTestId('segment-name').nth(1).fill('Win back');
    await page.getByTestId('segment-name').nth(1).dispatchEvent('change');
    await page.getByTestId('action-notice').waitFor();
    await page.getByTestId('delete-segment').nth(2).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=segment-row]').length === 2);
    await page.getByTestId('notice-undo').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=segment-row]').length === 3);
    assert.deepEqual(
      (await page.getByTestId('segment-name').evaluateAll((inputs) => inputs.map((i) => i.value))).slice(0, 2),
      ['Best friends', 'Win back'],
    );
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('basket rules find the planted teaware-and-tea pattern, sort, and recommend on customer pages', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'mining');
    const find = page.getByTestId('find-rules');
    await find.and(page.locator(':enabled')).waitFor({ timeout: 60_000 });
    // A bad bar is refused where it is typed, and nothing runs.
    await page.getByTestId('rules-support').fill('0');
    await page.getByTestId('rules-support').dispatchEvent('change');
    await find.click();
    await page.getByTestId('rules-error').waitFor();
    assert.equal(await page.getByTestId('rules-summary').count(), 0);
    await page.getByTestId('rules-support').fill('0.1');
    await page.getByTestId('rules-support').dispatchEvent('change');
    await find.click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=rules-summary]')?.dataset.runs ?? 0) > 0, null, { timeout: 120_000 });
    assert.ok(Number(await page.getByTestId('rules-summary').getAttribute('data-rules')) > 0);
    const rows = page.getByTestId('rule-row');
    assert.ok((await rows.count()) > 0);
    // Sorted by lift first; the demo data buys tea with teaware.
    const lifts = (await page.getByTestId('rule-lift').allTextContents()).map(Number);
    assert.deepEqual(lifts, [...lifts].sort((a, b) => b - a));
    assert.ok(lifts.every((lift) => lift >= 1.2), 'the lift bar holds');
    const teaware = ['Gaiwan', 'Clay teapot', 'Tea cups (6)', 'Tea tray', 'Kettle'];
    const teas = ['Green tea 250 g', 'Oolong tea 250 g', 'Pu-erh cake', 'Jasmine tea', 'Black tea'];
    const pairs = await rows.evaluateAll((trs) => trs.map((tr) => [tr.cells[0].textContent, tr.cells[1].textContent]));
    assert.ok(pairs.some(([a, c]) => teaware.includes(a) && teas.includes(c)), `teaware → tea among ${JSON.stringify(pairs.slice(0, 10))}`);
    // Sorting by confidence.
    await page.getByTestId('sort-rules-confidence').click();
    const shares = (await page.getByTestId('rule-confidence').allTextContents()).map((t) => Number(t.replace('%', '')));
    assert.deepEqual(shares, [...shares].sort((a, b) => b - a));
    assert.equal(await page.getByTestId('sort-rules-confidence').locator('..').getAttribute('aria-sort'), 'descending');
    // A customer page recommends from the rules kept.
    let recommended = 0;
    for (let id = 1; id <= 40 && !recommended; id += 1) {
      await page.goto(`${shared.server.url}customers/${id}`);
      await page.getByTestId('recommendations').waitFor();
      recommended = await page.getByTestId('recommended-product').count();
    }
    assert.ok(recommended > 0, 'some customer among the first 40 gets recommendations');
    assert.match(await page.getByTestId('recommended-product').first().textContent(), /bought with/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('churn risk is learned, checked against the majority guess, and sorts and filters the customer list', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'mining');
    const score = page.getByTestId('score-churn');
    await score.and(page.locator(':enabled')).waitFor({ timeout: 60_000 });
    await page.getByTestId('churn-horizon').selectOption('90');
    await score.click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=churn-summary]')?.dataset.runs ?? 0) > 0, null, { timeout: 120_000 });
    const summary = page.getByTestId('churn-summary');
    const scored = Number(await summary.getAttribute('data-scored'));
    const auc = Number(await summary.getAttribute('data-auc'));
    assert.ok(scored > 0, 'buyers scored');
    assert.ok(auc > 0.5 && auc <= 1, `ROC AUC ${auc}`);
    assert.equal(await page.getByTestId('churn-metrics').locator('tbody tr').count(), 4);
    assert.match(await page.getByTestId('churn-metrics').textContent(), /Always guess/);
    assert.match(await page.getByTestId('churn-verdict').textContent(), /majority|more common/);
    assert.equal(await page.getByTestId('churn-weights').locator('tbody tr').count(), 6);

    // The customer list shows the scores, sorts by them and filters on them.
    await page.getByTestId('see-churn-list').click();
    await page.getByTestId('customer-row').first().waitFor({ timeout: 60_000 });
    await page.getByTestId('sort-churn_risk').click();
    const risks = async () => (await page.locator('[data-testid=customer-row] .c-churn_risk').allTextContents())
      .map((t) => Number(t.replace('%', '')));
    const top = await risks();
    assert.ok(top.length > 0 && top[0] > 0, `scores shown: ${top.slice(0, 5)}`);
    assert.deepEqual(top, [...top].sort((a, b) => b - a), 'highest risk first');
    const all = (await matchCount(page)).shown;
    await page.getByTestId('filters').locator('summary').click();
    await page.getByTestId('filter-min-churn').fill('50');
    await page.waitForFunction((all) => {
      const text = document.querySelector('[data-testid=match-count]')?.textContent ?? '';
      return Number(text.split('/')[0].replace(/[^0-9]/g, '')) < all;
    }, all);
    const risky = (await matchCount(page)).shown;
    assert.ok(risky <= scored, `${risky} at risk of ${scored} scored`);
    for (const risk of await risks()) assert.ok(risk >= 50, `${risk} >= 50`);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a held run can be cancelled and the page stays usable', async () => {
    // Jobs are let through until the test holds them.
    const { context, page, errors } = await openPage(shared.browser, { initScript: holdWorkerJobs(false) });
    await openAt(page, shared.server, 'mining');
    await page.getByTestId('run-segmentation').and(page.locator(':enabled')).waitFor({ timeout: 60_000 });
    await page.evaluate(() => { window.__holdJobs = true; });
    await page.getByTestId('run-segmentation').click();
    await page.waitForFunction(() => window.__heldJobs >= 1);
    await page.getByTestId('segmentation-progress').waitFor();
    // The page answers meanwhile.
    await page.getByTestId('nav-analytics').focus();
    await page.getByTestId('cancel-segmentation').click();
    await page.getByTestId('segmentation-error').waitFor();
    assert.equal(await page.getByTestId('segmentation-summary').count(), 0);
    await page.evaluate(() => { window.__holdJobs = false; });
    await runSegmentation(page);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
