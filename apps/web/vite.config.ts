import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The admin console. Vendors are split so that a change to the app leaves the big, rarely
 * changing chunks cached: react first (highest priority, or antd's group would swallow it),
 * then antd with its rc-component and icon packages, then everything else from node_modules.
 * antd and the rest are split further by which pages use them (entriesAware).
 */
export default defineConfig({
  plugins: [react()],
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
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 30 },
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
