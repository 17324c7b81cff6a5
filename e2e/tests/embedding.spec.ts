/**
 * The console embedded in a host app (e2e/harness, built from dist-lib/ like an npm consumer),
 * mounted at /monitoring/console/* beside the host's own page, running offline on
 * `spine-console/mocks`.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures/console-test';
import { HostPage } from '../pages/host-page';

const HARNESS = `http://localhost:${Number(process.env.E2E_HARNESS_PORT ?? 4181)}`;
const STANDALONE = `http://localhost:${Number(process.env.E2E_PORT ?? 4180)}`;
const CONSOLE = '/monitoring/console';
const ANCHOR = new Date('2026-11-28T10:00:00.000Z');

test.use({ baseURL: HARNESS });

/**
 * Fraction of pixels that differ (any channel by more than 16) between two PNG screenshots. The
 * tile may sit at a fractional y in one page and snap to the next pixel row, so sizes may differ
 * by 1 px and the best of the vertical offsets -1, 0, +1 counts.
 */
async function pixelDiff(page: Page, a: Buffer, b: Buffer): Promise<{ sizes: string; ratio: number }> {
  // In a blank page: the host's CSP (rightly) forbids data: fetches.
  const blank = await page.context().newPage();
  return blank.evaluate(
    async ([x, y]) => {
      const load = (b64: string) => createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' }));
      const [ia, ib] = await Promise.all([load(x), load(y)]);
      const sizes = `${ia.width}x${ia.height} vs ${ib.width}x${ib.height}`;
      if (Math.abs(ia.width - ib.width) > 1 || Math.abs(ia.height - ib.height) > 1) return { sizes, ratio: 1 };
      const pixels = (img: ImageBitmap) => {
        const ctx = new OffscreenCanvas(img.width, img.height).getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        return ctx.getImageData(0, 0, img.width, img.height).data;
      };
      const [pa, pb] = [pixels(ia), pixels(ib)];
      const w = Math.min(ia.width, ib.width);
      const h = Math.min(ia.height, ib.height) - 1;
      let best = 1;
      for (const dy of [-1, 0, 1]) {
        let differing = 0;
        for (let row = 1; row < h; row++) {
          for (let col = 0; col < w; col++) {
            const i = (row * ia.width + col) * 4;
            const j = ((row + dy) * ib.width + col) * 4;
            if (Math.max(Math.abs(pa[i]! - pb[j]!), Math.abs(pa[i + 1]! - pb[j + 1]!), Math.abs(pa[i + 2]! - pb[j + 2]!)) > 16) differing++;
          }
        }
        best = Math.min(best, differing / (w * (h - 1)));
      }
      return { sizes, ratio: best };
    },
    [a.toString('base64'), b.toString('base64')] as const,
  ).finally(() => blank.close());
}

async function tileShot(tile: Locator): Promise<Buffer> {
  await expect(tile.getByRole('row').nth(3)).toBeVisible();
  return tile.screenshot({ animations: 'disabled', caret: 'hide' });
}

test.describe('embedded in a host app', () => {
  test('deep link to an issue, then back and forward across host and console pages', async ({ consolePage, page }) => {
    const host = new HostPage(page);
    await page.goto('/');
    await expect(host.heading()).toBeVisible();
    await host.nav('Monitoring console').click();
    await expect(page).toHaveURL(`${HARNESS}${CONSOLE}`);
    await consolePage.tile('Service health').expectLoaded();

    await consolePage.nav('Issues').click();
    await expect(page).toHaveURL(`${HARNESS}${CONSOLE}/issues`);
    const rows = page.getByRole('region', { name: 'Issues' }).getByRole('table').getByRole('row');
    await expect(rows.nth(1)).toBeVisible({ timeout: 20_000 });
    await rows.nth(1).getByRole('link').click();
    await expect(page).toHaveURL(new RegExp(`${CONSOLE}/issues/[^/?]+$`));
    const issueUrl = page.url();
    const detail = page.getByRole('region', { name: 'Issue detail' });
    await expect(detail).toBeVisible();
    const title = (await detail.getByRole('heading').first().innerText()).trim();

    await page.goBack();
    await expect(page).toHaveURL(`${HARNESS}${CONSOLE}/issues`);
    await page.goBack();
    await expect(page).toHaveURL(`${HARNESS}${CONSOLE}`);
    await consolePage.tile('Service health').expectLoaded();
    await page.goBack();
    await expect(page).toHaveURL(`${HARNESS}/`);
    await expect(host.heading()).toBeVisible();
    await expect(page.locator('.spine-console')).toHaveCount(0);
    await page.goForward();
    await page.goForward();
    await page.goForward();
    await expect(page).toHaveURL(issueUrl);
    await expect(detail.getByRole('heading').first()).toHaveText(title);

    // A fresh load of the deep link (the host server falls back to its index.html).
    await page.goto('/');
    await page.goto(issueUrl);
    await expect(page.getByRole('region', { name: 'Issue detail' }).getByRole('heading').first()).toHaveText(title, { timeout: 20_000 });
    await expect(consolePage.nav('Issues')).toHaveAttribute('href', `${CONSOLE}/issues`);
  });

  test('deep link to a log line', async ({ page }) => {
    await page.goto(`${CONSOLE}/logs`);
    const lines = page.getByRole('region', { name: 'Logs' }).getByRole('list', { name: 'Log lines' }).getByRole('listitem');
    await lines.first().getByRole('button').click();
    const details = page.getByRole('region', { name: 'Line details' });
    await expect(details).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`${CONSOLE}/logs\\?.*line=`));
    const link = page.url();
    const text = (await details.textContent()) ?? '';

    await page.goto('/');
    await page.goto(link);
    await expect(page.getByRole('region', { name: 'Line details' })).toHaveText(text);
  });

  test("the host's elements keep their computed styles after the console mounts", async ({ consolePage, page }) => {
    const host = new HostPage(page);
    await page.goto('/');
    const before = { heading: await host.stylesOf(host.heading()), button: await host.stylesOf(host.button()), body: await host.stylesOf(page.locator('body')) };
    expect(before.heading['text-transform']).toBe('uppercase'); // the host's own rule is in force

    await host.nav('Monitoring console').click();
    await consolePage.tile('Service health').expectLoaded();
    // …and the host's rules do not reach into the console.
    const tileTitle = consolePage.tile('Service health').region.getByRole('heading').first();
    expect((await host.stylesOf(tileTitle))['text-transform']).toBe('none');
    const refresh = await host.stylesOf(page.getByRole('button', { name: 'Refresh now' }));
    expect(refresh['text-transform']).toBe('none');
    expect(refresh['box-shadow']).not.toContain('rgb(136, 14, 79)'); // the host's button shadow

    await page.goBack();
    await expect(host.heading()).toBeVisible();
    const after = { heading: await host.stylesOf(host.heading()), button: await host.stylesOf(host.button()), body: await host.stylesOf(page.locator('body')) };
    expect(after).toEqual(before);
  });

  test('a tile looks as it does standalone', async ({ consolePage, page }) => {
    await page.clock.setFixedTime(ANCHOR);
    const params = `?mockNow=${ANCHOR.toISOString()}&refresh=off`;
    await page.goto(`${STANDALONE}/${params}`);
    const standalone = await tileShot(consolePage.tile('Feed status').region);
    await page.goto(`${CONSOLE}${params}`);
    const embedded = await tileShot(consolePage.tile('Feed status').region);
    await test.info().attach('standalone.png', { body: standalone, contentType: 'image/png' });
    await test.info().attach('embedded.png', { body: embedded, contentType: 'image/png' });
    const diff = await pixelDiff(page, standalone, embedded);
    expect(diff.ratio, `${diff.sizes}: ${(diff.ratio * 100).toFixed(2)}% of pixels differ`).toBeLessThan(0.005);
  });

  test("one QueryClient: the host's cache holds the console's queries beside its own", async ({ consolePage, page }) => {
    const host = new HostPage(page);
    await page.goto('/');
    await expect(host.hostQueries()).toHaveText('1');
    await expect(host.consoleQueries()).toHaveText('0');
    await host.nav('Monitoring console').click();
    await consolePage.tile('Queue stats').expectLoaded();
    await expect(host.consoleQueries()).not.toHaveText('0');
    expect(Number(await host.consoleQueries().innerText())).toBeGreaterThanOrEqual(3);
    await expect(host.hostQueries()).toHaveText('1');
  });

  test('runs offline through spine-console/mocks', async ({ consolePage, page, context }) => {
    await page.goto(CONSOLE);
    await consolePage.tile('Feed status').expectLoaded();
    const worker = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null);
    expect(worker).toBe(`${HARNESS}/mockServiceWorker.js`);
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await expect(consolePage.tile('Feed status').region).toHaveAttribute('aria-busy', 'false');
    await expect(consolePage.tile('Feed status').alert()).toHaveCount(0);
    await expect(consolePage.tile('Feed status').staleBadge()).toHaveCount(0);
    await context.setOffline(false);
  });

  test.describe('auth', () => {
    test.use({ allowedConsoleErrors: [/status of 401/] });
    test('a 401 from a source calls onUnauthorized, and the host decides what happens', async ({ consolePage, page }) => {
      const host = new HostPage(page);
      await page.goto(CONSOLE);
      await consolePage.tile('Service health').expectLoaded();
      await host.expireSession();
      await expect(page).toHaveURL(`${HARNESS}/login`);
      await expect(page.getByRole('alert')).toContainText(/Your session expired \(401 from \/proxy\//);
    });
  });
});
