import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from '../fixtures/console-test';

const SHOTS = process.env.E2E_SHOTS_DIR;

test.describe('Alert rule editor', () => {
  test('create a rule with the form, backtest it on 24 h and 7 d of history, save it, receive, acknowledge and mute', async ({ consolePage, page }, testInfo) => {
    test.setTimeout(120_000);
    // A past maintenance window (imported as code) so the backtest timeline draws its band.
    const now = Date.now();
    const file = testInfo.outputPath('maintenance.json');
    await consolePage.open('/alerts', { refresh: '5s' });
    const alerts = page.getByRole('region', { name: 'Alerts' });
    const download = page.waitForEvent('download');
    await alerts.getByRole('button', { name: 'Export rules (JSON)' }).click();
    const config = JSON.parse(readFileSync((await (await download).path())!, 'utf8')) as { maintenance: unknown[] };
    config.maintenance = [{ id: 'nightly-upgrade', name: 'Nightly upgrade', kind: 'once', from: new Date(now - 6 * 3_600_000).toISOString(), to: new Date(now - 5 * 3_600_000).toISOString() }];
    writeFileSync(file, JSON.stringify(config));
    await alerts.getByLabel('Import alert rules file').setInputFiles(file);
    await page.getByRole('dialog', { name: 'Import preview' }).getByRole('button', { name: 'Apply import' }).click();
    await expect(alerts.getByRole('list', { name: 'Maintenance windows' })).toContainText('Nightly upgrade');

    // New rule: a queue backlog rule, tuned on the source's history before saving.
    await alerts.getByRole('button', { name: 'New rule' }).click();
    const editor = page.getByRole('region', { name: 'Rule editor' });
    const form = editor.getByRole('form', { name: 'New rule' });
    await form.getByRole('combobox', { name: 'Kind' }).selectOption({ label: 'Queue' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Default queue deeper than 100');
    await form.getByRole('textbox', { name: 'Queues' }).fill('default');

    // A bad value is named next to its field, and the backtest waits for a valid rule.
    const depth = form.getByRole('textbox', { name: 'Depth above' });
    await depth.fill('lots');
    await expect(depth).toHaveAttribute('aria-invalid', 'true');
    await expect(depth).toHaveAccessibleDescription(/must be a number/);
    await depth.fill('100');
    await expect(depth).not.toHaveAttribute('aria-invalid', 'true');

    const backtest = editor.getByRole('region', { name: 'Backtest' });
    await expect(backtest.getByRole('combobox', { name: 'History from' })).toHaveValue('capture-spine');
    const status = backtest.getByRole('status');
    await expect(status).toContainText(/Over the last 24 h on .+: \d+ incidents?, \d+ notifications?/, { timeout: 30_000 });
    const incidents24 = Number((await status.textContent())!.match(/: (\d+) incidents?/)![1]);
    expect(incidents24).toBeGreaterThanOrEqual(1); // the incident scenario's backlog on "default"
    expect(incidents24).toBeLessThan(20);
    const timeline = backtest.getByRole('img', { name: /Backtest timeline over the last 24 h/ });
    await expect(timeline).toBeVisible();
    await expect(timeline).toHaveAccessibleName(/Maintenance window: Nightly upgrade/);
    await expect(backtest.getByRole('note').filter({ hasText: 'depth only' })).toHaveCount(0); // depth only: nothing dropped

    // Raising the threshold past every depth the queue reached: no incident (debounced replay).
    await depth.fill('100000');
    await expect(status).toContainText('0 incidents, 0 notifications');
    await depth.fill('100');
    await expect(status).toContainText(new RegExp(`: ${incidents24} incidents?,`));

    if (SHOTS) {
      await editor.screenshot({ path: `${SHOTS}/rule-editor-light.png` });
      await consolePage.toggleTheme();
      await editor.screenshot({ path: `${SHOTS}/rule-editor-dark.png` });
      await consolePage.toggleTheme();
    }

    await backtest.getByRole('button', { name: 'Last 7 d' }).click();
    await expect(status).toContainText(/Over the last 7 d on .+: \d+ incidents?/, { timeout: 60_000 });
    const incidents7 = Number((await status.textContent())!.match(/: (\d+) incidents?/)![1]);
    expect(incidents7).toBeGreaterThanOrEqual(incidents24);
    await expect(backtest.getByRole('img', { name: /Backtest timeline over the last 7 d/ })).toBeVisible();

    await form.getByRole('button', { name: 'Save rule' }).click();
    await expect(editor).toBeHidden();
    const rules = alerts.getByRole('list', { name: 'Alert rules' });
    await expect(rules).toContainText('Default queue deeper than 100');

    // Its alert arrives with the next evaluation; acknowledge it, then mute everything.
    const row = alerts.getByRole('table').getByRole('row').filter({ hasText: 'Default queue deeper than 100' }).first();
    await expect(row).toContainText('firing', { timeout: 30_000 });
    await row.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(row).toContainText('acknowledged');
    await alerts.getByRole('button', { name: 'Mute everything for 1 hour' }).click();
    await expect(alerts.getByRole('list', { name: 'Maintenance windows' })).toContainText('Muted for 1 hour');

    // Edit it: the form opens with its values; a rule kind without source history says so.
    await rules.getByRole('button', { name: 'Edit Default queue deeper than 100' }).click();
    await expect(editor.getByRole('form', { name: 'Edit rule: Default queue deeper than 100' }).getByRole('textbox', { name: 'Depth above' })).toHaveValue('100');
    await editor.getByRole('button', { name: 'Cancel' }).click();
    await rules.getByRole('button', { name: 'Edit New or escalating issue' }).click();
    await expect(editor.getByRole('region', { name: 'Backtest' }).getByRole('note')).toContainText(/No history for this rule kind on .+: backtest covers only what this console has observed/);
  });
});
