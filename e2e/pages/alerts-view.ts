import type { Locator, Page } from '@playwright/test';

/**
 * The Alerts view and what the console service adds around it (its banner, its token dialog),
 * by role and accessible name: the same names the component tests use
 * (src/app/service/service-mode.test.tsx), for specs against the real service.
 */
export class AlertsView {
  readonly region: Locator;

  constructor(readonly page: Page) {
    this.region = page.getByRole('region', { name: 'Alerts' });
  }

  inbox(): Locator {
    return this.region.getByRole('table', { name: 'Alert inbox' });
  }

  /** The inbox row of the incident whose text matches (its summary, say "Ollama is down"). */
  incident(text: string | RegExp): Locator {
    return this.inbox().getByRole('row').filter({ hasText: text }).first();
  }

  async act(text: string | RegExp, action: 'Acknowledge' | 'Snooze 1 h' | 'Resolve') {
    await this.incident(text).getByRole('button', { name: action }).click();
  }

  /** Who evaluates the rules: "…evaluated in this tab only…" or "The console service evaluates…". */
  whoWatches(): Locator {
    return this.region.getByRole('note').filter({ hasText: /evaluated in this tab only|The console service evaluates/ });
  }

  rules(): Locator {
    return this.region.getByRole('list', { name: 'Alert rules' });
  }

  /** The one banner shown while the service cannot reach its database. */
  serviceBanner(): Locator {
    return this.page.getByRole('region', { name: 'Console service' });
  }

  /** A change the service refused for another reason ("Not saved: …"). */
  changeError(): Locator {
    return this.page.getByRole('region', { name: 'Console service change' });
  }

  tokenDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Console service token' });
  }

  async enterToken(token: string) {
    const dialog = this.tokenDialog();
    await dialog.getByLabel('Access token').fill(token);
    await dialog.getByRole('button', { name: 'Save change' }).click();
  }
}
