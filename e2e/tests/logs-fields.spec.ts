import { expect, test } from '../fixtures/console-test';

test.describe('Logs detected fields', () => {
  test('expands a field, filters for one of its values: the filter is in the URL and every line shown has the value', async ({ consolePage, page }) => {
    await consolePage.open('/logs', { source: 'loki' });
    const logs = page.getByRole('region', { name: 'Logs' });
    const lines = logs.getByRole('list', { name: 'Log lines' }).getByRole('listitem');
    await expect(lines.first()).toBeVisible();

    await logs.getByRole('button', { name: 'Patterns', exact: true }).click();
    const panel = logs.getByRole('region', { name: 'Patterns' });
    await panel.getByRole('tab', { name: 'Detected fields' }).click();
    const fields = panel.getByRole('table', { name: 'Detected fields' });
    // A logfmt field with a few values, so its `name=value` is in the text of the lines it filters to.
    const row = fields.getByRole('row').filter({ has: page.getByRole('cell', { name: 'logfmt', exact: true }) }).filter({ has: page.getByRole('cell', { name: /^[2-9]$/ }) }).first();
    const expand = row.getByRole('button', { name: /^Show values of / });
    const name = ((await expand.getAttribute('aria-label')) ?? '').replace('Show values of ', '');
    await expand.click();
    await expect(expand).toHaveAttribute('aria-expanded', 'true');

    const values = panel.getByRole('list', { name: `Values of ${name}` });
    const filterFor = values.getByRole('button', { name: new RegExp(`^Filter for ${name} = `) }).first();
    const value = ((await filterFor.getAttribute('aria-label')) ?? '').replace(`Filter for ${name} = `, '');
    await page.screenshot({ path: 'test-results/logs-fields-expanded.png', fullPage: true });
    await filterFor.click();

    await expect(filterFor).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(() => new URL(page.url()).searchParams.getAll('field')).toEqual([`logfmt:${name}=${value}`]);
    await expect(logs.getByRole('list', { name: 'Field filters' }).getByRole('listitem')).toHaveText([`${name} = ${value}✕`]);
    await expect(async () => {
      const texts = await lines.allInnerTexts();
      expect(texts.length).toBeGreaterThan(0);
      for (const text of texts) expect(text.includes(`${name}=${value}`) || text.includes(`${name}="${value}"`), text).toBe(true);
    }).toPass();

    // The link reproduces the filtered view.
    const link = page.url();
    await page.goto('/');
    await page.goto(link);
    await expect(page.getByRole('region', { name: 'Logs' }).getByRole('list', { name: 'Field filters' })).toContainText(`${name} = ${value}`);
    await expect(lines.first()).toContainText(value);

    await logs.getByRole('button', { name: `Remove field filter ${name} = ${value}` }).click();
    await expect.poll(() => new URL(page.url()).searchParams.getAll('field')).toEqual([]);
  });
});
