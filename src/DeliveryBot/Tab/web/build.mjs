// Bundles the tab (src/tab.js and everything it imports, the libraries' CSS included) into one script and one style
// sheet in the folder given (and the chunks loaded on demand), minified and compressed, for the host to serve from
// its own origin.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const out = process.argv[2];
if (!out) {
  console.error('usage: node build.mjs <output folder>');
  process.exit(2);
}

rmSync(out, { recursive: true, force: true }); // no chunk of an older build is left to be served

await build({
  entryPoints: { tab: 'src/tab.js' },
  bundle: true,
  minify: true,
  format: 'esm',
  // TeamsJS is loaded only in Teams (a chunk of its own): on import it asks Microsoft's CDN for its list of Teams
  // origins, which the page's policy refuses (it falls back to the list it ships with) and which a browser outside
  // Teams has no reason to ask at all
  splitting: true,
  chunkNames: 'chunk-[hash]',
  target: ['chrome120', 'edge120', 'safari16', 'firefox120'],
  outdir: out,
  legalComments: 'eof',
  conditions: ['style'], // Frappe Gantt names its style sheet under this condition
  logLevel: 'warning',
});

// each file compressed once here, at the smallest size, so the host serves it as it is (Brotli, else gzip)
for (const name of readdirSync(out)) {
  const content = readFileSync(join(out, name));
  writeFileSync(join(out, `${name}.br`), brotliCompressSync(content, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length },
  }));
  writeFileSync(join(out, `${name}.gz`), gzipSync(content, { level: 9 }));
}
