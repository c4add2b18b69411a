#!/usr/bin/env node
// Trunk post-build hook, release builds only: minifies the JavaScript the app ships, with terser
// from tools/node_modules. wasm-bindgen's glue (sessionlab.js, 66 KB as generated, with its doc
// comments) and the split parts' loader it imports (__wasm_split.js, scripts/split-wasm.py);
// the page's loader (loader.js) and the documentation loaders (sessionlab-embed.js,
// sessionlab-resize.js), which Trunk copies as written, comments and all (their commented
// sources are in www/; docs/embedding.md documents them). Trunk's own minifier cannot parse the
// glue, and does not touch copied files.
// The exports keep their names (documentation pages import them) and the
// `@ts-self-types` comment stays (it points TypeScript at sessionlab.d.ts). Trunk and
// split-wasm.py have already written each file's SHA-384 into the pages' `integrity`
// attributes, so each page that names a file with a digest gets the new one.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(new URL('../tools/package.json', import.meta.url));
const { minify } = require('terser');

// Each file, and whether it is a module (sessionlab-resize.js is a classic script, which a
// host page includes without `type="module"`).
const SCRIPTS = [
  ['sessionlab.js', true],
  ['__wasm_split.js', true],
  ['loader.js', true],
  ['sessionlab-embed.js', true],
  ['sessionlab-resize.js', false],
];
// The options every script is minified with.
const options = (module) => ({
  module,
  ecma: 2020,
  compress: { passes: 2 },
  format: { comments: /@ts-self-types/ },
});

// `minify-js.mjs --module FILE`: one module minified in place, as the glue is (the size floors'
// glue, scripts/size-floor.sh); no page's digest to follow.
if (process.argv[2] === '--module') {
  const file = process.argv[3];
  writeFileSync(file, (await minify(readFileSync(file, 'utf8'), options(true))).code);
  process.exit(0);
}

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) {
  console.error('minify-js.mjs: no directory (TRUNK_STAGING_DIR or an argument)');
  process.exit(1);
}
if ((process.env.TRUNK_PROFILE ?? 'release') !== 'release') process.exit(0);

for (const [script, module] of SCRIPTS) {
  const source = readFileSync(join(dir, script), 'utf8');
  const { code } = await minify(source, options(module));
  writeFileSync(join(dir, script), code);

  // The integrity attribute of every tag that names the file: `<link … href=./sessionlab.js
  // integrity=sha384-…>` as Trunk's minified HTML writes it, quoted or not.
  const digest = `sha384-${createHash('sha384').update(code).digest('base64')}`;
  const TAG = new RegExp(`<[^>]*\\b(?:href|src)=["']?\\./${script.replaceAll('.', '\\.')}(?=["'\\s>])[^>]*>`, 'g');
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.html'))) {
    const page = readFileSync(join(dir, name), 'utf8');
    const updated = page.replace(TAG, (tag) => tag.replace(/integrity=(["']?)sha384-[A-Za-z0-9+/=]+\1/, `integrity=$1${digest}$1`));
    if (updated !== page) writeFileSync(join(dir, name), updated);
  }
  console.log(`minify-js.mjs: ${script} ${source.length} -> ${code.length} B`);
}
