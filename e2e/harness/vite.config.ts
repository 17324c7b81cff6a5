/**
 * Builds the host harness (e2e/harness → dist-harness/) against the BUILT library: the
 * `spine-console` specifiers resolve through package.json's `exports` to dist-lib/, as they would
 * from node_modules. Run `npm run build:lib` first. MSW's worker script comes from public/.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';

const repo = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const pkg = JSON.parse(readFileSync(repo('package.json'), 'utf8')) as { name: string; exports: Record<string, string | { import: string }> };
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const alias = Object.entries(pkg.exports)
  .filter(([sub]) => sub !== './package.json')
  .map(([sub, target]) => ({
    find: new RegExp(`^${escape(sub === '.' ? pkg.name : `${pkg.name}/${sub.slice(2)}`)}$`),
    replacement: repo(typeof target === 'string' ? target : target.import),
  }));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  resolve: { alias },
  publicDir: repo('public'),
  build: { outDir: repo('dist-harness'), emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  logLevel: 'warn',
});
