import { expect } from '@playwright/test';
import type { Locator } from '@playwright/test';

/** One dashboard tile, scoped to its named region. */
export class Tile {
  constructor(readonly region: Locator) {}

  /** Resolves when the tile shows its table or list of entries. */
  async expectLoaded() {
    await expect(this.region).toHaveAttribute('aria-busy', 'false');
    await expect(this.rows().first()).toBeVisible();
  }

  rows(): Locator {
    return this.region.getByRole('row').or(this.region.getByRole('listitem'));
  }

  row(name: string | RegExp): Locator {
    return this.region.getByRole('row').filter({ has: this.region.page().getByRole('rowheader', { name }) });
  }

  alert(): Locator {
    return this.region.getByRole('alert');
  }

  async retry() {
    await this.alert().getByRole('button', { name: 'Retry' }).click();
  }

  staleBadge(): Locator {
    return this.region.getByText(/Stale since/);
  }
}
