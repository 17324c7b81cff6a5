import { expect, test } from '../fixtures/console-test';
import { TILE_NAMES } from '../pages/console-page';

test.describe('capture-spine down', () => {
  test.use({ allowedConsoleErrors: [/Failed to load resource: the server responded with a status of 502/] });

  test('every tile shows its error with Retry, and recovers when the source returns', async ({ consolePage }) => {
    await consolePage.open('/', { scenario: 'capture-spine-down', refresh: '5s' });
    for (const name of TILE_NAMES) {
      const alert = consolePage.tile(name).alert();
      await expect(alert).toContainText('capture-spine (demo)', { timeout: 20_000 });
      await expect(alert).toContainText('HTTP 502');
      await expect(alert).toContainText(/check spine-dev-api and CAPTURE_SPINE_URL/);
      await expect(alert.getByRole('button', { name: 'Retry' })).toBeVisible();
    }
    await consolePage.chooseScenario('Incident (default)');
    await consolePage.tile('Service health').retry();
    await consolePage.tile('Service health').expectLoaded();
    // The other tiles recover by themselves too once retried.
    await consolePage.tile('Feed status').retry();
    await consolePage.tile('Queue stats').retry();
    for (const name of TILE_NAMES) await expect(consolePage.tile(name).alert()).toHaveCount(0);
  });

  test('a tile with data keeps it and shows a stale badge when refreshes start failing', async ({ consolePage }) => {
    await consolePage.open('/', { refresh: '5s' });
    const queues = consolePage.tile('Queue stats');
    await queues.expectLoaded();
    await consolePage.chooseScenario('capture-spine down');
    await expect(queues.staleBadge()).toBeVisible({ timeout: 20_000 });
    await expect(queues.row(/default/)).toBeVisible();
    await consolePage.chooseScenario('Incident (default)');
    await expect(queues.staleBadge()).toHaveCount(0, { timeout: 20_000 });
  });
});
