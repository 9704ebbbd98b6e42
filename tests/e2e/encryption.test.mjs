// End-to-end tests of encryption at rest: switching it on in Settings seals what IndexedDB
// holds, the app then opens locked with no customer data in the page, a wrong passphrase says
// so, other tabs lock too, the idle timer locks, a switch interrupted by closing the tab is
// finished by the next unlock, and switching off brings the plain profile back.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appReady, openAt, openPage, tempDir, useBrowser } from './helpers.mjs';

const PASSPHRASE = 'field notes 2026';

/** Everything the record stores hold, as JSON (sealed bytes show as numbers). */
function rawStores(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('fieldbook');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = ['customers', 'products', 'orders', 'notes', 'changes'];
          const tx = db.transaction(names);
          const parts = [];
          for (const name of names) {
            const request = tx.objectStore(name).getAll();
            request.onsuccess = () => parts.push(JSON.stringify(request.result));
          }
          tx.oncomplete = () => {
            db.close();
            resolve(parts.join('\n'));
          };
        };
      }),
  );
}

async function customerName(page, server, id) {
  await page.goto(`${server.url}customers/${id}`);
  await page.getByTestId('value-name').waitFor();
  return (await page.getByTestId('value-name').textContent()).trim();
}

async function turnOn(page, server) {
  await openAt(page, server, 'settings');
  await page.getByTestId('encrypt-passphrase').fill('short');
  await page.getByTestId('encrypt-repeat').fill('short');
  await page.getByTestId('encrypt-submit').click();
  assert.match(await page.getByTestId('encrypt-error').textContent(), /at least 8/);
  await page.getByTestId('encrypt-passphrase').fill(PASSPHRASE);
  await page.getByTestId('encrypt-repeat').fill(`${PASSPHRASE}!`);
  await page.getByTestId('encrypt-submit').click();
  assert.match(await page.getByTestId('encrypt-error').textContent(), /differ/);
  await page.getByTestId('encrypt-repeat').fill(PASSPHRASE);
  await page.getByTestId('encrypt-submit').click();
}

async function unlock(page, passphrase = PASSPHRASE) {
  await page.getByTestId('unlock-passphrase').fill(passphrase);
  await page.getByTestId('unlock-submit').click();
}

describe('encryption at rest', () => {
  const shared = useBrowser();

  test('switching on seals the data; the app opens locked and shows nothing before unlock', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'customers');
    const name = await customerName(page, shared.server, 3);
    assert.ok((await rawStores(page)).includes(name), 'plain before');

    await turnOn(page, shared.server);
    await page.getByTestId('lock-now').waitFor();
    const raw = await rawStores(page);
    assert.ok(!raw.includes(name), 'no customer name at rest');
    assert.ok(!raw.includes('@'), 'no email at rest');

    await page.reload();
    await page.getByTestId('lock-screen').waitFor();
    const html = await page.content();
    assert.ok(!html.includes(name), 'the locked page holds no customer data');
    await page.goto(`${shared.server.url}customers/3`);
    await page.getByTestId('lock-screen').waitFor();
    assert.ok(!(await page.content()).includes(name), 'not even on a deep link');

    await unlock(page, 'not it at all');
    assert.match(await page.getByTestId('unlock-error').textContent(), /not the right one/);
    await unlock(page);
    await page.getByTestId('value-name').waitFor();
    assert.equal((await page.getByTestId('value-name').textContent()).trim(), name);

    // Another tab opens locked; locking one tab locks the others.
    const other = await context.newPage();
    await other.goto(`${shared.server.url}settings`);
    await other.getByTestId('lock-screen').waitFor();
    await unlock(other);
    await other.getByTestId('lock-now').click();
    await other.getByTestId('lock-screen').waitFor();
    await page.getByTestId('lock-screen').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the idle timer locks; switching off needs the passphrase and restores plain data', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await page.clock.install();
    await openAt(page, shared.server, 'customers');
    const name = await customerName(page, shared.server, 5);
    await turnOn(page, shared.server);
    await page.getByTestId('auto-lock').selectOption('1');
    await page.clock.fastForward(2 * 60_000);
    await page.getByTestId('lock-screen').waitFor();

    await unlock(page);
    await page.getByTestId('brand').waitFor();
    await page.goto(`${shared.server.url}settings`);
    await page.getByTestId('lock-screen').waitFor();
    await unlock(page);
    await page.getByTestId('decrypt-passphrase').fill('wrong passphrase');
    await page.getByTestId('decrypt-submit').click();
    assert.match(await page.getByTestId('decrypt-error').textContent(), /not the right one/);
    await page.getByTestId('decrypt-passphrase').fill(PASSPHRASE);
    await page.getByTestId('decrypt-submit').click();
    await page.getByTestId('encrypt-submit').waitFor();
    assert.ok((await rawStores(page)).includes(name), 'plain again');
    await page.reload();
    await appReady(page);
    assert.equal(await page.getByTestId('lock-screen').count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a switch interrupted by closing the tab is finished by the next unlock', async () => {
    const { context, page } = await openPage(shared.browser);
    await openAt(page, shared.server, 'customers');
    const name = await customerName(page, shared.server, 7);
    await turnOn(page, shared.server);
    // Close as soon as the pass has started (or ended, if it was quicker): the profile is then
    // marked as turning on, and every record is either sealed or not yet.
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid=lock-now]') ||
        Number(document.querySelector('[data-testid=encryption-progress] progress')?.value) > 0,
    );
    await page.close();

    const next = await context.newPage();
    await next.goto(`${shared.server.url}customers/7`);
    await next.getByTestId('lock-screen').waitFor();
    await unlock(next);
    await next.getByTestId('value-name').waitFor();
    assert.equal((await next.getByTestId('value-name').textContent()).trim(), name);
    const raw = await rawStores(next);
    assert.ok(!raw.includes(name), 'the pass was finished: nothing left in plain form');
    await context.close();
  });

  test('a backup made while encrypted restores into a new profile only with its passphrase', async () => {
    const downloads = tempDir('encrypted-backup');
    const { context, page } = await openPage(shared.browser);
    await openAt(page, shared.server, 'customers');
    const name = await customerName(page, shared.server, 9);
    await turnOn(page, shared.server);
    await page.getByTestId('lock-now').waitFor();
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=data-counts]')?.textContent ?? ''));
    const counts = await page.getByTestId('data-counts').textContent();
    await page.getByTestId('backup-passphrase').fill('backup passphrase 1');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('backup-download').click(),
    ]);
    const path = join(downloads, download.suggestedFilename());
    await download.saveAs(path);
    assert.match(path, /\.fieldbook-encrypted$/);
    const bytes = readFileSync(path);
    assert.ok(bytes.subarray(0, 20).toString() === 'FIELDBOOK-ENCRYPTED\n');
    assert.ok(!bytes.toString('latin1').includes(name), 'no customer data in the file');
    await context.close();

    // A new profile: an empty database of its own.
    const fresh = await openPage(shared.browser);
    await openAt(fresh.page, shared.server, 'settings');
    await fresh.page.getByTestId('delete-all').click();
    await fresh.page.getByTestId('delete-all-confirm').click();
    await fresh.page.waitForFunction(() => document.querySelector('[data-testid=data-counts]')?.textContent.startsWith('0 '));
    await fresh.page.getByTestId('restore-file').setInputFiles(path);
    await fresh.page.getByTestId('restore-passphrase').fill(PASSPHRASE);
    await fresh.page.getByTestId('restore-open').click();
    await fresh.page.getByTestId('data-message').waitFor();
    assert.match(await fresh.page.getByTestId('data-message').textContent(), /not the right one/);
    assert.equal(await fresh.page.getByTestId('restore-preview').count(), 0);
    await fresh.page.getByTestId('restore-passphrase').fill('backup passphrase 1');
    await fresh.page.getByTestId('restore-open').click();
    await fresh.page.getByTestId('restore-preview').waitFor();
    await fresh.page.getByTestId('restore-confirm').click();
    await fresh.page.waitForFunction((before) => document.querySelector('[data-testid=data-counts]')?.textContent === before, counts);
    assert.equal(await customerName(fresh.page, shared.server, 9), name);
    await fresh.context.close();
  });
});
