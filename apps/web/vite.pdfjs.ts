/// <reference types="node" />
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';

/** What pdf.js fetches at run time besides its worker: CMaps for non-embedded CJK fonts, the 14 standard fonts, wasm decoders. */
const DIRS = ['cmaps', 'standard_fonts', 'wasm'] as const;
/** The URL prefix the deck viewer asks them under (BASE_URL + 'pdfjs/'). */
const PREFIX = '/pdfjs/';

const TYPES: Record<string, string> = {
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/**
 * Serves pdfjs-dist's cmaps, standard_fonts and wasm under /pdfjs/ in development and copies
 * them into dist/pdfjs/ on build, so Chinese text set in STSong-Light (UniGB-UCS2-H) renders.
 */
export function pdfjsAssets(): Plugin {
  const root = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  let outDir = 'dist';
  let building = false;
  return {
    name: 'lecture-hall:pdfjs-assets',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
      building = config.command === 'build';
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = (req.url ?? '').split('?')[0] ?? '';
        if (!url.startsWith(PREFIX)) return next();
        const [dir, ...rest] = url.slice(PREFIX.length).split('/');
        const name = rest.join('/');
        if (!DIRS.includes(dir as (typeof DIRS)[number]) || !name || name.includes('..')) return next();
        const file = path.join(root, dir as string, name);
        if (!fs.existsSync(file)) return next();
        res.setHeader('content-type', TYPES[path.extname(file)] ?? 'application/octet-stream');
        fs.createReadStream(file).pipe(res);
      });
    },
    closeBundle() {
      if (!building || !fs.existsSync(outDir)) return;
      for (const dir of DIRS) fs.cpSync(path.join(root, dir), path.join(outDir, 'pdfjs', dir), { recursive: true });
    },
  };
}
