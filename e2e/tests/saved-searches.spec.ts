import { expect, test } from '../fixtures/console-test';
import { LogsExplorer } from '../pages/logs-explorer';
import { SavedSearchesControl } from '../pages/saved-searches';

/**
 * Saved searches without the console service (the build served as static files): kept in this
 * browser's localStorage, and said so. The shared path is in service.spec.ts.
 */
test.describe('Saved searches in this browser', () => {
  test('save a Logs search, find it after a reload, open it, delete it', async ({ consolePage, page }) => {
    await consolePage.open('/logs', { range: '1h' });
    const logs = new LogsExplorer(page);
    await logs.expectLoaded();
    await logs.search('TokenInvalidError');
    await expect(page).toHaveURL(/q=TokenInvalidError/);
    const saved = new SavedSearchesControl(logs.region);
    await saved.saveButton().click();
    await expect(saved.saveDialog()).toContainText('Saved in this browser only');
    await saved.saveButton().click();
    await saved.save('Token errors');

    await page.goto('/logs?range=24h');
    await saved.openList();
    await expect(saved.list()).toContainText('Saved in this browser only');
    await saved.open('Token errors');
    await expect(page).toHaveURL(/\/logs\?range=24h&q=TokenInvalidError$/);
    await expect(logs.region.getByRole('searchbox', { name: 'Search logs' })).toHaveValue('TokenInvalidError');

    const list = await saved.openList();
    await expect(saved.item('Token errors')).toHaveAccessibleDescription(/shown now$/);
    await list.getByRole('button', { name: 'Delete Token errors' }).click();
    await list.getByRole('group', { name: 'Delete Token errors?' }).getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(saved.status()).toHaveText('Deleted “Token errors”.');
    await expect(list.getByText(/No saved searches yet/)).toBeVisible();
  });

  test('on a phone the list fits the screen', async ({ consolePage, page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.addInitScript(() => {
      const at = Date.now() - 3_600_000;
      localStorage.setItem('spine-console.saved-views', JSON.stringify({ views: [{ id: 'a', view: 'logs', name: 'A long saved search name that has to wrap on a phone screen', query: 'q=timeout', createdAt: at, createdBy: null }] }));
    });
    await consolePage.open('/logs');
    const saved = new SavedSearchesControl(new LogsExplorer(page).region);
    const list = await saved.openList();
    await expect(saved.item('A long saved search name that has to wrap on a phone screen')).toBeVisible();
    const box = (await list.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  });
});
