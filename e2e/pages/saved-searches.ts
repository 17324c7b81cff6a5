import { expect } from '@playwright/test';
import type { Locator } from '@playwright/test';

/** The "Save search" / "Saved searches" control of a view (Logs, Issues), by roles and names. */
export class SavedSearchesControl {
  constructor(readonly scope: Locator) {}

  saveButton(): Locator {
    return this.scope.getByRole('button', { name: 'Save search', exact: true });
  }

  listButton(): Locator {
    return this.scope.getByRole('button', { name: 'Saved searches', exact: true });
  }

  saveDialog(): Locator {
    return this.scope.getByRole('dialog', { name: 'Save search' });
  }

  list(): Locator {
    return this.scope.getByRole('dialog', { name: 'Saved searches' });
  }

  /** Saves the current search under `name` and waits for the confirmation. */
  async save(name: string) {
    await this.saveButton().click();
    await this.saveDialog().getByRole('textbox', { name: 'Name' }).fill(name);
    await this.saveDialog().getByRole('button', { name: 'Save', exact: true }).click();
    await expect(this.status()).toHaveText(`Saved “${name}”.`);
  }

  async openList(): Promise<Locator> {
    if ((await this.listButton().getAttribute('aria-expanded')) !== 'true') await this.listButton().click();
    return this.list();
  }

  /** The button that opens a saved search; its description says who saved it and when. */
  item(name: string): Locator {
    return this.list().getByRole('button', { name, exact: true });
  }

  async open(name: string) {
    await (await this.openList()).getByRole('button', { name, exact: true }).click();
  }

  status(): Locator {
    return this.scope.getByRole('status').filter({ hasText: /^(Saved|Deleted) “/ });
  }
}
