/**
 * Serves the host harness build (dist-harness/) for Playwright: static files with SPA fallback
 * and the console server's CSP, no data source and no proxy (the console runs on its mocks).
 * Builds the library and the harness first when dist-harness/ is missing.
 * Usage: `npx tsx e2e/harness/serve.ts` (port HARNESS_PORT, default 4181).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readServerConfig } from '../../server/config';
import { createConsoleServer } from '../../server/serve';

const root = resolve('dist-harness');
const port = Number(process.env.HARNESS_PORT ?? 4181);

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!existsSync(join(root, 'index.html'))) {
  if (!existsSync('dist-lib/index.js')) run('npm', ['run', 'build:lib']);
  run('npx', ['vite', 'build', '--config', 'e2e/harness/vite.config.ts']);
}
const config = readServerConfig({});
const server = createConsoleServer({ ...config, mode: 'demo', sources: [], proxies: [] }, root);
server.listen(port, '127.0.0.1', () => console.log(`spine-console host harness: http://localhost:${port}`));
