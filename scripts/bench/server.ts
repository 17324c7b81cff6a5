/**
 * Starts the console server on a free port for a benchmark, and stops it. It serves dist/, or
 * BENCH_DIST (another `vite build --outDir`), to compare two builds run by run.
 */
import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { readServerConfig } from '../../server/config';
import { createConsoleServer } from '../../server/serve';

export async function startDemoServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const config = readServerConfig({});
  return listen(createConsoleServer({ ...config, mode: 'demo', sources: [], proxies: [] }, resolve(process.env.BENCH_DIST ?? 'dist')));
}

/**
 * The console server in live mode, its proxy pointed at the mocks served from Node (see
 * mock-upstream.ts): the page holds only the console, as in production.
 */
export async function startServedServer(env: Record<string, string>): Promise<{ url: string; close: () => Promise<void> }> {
  const config = readServerConfig(env);
  if (config.problems.length) throw new Error(config.problems.join('; '));
  return listen(createConsoleServer(config, resolve(process.env.BENCH_DIST ?? 'dist')));
}

async function listen(server: ReturnType<typeof createConsoleServer>): Promise<{ url: string; close: () => Promise<void> }> {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://localhost:${port}`, close: () => new Promise((ok) => server.close(() => ok())) };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
