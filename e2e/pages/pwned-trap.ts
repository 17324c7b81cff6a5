import type { Page } from '@playwright/test';

/**
 * Installs a trap before any page script runs: every hostile payload sets `window.__pwned`, so
 * any write to it is recorded; dialogs are recorded too. `hits()` returns what ran.
 */
export async function installPwnedTrap(page: Page) {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.addInitScript(() => {
    const hits: unknown[] = [];
    Object.defineProperty(window, '__pwnedHits', { value: hits });
    Object.defineProperty(window, '__pwned', {
      configurable: false,
      get: () => undefined,
      set: (v: unknown) => {
        hits.push(v);
      },
    });
  });
  return {
    hits: async () => [...(await page.evaluate(() => (window as unknown as { __pwnedHits: unknown[] }).__pwnedHits.map(String))), ...dialogs.map((d) => `dialog: ${d}`)],
  };
}
