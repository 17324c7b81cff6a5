import type { Locator, Page } from '@playwright/test';
import { Tile } from './tile';

export const TILE_NAMES = ['Service health', 'Feed status', 'Queue stats'] as const;

export class ConsolePage {
  constructor(readonly page: Page) {}

  async open(path = '/', params: Record<string, string> = {}) {
    const query = new URLSearchParams(params).toString();
    await this.page.goto(`${path}${query ? `?${query}` : ''}`);
  }

  tile(name: (typeof TILE_NAMES)[number] | string): Tile {
    return new Tile(this.page.getByRole('region', { name, exact: true }));
  }

  demoBanner(): Locator {
    return this.page.getByRole('region', { name: 'Demo mode' });
  }

  async chooseScenario(label: string) {
    await this.demoBanner().getByLabel('Demo scenario').selectOption({ label });
  }

  timeRange(): Locator {
    return this.page.getByLabel('Time range');
  }

  autoRefresh(): Locator {
    return this.page.getByLabel('Auto-refresh');
  }

  nav(name: 'Dashboard' | 'Logs' | 'Issues' | 'Alerts' | 'Sources'): Locator {
    return this.page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name });
  }

  async toggleTheme() {
    await this.page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click();
  }
}
