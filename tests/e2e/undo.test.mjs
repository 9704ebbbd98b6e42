// End-to-end tests of undo and redo (from the change log in the store) and of bulk actions on
// selected customers: create → edit → undo → redo; bulk tag 1,000 customers then undo; notes.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { matchCount, openAt, openPage, search, useBrowser } from './helpers.mjs';

const DEMO_CUSTOMERS = 400;
const IMPORTED = 1_200;



async function waitForTotal(page, total) {
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid=match-count]')?.textContent.includes(`/ ${n.toLocaleString('en-US')} `),
    total,
  );
}


async function textOf(page, testid) {
  return (await page.getByTestId(testid).textContent()).trim();
}

/// Presses a shortcut with the focus outside any text field, as a person would after saving.
async function shortcut(page, keys) {
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press(keys);
}

describe('undo, redo and bulk actions', () => {
  const shared = useBrowser();

  test('create → edit → undo → redo, by keyboard and by the header buttons', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'customers/new');
    await page.getByTestId('edit-name').fill('Una Undo');
    await page.getByTestId('edit-city').fill('Firstville');
    await page.getByTestId('save-customer').click();
    await page.waitForFunction(() => /\/customers\/\d+$/.test(location.pathname));
    await page.getByTestId('value-city').waitFor();
    const url = page.url();

    await page.getByTestId('edit-customer').click();
    await page.getByTestId('edit-city').fill('Secondville');
    await page.getByTestId('save-customer').click();
    await page.getByTestId('edit-saved').waitFor();
    assert.equal(await textOf(page, 'value-city'), 'Secondville');
    assert.match(await page.getByTestId('undo').getAttribute('title'), /Undo: Edited/);

    await shortcut(page, 'Control+z');
    await page.waitForFunction(() => document.querySelector('[data-testid=value-city]')?.textContent.trim() === 'Firstville');
    assert.match(await textOf(page, 'action-notice'), /Undone: Edited/);
    await shortcut(page, 'Control+Shift+z');
    await page.waitForFunction(() => document.querySelector('[data-testid=value-city]')?.textContent.trim() === 'Secondville');
    assert.match(await textOf(page, 'action-notice'), /Redone: Edited/);
    // The history shows the edit, its undo and its redo.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=history-entry]').length === 4);
    const history = await page.getByTestId('history').textContent();
    assert.match(history, /\(undone\)/);
    assert.match(history, /\(redone\)/);

    // Undo the edit and the creation with the header button: the customer is gone.
    await page.getByTestId('undo').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=value-city]')?.textContent.trim() === 'Firstville');
    await page.getByTestId('undo').click();
    await page.getByTestId('customer-not-found').waitFor();
    // Redo brings it back, and it survives a reload (the store, not the page, changed).
    await page.getByTestId('redo').click();
    await page.getByTestId('value-city').waitFor();
    await page.goto(url);
    await page.waitForFunction(() => document.querySelector('[data-testid=value-city]')?.textContent.trim() === 'Firstville');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('bulk tag 1,000 customers, then undo restores every one of them', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'customers');
    // 1,200 more customers through the import wizard, all in one city.
    const rows = Array.from({ length: IMPORTED }, (_, i) => `Bulk Person ${i + 1},bulk${i + 1}@example.com,Bulkton`);
    await page.getByTestId('open-import').click();
    await page.getByTestId('import-file').setInputFiles({
      name: 'bulk.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`name,email,city\n${rows.join('\n')}\n`),
    });
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-confirm').click();
    await page.getByTestId('import-result').waitFor();
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customer-row').first().waitFor();
    await waitForTotal(page, DEMO_CUSTOMERS + IMPORTED);

    // Select rows 1..1,000 of "bulk person": click the first, shift-click after scrolling.
    await search(page, 'bulk person');
    assert.equal((await matchCount(page)).shown, IMPORTED);
    await page.getByTestId('select-row').first().click();
    await page.getByTestId('bulk-bar').waitFor();
    await page.locator('.vbody').evaluate((el) => { el.scrollTop = 999 * 44 - 200; });
    const thousandth = page.locator('[data-testid=customer-row][aria-rowindex="1001"] [data-testid=select-row]');
    await thousandth.waitFor();
    await thousandth.click({ modifiers: ['Shift'] });
    assert.equal(await textOf(page, 'selected-count'), '1,000 selected');

    await page.getByTestId('bulk-add-tag').click();
    assert.match(await textOf(page, 'bulk-problem'), /tag/i, 'a tag is needed');
    await page.getByTestId('bulk-tag').fill('Spring Promo');
    await page.getByTestId('bulk-add-tag').click();
    await page.waitForFunction(() => /Customers changed: 1,000/.test(document.querySelector('[data-testid=action-notice]')?.textContent ?? ''));

    // The tag filter finds exactly the 1,000.
    const tagged = async () => {
      await search(page, '');
      if (!(await page.getByTestId('filters').evaluate((d) => d.open))) {
        await page.locator('[data-testid=filters] summary').click();
      }
      await page.getByTestId('filter-tag').fill('Spring Promo');
      const count = (await matchCount(page)).shown;
      await page.getByTestId('filter-clear').click();
      return count;
    };
    await waitForTotal(page, DEMO_CUSTOMERS + IMPORTED);
    assert.equal(await tagged(), 1_000);

    // One undo reverts all of it.
    await page.getByTestId('notice-undo').click();
    await page.waitForFunction(() => /Undone: Tag added: Spring Promo/.test(document.querySelector('[data-testid=action-notice]')?.textContent ?? ''));
    await waitForTotal(page, DEMO_CUSTOMERS + IMPORTED);
    assert.equal(await tagged(), 0, 'no customer has the tag after undo');

    // Select everything that matches a search, set a field, and delete the selection.
    await search(page, 'bulk person 11');
    const matching = (await matchCount(page)).shown;
    await page.getByTestId('clear-selection').click();
    await page.getByTestId('select-all').check();
    assert.equal(await textOf(page, 'selected-count'), `${matching} selected`);
    await page.getByTestId('bulk-field').selectOption('gender');
    await page.getByTestId('bulk-value').fill('maybe');
    await page.getByTestId('bulk-set').click();
    assert.match(await textOf(page, 'bulk-problem'), /F, M or X/);
    await page.getByTestId('bulk-field').selectOption('city');
    await page.getByTestId('bulk-value').fill('Newtown');
    await page.getByTestId('bulk-set').click();
    await page.waitForFunction((n) => new RegExp(`Customers changed: ${n}`).test(document.querySelector('[data-testid=action-notice]')?.textContent ?? ''), matching);
    await page.getByTestId('bulk-delete').click();
    await page.getByTestId('confirm-delete').click();
    await waitForTotal(page, DEMO_CUSTOMERS + IMPORTED - matching);
    await shortcut(page, 'Control+z');
    await waitForTotal(page, DEMO_CUSTOMERS + IMPORTED);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('an import is one action: undo removes what it stored, redo brings it back', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'customers');
    await page.getByTestId('open-import').click();
    await page.getByTestId('import-file').setInputFiles({
      name: 'three.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('name,email\nUndo One,u1@example.com\nUndo Two,u2@example.com\nUndo Three,u3@example.com\n'),
    });
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-confirm').click();
    await page.getByTestId('import-result').waitFor();
    assert.match(await page.getByTestId('undo').getAttribute('title'), /Undo: Imported/);
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customer-row').first().waitFor();
    await waitForTotal(page, DEMO_CUSTOMERS + 3);
    await shortcut(page, 'Control+z');
    await waitForTotal(page, DEMO_CUSTOMERS);
    assert.match(await textOf(page, 'action-notice'), /Undone: Imported: three.csv/);
    await page.getByTestId('redo').click();
    await waitForTotal(page, DEMO_CUSTOMERS + 3);
    await search(page, 'undo two');
    assert.equal((await matchCount(page)).shown, 1);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('notes are added, shown as text, refused when empty, and deleted with undo', async () => {
    const { context, page, errors } = await openPage(shared.browser);
    await openAt(page, shared.server, 'customers/3');
    await page.getByTestId('add-note-form').waitFor();
    await page.getByTestId('add-note').click();
    assert.match(await textOf(page, 'new-note-problem'), /Write something/);
    const body = 'Called about <b>invoice</b>\nwill pay Friday';
    await page.getByTestId('new-note').fill(body);
    await page.getByTestId('add-note').click();
    await page.getByTestId('timeline-note').waitFor();
    assert.equal(await page.locator('[data-testid=timeline-note] .note-body').textContent(), body.replace('\n', '\n'));
    assert.equal(await page.locator('[data-testid=timeline-note] .note-body b').count(), 0, 'markup stays text');
    assert.equal(await page.getByTestId('new-note').inputValue(), '', 'the box is emptied after adding');
    await page.getByTestId('delete-note').click();
    await page.getByTestId('timeline-note').waitFor({ state: 'detached' });
    await page.getByTestId('notice-undo').click();
    await page.getByTestId('timeline-note').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });
});
