import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { pdfjsAssets } from './vite.pdfjs';

/**
 * The admin console. Vendors are split so that a change to the app leaves the big, rarely
 * changing chunks cached: react first (highest priority, or antd's group would swallow it),
 * then antd with its rc-component and icon packages, then everything else from node_modules.
 * antd and the rest are split further by which pages use them (entriesAware).
 */
export default defineConfig({
  plugins: [react(), pdfjsAssets()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
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
