import { expect, test } from '../fixtures/console-test';

test.describe('URL state', () => {
  test('a link with range and refresh reproduces the view', async ({ consolePage, page }) => {
    await consolePage.open('/', { range: '6h', refresh: '5m' });
    await expect(consolePage.timeRange()).toHaveValue('6h');
    await expect(consolePage.autoRefresh()).toHaveValue('5m');
    await consolePage.tile('Queue stats').expectLoaded();

    await consolePage.timeRange().selectOption({ label: 'Last 24 hours' });
    await consolePage.autoRefresh().selectOption({ label: 'Off' });
    await expect(page).toHaveURL(/range=24h/);
    await expect(page).toHaveURL(/refresh=off/);
    await page.reload();
    await expect(consolePage.timeRange()).toHaveValue('24h');
    await expect(consolePage.autoRefresh()).toHaveValue('off');
  });

  test('an absolute range goes into the URL as ISO dates', async ({ consolePage, page }) => {
    await consolePage.open('/');
    await consolePage.timeRange().selectOption({ label: 'Absolute range…' });
    await page.getByLabel('From', { exact: true }).fill('2026-11-27T08:00');
    await page.getByLabel('To', { exact: true }).fill('2026-11-27T09:30');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/from=2026-11-27T\d\d%3A00%3A00.000Z&to=2026-11-27T\d\d%3A30%3A00.000Z/);
    await expect(consolePage.timeRange()).toHaveValue('absolute');
    await consolePage.tile('Service health').expectLoaded();
  });

  test('a malformed range in the URL is explained, not fatal', async ({ consolePage, page }) => {
    await consolePage.open('/', { range: '3w' });
    await expect(page.getByText('Unknown range "3w": use one of 15m, 1h, 6h, 24h, 7d.')).toBeVisible();
    await consolePage.tile('Feed status').expectLoaded();
  });

  test('the theme toggle switches and is remembered', async ({ consolePage, page }) => {
    await consolePage.open('/');
    const root = page.locator('.spine-console');
    const initial = await root.getAttribute('data-theme');
    await consolePage.toggleTheme();
    await expect(root).not.toHaveAttribute('data-theme', initial ?? '');
    await page.reload();
    await expect(root).not.toHaveAttribute('data-theme', initial ?? '');
  });
});
