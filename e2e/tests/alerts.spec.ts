import { readFileSync } from 'node:fs';
import { expect, test } from '../fixtures/console-test';

test.describe('Alerting', () => {
  test('receive, acknowledge, mute, backtest and create a rule by import', async ({ consolePage, page }, testInfo) => {
    await consolePage.open('/', { refresh: '5s' });
    const banner = page.getByRole('region', { name: 'Active alerts' });
    await expect(banner).toBeVisible({ timeout: 20_000 });
    await expect(banner).toContainText(/Critical|Error|Warning/);
    await banner.getByRole('link', { name: 'View alerts' }).click();

    const alerts = page.getByRole('region', { name: 'Alerts' });
    const inbox = alerts.getByRole('table');
    const ollama = inbox.getByRole('row').filter({ hasText: 'Ollama is down' }).first();
    await expect(ollama).toContainText('firing');
    await ollama.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(ollama).toContainText('acknowledged');

    await alerts.getByRole('button', { name: 'Mute everything for 1 hour' }).click();
    await expect(alerts.getByRole('list', { name: 'Maintenance windows' })).toContainText('Muted for 1 hour');

    const rules = alerts.getByRole('list', { name: 'Alert rules' });
    const queueRule = rules.getByRole('listitem').filter({ hasText: /queue/i }).first();
    await queueRule.getByRole('button', { name: 'Backtest' }).click();
    await expect(queueRule.getByRole('status')).toContainText(/this console has observed .* incidents, \d+ notifications/);

    // Create a rule as code: export, add a rule, import, review the diff, apply.
    const download = page.waitForEvent('download');
    await alerts.getByRole('button', { name: 'Export rules (JSON)' }).click();
    const config = JSON.parse(readFileSync((await (await download).path())!, 'utf8')) as { rules: Record<string, unknown>[] };
    config.rules.push({ id: 'slow-queue-deep', name: 'Slow queue deeper than 1', kind: 'queue', severity: 'WARNING', queues: ['slow'], depthAbove: 1, enabled: true, for: '0s', keepFiringFor: '0s' });
    const file = testInfo.outputPath('rules.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify(config));
    await alerts.getByLabel('Import alert rules file').setInputFiles(file);
    const preview = page.getByRole('dialog', { name: 'Import preview' });
    await expect(preview).toContainText('Added: Slow queue deeper than 1');
    await preview.getByRole('button', { name: 'Apply import' }).click();
    await expect(rules).toContainText('Slow queue deeper than 1');

    const yaml = page.waitForEvent('download');
    await alerts.getByRole('button', { name: 'Export Loki ruler YAML' }).click();
    expect(readFileSync((await (await yaml).path())!, 'utf8')).toMatch(/^groups:/m);
  });

  test('a malformed import is rejected with the field named', async ({ consolePage, page }, testInfo) => {
    await consolePage.open('/alerts');
    const alerts = page.getByRole('region', { name: 'Alerts' });
    const file = testInfo.outputPath('bad.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify({ version: 1, rules: [{ id: 'x', kind: 'queue', name: 'x', severity: 'LOUD' }] }));
    await alerts.getByLabel('Import alert rules file').setInputFiles(file);
    await expect(alerts.getByRole('alert')).toContainText(/Import rejected: rules\[0\]/);
  });
});
