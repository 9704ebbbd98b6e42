// Browser benchmark of the segmentation pipeline: the shipped worker (release build) runs it on
// an orders file in headless Chromium, on every core, and times each stage itself with
// performance.now(). The page also records its longest main-thread task while the worker runs.

import { appReady, openPage } from '../../tests/e2e/helpers.mjs';

/**
 * An app page (which records its long tasks) with `file` in a hidden file input, as a user's
 * pick would give it to the worker.
 */
async function pageWithFile(browser, server, file) {
  const { context, page, errors } = await openPage(browser, {
    initScript: () => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: true });
    },
  });
  await page.goto(server.url);
  await appReady(page);
  const input = await page.evaluateHandle(() => {
    const element = document.createElement('input');
    element.type = 'file';
    element.hidden = true;
    document.body.append(element);
    return element;
  });
  await input.setInputFiles(file);
  return { context, page, errors, input };
}

/**
 * Runs the pipeline `runs` times on `file` in one app page; returns per-stage milliseconds
 * (arrays, one entry a run), the longest main-thread task, and the last run's summary.
 */
export async function benchPipeline({ browser, server, file, runs }) {
  const { context, page, errors, input } = await pageWithFile(browser, server, file);
  const parts = await page.evaluate(async () => {
    const worker = new Worker('fieldbook-worker_loader.js');
    const next = () =>
      new Promise((resolve, reject) => {
        worker.onmessage = (event) => resolve(event.data);
        worker.onerror = (event) => reject(new Error(event.message));
      });
    await next(); // {ready: true}
    window.__benchWorker = { worker, next };
    const parts = Math.max(1, navigator.hardwareConcurrency || 1);
    worker.postMessage({ job: 'prepare', parts });
    const answer = await next();
    if (!answer.ok) throw new Error(answer.error);
    return parts;
  });
  const stages = {};
  const longest = [];
  let summary = null;
  for (let run = 0; run < runs; run += 1) {
    const answer = await page.evaluate(
      async ({ input, parts }) => {
        const { worker, next } = window.__benchWorker;
        window.__longTasks = [];
        const start = performance.now();
        worker.postMessage({ job: 'segment', file: input.files[0], k: 5, parts });
        const answer = await next();
        const wall = performance.now() - start;
        // Let the long-task observer deliver what it saw.
        await new Promise((resolve) => setTimeout(resolve, 50));
        return { ...answer, wall, longest: Math.max(0, ...window.__longTasks) };
      },
      { input, parts },
    );
    if (!answer.ok) throw new Error(`segment job failed: ${answer.error}`);
    for (const [stage, ms] of JSON.parse(answer.times)) (stages[stage] ??= []).push(ms);
    (stages.pipeline ??= []).push(JSON.parse(answer.times).reduce((sum, [, ms]) => sum + ms, 0));
    (stages['job as the page sees it'] ??= []).push(answer.wall);
    longest.push(answer.longest);
    summary = JSON.parse(answer.summary);
  }
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  await context.close();
  return { stages, longestTaskMs: longest, parts, summary };
}

/**
 * k-means in the shipped worker on the matrix the native benchmark wrote (`matrix`: two u64
 * then f64 rows), k = 5, one k-means++ initialisation seeded by the run, as scikit-learn runs
 * on the same file. Returns the milliseconds and inertia of each run.
 */
export async function benchKmeans({ browser, server, matrix, runs }) {
  const { context, page, errors, input } = await pageWithFile(browser, server, matrix);
  const result = await page.evaluate(async ({ input, runs }) => {
    const worker = new Worker('fieldbook-worker_loader.js');
    const next = () =>
      new Promise((resolve, reject) => {
        worker.onmessage = (event) => resolve(event.data);
        worker.onerror = (event) => reject(new Error(event.message));
      });
    await next(); // {ready: true}
    const bytes = await input.files[0].arrayBuffer();
    const dims = Number(new DataView(bytes).getBigUint64(8, true));
    const out = { ms: [], inertia: [] };
    for (let run = 0; run < runs; run += 1) {
      const matrix = bytes.slice(16);
      worker.postMessage({ job: 'kmeans', header: JSON.stringify({ dims, k: 5, seed: run }), sections: [matrix] }, [matrix]);
      const answer = await next();
      if (!answer.ok) throw new Error(answer.error);
      const header = JSON.parse(answer.header);
      out.ms.push(header.kmeans_ms);
      out.inertia.push(header.inertia);
    }
    worker.terminate();
    return out;
  }, { input, runs });
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  await context.close();
  return result;
}
