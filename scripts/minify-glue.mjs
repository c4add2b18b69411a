#!/usr/bin/env node
// Trunk post-build hook, release builds only: minifies wasm-bindgen's JavaScript glue
// (sessionlab.js), which Trunk ships as generated (66 KB with its doc comments; the page's
// stylesheet and loader are minified, the glue was not), and the split parts' loader it imports
// (__wasm_split.js, scripts/split-wasm.py), with terser from tools/node_modules.
// The exports keep their names (documentation pages import them) and the
// `@ts-self-types` comment stays (it points TypeScript at sessionlab.d.ts). Trunk has already
// written the glue's SHA-384 into the pages' `integrity` attributes, so each page that names the
// file gets the new digest.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(new URL('../tools/package.json', import.meta.url));
const { minify } = require('terser');

const GLUES = ['sessionlab.js', '__wasm_split.js'];
const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) {
  console.error('minify-glue.mjs: no directory (TRUNK_STAGING_DIR or an argument)');
  process.exit(1);
}
if ((process.env.TRUNK_PROFILE ?? 'release') !== 'release') process.exit(0);

for (const glue of GLUES) {
  const source = readFileSync(join(dir, glue), 'utf8');
  const { code } = await minify(source, {
    module: true,
    ecma: 2020,
    compress: { passes: 2 },
    format: { comments: /@ts-self-types/ },
  });
  writeFileSync(join(dir, glue), code);

  // The integrity attribute of every tag that names the file: `<link … href=./sessionlab.js
  // integrity=sha384-…>` as Trunk's minified HTML writes it, quoted or not.
  const digest = `sha384-${createHash('sha384').update(code).digest('base64')}`;
  const TAG = new RegExp(`<[^>]*\\b(?:href|src)=["']?\\./${glue.replaceAll('.', '\\.')}(?=["'\\s>])[^>]*>`, 'g');
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.html'))) {
    const page = readFileSync(join(dir, name), 'utf8');
    const updated = page.replace(TAG, (tag) => tag.replace(/integrity=(["']?)sha384-[A-Za-z0-9+/=]+\1/, `integrity=$1${digest}$1`));
    if (updated !== page) writeFileSync(join(dir, name), updated);
  }
  console.log(`minify-glue.mjs: ${glue} ${source.length} -> ${code.length} B`);
}
