// Shared helpers for the end-to-end tests: a plain static file server (no fallback to
// index.html, like the simplest static host) and a headless Chromium that records every request.

import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createReadStream, existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const DIST = resolve(process.env.FIELDBOOK_DIST ?? 'dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/**
 * Serves `root` under the path `prefix` (e.g. '/' or '/crm/') on 127.0.0.1. Pass `port` to reuse
 * an origin (a redeploy); close() drops open connections so the page really loses the network.
 */
export async function startServer({ root = DIST, prefix = '/', port = 0 } = {}) {
  const server = createServer((request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    if (url.pathname === prefix.replace(/\/$/, '') && prefix !== '/') {
      response.writeHead(301, { Location: prefix });
      response.end();
      return;
    }
    if (!url.pathname.startsWith(prefix)) {
      response.writeHead(404).end('not found');
      return;
    }
    let path = normalize(join(root, decodeURIComponent(url.pathname.slice(prefix.length))));
    if (!path.startsWith(root)) {
      response.writeHead(403).end('forbidden');
      return;
    }
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
    if (!existsSync(path)) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' });
    createReadStream(path).pipe(response);
  });
  await new Promise((done) => server.listen(port, '127.0.0.1', done));
  const actualPort = server.address().port;
  return {
    port: actualPort,
    origin: `http://127.0.0.1:${actualPort}`,
    url: `http://127.0.0.1:${actualPort}${prefix}`,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(done);
      }),
  };
}

/** Starts headless Debian Chromium with a fresh profile. */
export async function launch() {
  return chromium.launch(launchOptions());
}

/** Starts headless Chromium with its profile in `dir` (a real, non-private profile). */
export async function launchPersistent(dir) {
  return chromium.launchPersistentContext(dir, launchOptions());
}

function launchOptions() {
  return {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  };
}

/**
 * What every page of a test file did that it never may: Content-Security-Policy violations and
 * requests to any host but the local test servers. Checked once all of the file's tests ran, so
 * a full e2e run proves neither happened anywhere.
 */
const breaches = { csp: [], foreign: [] };

after(() => {
  assert.deepEqual(breaches.csp, [], 'no Content-Security-Policy violation in any page');
  assert.deepEqual(breaches.foreign, [], 'no request to another origin from any page');
});

function isLocal(url) {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  return new URL(url).hostname === '127.0.0.1';
}

/**
 * A new browser context and page that record every request's URL, console errors and
 * Content-Security-Policy violations (also reported to the file-wide check above, unless the
 * test bypasses the policy on purpose).
 */
export async function openPage(browser, { viewport = { width: 1280, height: 800 }, initScript, bypassCSP = false } = {}) {
  const context = await browser.newContext({ viewport, bypassCSP });
  const requests = [];
  context.on('request', (request) => {
    requests.push(request.url());
    if (!isLocal(request.url())) breaches.foreign.push(request.url());
  });
  await context.exposeBinding('__fieldbookCspViolation', (source, text) => {
    if (!bypassCSP) breaches.csp.push(`${source.page?.url()}: ${text}`);
  });
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      const text = `${event.violatedDirective}: ${event.blockedURI}`;
      window.__cspViolations.push(text);
      window.__fieldbookCspViolation?.(text);
    });
  });
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return { context, page, requests, errors };
}

/** Waits until the app has mounted. */
export async function appReady(page) {
  await page.getByTestId('brand').waitFor({ state: 'visible' });
}

/** Waits until a service worker controls the page (it claims clients when it activates). */
export async function serviceWorkerControls(page) {
  await page.waitForFunction(async () => {
    await navigator.serviceWorker.ready;
    return Boolean(navigator.serviceWorker.controller);
  });
}

/** Every request whose origin is not `origin` (data: and blob: URLs are local). */
export function foreignRequests(requests, origin) {
  return requests.filter((url) => {
    if (url.startsWith('data:') || url.startsWith('blob:')) return false;
    return new URL(url).origin !== origin;
  });
}

export function tempDir(name) {
  return mkdtempSync(join(tmpdir(), `fieldbook-${name}-`));
}

/**
 * Starts the test server and Chromium before a file's tests and stops them after; the returned
 * object's `browser` and `server` are set once they run.
 */
export function useBrowser() {
  const shared = { browser: undefined, server: undefined };
  before(async () => {
    shared.server = await startServer();
    shared.browser = await launch();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.close();
  });
  return shared;
}

/**
 * Opens the app at `path`. Deep links are answered by the service worker (the test server knows
 * only the files), so the app is opened at its root first, as a first visit would.
 */
export async function openAt(page, server, path) {
  await page.goto(server.url);
  await appReady(page);
  await serviceWorkerControls(page);
  await page.goto(`${server.url}${path}`);
  await appReady(page);
}

/** The list's "shown / total" count. */
export async function matchCount(page) {
  const text = await page.getByTestId('match-count').textContent();
  const [shown, total] = text.split('/').map((part) => Number(part.replace(/[^0-9]/g, '')));
  return { shown, total };
}

/** Types `query` into the search box `testid` and waits until the box holds it. */
export async function search(page, query, testid = 'customer-search') {
  await page.getByTestId(testid).fill(query);
  await page.waitForFunction(([id, q]) => document.querySelector(`[data-testid=${id}]`)?.value === q, [testid, query]);
}

/** Pixels of a chart's canvas (`chart-<id>`) that are not the white background. */
export function drawnPixels(page, id) {
  return page.evaluate((id) => {
    const canvas = document.querySelector(`[data-testid=chart-${id}]`);
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let drawn = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0 && (data[i] < 250 || data[i + 1] < 250 || data[i + 2] < 250)) drawn += 1;
    }
    return drawn;
  }, id);
}

/**
 * An init script that holds every job posted to a worker while `window.__holdJobs` is true
 * (counting them in `window.__heldJobs`), so a test can see a long job's progress and cancel it.
 * `holding` is where it starts.
 */
export function holdWorkerJobs(holding) {
  return {
    content: `window.__holdJobs = ${holding ? 'true' : 'false'};
      const post = Worker.prototype.postMessage;
      Worker.prototype.postMessage = function (...args) {
        if (window.__holdJobs && args[0]?.job) {
          window.__heldJobs = (window.__heldJobs ?? 0) + 1;
          return undefined;
        }
        return post.apply(this, args);
      };`,
  };
}
