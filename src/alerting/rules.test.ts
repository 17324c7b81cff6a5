import { describe, expect, it } from 'vitest';
import { ConfigError, defaultRules, defineRule, diffRules, exportConfig, importConfig } from './rules';
import type { MaintenanceWindow } from './rules';

const maintenance: MaintenanceWindow[] = [
  { id: 'nightly', name: 'Nightly backup', kind: 'cron', cron: '0 2 * * *', duration: '30m' },
  { id: 'upgrade', name: 'PG upgrade', kind: 'once', from: '2025-01-15T10:00:00Z', to: '2025-01-15T11:00:00Z', services: ['postgres'] },
];

describe('config as code', () => {
  it('export → import round-trips (rules with defaults, maintenance windows)', () => {
    const json = exportConfig(defaultRules(), maintenance);
    const r = importConfig(json);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.rules).toEqual(defaultRules());
    expect(r.config.maintenance).toEqual(maintenance);
    expect(exportConfig(r.config.rules, r.config.maintenance)).toBe(json);
    expect(JSON.parse(json).rules[0]).toMatchObject({ id: 'service-down', kind: 'service-down', for: '0s' });
  });

  it('accepts a bare array of rules and fills in defaults', () => {
    const r = importConfig([{ id: 'x', name: 'X', kind: 'dead-man', severity: 'ERROR', services: ['api'], silence: '10m' }]);
    expect(r.ok && r.config.rules[0]).toMatchObject({ enabled: true, for: '0s', keepFiringFor: '0s' });
  });

  it('rejects invalid imports with errors that name the field', () => {
    const bad = {
      version: 1,
      rules: [
        { id: 'ok', name: 'ok', kind: 'error-rate', severity: 'ERROR', threshold: 5 },
        { id: 'a', name: 'A', kind: 'error-rate', severity: 'LOUD', threshold: -1, window: '5 minutes' },
        { id: 'b', name: 'B', kind: 'service-down', severity: 'ERROR', failAftr: 3 },
        { id: 'c', name: 'C', kind: 'queue', severity: 'ERROR' },
        { id: 'd', name: 'D', kind: 'teleport', severity: 'ERROR' },
      ],
      maintenance: [{ id: 'm', name: 'M', kind: 'cron', cron: '61 * * * *', duration: '1h' }],
    };
    const r = importConfig(JSON.stringify(bad));
    expect(r.ok).toBe(false);
    const paths = r.ok ? [] : r.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining([
      'rules[1].severity', 'rules[1].threshold', 'rules[1].window', 'rules[2]', 'rules[3].depthAbove', 'rules[4].kind', 'maintenance[0].cron',
    ]));
    const unknownKey = r.ok ? undefined : r.errors.find((e) => e.path === 'rules[2]');
    expect(unknownKey?.message).toMatch(/failAftr/);
  });

  it('rejects duplicate ids, bad JSON and bad windows', () => {
    const dup = importConfig([{ id: 'x', name: 'X', kind: 'error-rate', severity: 'ERROR', threshold: 1 }, { id: 'x', name: 'Y', kind: 'error-rate', severity: 'ERROR', threshold: 2 }]);
    expect(dup.ok ? [] : dup.errors).toEqual([{ path: 'rules[1].id', message: 'duplicate id "x"' }]);
    const json = importConfig('{"version":1,');
    expect(json.ok ? '' : json.errors[0]?.path).toBe('(root)');
    const win = importConfig({ version: 1, rules: [], maintenance: [{ id: 'w', name: 'W', kind: 'once', from: '2025-01-15T11:00:00Z', to: '2025-01-15T10:00:00Z' }] });
    expect(win.ok ? [] : win.errors.map((e) => e.path)).toEqual(['maintenance[0].to']);
    expect(() => defineRule({ id: 'bad id!', name: 'x', kind: 'issue', severity: 'ERROR', statuses: [] })).toThrow(ConfigError);
  });
});

describe('diffRules (shown before applying an import)', () => {
  it('lists added, removed, changed (with the fields) and unchanged rules', () => {
    const current = defaultRules();
    const incoming = defaultRules()
      .filter((r) => r.id !== 'api-silent')
      .map((r) => (r.id === 'error-rate' ? { ...r, threshold: 50, for: '5m' } : r.id === 'service-down' ? { ...r, enabled: false } : r));
    incoming.push(defineRule({ id: 'token', name: 'Token errors', kind: 'issue', severity: 'WARNING', statuses: ['escalating'], text: 'TokenInvalidError' }));
    const d = diffRules(current, incoming);
    expect(d.added.map((r) => r.id)).toEqual(['token']);
    expect(d.removed.map((r) => r.id)).toEqual(['api-silent']);
    expect(d.changed.map((c) => [c.id, c.fields])).toEqual([['service-down', ['enabled']], ['error-rate', ['for', 'threshold']]]);
    expect(d.unchanged).toEqual(['new-or-escalating-issue', 'feed-health', 'queue-backlog', 'queue-no-worker']);
  });
});
