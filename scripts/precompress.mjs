#!/usr/bin/env node
// Trunk post-build hook: writes a brotli (`.br`, quality 11, the smallest of a few encoder
// settings) and a gzip (`.gz`, level 9) copy beside every text or WebAssembly file of the build,
// so a host can serve them compressed without compressing on each request (scripts/serve.py
// does). Node's own zlib: nothing to install.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) {
  console.error('precompress.mjs: no directory (TRUNK_STAGING_DIR or an argument)');
  process.exit(1);
}
const COMPRESSIBLE = /\.(wasm|js|mjs|css|html|json|ts|svg)$/;
for (const name of readdirSync(dir)) {
  if (!COMPRESSIBLE.test(name)) continue;
  const bytes = readFileSync(join(dir, name));
  writeFileSync(join(dir, `${name}.gz`), gzipSync(bytes, { level: 9 }));
  writeFileSync(join(dir, `${name}.br`), smallestBrotli(bytes));
}

/** Brotli at quality 11 with each of a few encoder settings, the smallest result kept (any
 * decoder reads them all): on the WebAssembly, 4 direct distance codes saved about 2 KB. */
function smallestBrotli(bytes) {
  const settings = [{}, { [constants.BROTLI_PARAM_NDIRECT]: 4 }, { [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_FONT }];
  return settings
    .map((extra) => brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length, ...extra },
    }))
    .reduce((best, next) => (next.length < best.length ? next : best));
}
