import { expect, test } from '../fixtures/console-test';

test.describe('Logs view', () => {
  test('search, filter by service and level, open a line and share its link', async ({ consolePage, page }) => {
    await consolePage.open('/logs');
    const logs = page.getByRole('region', { name: 'Logs' });
    const lines = logs.getByRole('list', { name: 'Log lines' }).getByRole('listitem');
    await expect(lines.first()).toBeVisible();

    await logs.getByRole('searchbox', { name: 'Search logs' }).fill('TokenInvalidError');
    await logs.getByRole('button', { name: 'Run query' }).click();
    await expect(page).toHaveURL(/q=TokenInvalidError/);
    await expect(lines.first()).toContainText('TokenInvalidError');
    // The previous lines stay on screen until the filtered ones arrive (and the newest of them may
    // well be a TokenInvalidError too): wait until every line shown matches.
    await expect(async () => {
      for (const text of await lines.allInnerTexts()) expect(text).toContain('TokenInvalidError');
    }).toPass();

    await logs.getByLabel('Service').selectOption('spine-dev-api');
    await expect(page).toHaveURL(/service=spine-dev-api/);
    await logs.getByRole('button', { name: 'error', exact: true }).click();
    await expect(logs.getByRole('button', { name: 'error', exact: true })).toHaveAttribute('aria-pressed', 'true');

    await lines.first().getByRole('button').click();
    const details = page.getByRole('region', { name: 'Line details' });
    await expect(details).toContainText('TokenInvalidError');
    await expect(page).toHaveURL(/line=/);
    const link = page.url();

    await page.goto('/');
    await page.goto(link);
    await expect(page.getByRole('region', { name: 'Line details' })).toContainText('TokenInvalidError');
  });

  test('user text is matched literally, even with query syntax in it', async ({ consolePage, page }) => {
    await consolePage.open('/logs', { q: '"} |= `x` or (a|b)' });
    const logs = page.getByRole('region', { name: 'Logs' });
    await expect(logs.getByText('No log lines match')).toBeVisible();
    await expect(logs.getByRole('searchbox', { name: 'Search logs' })).toHaveValue('"} |= `x` or (a|b)');
  });

  test('exports the lines shown as JSON, CSV and text', async ({ consolePage, page }) => {
    await consolePage.open('/logs', { q: 'Ollama' });
    const logs = page.getByRole('region', { name: 'Logs' });
    await expect(logs.getByRole('listitem').first()).toBeVisible();
    for (const format of ['JSON', 'CSV', 'TXT']) {
      const download = page.waitForEvent('download');
      await logs.getByRole('button', { name: `Export ${format}` }).click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(new RegExp(`^spine-logs-.*\\.${format.toLowerCase()}$`));
    }
  });

  test('navigation keeps the range and the nav links work from any view', async ({ consolePage, page }) => {
    await consolePage.open('/logs', { range: '6h' });
    await consolePage.nav('Dashboard').click();
    await expect(page).toHaveURL(/\/\?range=6h$/);
    await consolePage.tile('Service health').expectLoaded();
    await consolePage.nav('Logs').click();
    await expect(page).toHaveURL(/\/logs\?range=6h$/);
  });
});

test.describe('Live tail', () => {
  test('streams new lines from Loki, pauses on scroll, resumes and clears', async ({ consolePage, page }) => {
    await consolePage.open('/logs', { source: 'loki', range: '15m', live: '1' });
    const logs = page.getByRole('region', { name: 'Logs' });
    await expect(logs.getByRole('button', { name: '● Live' })).toHaveAttribute('aria-pressed', 'true');
    await expect(logs.getByText(/Streaming new lines/)).toBeVisible();
    const list = logs.getByRole('list', { name: 'Log lines' });
    await expect(list.getByRole('listitem').first()).toBeVisible();
    const before = Number(await list.getAttribute('aria-rowcount'));
    await expect.poll(async () => Number(await list.getAttribute('aria-rowcount')), { timeout: 20_000 }).toBeGreaterThan(before);

    await logs.getByRole('group', { name: 'Log lines, scrollable' }).evaluate((el) => el.scrollTo({ top: 400 }));
    await expect(logs.getByText(/Paused while you scroll/)).toBeVisible();
    await logs.getByRole('button', { name: 'Resume' }).click();
    await expect(logs.getByText(/Streaming new lines/)).toBeVisible();

    await logs.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(async () => Number(await list.getAttribute('aria-rowcount')).valueOf(), { timeout: 5_000 }).toBeLessThan(50);
  });
});

test.describe('Explorer details', () => {
  test('zoom by dragging across the volume histogram, then show a line in its context', async ({ consolePage, page }) => {
    await consolePage.open('/logs', { source: 'loki', range: '1h' });
    const logs = page.getByRole('region', { name: 'Logs' });
    const histogram = logs.getByRole('img', { name: /Log volume by level/ });
    await expect(histogram).toBeVisible();
    const box = (await histogram.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    await expect(page).toHaveURL(/from=.*&to=/);
    await expect(consolePage.timeRange()).toHaveValue('absolute');
    // The bars sit at their times: 15 % of the width of a 1 h axis is about 9 minutes (whole 1 m buckets).
    const zoomed = new URL(page.url()).searchParams;
    const minutes = (Date.parse(zoomed.get('to')!) - Date.parse(zoomed.get('from')!)) / 60_000;
    expect(Number.isInteger(minutes) && minutes >= 6 && minutes <= 12).toBe(true);

    const lines = logs.getByRole('list', { name: 'Log lines' }).getByRole('listitem');
    await lines.nth(3).getByRole('button').click();
    const details = page.getByRole('region', { name: 'Line details' });
    await details.getByRole('button', { name: 'Show context' }).click();
    const context = details.getByRole('list', { name: 'Context' });
    await expect(context.locator('[aria-current="true"]')).toHaveCount(1);
    await expect(context.getByRole('listitem')).not.toHaveCount(1);
  });
});

test.describe('Logs from OpenSearch', () => {
  test('the Elasticsearch source detects OpenSearch and pages through its point-in-time API', async ({ consolePage, page }) => {
    await consolePage.open('/sources', { scenario: 'opensearch' });
    const sources = page.getByRole('region', { name: 'Sources' });
    const row = sources.getByRole('row').filter({ hasText: 'Elasticsearch (demo)' });
    await expect(row).toContainText('OpenSearch 2.10.0', { timeout: 20_000 });
    await expect(row).toContainText('point-in-time supported (_search/point_in_time)');

    const pitOpened = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/_search/point_in_time'));
    await consolePage.open('/logs', { scenario: 'opensearch', source: 'elasticsearch', limit: '100' });
    const logs = page.getByRole('region', { name: 'Logs' });
    const list = logs.getByRole('list', { name: 'Log lines' });
    await expect(list).toHaveAttribute('aria-rowcount', '100');
    await logs.getByRole('group', { name: 'Log lines, scrollable' }).evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await logs.getByRole('button', { name: 'Load older' }).click();
    await pitOpened;
    await expect(list).toHaveAttribute('aria-rowcount', '200');
    await expect(logs.getByRole('alert')).toHaveCount(0);
  });
});
