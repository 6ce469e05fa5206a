// The audience page's weight on the wire: every JS and CSS file dist/audience.html loads,
// gzipped (level 9) and summed. Read from Vite's manifest (dist/.vite/manifest.json), following
// the entry's static and dynamic imports, plus whatever the built HTML itself links (the
// module-preload polyfill, shared chunks). Used by the bundle-size test and by `npm run bench`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

export const AUDIENCE_BUDGET_BYTES = 80_000;
export const DEFAULT_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');

/** The asset files (relative to dist) that an HTML entry of the manifest reaches. */
export function entryFiles(dist, entry = 'audience.html') {
  const files = new Set();
  const manifestPath = path.join(dist, '.vite', 'manifest.json');
  if (fs.existsSync(manifestPath)) {
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    const seen = new Set();
    const visit = (key) => {
      if (seen.has(key)) return;
      seen.add(key);
      const chunk = manifest[key];
      if (!chunk) return;
      if (chunk.file) files.add(chunk.file);
      for (const css of chunk.css ?? []) files.add(css);
      for (const k of chunk.imports ?? []) visit(k);
      for (const k of chunk.dynamicImports ?? []) visit(k);
    };
    visit(entry);
  }
  // What the HTML links directly (script src, modulepreload, stylesheet).
  const htmlPath = path.join(dist, entry);
  if (fs.existsSync(htmlPath)) {
    const html = fs.readFileSync(htmlPath, 'utf8');
    for (const m of html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="\/?([^"]+\.(?:js|css))"/g)) files.add(m[1]);
  }
  return [...files].filter((f) => /\.(js|css)$/.test(f)).sort();
}

/** {name:'audience-bundle', gzipBytes, rawBytes, files} for a built dist directory, or null when there is none. */
export function audienceBundle(dist = DEFAULT_DIST) {
  if (!fs.existsSync(path.join(dist, 'audience.html'))) return null;
  const files = entryFiles(dist, 'audience.html').map((f) => {
    const bytes = fs.readFileSync(path.join(dist, f));
    return { file: f, rawBytes: bytes.length, gzipBytes: zlib.gzipSync(bytes, { level: 9 }).length };
  });
  return {
    name: 'audience-bundle',
    gzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0),
    rawBytes: files.reduce((s, f) => s + f.rawBytes, 0),
    budgetBytes: AUDIENCE_BUDGET_BYTES,
    files,
  };
}

// `node apps/web/scripts/bundle-size.mjs [distDir]` prints the figure.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = audienceBundle(process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_DIST);
  if (!result) {
    console.error('no dist/audience.html: run `npm run build -w apps/web` first');
    process.exit(1);
  }
  console.log(JSON.stringify(result, null, 2));
}
