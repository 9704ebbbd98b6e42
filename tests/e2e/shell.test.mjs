// End-to-end tests of the app shell: every route, the language switch and its memory, the
// not-found page, blocked storage, a phone-sized screen, and no foreign requests or CSP reports.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appReady, foreignRequests, launch, openPage, serviceWorkerControls, startServer } from './helpers.mjs';

const AREAS = [
  ['customers', 'Customers', '客户'],
  ['orders', 'Orders', '订单'],
  ['products', 'Products', '产品'],
  ['service', 'Service', '客户服务'],
  ['marketing', 'Marketing', '营销'],
  ['cleaning', 'Cleaning', '数据清洗'],
  ['analytics', 'Analytics', '数据分析'],
  ['mining', 'Mining', '数据挖掘'],
  ['settings', 'Settings', '设置'],
];

describe('app shell', () => {
  let browser;
  let server;

  before(async () => {
    browser = await launch();
    server = await startServer();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('every area has a route; unbuilt areas say so plainly', async () => {
    const { context, page, requests, errors } = await openPage(browser);
    await page.goto(server.url);
    await appReady(page);
    assert.equal(await page.getByTestId('page-home').isVisible(), true);
    for (const [slug, label] of AREAS) {
      const link = page.getByTestId(`nav-${slug}`);
      assert.equal(await link.textContent(), label);
      await link.click();
      await page.getByTestId(`page-${slug}`).waitFor();
      assert.equal(new URL(page.url()).pathname, `/${slug}`);
      assert.equal(await link.getAttribute('aria-current'), 'page');
      assert.equal(await page.locator(`[data-testid=page-${slug}] h1`).count(), 1, `${slug}: its page`);
    }
    await page.getByTestId('brand').click();
    await page.getByTestId('page-home').waitFor();
    assert.deepEqual(foreignRequests(requests, server.origin), []);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('language switches, is kept across a reload, and switches back', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(server.url);
    await appReady(page);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.getByTestId('lang-select').selectOption('zh-CN');
    for (const [slug, , zh] of AREAS) {
      assert.equal(await page.getByTestId(`nav-${slug}`).textContent(), zh);
    }
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');

    await page.reload();
    await appReady(page);
    assert.equal(await page.getByTestId('nav-customers').textContent(), '客户');
    assert.equal(await page.getByTestId('lang-select').inputValue(), 'zh-CN');

    // The settings page offers the same choice.
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-lang-en').check();
    assert.equal(await page.getByTestId('nav-customers').textContent(), 'Customers');
    await page.reload();
    await appReady(page);
    assert.equal(await page.getByTestId('nav-customers').textContent(), 'Customers');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('an unknown address shows a not-found page with a way home', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(server.url);
    await appReady(page);
    // Deep links are served by the service worker on any static host.
    await serviceWorkerControls(page);
    await page.goto(`${server.url}no-such-page/at/all`);
    await page.getByTestId('page-not-found').waitFor();
    await page.getByTestId('go-home').click();
    await page.getByTestId('page-home').waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
    await context.close();
  });

  test('blocked localStorage falls back to defaults with a visible notice', async () => {
    const { context, page } = await openPage(browser, {
      initScript: () => {
        Object.defineProperty(window, 'localStorage', {
          get() {
            throw new DOMException('The operation is insecure.', 'SecurityError');
          },
        });
      },
    });
    await page.goto(server.url);
    await appReady(page);
    const notice = page.getByTestId('storage-notice');
    await notice.waitFor();
    assert.match(await notice.textContent(), /cannot be saved/);
    // The app still works in the session.
    await page.getByTestId('lang-select').selectOption('zh-CN');
    assert.equal(await page.getByTestId('nav-orders').textContent(), '订单');
    await page.getByTestId('storage-notice-dismiss').click();
    assert.equal(await notice.count(), 0);
    await context.close();
  });

  test('a phone-sized screen has no horizontal overflow and a working menu', async () => {
    const { context, page } = await openPage(browser, { viewport: { width: 360, height: 740 } });
    await page.goto(server.url);
    await appReady(page);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok((await overflow()) <= 0, 'home fits 360 px');
    assert.equal(await page.getByTestId('main-nav').isVisible(), false, 'menu starts closed');
    await page.getByTestId('nav-toggle').click();
    await page.getByTestId('nav-analytics').click();
    await page.getByTestId('page-analytics').waitFor();
    assert.equal(await page.getByTestId('main-nav').isVisible(), false, 'menu closes after a choice');
    assert.ok((await overflow()) <= 0, 'area page fits 360 px');
    await page.getByTestId('lang-select').selectOption('zh-CN');
    assert.ok((await overflow()) <= 0, 'Chinese fits 360 px');
    await page.screenshot({ path: 'tests/e2e/artifacts/phone-analytics.png' });
    await context.close();
  });
});
