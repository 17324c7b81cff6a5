import { expect, test } from '../fixtures/console-test';
import { installPwnedTrap } from '../pages/pwned-trap';
import { recordMeasurement } from '../pages/request-log';

/**
 * The `hostile-logs` scenario feeds markup, scripts, terminal escapes, bidi overrides, NUL bytes,
 * invalid UTF-8, a 1 MB line and a 10,000-label stream through each log source. They must stay
 * inert text: no script runs, the layout holds, the page stays responsive.
 */
test.describe.configure({ mode: 'parallel' });

for (const source of ['loki', 'elasticsearch', 'capture-spine']) {
  test(`hostile log lines from ${source} stay inert text`, async ({ consolePage, page }) => {
    const trap = await installPwnedTrap(page);
    // Only the hostile lines: background lines would push some of them out of the virtualized viewport.
    await consolePage.open('/logs', { scenario: 'hostile-logs', source, refresh: 'off', q: 'HOSTILE' });
    const logs = page.getByRole('region', { name: 'Logs' });
    const lines = logs.getByRole('list', { name: 'Log lines' }).getByRole('listitem');
    await expect(lines.filter({ hasText: 'HOSTILE html <script>window.__pwned' }).first()).toBeVisible({ timeout: 20_000 });
    await expect(lines.filter({ hasText: 'HOSTILE link <a href="javascript:' }).first()).toBeVisible();
    await expect(lines.filter({ hasText: 'HOSTILE ansi' }).first()).toBeVisible();

    // Nothing the lines carried became markup.
    expect(await logs.locator('script, iframe, svg[onload], img[onerror], style, a[href^="javascript:" i]').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
    expect(await page.title()).toBe('Spine Console');

    // Layout: the view stays within the viewport, even with a 1 MB line and bidi overrides.
    const viewport = page.viewportSize()!;
    const box = (await logs.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width + 1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width + 1);

    // Responsive: opening the 10,000-label line and the 1 MB line answers within a bound.
    const timings: Record<string, number> = {};
    for (const [name, text] of [
      ['labels', 'HOSTILE labels'],
      ['huge', 'HOSTILE huge'],
    ] as const) {
      const t0 = Date.now();
      await lines.filter({ hasText: text }).first().getByRole('button').first().click();
      await expect(page.getByRole('region', { name: 'Line details' })).toContainText(text, { timeout: 10_000 });
      timings[name] = Date.now() - t0;
      expect(timings[name]).toBeLessThan(3_000);
    }
    const t1 = Date.now();
    await consolePage.nav('Dashboard').click();
    await expect(consolePage.tile('Service health').region).toBeVisible();
    timings.navigate = Date.now() - t1;
    expect(timings.navigate).toBeLessThan(3_000);

    expect(await trap.hits()).toEqual([]);
    recordMeasurement(`hostile-logs-${source}`, { test: 'e2e/tests/hostile.spec.ts', scriptsRun: 0, clickToDetailsMs: timings });
  });
}
