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
  return { args: CHROMIUM_FLAGS, ...(executablePath ? { executablePath } : {}) };
}
