// Trunk post-build hook: writes sw.js into the built site with the list of files to precache and
// a build id derived from their contents, so every deployment gets its own cache name.
// Usage: node tools/postbuild.mjs [site-dir]   (Trunk passes the dir as TRUNK_STAGING_DIR)

import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const siteDir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!siteDir) {
  console.error('postbuild: no site directory (pass one, or run as a Trunk hook)');
  process.exit(2);
}
const SW_FILE = 'sw.js';
const template = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'sw.template.js'), 'utf8');

function listFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

const files = listFiles(siteDir)
  .map((path) => relative(siteDir, path).split(sep).join('/'))
  .filter((path) => path !== SW_FILE && !path.startsWith('.'))
  .sort();
if (!files.includes('index.html')) {
  console.error(`postbuild: ${siteDir} has no index.html`);
  process.exit(1);
}
const digest = createHash('sha256');
for (const path of files) {
  digest.update(path).update('\0').update(readFileSync(join(siteDir, path))).update('\0');
}
const build = digest.digest('hex').slice(0, 16);
const worker = template
  .replace('__FIELDBOOK_BUILD__', build)
  .replace('__FIELDBOOK_PRECACHE__', JSON.stringify(files));
writeFileSync(join(siteDir, SW_FILE), worker);
console.log(`postbuild: sw.js for build ${build}, ${files.length} files precached`);
