// End-to-end tests of the customer database through the real UI: demo data, the import wizard
// (good and bad rows, GBK, cancel), CSV export, backup and restore, and removing the demo data.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appReady, launch, openPage, startServer, tempDir } from './helpers.mjs';

const DEMO_CUSTOMERS = 400;

async function customerCount(page) {
  await page.getByTestId('nav-customers').click();
  const count = page.getByTestId('record-count');
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=record-count]')?.textContent ?? ''));
  return Number((await count.textContent()).replace(/[^0-9]/g, ''));
}

async function ready(page, server) {
  await page.goto(server.url);
  await appReady(page);
  await page.getByTestId('demo-banner').waitFor();
}

async function upload(page, name, buffer) {
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/csv', buffer });
  await page.getByTestId('import-mapping').waitFor();
}

async function saveDownload(page, action, dir) {
  const [download] = await Promise.all([page.waitForEvent('download'), action()]);
  const path = join(dir, download.suggestedFilename());
  await download.saveAs(path);
  return path;
}

describe('customer database', () => {
  let browser;
  let server;
  const downloads = tempDir('downloads');

  before(async () => {
    browser = await launch();
    server = await startServer();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('first visit shows labelled demo data that one click removes for good', async () => {
    const { context, page, errors } = await openPage(browser);
    await ready(page, server);
    assert.match(await page.getByTestId('demo-banner').textContent(), /demo/i);
    assert.equal(await customerCount(page), DEMO_CUSTOMERS);
    await page.getByTestId('remove-demo').click();
    await page.getByTestId('demo-banner').waitFor({ state: 'detached' });
    assert.equal(await customerCount(page), 0);
    await page.reload();
    await appReady(page);
    assert.equal(await customerCount(page), 0, 'demo data does not come back');
    assert.equal(await page.getByTestId('demo-banner').count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('import shows good and bad rows, stores nothing before confirm, and keeps data after reload', async () => {
    const { context, page, errors } = await openPage(browser);
    await ready(page, server);
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('open-import').click();
    const csv =
      'Name;Email;Phone;Age;City\r\n' +
      'Grace Hopper;grace@example.com;+1 212 555 0100;85;New York\r\n' +
      'Bad Age;bad@example.com;;abc;Paris\r\n' +
      ';;;40;Nowhere\r\n' +
      'Kept Flagged;kept@;;;Berlin\r\n' +
      '=HYPERLINK("http://evil.example");evil@example.com;;;London\r\n';
    await upload(page, 'people.csv', Buffer.from(csv));
    assert.equal(await page.getByTestId('import-map-0').inputValue(), 'name');
    assert.equal(await page.getByTestId('import-map-4').inputValue(), 'city');
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-summary').waitFor();
    assert.equal(await page.getByTestId('import-valid').textContent(), '3');
    assert.equal(await page.getByTestId('import-rejected').textContent(), '2');
    assert.equal(await page.getByTestId('import-flagged').textContent(), '1');
    const preview = page.getByTestId('import-preview');
    assert.equal(await preview.locator('tr.row-rejected').count(), 2);
    assert.equal(await preview.locator('tr[data-line="3"] td.cell-error').textContent(), 'abc');
    assert.equal(await preview.locator('tr.row-flagged').count(), 1);
    const rejected = await page.getByTestId('import-rejected-list').textContent();
    assert.match(rejected, /Line 3.*age 'abc'/);
    assert.match(rejected, /Line 4.*needs at least a name/);

    const rejectedPath = await saveDownload(page, () => page.getByTestId('import-download-rejected').click(), downloads);
    const rejectedCsv = readFileSync(rejectedPath, 'utf8');
    assert.match(rejectedCsv, /Bad Age,bad@example.com,,abc,Paris,3,/);
    assert.match(rejectedCsv, /,,,40,Nowhere,4,/);

    // Nothing is stored before confirming.
    assert.equal(await customerCount(page), DEMO_CUSTOMERS);
    await page.getByTestId('open-import').click();
    await upload(page, 'people.csv', Buffer.from(csv));
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-confirm').click();
    await page.getByTestId('import-result').waitFor();
    assert.match(await page.getByTestId('import-result').textContent(), /3/);

    await page.reload();
    await appReady(page);
    assert.equal(await customerCount(page), DEMO_CUSTOMERS + 3);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a change saved in one tab appears in another', async () => {
    const { context, page } = await openPage(browser);
    await ready(page, server);
    const other = await context.newPage();
    await other.goto(server.url);
    await appReady(other);
    assert.equal(await customerCount(other), DEMO_CUSTOMERS);
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('open-import').click();
    await upload(page, 'two.csv', Buffer.from('name,email\nTab One,one@example.com\nTab Two,two@example.com\n'));
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-confirm').click();
    await page.getByTestId('import-result').waitFor();
    await other.waitForFunction(
      (n) => document.querySelector('[data-testid=record-count]')?.textContent.startsWith(`${n} `),
      DEMO_CUSTOMERS + 2,
    );
    await context.close();
  });

  test('settings keep the default country and reopen on the last area', async () => {
    const { context, page } = await openPage(browser);
    await ready(page, server);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-country').selectOption('CN');
    await page.getByTestId('nav-orders').click();
    await page.getByTestId('page-orders').waitFor();
    await page.close();
    const again = await context.newPage();
    await again.goto(server.url);
    await again.getByTestId('page-orders').waitFor();
    assert.equal(new URL(again.url()).pathname, '/orders');
    await again.getByTestId('nav-settings').click();
    assert.equal(await again.getByTestId('settings-country').inputValue(), 'CN');
    await context.close();
  });

  test('a GBK file with Chinese headers imports with the right characters', async () => {
    const { context, page } = await openPage(browser);
    await ready(page, server);
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('open-import').click();
    // "姓名,电话\r\n王芳,13800138000\r\n" in GBK.
    const gbk = Buffer.from([
      0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xb5, 0xe7, 0xbb, 0xb0, 0x0d, 0x0a, 0xcd, 0xf5, 0xb7, 0xbc, 0x2c,
      ...Buffer.from('13800138000\r\n'),
    ]);
    await upload(page, 'gbk.csv', gbk);
    assert.equal(await page.getByTestId('import-map-0').inputValue(), 'name');
    assert.equal(await page.getByTestId('import-map-1').inputValue(), 'phone');
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-summary').waitFor();
    assert.match(await page.getByTestId('import-preview').textContent(), /王芳/);
    assert.equal(await page.getByTestId('import-valid').textContent(), '1');
    await context.close();
  });

  test('import problems are told in Chinese when the UI is in Chinese', async () => {
    const { context, page } = await openPage(browser);
    await ready(page, server);
    await page.getByTestId('lang-select').selectOption('zh-CN');
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('open-import').click();
    await upload(page, 'zh.csv', Buffer.from('姓名,年龄,邮箱\n王芳,abc,wang@example.cn\n李娜,30,li@\n'));
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-summary').waitFor();
    assert.match(await page.getByTestId('import-rejected-list').textContent(), /年龄“abc”不是整数/);
    assert.match(await page.getByTestId('import-preview').textContent(), /邮箱“li@”不是有效的邮箱地址/);
    await context.close();
  });

  test('a cancelled import stores nothing', async () => {
    const { context, page } = await openPage(browser);
    await ready(page, server);
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('open-import').click();
    let csv = 'name,email\n';
    for (let i = 0; i < 60000; i++) csv += `Person ${i},p${i}@example.com\n`;
    await upload(page, 'many.csv', Buffer.from(csv));
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-summary').waitFor();
    await page.getByTestId('import-confirm').click();
    await page.getByTestId('import-cancel').click();
    await page.getByTestId('import-error').waitFor();
    assert.match(await page.getByTestId('import-error').textContent(), /cancelled/);
    assert.equal(await customerCount(page), DEMO_CUSTOMERS);
    await page.reload();
    await appReady(page);
    assert.equal(await customerCount(page), DEMO_CUSTOMERS);
    await context.close();
  });

  test('export neutralises formulas; backup, delete all and restore give back identical data', async () => {
    const { context, page, errors } = await openPage(browser);
    await ready(page, server);
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('open-import').click();
    await upload(page, 'f.csv', Buffer.from('name,email\n"=1+1",a@example.com\n@SUM(A1),b@example.com\n'));
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-confirm').click();
    await page.getByTestId('import-result').waitFor();

    await page.getByTestId('nav-customers').click();
    const exportPath = await saveDownload(page, () => page.getByTestId('export-customers').click(), downloads);
    const exported = readFileSync(exportPath, 'utf8');
    assert.match(exported, /,'=1\+1,/);
    assert.match(exported, /,'@SUM\(A1\),/);
    assert.doesNotMatch(exported, /,=1\+1,/);
    await page.getByTestId('nav-orders').click();
    const ordersBefore = readFileSync(
      await saveDownload(page, () => page.getByTestId('export-orders').click(), downloads),
      'utf8',
    );

    await page.getByTestId('nav-settings').click();
    const counts = page.getByTestId('data-counts');
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=data-counts]')?.textContent ?? ''));
    const countsBefore = await counts.textContent();
    const backupPath = await saveDownload(page, () => page.getByTestId('backup-download').click(), downloads);
    assert.match(backupPath, /\.json\.gz$/);

    await page.getByTestId('delete-all').click();
    await page.getByTestId('delete-all-confirm').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=data-counts]')?.textContent.startsWith('0 '));

    await page.getByTestId('restore-file').setInputFiles(backupPath);
    await page.getByTestId('restore-preview').waitFor();
    assert.match(await page.getByTestId('restore-preview').textContent(), /402 customers/);
    await page.getByTestId('restore-confirm').click();
    await page.waitForFunction((before) => document.querySelector('[data-testid=data-counts]')?.textContent === before, countsBefore);

    await page.reload();
    await appReady(page);
    await page.getByTestId('nav-customers').click();
    const again = readFileSync(await saveDownload(page, () => page.getByTestId('export-customers').click(), downloads), 'utf8');
    assert.equal(again, exported, 'every customer field survives backup and restore');
    await page.getByTestId('nav-orders').click();
    const ordersAfter = readFileSync(
      await saveDownload(page, () => page.getByTestId('export-orders').click(), downloads),
      'utf8',
    );
    assert.equal(ordersAfter, ordersBefore);

    // A file that is not a backup is refused and changes nothing.
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('restore-file').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"a":1}') });
    await page.getByTestId('data-message').waitFor();
    assert.match(await page.getByTestId('data-message').textContent(), /not a Fieldbook backup/);
    assert.equal(await counts.textContent(), countsBefore);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
