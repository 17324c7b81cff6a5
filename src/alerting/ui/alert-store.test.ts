import { describe, expect, it } from 'vitest';
import { defaultRules } from '@/alerting';
import { createAlertStore } from './alert-store';

function memory() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

describe('alert store', () => {
  it('opens one incident for a down service and notifies once', () => {
    const store = createAlertStore(memory());
    const t0 = Date.parse('2026-11-28T10:00:00Z');
    let notified = 0;
    for (let i = 0; i < 8; i++) {
      const at = t0 + i * 30_000;
      const events = store.observe({ at, services: [{ id: 'spine-ollama', status: 'down', lastCheckAt: at }] }, at);
      notified += events.filter((e) => e.notify).length;
    }
    const open = store.get().state.incidents.filter((i) => i.status === 'firing');
    expect(open.map((i) => i.subject)).toEqual(['spine-ollama']);
    expect(notified).toBe(1);
    store.act(open[0]!.id, { type: 'acknowledge' }, t0 + 300_000);
    expect(store.get().state.incidents[0]?.acknowledgedAt).toBe(t0 + 300_000);
  });

  it('keeps rules in storage as the exported JSON and falls back to defaults when it is corrupt', () => {
    const storage = memory();
    const store = createAlertStore(storage);
    store.setRules(store.get().rules.map((r) => ({ ...r, enabled: r.id !== 'service-down' })));
    expect(createAlertStore(storage).get().rules.find((r) => r.id === 'service-down')?.enabled).toBe(false);
    storage.setItem('spine-console.alerting.config', '{"version":1,"rules":[{"id":1}]}');
    const fresh = createAlertStore(storage);
    expect(fresh.get().rules).toHaveLength(defaultRules().length);
    expect(fresh.get().problem).toMatch(/unreadable/);
  });

  it('keeps a bounded history: at most 600 observations, none older than 24 h', () => {
    const store = createAlertStore(memory());
    const t0 = Date.parse('2026-11-28T10:00:00Z');
    for (let i = 0; i < 1_000; i++) store.observe({ at: t0 + i * 1000, queues: [] }, t0 + i * 1000);
    expect(store.history()).toHaveLength(600);
    expect(store.history()[0]?.at).toBe(t0 + 400 * 1000);
    // A day later, older observations age out.
    const later = t0 + 999_000 + 24 * 60 * 60 * 1000 + 1;
    store.observe({ at: later, queues: [] }, later);
    expect(store.history().map((o) => o.at)).toEqual([later]);
  });
});
