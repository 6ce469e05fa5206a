import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { pdfjsAssets } from './vite.pdfjs';

/** In development, /audience/<id> and /screen/<id> open their pages, as the server does in production. */
function livePages(): Plugin {
  return {
    name: 'lecture-hall:live-pages',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const m = /^\/(audience|screen)\/[^/?]+\/?(\?.*)?$/.exec(req.url ?? '');
        if (m) req.url = `/${m[1]}.html`;
        next();
      });
    },
  };
}

/**
 * The admin console. Vendors are split so that a change to the app leaves the big, rarely
 * changing chunks cached: react first (highest priority, or antd's group would swallow it),
 * then antd with its rc-component and icon packages, then everything else from node_modules.
 * antd and the rest are split further by which pages use them (entriesAware).
 */
export default defineConfig({
  plugins: [react(), pdfjsAssets(), livePages()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    // The bundle-size test and benchmark read it to list what dist/audience.html loads.
    manifest: true,
    rolldownOptions: {
      // Three pages: the console, the audience's phone page and the hall's big screen. The last
      // two import no React, antd or react-query, so none of those chunks reach their graphs.
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        audience: fileURLToPath(new URL('./audience.html', import.meta.url)),
        screen: fileURLToPath(new URL('./screen.html', import.meta.url)),
      },
      output: {
        // The entry-aware antd chunks import each other; keep module evaluation in source order
        // so no antd module runs before what it imports (else Modal.useModal fails at load).
        strictExecutionOrder: true,
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 30 },
            // pdf.js only for the deck viewer, in a chunk of its own that no other page loads.
            { name: 'pdfjs', test: /node_modules[\\/]pdfjs-dist[\\/]/, priority: 25 },
            {
              name: 'antd',
              test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[a-z-]+|@emotion|stylis)[\\/]/,
              priority: 20,
              // One antd chunk for what the shell needs, and more for what only some pages use
              // (the date pickers, tables and uploads), so the login page does not load them all.
              entriesAware: true,
              entriesAwareMergeThreshold: 20 * 1024,
            },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 10, entriesAware: true, entriesAwareMergeThreshold: 20 * 1024 },
          ],
        },
      },
    },
  },
});
