#!/usr/bin/env node
// Trunk post-build hook: writes a brotli (`.br`, quality 11) and a gzip (`.gz`, level 9) copy
// beside every text or WebAssembly file of the build, so a host can serve them compressed
// without compressing on each request (scripts/serve.py does). Node's own zlib: nothing to
// install.
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
  writeFileSync(join(dir, `${name}.br`), brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }));
}
