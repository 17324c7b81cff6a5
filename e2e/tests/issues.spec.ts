import { expect, test } from '../fixtures/console-test';

const ANCHOR = new Date('2026-11-28T10:00:00.000Z');

test.describe('Error issues', () => {
  test('TokenInvalidError escalates; resolve it, advance the clock, see it regress', async ({ consolePage, page }) => {
    await page.clock.install({ time: ANCHOR });
    await consolePage.open('/', { refresh: '5s', range: '6h' });

    const errors = consolePage.tile('Errors');
    const token = errors.region.getByRole('listitem').filter({ hasText: 'TokenInvalidError' }).first();
    await expect(token).toBeVisible({ timeout: 20_000 });
    await expect(token).toContainText('escalating');

    await token.getByRole('link').click();
    await expect(page).toHaveURL(/\/issues\/i_/);
    const detail = page.getByRole('region', { name: 'Issue detail' });
    await expect(detail).toContainText('TokenInvalidError');
    await expect(detail.getByRole('list', { name: 'Stack frames' })).toBeVisible();

    await detail.getByRole('button', { name: 'Exact count' }).click();
    await expect(detail.getByText(/lines containing “TokenInvalidError” in the range, counted by Loki \(demo\)/)).toBeVisible();
    await detail.getByRole('button', { name: 'Find first occurrence' }).click();
    await expect(detail.getByText(/Earliest line with “TokenInvalidError” in the last 7 days|No line with “TokenInvalidError” before the range/)).toBeVisible({ timeout: 20_000 });

    await detail.getByRole('button', { name: 'Resolve' }).click();
    await expect(detail).toContainText('resolved');

    // The burst recurs four hours later: the resolved issue comes back as regressed.
    await page.clock.fastForward('04:10:00');
    await expect(detail).toContainText('regressed', { timeout: 30_000 });
  });

  test('the Issues view sorts and filters, and links an issue to its log lines', async ({ consolePage, page }) => {
    await consolePage.open('/issues');
    const issues = page.getByRole('region', { name: 'Issues' });
    const rows = issues.getByRole('table').getByRole('row');
    await expect(rows.nth(1)).toBeVisible({ timeout: 20_000 });

    await issues.getByLabel('Filter issues').fill('Ollama');
    await expect(rows.nth(1)).toContainText(/ollama/i);
    await issues.getByLabel('Sort').selectOption('last');
    await expect(page).toHaveURL(/sort=last/);
    await rows.nth(1).getByRole('link').click();
    const detail = page.getByRole('region', { name: 'Issue detail' });
    await expect(detail).toContainText(/ollama/i);
    await detail.getByRole('link', { name: 'Show in Logs →' }).click();
    const logs = page.getByRole('region', { name: 'Logs' });
    await expect(logs.getByRole('listitem').first()).toContainText(/ollama|ConnectionRefusedError/i);
  });
});
