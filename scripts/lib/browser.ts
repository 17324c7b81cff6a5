/** Launch options shared by Playwright tests and benchmarks: the system Chromium when present. */
import { existsSync } from 'node:fs';

export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

export function launchOptions() {
  const executablePath = chromiumExecutable();
  // BENCH_JS_FLAGS passes V8 flags to the renderer (diagnosis only: --trace-gc-nvp, --trace-evacuation…).
  const jsFlags = process.env.BENCH_JS_FLAGS ? [`--js-flags=${process.env.BENCH_JS_FLAGS}`] : [];
  return { args: [...CHROMIUM_FLAGS, ...jsFlags], ...(executablePath ? { executablePath } : {}) };
}
