import { expect, test } from '../fixtures/console-test';

/**
 * The demo runs on MSW's service worker. MSW's worker unregisters itself when its last page
 * closes, which is what a reload does, so a reloaded page can start before the worker controls
 * it again. No /proxy/ request may then reach the console server (which has no source in demo
 * mode): every one must be answered by the mocks.
 */
test('after reloads, every demo source request is answered by the mocks', async ({ consolePage, page }) => {
  test.setTimeout(90_000);
  const bypassed: string[] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith('/proxy/') && !response.fromServiceWorker()) bypassed.push(`${response.status()} ${url.pathname}`);
  });
  await consolePage.open('/', { refresh: '5s' });
  await consolePage.tile('Queue stats').expectLoaded();
  for (let i = 0; i < 8; i++) {
    await page.reload();
    await consolePage.tile('Service health').expectLoaded();
    await consolePage.tile('Queue stats').expectLoaded();
  }
  expect(bypassed).toEqual([]);
});
