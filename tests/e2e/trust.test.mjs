// End-to-end tests of reliability: a write that fills the browser's storage (a profile on a
// small file system) says what to do and damages nothing, and closing the page in the middle of a large import or a bulk edit leaves
// the data either as before or as after — never a mix — and the app then says which.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { appReady, launchPersistent, openAt, openPage, tempDir, useBrowser } from './helpers.mjs';

const DEMO_CUSTOMERS = 400;

function peopleCsv(count, prefix) {
  const rows = ['name,email,city'];
  for (let i = 0; i < count; i++) rows.push(`${prefix} ${i},${prefix.toLowerCase()}${i}@example.com,Lyon`);
  return Buffer.from(rows.join('\n'));
}

async function customerCount(page) {
  await page.getByTestId('nav-customers').click();
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=record-count]')?.textContent ?? ''));
  return Number((await page.getByTestId('record-count').textContent()).replace(/[^0-9]/g, ''));
}

async function startImport(page, name, buffer) {
  await page.getByTestId('nav-customers').click();
  await page.getByTestId('open-import').click();
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/csv', buffer });
  await page.getByTestId('import-mapping').waitFor();
  await page.getByTestId('import-check').click();
  await page.getByTestId('import-confirm').click();
}

/** How many stored customers carry `tag`, read straight from IndexedDB. */
function taggedAtRest(page, tag) {
  return page.evaluate(
    (wanted) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('fieldbook');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('customers').objectStore('customers').getAll();
          request.onsuccess = () => {
            db.close();
            let count = 0;
            for (const chunk of request.result) {
              for (const customer of JSON.parse(chunk.j)) if (customer.tags?.includes(wanted)) count++;
            }
            resolve(count);
          };
        };
      }),
    tag,
  );
}

describe('storage limits and interrupted writes', () => {
  const shared = useBrowser();

  test('a write that fills the storage says what to do and keeps what was stored', async (t) => {
    // A profile on a 40 MB file system: the browser's storage really runs out.
    const dir = tempDir('small-disk');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=40m', 'tmpfs', dir]);
    } catch (error) {
      t.skip(`no small file system can be mounted here: ${String(error.message).split('\n')[0]}`);
      return;
    }
    let context;
    try {
      context = await launchPersistent(join(dir, 'profile'));
      const page = await context.newPage();
      await page.goto(shared.server.url);
      await appReady(page);
      assert.equal(await customerCount(page), DEMO_CUSTOMERS);
      await startImport(page, 'too-many.csv', peopleCsv(150_000, 'Full'));
      await page.getByTestId('import-error').waitFor({ timeout: 120_000 });
      const said = await page.getByTestId('import-error').textContent();
      assert.match(said, /nothing was stored/);
      assert.match(said, /storage/);
      assert.match(said, /backup/);
      assert.match(said, /demo data/);

      // The storage recovers once the failed transaction is rolled back: what was stored is all
      // there and readable.
      await page.goto(shared.server.url);
      await appReady(page);
      assert.equal(await customerCount(page), DEMO_CUSTOMERS, 'nothing of the import, nothing lost');
      await page.getByTestId('customer-row').first().click();
      await page.getByTestId('value-name').waitFor();
    } finally {
      await context?.close();
      execFileSync('umount', ['-l', dir]);
    }
  });

  for (const [attempt, delay] of [[1, 0], [2, 400]]) {
    test(`closing the page during a large import stores all of it or none (attempt ${attempt})`, async () => {
      const { context, page } = await openPage(shared.browser);
      await openAt(page, shared.server, 'customers');
      await startImport(page, `big-${attempt}.csv`, peopleCsv(30_000, `Crash${attempt}`));
      await page.getByTestId('import-progress').waitFor({ timeout: 120_000 });
      await page.waitForTimeout(delay);
      await page.close();

      const next = await context.newPage();
      await next.goto(shared.server.url);
      await appReady(next);
      const count = await customerCount(next);
      assert.ok(count === DEMO_CUSTOMERS || count === DEMO_CUSTOMERS + 30_000, `never a mix: ${count}`);
      await next.getByTestId('recovery-notice').waitFor({ timeout: 15_000 });
      const notice = await next.getByTestId('recovery-notice').textContent();
      assert.match(notice, new RegExp(`big-${attempt}\\.csv`));
      assert.match(notice, count === DEMO_CUSTOMERS ? /nothing of it was stored/ : /stored completely/);
      await context.close();
    });
  }

  test('closing the page during a bulk edit tags every selected customer or none', async () => {
    const { context, page } = await openPage(shared.browser);
    await openAt(page, shared.server, 'customers');
    // Selecting all waits for the list's rows (a loaded machine builds the index slower).
    await page.getByTestId('customer-row').first().waitFor();
    await page.getByTestId('select-all').check();
    await page.getByTestId('bulk-tag').fill('crash-test', { timeout: 60_000 });
    await page.getByTestId('bulk-add-tag').click();
    await page.close();

    const next = await context.newPage();
    await next.goto(shared.server.url);
    await appReady(next);
    const tagged = await taggedAtRest(next, 'crash-test');
    assert.ok(tagged === 0 || tagged === DEMO_CUSTOMERS, `all or none: ${tagged}`);
    await context.close();
  });
});
