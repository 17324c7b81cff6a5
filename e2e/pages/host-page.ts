import type { Locator, Page } from '@playwright/test';

/** The host app of the embedding harness (e2e/harness): its own page, nav and counters. */
export class HostPage {
  constructor(readonly page: Page) {}

  heading(): Locator {
    return this.page.getByRole('heading', { name: 'Newsfeed', level: 1 });
  }

  button(): Locator {
    return this.page.getByRole('button', { name: 'Mark all read' });
  }

  nav(name: 'Home' | 'Monitoring console'): Locator {
    return this.page.getByRole('navigation', { name: 'Host' }).getByRole('link', { name });
  }

  /** Entries with the console's key scope / other entries, in the host's one QueryClient. */
  consoleQueries(): Locator {
    return this.page.getByRole('status', { name: 'Console queries in the host cache' });
  }

  hostQueries(): Locator {
    return this.page.getByRole('status', { name: 'Host queries in the host cache' });
  }

  async expireSession() {
    await this.page.getByRole('button', { name: 'Expire session' }).click();
  }

  /** The computed styles a host cares about, for a before/after comparison. */
  async stylesOf(locator: Locator): Promise<Record<string, string>> {
    return locator.evaluate((el) => {
      const s = getComputedStyle(el);
      const props = ['font-family', 'font-size', 'font-weight', 'line-height', 'color', 'background-color', 'text-transform', 'letter-spacing', 'margin', 'padding', 'border', 'border-radius', 'box-shadow', 'box-sizing'];
      return Object.fromEntries(props.map((p) => [p, s.getPropertyValue(p)]));
    });
  }
}
