// `make bench`: generates demo data, runs the native, in-browser and pandas benchmarks on the
// same files, checks that Fieldbook and pandas computed the same thing, and writes BENCHMARKS.md.
//
// Environment (all optional): BENCH_SIZES "customers:lines,…" (default "10000:100000,
// 100000:1000000"), BENCH_RUNS (default 5), BENCH_OUT (default BENCHMARKS.md), BENCH_DATA (where
// the generated files go), BENCH_PYTHON (a python with pandas and scikit-learn), BENCH_IMPORT_MAX
// (largest customer count whose import is benchmarked, default 100000).

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST, launch, startServer } from '../tests/e2e/helpers.mjs';
import { DASHBOARD_EXPORTS, benchEncrypted, benchFirstLoad, benchImport } from './browser/import.mjs';
import { benchKmeans, benchPipeline } from './browser/pipeline.mjs';

const sizes = (process.env.BENCH_SIZES ?? '10000:100000,100000:1000000').split(',').map((pair) => {
  const [customers, lines] = pair.split(':').map(Number);
  return { customers, lines, name: `${short(customers)} customers / ${short(lines)} order lines` };
});
const runs = Number(process.env.BENCH_RUNS ?? 5);
const out = process.env.BENCH_OUT ?? 'BENCHMARKS.md';
const dataRoot = resolve(process.env.BENCH_DATA ?? join(process.env.CARGO_TARGET_DIR ?? 'target', 'bench-data'));
const python = process.env.BENCH_PYTHON ?? 'python3';
const importMax = Number(process.env.BENCH_IMPORT_MAX ?? 100000);

function short(n) {
  return n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n);
}

function sh(command, args, options = {}) {
  console.error(`$ ${command} ${args.join(' ')}`);
  return execFileSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'inherit'], ...options });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (xs) => (xs?.length ? `${fmt(median(xs))} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})` : '—');
function fmt(x) {
  return x >= 100 ? Math.round(x).toLocaleString('en-US') : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}
const seconds = (xs) => xs.map((s) => s * 1000);

// Checks that two pipeline summaries computed the same figures (exactly: counts and cents).
function sameResult(fieldbook, pandas) {
  const problems = [];
  for (const key of ['rows_read', 'rows_kept', 'customers', 'total_cents']) {
    if (fieldbook[key] !== pandas[key]) problems.push(`${key}: Fieldbook ${fieldbook[key]}, pandas ${pandas[key]}`);
  }
  if (JSON.stringify(fieldbook.top) !== JSON.stringify(pandas.top)) {
    problems.push(`top customers differ: ${JSON.stringify(fieldbook.top)} vs ${JSON.stringify(pandas.top)}`);
  }
  return problems;
}

const STAGES = ['read', 'dedupe', 'fill', 'aggregate', 'sort', 'standardise', 'kmeans', 'pipeline', 'job as the page sees it'];

const sections = [];
const failures = [];
const server = await startServer();
const browser = await launch();
let chromiumVersion = browser.version();
try {
  for (const size of sizes) {
    const dir = join(dataRoot, `${size.customers}-${size.lines}`);
    mkdirSync(dir, { recursive: true });
    sh('cargo', ['run', '--quiet', '--profile', 'compute', '--bin', 'fieldbook-demo', '--',
      '--customers', String(size.customers), '--lines', String(size.lines), '--raw-export', '0.01', '--out', dir]);
    const rawFile = join(dir, 'orders-raw.csv');
    const nativeOut = join(dir, 'native.json');
    sh('cargo', ['bench', '--quiet', '--profile', 'compute', '--bench', 'core', '--', dir, String(runs), nativeOut]);
    const native = JSON.parse(readFileSync(nativeOut, 'utf8'));
    const pandas = JSON.parse(sh(python, ['benches/reference/pipeline.py', rawFile, String(runs)]));
    console.error(`browser pipeline, ${size.name}`);
    const browserRun = await benchPipeline({ browser, server, file: rawFile, runs });
    const app = size.customers <= importMax ? await benchImport({ browser, server, dir, runs }) : null;
    const encrypted = app ? await benchEncrypted({ browser, server, dir, runs }) : null;
    // The dashboard's exports against pandas on the same order files, to the cent.
    const crossCheck = app
      ? JSON.parse(sh(python, ['benches/reference/analytics.py', join(dir, DASHBOARD_EXPORTS.figures), join(dir, DASHBOARD_EXPORTS.months),
        join(dir, 'orders.csv'), join(dir, 'orders-whale.csv')]))
      : null;
    const sklearn = JSON.parse(sh(python, ['benches/reference/kmeans.py', join(dir, 'kmeans-matrix.f64'), String(runs)]));
    const browserKmeans = await benchKmeans({ browser, server, matrix: join(dir, 'kmeans-matrix.f64'), runs });
    if (crossCheck?.problem_count) {
      failures.push(...crossCheck.problems.map((problem) => `${size.name}, dashboard against pandas: ${problem}`));
    }

    const mismatches = [['browser', browserRun.summary], ['native', native.summary]].flatMap(([who, summary]) =>
      sameResult(summary, pandas.summary).map((problem) => `${size.name}, ${who}: ${problem}`),
    );
    failures.push(...mismatches);
    const rawMb = statSync(rawFile).size / 1e6;
    const rows = STAGES.map((stage) => {
      const b = browserRun.stages[stage];
      const p = seconds(pandas.stages[stage === 'job as the page sees it' ? 'pipeline' : stage] ?? []);
      const ratio = b && p.length ? (median(b) / median(p)).toFixed(2) : '—';
      const label = { pipeline: '**whole pipeline**', 'job as the page sees it': 'whole job as the page sees it (with messaging)' }[stage] ?? stage;
      const nativeFigure = stage === 'pipeline' ? pipelineTotals(native.stages) : native.stages[stage];
      return `| ${label} | ${ms(b)} | ${ms(nativeFigure)} | ${ms(p)} | ${stage === 'pipeline' ? `**${ratio}**` : ratio} |`;
    });
    const s = browserRun.summary;
    const lines = [
      `## ${size.name}`,
      '',
      `### Segmentation pipeline against pandas + scikit-learn`,
      '',
      `The same raw export (\`orders-raw.csv\`, ${rawMb.toFixed(1)} MB, ${s.rows_read.toLocaleString('en-US')} lines with ~1% repeated and ~1% blank cells): read, drop duplicate rows, fill, per-customer distinct orders and spend, sort, standardise, k-means (k = 5, one k-means++ initialisation, tolerance equivalent to scikit-learn's default). Milliseconds, median (min–max) of ${runs} runs.`,
      '',
      `| stage | Fieldbook in Chromium (worker, ${browserRun.parts} parts) | Fieldbook native (1 thread) | pandas ${pandas.versions.pandas} + scikit-learn ${pandas.versions['scikit-learn']} | Chromium / pandas |`,
      '|---|---|---|---|---|',
      ...rows,
      '',
      `Same result: ${mismatches.length ? 'NO — see the failures below' : `yes — ${s.rows_kept.toLocaleString('en-US')} rows kept, ${s.customers.toLocaleString('en-US')} customers, ${(s.total_cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })} total and the top 5 customers equal to the cent in all three`}. k-means inertia: Fieldbook ${s.inertia.toFixed(1)}, scikit-learn ${pandas.summary.inertia.toFixed(1)} (different seeds, same algorithm and stopping rule). Longest main-thread task while the worker ran: ${ms(browserRun.longestTaskMs)} ms (Chromium reports tasks of 50 ms or more; 0 means none).`,
      '',
      '### Native pure core',
      '',
      '| stage | median (min–max) ms | throughput |',
      '|---|---|---|',
      `| import: CSV table reader, customers.csv (${(native.sizes.customers_csv_bytes / 1e6).toFixed(1)} MB) | ${ms(native.stages.import_csv_table)} | ${(native.sizes.customers_csv_bytes / 1e3 / median(native.stages.import_csv_table)).toFixed(0)} MB/s |`,
      `| import: validate every customer row | ${ms(native.stages.import_validate_customers)} | ${(size.customers / median(native.stages.import_validate_customers) / 1e3).toFixed(2)} M rows/s |`,
      `| order lines reader (byte-level, columnar), orders-raw.csv | ${ms(native.stages.read)} | ${(rawMb * 1e3 / median(native.stages.read)).toFixed(0)} MB/s |`,
      `| k-means, ${s.customers.toLocaleString('en-US')} × 2, k = 5 | ${ms(native.stages.kmeans)} | |`,
      `| duplicate detection, ${native.dedupe.customers.toLocaleString('en-US')} customers (${native.dedupe.comparisons.toLocaleString('en-US')} pairs compared) | ${ms(native.stages.duplicate_detection)} | precision ${native.dedupe.precision.toFixed(4)}, recall ${native.dedupe.recall.toFixed(4)}, F1 ${native.dedupe.f1.toFixed(4)} against the true groups |`,
      `| dashboard: columnar facts from records (${native.dashboard.customers.toLocaleString('en-US')} customers, ${native.dashboard.orders.toLocaleString('en-US')} counted orders, ${native.dashboard.lines.toLocaleString('en-US')} lines) | ${ms(native.stages.dashboard_facts)} | |`,
      `| dashboard: every figure of one scope (aggregation, RFM, revenue by month/category/product, cohorts, summaries) | ${ms(native.stages.dashboard_figures)} | goal in the browser: aggregation + RFM ≤ 150 ms at 100k / 1M |`,
      `| basket rules: baskets from ${native.baskets.lines.toLocaleString('en-US')} lines, FP-Growth (${native.baskets.itemsets.toLocaleString('en-US')} itemsets in ≥ ${native.baskets.min_count} of ${native.baskets.baskets.toLocaleString('en-US')} orders), ${native.baskets.rules.toLocaleString('en-US')} rules | ${ms(native.stages.basket_rules)} | |`,
      `| marketing: the customer list's index (figures of every customer from every order) | ${ms(native.stages.customer_index)} | |`,
      `| marketing: a rule segment (days since purchase ≥ 90 AND spend > 100) over every customer, RFM scored first: ${native.marketing.rule_members.toLocaleString('en-US')} members | ${ms(native.stages.rule_segment)} | goal: live count as typed |`,
      `| marketing: a launched campaign's results (those members, 60-day window) over every order: ${native.marketing.campaign_conversions.toLocaleString('en-US')} conversions | ${ms(native.stages.campaign_results)} | |`,
      `| marketing: one automation run, every rule on (${native.marketing.automation_changes.toLocaleString('en-US')} changes planned) | ${ms(native.stages.automation_plan)} | |`,
      '',
    ];
    if (app) {
      lines.push('### The app in Chromium (import wizard into IndexedDB)', '',
        'Each run imports the three files into an empty database through the wizard, then reopens the app. The longest main-thread task counts tasks of 50 ms or more (0 means none).', '',
        '| phase | median (min–max) ms | longest main-thread task, median ms |', '|---|---|---|');
      for (const [name, values] of Object.entries(app)) {
        if (name.endsWith('(longest task)') || name.includes('MB') || name.includes('inertia') || name.includes('(count)')) continue;
        lines.push(`| ${name} | ${ms(values)} | ${app[`${name} (longest task)`] ? fmt(median(app[`${name} (longest task)`])) : '—'} |`);
      }
      lines.push('', `Wasm memory after the import: ${fmt(median(app['wasm memory after import (MB)']))} MB.`, '');
      const rulesMs = app['basket rules: whole job in the worker'];
      if (rulesMs) {
        const auc = app['churn: ROC AUC on the held-out window (count)'];
        if (auc) {
          lines.push(`Churn (90 days, logistic regression): ROC AUC ${median(auc).toFixed(3)} on the held-out window; ${Math.round(median(app['churn: customers scored (count)'])).toLocaleString('en-US')} customers scored; ${ms(app['churn: whole job in the worker'])} ms in the worker.`, '');
        }
        lines.push(`Basket rules (FP-Growth over ${Math.round(median(app['basket rules: orders with products (count)'])).toLocaleString('en-US')} orders with products, default bars: support 0.1%, confidence 10%, lift 1.2, at most 3 products): ${Math.round(median(app['basket rules: rules found (count)'])).toLocaleString('en-US')} rules; ${ms(rulesMs)} ms in the worker, ${ms(app['basket rules: click to rules listed'])} ms from the click to the rules listed (goal: at most 2,000 ms on 1M order lines).`, '');
      }
    }
    {
      const inertias = native.mining.map((m) => m.inertia);
      const nativeInertia = median(inertias);
      const skInertia = median(sklearn.inertia);
      const gap = (nativeInertia / skInertia - 1) * 100;
      const check = native.silhouette_check;
      lines.push('### k-means against scikit-learn', '',
        `k = 5 on the standardised (recency, frequency, monetary, tenure) of every customer with a purchase (${sklearn.rows.toLocaleString('en-US')} × ${sklearn.columns}), one k-means++ initialisation, at most 300 iterations, scikit-learn's default tolerance; a different seed each run on each side. All three cluster the very same matrix, written by Fieldbook's native run (the shipped worker gets it as one buffer).`, '',
        '| | median (min–max) ms | inertia, median (min–max) |', '|---|---|---|',
        `| Fieldbook native (k-means++ and Lloyd over column blocks, finished by linfa-clustering; 1 thread) | ${ms(native.stages.kmeans_4d)} | ${fmt(nativeInertia)} (${fmt(Math.min(...inertias))}–${fmt(Math.max(...inertias))}) |`,
        `| Fieldbook in Chromium (the shipped worker) | ${ms(browserKmeans.ms)} | ${fmt(median(browserKmeans.inertia))} (${fmt(Math.min(...browserKmeans.inertia))}–${fmt(Math.max(...browserKmeans.inertia))}) |`,
        `| scikit-learn (native, every core: its default) | ${ms(seconds(sklearn.seconds))} | ${fmt(skInertia)} (${fmt(Math.min(...sklearn.inertia))}–${fmt(Math.max(...sklearn.inertia))}) |`,
        `| scikit-learn (native, one thread) | ${ms(seconds(sklearn.seconds_one_thread))} | same runs |`,
        '',
        `Inertia, Fieldbook native against scikit-learn (medians): ${gap >= 0 ? '+' : ''}${gap.toFixed(2)}% (goal: within 1%). Browser time against scikit-learn's: ${(median(browserKmeans.ms) / median(seconds(sklearn.seconds))).toFixed(2)}× (goal: at most 1×); against scikit-learn on one thread, as the worker runs: ${(median(browserKmeans.ms) / median(seconds(sklearn.seconds_one_thread))).toFixed(2)}×. The app's own run on the imported data (k = 5, these four figures, the k curve, profiles and principal components) is in the table above.`,
        `Silhouette: the mean over a seeded sample of 2,000 customers took ${ms(native.stages.silhouette_sampled)} ms natively; on the first run it was ${check.sampled.toFixed(4)} against ${check.reference.toFixed(4)} ${check.reference_rows === sklearn.rows ? 'exact (every customer)' : `on a sample of ${check.reference_rows.toLocaleString('en-US')}`}: an error of ${Math.abs(check.sampled - check.reference).toFixed(4)}.`,
        '');
    }
    if (crossCheck) {
      lines.push('### Dashboard figures against pandas', '',
        `The dashboard's "customer figures" export (every customer: purchases, total, average order, first and last purchase, recency, tenure, R, F, M, segment) and its monthly revenue table, exported from the app after the import above, against pandas ${crossCheck.versions.pandas} computing the same from the same order files (\`benches/reference/analytics.py\`): ${crossCheck.problem_count ? `**${crossCheck.problem_count} differences** — see the failures below` : '**no difference**'} over ${crossCheck.customers.toLocaleString('en-US')} customers (${crossCheck.buyers.toLocaleString('en-US')} with purchases), ${crossCheck.orders.toLocaleString('en-US')} counted orders, ${crossCheck.months} months and ${(crossCheck.revenue_cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })} of revenue, to the cent (as of ${crossCheck.as_of}; ${crossCheck.lines_without_a_stored_customer.toLocaleString('en-US')} order lines name customers the import refused and are in neither).`, '');
    }
    if (encrypted) {
      const persist = (figures, prefix) =>
        ['customers', 'products', 'orders'].reduce((sum, kind) => sum + median(figures[`${prefix}${kind}: persist to IndexedDB`]), 0);
      const plain = persist(app, 'import ');
      const sealed = persist(encrypted, 'encrypted import ');
      const slower = (sealed / plain - 1) * 100;
      lines.push('### Encryption at rest', '',
        'Each run switches encryption on in an empty profile, imports the same three files through the wizard (every record sealed with AES-256-GCM as it is stored), then reopens the app and unlocks it (PBKDF2-HMAC-SHA256, 600,000 iterations, in WebCrypto).', '',
        '| phase | median (min–max) ms | longest main-thread task, median ms |', '|---|---|---|');
      for (const [name, values] of Object.entries(encrypted)) {
        if (name.endsWith('(longest task)')) continue;
        lines.push(`| ${name} | ${ms(values)} | ${encrypted[`${name} (longest task)`] ? fmt(median(encrypted[`${name} (longest task)`])) : '—'} |`);
      }
      lines.push('', `Storing the three files: ${fmt(plain)} ms plain, ${fmt(sealed)} ms encrypted: ${slower >= 0 ? `${slower.toFixed(0)}% slower` : `${(-slower).toFixed(0)}% faster`} (goal: at most 30% slower). Unlocking to the counts: ${fmt(median(encrypted['unlock: key derivation, open, counts shown']))} ms (goal: at most 3,000 ms).`, '');
    }
    sections.push(lines.join('\n'));
  }

  const load = await benchFirstLoad({ browser, server, runs });
  sections.push([
    '## Loading and size', '',
    '| figure | value |', '|---|---|',
    `| first load to interactive (cold, ms) | ${ms(load['first load to interactive'])} |`,
    `| longest main-thread task during it (ms) | ${ms(load['first load to interactive (longest task)'])} |`,
    `| bytes the page fetched on a first load | ${median(load['first load bytes (page)']).toLocaleString('en-US')} |`,
    ...sizeRows(),
    '',
  ].join('\n'));
} finally {
  await browser.close();
  await server.close();
}

function pipelineTotals(stages) {
  const n = stages.read?.length ?? 0;
  return Array.from({ length: n }, (_, i) => STAGES.slice(0, 7).reduce((sum, s) => sum + (stages[s]?.[i] ?? 0), 0));
}

function sizeRows() {
  const rows = [];
  let total = 0;
  let totalGz = 0;
  for (const name of readdirSync(DIST)) {
    const path = join(DIST, name);
    if (!statSync(path).isFile()) continue;
    const bytes = readFileSync(path);
    total += bytes.length;
    totalGz += gzipSync(bytes, { level: 9 }).length;
    if (name.endsWith('.wasm')) {
      const what = name.startsWith('fieldbook-worker') ? 'worker wasm' : 'app wasm';
      rows.push(`| ${what} (${name}) raw / gzip | ${bytes.length.toLocaleString('en-US')} / ${gzipSync(bytes, { level: 9 }).length.toLocaleString('en-US')} bytes |`);
    }
  }
  rows.push(`| whole build (top-level files, what the service worker precaches) raw / gzip | ${total.toLocaleString('en-US')} / ${totalGz.toLocaleString('en-US')} bytes |`);
  return rows;
}

const commit = sh('git', ['rev-parse', '--short', 'HEAD']).trim();
const report = [
  '# Benchmarks',
  '',
  'Written by `make bench` (benches/run.mjs); do not edit by hand. Every performance goal in the issues is checked here, never in timed tests.',
  '',
  `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM; Chromium ${chromiumVersion} headless; commit ${commit}; ${new Date().toISOString().slice(0, 10)}. Figures are the median of ${runs} runs with min–max.`,
  '',
  ...sections,
  ...(failures.length ? ['## Failures', '', ...failures.map((f) => `- ${f}`), ''] : []),
].join('\n');
writeFileSync(out, report);
console.error(`wrote ${out}`);
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
