/**
 * The library build (`npm run build:lib` → dist-lib/): ES modules for `spine-console` and
 * `spine-console/mocks`, one CSS file scoped for embedding (see scripts/lib/scope-css.ts), and
 * the grouping Web Worker as its own module. Peer dependencies stay external.
 */
import { defineConfig, esmExternalRequirePlugin } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { fileURLToPath, URL } from 'node:url';
import { assertNoPeerBundled, portableWorkerUrl } from './scripts/lib/lib-build-plugins.ts';
import { scopeCssPlugin } from './scripts/lib/scope-css.ts';

/** Never bundled: the host provides them (peerDependencies), subpaths included. */
export const PEERS = ['react', 'react-dom', '@tanstack/react-query', 'react-router', 'msw'];
export const isPeer = (id: string) => PEERS.some((p) => id === p || id.startsWith(`${p}/`));
const PEER_PATTERNS = PEERS.map((p) => new RegExp(`^${p.replace(/[/.]/g, '\\$&')}(/.*)?$`));

export default defineConfig({
  // Bundled CommonJS dependencies (use-sync-external-store, react-redux in recharts) `require('react')`;
  // turn those into ESM imports of the external, or the host gets a second React or a `require` error.
  plugins: [esmExternalRequirePlugin({ external: PEER_PATTERNS }), react(), tailwindcss(), portableWorkerUrl(), assertNoPeerBundled(isPeer)],
  css: { postcss: { plugins: [scopeCssPlugin()] } },
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      '@mocks': fileURLToPath(new URL('./mocks', import.meta.url)),
    },
  },
  publicDir: false,
  base: './',
  worker: { format: 'es', rollupOptions: { output: { entryFileNames: 'assets/[name].js' } } },
  build: {
    target: 'es2022',
    outDir: 'dist-lib',
    emptyOutDir: true,
    sourcemap: false,
    minify: true,
    cssCodeSplit: false,
    lib: {
      entry: { index: 'src/index.ts', mocks: 'mocks/index.ts' },
      formats: ['es'],
      cssFileName: 'style',
    },
    rollupOptions: {
      // No `external` here: the peers are made external by esmExternalRequirePlugin (above), which
      // must see them before the `external` option does, or bundled CommonJS keeps a `require`.
      // assertNoPeerBundled (below) fails the build if any peer module was bundled anyway.
      output: { chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
