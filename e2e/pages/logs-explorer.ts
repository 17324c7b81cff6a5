import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** The Logs view (the explorer), by roles and names. */
export class LogsExplorer {
  readonly region: Locator;

  constructor(readonly page: Page) {
    this.region = page.getByRole('region', { name: 'Logs' });
  }

  list(): Locator {
    return this.region.getByRole('list', { name: 'Log lines' });
  }

  /** The log lines rendered (the list is virtual: those near the viewport), without the "Load older" footer. */
  lines(): Locator {
    return this.list().getByRole('listitem').filter({ hasNotText: 'Line limit reached' });
  }

  scroller(): Locator {
    return this.region.getByRole('group', { name: 'Log lines, scrollable' });
  }

  /** How many lines the explorer holds (aria-rowcount), not only those rendered. */
  async count(): Promise<number> {
    return Number(await this.list().getAttribute('aria-rowcount'));
  }

  async expectLoaded() {
    await expect(this.lines().first()).toBeVisible({ timeout: 30_000 });
  }

  /** Waits until every rendered line passes `check` (the previous lines stay until the new ones arrive). */
  async expectEveryLine(check: (text: string) => void) {
    await expect(async () => {
      const texts = await this.lines().allInnerTexts();
      expect(texts.length).toBeGreaterThan(0);
      for (const text of texts) check(text);
    }).toPass({ timeout: 20_000 });
  }

  async search(text: string) {
    await this.region.getByRole('searchbox', { name: 'Search logs' }).fill(text);
    await this.region.getByRole('button', { name: 'Run query' }).click();
  }

  level(name: 'critical' | 'error' | 'warning' | 'info' | 'debug' | 'unknown'): Locator {
    return this.region.getByRole('button', { name, exact: true });
  }

  service(): Locator {
    return this.region.getByLabel('Service');
  }

  /** Scrolls to the end of the list and presses "Load older"; resolves once more lines are held. */
  async loadOlder() {
    const before = await this.count();
    await this.scroller().evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await this.region.getByRole('button', { name: 'Load older' }).click();
    await expect.poll(() => this.count(), { timeout: 30_000 }).toBeGreaterThan(before);
  }

  async openLine(line: Locator): Promise<Locator> {
    await line.getByRole('button').click();
    return this.details();
  }

  details(): Locator {
    return this.page.getByRole('region', { name: 'Line details' });
  }

  liveTail(): Locator {
    return this.region.getByRole('button', { name: /^(Live tail|● Live)$/ });
  }

  tailStatus(): Locator {
    return this.region.getByRole('status').filter({ hasText: /Streaming new lines|Polling for new lines|Paused while you scroll|Reconnect/ });
  }

  async openPatterns(): Promise<Locator> {
    await this.region.getByRole('button', { name: 'Patterns', exact: true }).click();
    return this.patterns();
  }

  patterns(): Locator {
    return this.region.getByRole('region', { name: 'Patterns' });
  }

  histogram(): Locator {
    return this.region.getByRole('img', { name: /Log volume by level/ });
  }
}
