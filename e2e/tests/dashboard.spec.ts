import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '../fixtures/console-test';
import { TILE_NAMES } from '../pages/console-page';

test.describe('demo dashboard', () => {
  test('loads all three tiles with data from the incident scenario', async ({ consolePage }) => {
    await consolePage.open('/');
    await expect(consolePage.demoBanner()).toContainText('Demo mode');
    for (const name of TILE_NAMES) await consolePage.tile(name).expectLoaded();

    const health = consolePage.tile('Service health');
    await expect(health.row(/Ollama/)).toContainText('down');
    await expect(consolePage.tile('Feed status').row(/sec-rss/)).toContainText('failing');
    await expect(consolePage.tile('Queue stats').row(/default/)).toContainText('backlog');
    await expect(consolePage.tile('Queue stats').region.getByRole('img', { name: /Queue depth over time/ })).toBeVisible();
  });

  test('the healthy scenario shows every service up', async ({ consolePage }) => {
    await consolePage.open('/', { scenario: 'healthy' });
    const health = consolePage.tile('Service health');
    await health.expectLoaded();
    await expect(health.region.getByText(/^\d+ up$/)).toBeVisible();
    await expect(consolePage.demoBanner().getByLabel('Demo scenario')).toHaveValue('healthy');
  });

  test('the empty scenario explains each empty tile', async ({ consolePage }) => {
    await consolePage.open('/', { scenario: 'empty' });
    await expect(consolePage.tile('Feed status').region.getByText('No feeds configured')).toBeVisible();
    await expect(consolePage.tile('Queue stats').region.getByText('No queues reported')).toBeVisible();
    await expect(consolePage.tile('Service health').region.getByText('No services reported')).toBeVisible();
  });

  test('tiles are busy while the slow scenario loads, then show data', async ({ consolePage }) => {
    await consolePage.open('/', { scenario: 'slow' });
    const feeds = consolePage.tile('Feed status');
    await expect(feeds.region).toHaveAttribute('aria-busy', 'true');
    await expect(feeds.region.getByRole('status', { name: 'Loading feed status' })).toBeVisible();
    await feeds.expectLoaded();
  });

  test('has no serious or critical accessibility violations, in both themes', async ({ consolePage, page }) => {
    await consolePage.open('/');
    for (const name of TILE_NAMES) await consolePage.tile(name).expectLoaded();
    const scan = async () => {
      const results = await new AxeBuilder({ page }).analyze();
      return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.length} nodes (${v.nodes[0]?.target.join(' ')})`);
    };
    expect(await scan()).toEqual([]);
    await consolePage.toggleTheme();
    await expect(page.locator('.spine-console')).toHaveAttribute('data-theme', 'dark');
    expect(await scan()).toEqual([]);
  });

  test('the Sources view tests the connection and lists what the source provides', async ({ consolePage, page }) => {
    await consolePage.open('/');
    await consolePage.nav('Sources').click();
    await expect(page).toHaveURL(/\/sources/);
    const sources = page.getByRole('region', { name: 'Sources' });
    const row = sources.getByRole('row').filter({ hasText: 'capture-spine (demo)' });
    await expect(row).toContainText('reachable');
    await expect(row).toContainText('version 0.9.2');
    for (const c of ['service health', 'feed status', 'queue stats']) await expect(row).toContainText(c);
  });
});
