import { expect, test } from '../fixtures/console-test';

test.describe('Logs patterns', () => {
  test('opens Patterns on the Loki source, and a click filters the list to that pattern', async ({ consolePage, page }) => {
    await consolePage.open('/logs');
    const logs = page.getByRole('region', { name: 'Logs' });
    await logs.getByLabel('Source').selectOption({ label: 'Loki (demo)' });
    const lines = logs.getByRole('list', { name: 'Log lines' }).getByRole('listitem');
    await expect(lines.first()).toBeVisible();

    await logs.getByRole('button', { name: 'Patterns', exact: true }).click();
    const panel = logs.getByRole('region', { name: 'Patterns' });
    const patterns = panel.getByRole('list', { name: 'Log patterns' }).getByRole('button');
    await expect(patterns.first()).toBeVisible();
    // A pattern whose lines all share a literal word, so the filtered list can be checked.
    const target = patterns.filter({ hasText: 'Traceback' }).first();
    const label = (await target.getAttribute('aria-label')) ?? '';
    const pattern = label.replace(/ \([\d,]+ lines\)$/, '');
    await target.click();

    await expect(target).toHaveAttribute('aria-pressed', 'true');
    await expect(page).toHaveURL(/pattern=/);
    await expect(logs.getByRole('status').filter({ hasText: 'Pattern:' })).toContainText(pattern);
    await expect(lines.first()).toContainText('Traceback');
    for (const text of await lines.allInnerTexts()) expect(text).toContain('Traceback (most recent call last):');

    await page.screenshot({ path: 'test-results/logs-patterns.png', fullPage: true });

    await logs.getByRole('button', { name: 'Clear pattern filter' }).click();
    await expect(page).not.toHaveURL(/pattern=/);
  });

  test.describe('on Loki 2.9', () => {
    // buildinfo already says 2.9, so /patterns is not asked; a 404 from a feature probe would be expected.
    test.use({ allowedConsoleErrors: [/Failed to load resource: the server responded with a status of 404/] });

    test('explains that an old Loki has no patterns, without an error', async ({ consolePage, page }) => {
      await consolePage.open('/logs', { scenario: 'loki-2.9', source: 'loki', panel: 'patterns' });
      const panel = page.getByRole('region', { name: 'Patterns' });
      await expect(panel.getByRole('note')).toContainText('Log patterns are not available on Loki (demo).');
      await expect(panel.getByRole('note')).toContainText('2.9.17');
      await expect(panel.getByRole('alert')).toHaveCount(0);
      await expect(page.getByRole('region', { name: 'Logs' }).getByRole('list', { name: 'Log lines' }).getByRole('listitem').first()).toBeVisible();
    });
  });
});
