// End-to-end tests of static hosting and offline use: the service worker serves the app with the
// server stopped, a new deployment takes over and deletes the old cache, and the same dist/
// works under a sub-path.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  DIST,
  appReady,
  foreignRequests,
  launch,
  openPage,
  serviceWorkerControls,
  startServer,
  tempDir,
} from './helpers.mjs';

const cacheNames = (page) => page.evaluate(() => caches.keys());

/** Copies dist/ and changes its index.html, as a new deployment would, then rebuilds sw.js. */
function secondDeployment() {
  const dir = join(tempDir('deploy2'), 'dist');
  cpSync(DIST, dir, { recursive: true });
  const index = join(dir, 'index.html');
  const html = readFileSync(index, 'utf8').replace('<head>', '<head><meta name="fieldbook-test-build" content="second">');
  writeFileSync(index, html);
  execFileSync('node', ['tools/postbuild.mjs', dir]);
  return dir;
}

describe('offline and static hosting', () => {
  let browser;

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  test('with the server stopped, the app still loads and navigates', async () => {
    const server = await startServer();
    const { context, page, requests } = await openPage(browser);
    try {
      await page.goto(server.url);
      await appReady(page);
      await serviceWorkerControls(page);
      const names = await cacheNames(page);
      assert.equal(names.length, 1);
      assert.match(names[0], /^fieldbook-shell-[0-9a-f]{16}$/);

      await server.close();
      await page.reload();
      await appReady(page);
      await page.getByTestId('nav-orders').click();
      await page.getByTestId('page-orders').waitFor();
      // A deep link, typed while offline.
      await page.goto(`${server.url}settings`);
      await page.getByTestId('page-settings').waitFor();
      await page.getByTestId('nav-customers').click();
      await page.getByTestId('page-customers').waitFor();
      assert.deepEqual(foreignRequests(requests, server.origin), []);
    } finally {
      await context.close();
      await server.close();
    }
  });

  test('a new deployment takes over and the old cache is deleted', async () => {
    const first = await startServer();
    const { context, page, requests } = await openPage(browser);
    try {
      await page.goto(first.url);
      await appReady(page);
      await serviceWorkerControls(page);
      const [oldCache] = await cacheNames(page);

      await first.close();
      const second = await startServer({ root: secondDeployment(), port: first.port });
      await page.reload();
      await appReady(page);
      await page.getByTestId('update-banner').waitFor();
      // The new worker deletes the old cache while it activates.
      await page.waitForFunction(async (old) => {
        const names = await caches.keys();
        return names.length === 1 && names[0] !== old;
      }, oldCache);

      await page.getByTestId('update-reload').click();
      await page.waitForSelector('meta[name="fieldbook-test-build"]', { state: 'attached' });
      await appReady(page);
      assert.equal(await page.getByTestId('update-banner').count(), 0);
      assert.deepEqual(foreignRequests(requests, second.origin), []);
      await second.close();
    } finally {
      await context.close();
      await first.close();
    }
  });

  test('dist/ works under a sub-path', async () => {
    const server = await startServer({ prefix: '/crm/' });
    const { context, page, requests, errors } = await openPage(browser);
    try {
      await page.goto(server.url);
      await appReady(page);
      await page.getByTestId('nav-products').click();
      await page.getByTestId('page-products').waitFor();
      assert.equal(new URL(page.url()).pathname, '/crm/products');
      await serviceWorkerControls(page);
      await page.reload();
      await page.getByTestId('page-products').waitFor();
      await page.getByTestId('brand').click();
      await page.getByTestId('page-home').waitFor();
      assert.equal(new URL(page.url()).pathname, '/crm/');
      // index.html by name also opens the app.
      await page.goto(`${server.url}index.html`);
      await page.getByTestId('page-home').waitFor();
      assert.deepEqual(foreignRequests(requests, server.origin), []);
      assert.deepEqual(errors, []);
      assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    } finally {
      await context.close();
      await server.close();
    }
  });
});
