import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../fixtures/console-test';
import { recordMeasurement } from '../pages/request-log';

/**
 * The production build under the console server's strict Content-Security-Policy: no view may
 * cause a violation. Also: no credential-looking string in the built bundle, and a bad source
 * configuration is named in the Sources view with its fix.
 */
test.describe.configure({ mode: 'parallel' });

const VIEWS = ['/', '/logs', '/logs?source=elasticsearch', '/issues', '/sources'];

test('no CSP violation on the dashboard, logs, issues and sources views', async ({ consolePage, page }) => {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  await page.addInitScript(() => {
    const list: string[] = [];
    Object.defineProperty(window, '__cspViolations', { value: list });
    document.addEventListener('securitypolicyviolation', (e) => list.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
  });
  const response = await page.goto('/');
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).toContain("connect-src 'self'");
  for (const view of VIEWS) {
    await consolePage.open(view.split('?')[0], Object.fromEntries(new URLSearchParams(view.split('?')[1] ?? '')));
    await expect(page.locator('main, [role="main"], section').first()).toBeVisible();
    if (view === '/') await consolePage.tile('Service health').expectLoaded();
    if (view.startsWith('/logs')) await expect(page.getByRole('list', { name: 'Log lines' }).getByRole('listitem').first()).toBeVisible();
    await page.waitForTimeout(500);
    violations.push(...(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)));
  }
  expect(violations).toEqual([]);
  recordMeasurement('csp', { test: 'e2e/tests/security.spec.ts', views: VIEWS, violations: violations.length, policy: csp });
});

test('the built bundle holds no credentials or credential-shaped strings', () => {
  test.skip(!existsSync('dist/index.html'), 'needs `vite build`');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk('dist');
  const patterns = [/csp_live_[A-Za-z0-9]{6,}/, /Basic [A-Za-z0-9+/]{12,}={0,2}/, /ApiKey [A-Za-z0-9+/]{16,}/, /Bearer [A-Za-z0-9._-]{16,}/, /CAPTURE_SPINE_TOKEN=\S/, /LOKI_AUTH=\S/, /ELASTICSEARCH_AUTH=\S/];
  const hits: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'latin1');
    for (const p of patterns) {
      const m = p.exec(text);
      if (m) hits.push(`${file}: ${m[0]}`);
    }
  }
  expect(hits).toEqual([]);
  recordMeasurement('bundle-secrets', { test: 'e2e/tests/security.spec.ts', filesScanned: files.length, hits: hits.length });
});

test.describe('bad configuration', () => {
  test.use({ allowedConsoleErrors: [/Failed to load resource/] });

  test('a misconfigured source is named in the Sources view with the setting and the fix', async ({ consolePage, page }) => {
  await page.route('**/runtime-config.json', (route) =>
    route.fulfill({
      json: {
        mode: 'live',
        problems: [],
        sources: [
          { id: 'spine-bad-url', kind: 'capture-spine', label: 'capture-spine (bad URL)', config: { baseUrl: 'localhost:8000' } },
          { id: 'es-no-index', kind: 'elasticsearch', label: 'Elasticsearch (bad index)', config: { baseUrl: '/proxy/elasticsearch', index: 'logs with spaces' } },
          { id: 'loki', kind: 'loki', label: 'Loki', config: { baseUrl: '/proxy/loki' } },
        ],
      },
    }),
  );
  await consolePage.open('/sources');
  const sources = page.getByRole('region', { name: 'Sources' });
  const badUrl = sources.getByRole('row').filter({ hasText: 'spine-bad-url' });
  await expect(badUrl.getByText('misconfigured')).toBeVisible();
  await expect(badUrl.getByRole('alert')).toContainText('baseUrl');
  await expect(badUrl.getByRole('alert')).toContainText(/Fix "baseUrl"/);
  const badIndex = sources.getByRole('row').filter({ hasText: 'es-no-index' });
  await expect(badIndex.getByRole('alert')).toContainText('index');
  await expect(badIndex.getByRole('alert')).toContainText(/Fix "index"/);
});
});
