import { describe, expect, it } from 'vitest';
import { applyAction, evaluate, openIncidents } from './evaluate';
import type { AlertEvent, AlertState } from './evaluate';
import type { Observation } from './observation';
import { defineRule } from './rules';
import type { MaintenanceWindow, Rule } from './rules';

const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);
const S = 30_000;

function run(rules: Rule[], obs: Observation[], maintenance?: MaintenanceWindow[]) {
  let state: AlertState | undefined;
  const events: AlertEvent[] = [];
  for (const o of obs) {
    const r = evaluate(rules, state, o, o.at, { maintenance });
    state = r.state;
    events.push(...r.events);
  }
  return { state: state as AlertState, events };
}

/** One observation per check; `pattern` is a string of u (up) / d (down). */
function checks(pattern: string, service = 'api'): Observation[] {
  return [...pattern].map((c, i) => ({ at: T0 + i * S, services: [{ id: service, status: c === 'd' ? 'down' : 'up', lastCheckAt: T0 + i * S }] }));
}

const downIn = { id: 'down', name: 'Service down', kind: 'service-down', severity: 'CRITICAL', failAfter: 3, recoverAfter: 2 } as const;
const down = defineRule(downIn);

describe('service-down with flap damping', () => {
  it('opens after N failed checks and resolves only after M good ones', () => {
    const calm = defineRule({ ...downIn, flapping: { changes: 20, window: '10m' } });
    const { events } = run([calm], checks('uudduddduduuuu'));
    // one good check (8) is not enough; the 2nd consecutive good one (11) is
    expect(events.map((e) => [e.type, (e.at - T0) / S])).toEqual([['opened', 7], ['resolved', 11]]);
  });

  it('an alternating up/down series gives one `flapping` incident, not N alerts', () => {
    const { events, state } = run([down], checks('ud'.repeat(40)));
    expect(events.filter((e) => e.notify)).toHaveLength(1);
    expect(events[0]?.condition).toBe('flapping');
    expect(state.incidents).toHaveLength(1);
    expect(state.incidents[0]?.condition).toBe('flapping');
  });

  it('flapping also replaces alternating alerts without damping (failAfter 1, recoverAfter 2)', () => {
    const eager = defineRule({ ...downIn, failAfter: 1, recoverAfter: 2 });
    const { events } = run([eager], checks('ud'.repeat(40) + 'u'.repeat(30)));
    expect(events.filter((e) => e.notify)).toHaveLength(1);
    expect(events.map((e) => e.type)).toEqual(['opened', 'resolved']);
  });

  it('reads ServiceHealth-like check lists and ignores checks already seen', () => {
    const list = [...'uddddd'].map((c, i) => ({ at: T0 + i * S, status: c === 'd' ? ('down' as const) : ('up' as const) }));
    const obs: Observation[] = [2, 4, 6].map((n) => ({ at: T0 + n * S, services: [{ id: 'api', status: 'down', checks: list.slice(0, n) }] }));
    const { events } = run([down], obs);
    expect(events.map((e) => e.type)).toEqual(['opened']);
  });
});

describe('incident lifecycle', () => {
  const qIn = { id: 'q', name: 'Backlog', kind: 'queue', severity: 'WARNING', depthAbove: 10, noWorker: true, for: '1m' } as const;
  const q = defineRule(qIn);
  const queue = (at: number, depth: number, workers = ['w1']): Observation => ({ at, queues: [{ name: 'default', depth, oldestTaskAgeSeconds: 5, workers }] });

  it('waits for `for`, notifies once, escalates once, resolves silently', () => {
    const worse = defineRule({ ...qIn, id: 'q2', severity: 'CRITICAL', depthAbove: undefined, noWorker: true, for: '0s' });
    const obs = [queue(T0, 50), queue(T0 + S, 60), queue(T0 + 2 * S, 70), queue(T0 + 3 * S, 80), queue(T0 + 4 * S, 0)];
    const { events } = run([q], obs);
    expect(events.map((e) => [e.type, (e.at - T0) / S, e.notify])).toEqual([['opened', 2, true], ['resolved', 4, false]]);
    const both = run([q, worse], [queue(T0, 50), queue(T0 + 2 * S, 50, []), queue(T0 + 3 * S, 50, [])]);
    expect(both.events.filter((e) => e.notify).map((e) => `${e.ruleId}:${e.type}`)).toEqual(['q:opened', 'q2:opened']);
  });

  it('feed severities escalate the same incident with one more notification', () => {
    const f = defineRule({ id: 'f', name: 'Feeds', kind: 'feed', severity: 'WARNING', states: ['late', 'failing'], severities: { failing: 'ERROR' } });
    const feed = (at: number, state: 'late' | 'failing' | 'on_time') => ({ at, feeds: [{ id: '1', name: 'sec-rss', state }] });
    const { events, state } = run([f], [feed(T0, 'late'), feed(T0 + S, 'failing'), feed(T0 + 2 * S, 'late'), feed(T0 + 3 * S, 'on_time')]);
    expect(events.map((e) => [e.type, e.severity, e.notify])).toEqual([['opened', 'WARNING', true], ['escalated', 'ERROR', true], ['resolved', 'ERROR', false]]);
    expect(state.incidents).toHaveLength(1);
  });

  it('acknowledge, snooze and resolve by hand (no instant re-alert while the condition holds)', () => {
    const first = run([q], [queue(T0, 50), queue(T0 + 2 * S, 50)]);
    const inc = openIncidents(first.state)[0];
    if (!inc) throw new Error('no incident');
    let st = applyAction(first.state, inc.id, { type: 'acknowledge' }, T0 + 3 * S);
    expect(st.incidents[0]?.acknowledgedAt).toBe(T0 + 3 * S);
    st = applyAction(st, inc.id, { type: 'snooze', until: T0 + 100 * S }, T0 + 3 * S);
    expect(openIncidents(st, T0 + 4 * S)).toEqual([]);
    expect(openIncidents(st, T0 + 100 * S)).toHaveLength(1);
    st = applyAction(st, inc.id, { type: 'resolve' }, T0 + 4 * S);
    expect(first.state.incidents[0]?.status).toBe('firing'); // pure: the input is untouched
    let r = evaluate([q], st, queue(T0 + 5 * S, 50));
    expect(r.events).toEqual([]);
    r = evaluate([q], r.state, queue(T0 + 6 * S, 0));
    r = evaluate([q], r.state, queue(T0 + 7 * S, 50));
    r = evaluate([q], r.state, queue(T0 + 9 * S, 50));
    expect(r.events.map((e) => e.type)).toEqual(['opened']);
    expect(() => applyAction(st, 'nope', { type: 'resolve' }, T0)).toThrow(RangeError);
  });

  it('a removed or disabled rule resolves its incidents', () => {
    const first = run([q], [queue(T0, 50), queue(T0 + 2 * S, 50)]);
    const r = evaluate([{ ...q, enabled: false }], first.state, queue(T0 + 3 * S, 50));
    expect(r.events.map((e) => e.type)).toEqual(['resolved']);
    expect(r.state.incidents[0]?.resolvedBy).toBe('rule-removed');
  });

  it('a rule whose data is missing from the observation keeps its incidents', () => {
    const first = run([q], [queue(T0, 50), queue(T0 + 2 * S, 50)]);
    const r = evaluate([q], first.state, { at: T0 + 3 * S });
    expect(r.events).toEqual([]);
    expect(r.state.incidents[0]?.status).toBe('firing');
  });
});

describe('logs: error rate and dead man', () => {
  const M = 60_000;
  const logs = (at: number, service: string, count: number, level: 'error' | 'info' = 'error'): Observation => ({ at, logs: [{ from: at - M, to: at, service, level, count }] });

  it('error-rate sums the window and fires above the threshold', () => {
    const r = defineRule({ id: 'er', name: 'Errors', kind: 'error-rate', severity: 'ERROR', threshold: 10, window: '5m' });
    const obs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => logs(T0 + i * M, 'api', i <= 5 ? 3 : 0));
    const { events } = run([r], obs);
    expect(events.map((e) => [e.type, (e.at - T0) / M])).toEqual([['opened', 4], ['resolved', 7]]);
  });

  it('dead-man fires when a service is silent for the duration, and only once', () => {
    const r = defineRule({ id: 'dm', name: 'Silent', kind: 'dead-man', severity: 'ERROR', services: ['api', 'worker'], silence: '10m' });
    const obs = Array.from({ length: 30 }, (_, i) => logs(T0 + (i + 1) * M, 'api', i < 5 || i > 25 ? 4 : 0, 'info'));
    const { events } = run([r], obs);
    expect(events.map((e) => [e.type, e.subject, (e.at - T0) / M])).toEqual([
      ['opened', 'worker', 11], ['opened', 'api', 15], ['resolved', 'api', 27],
    ]);
  });
});

describe('maintenance windows mute', () => {
  const iso = (ms: number) => new Date(ms).toISOString();
  it('one-off: muted incidents are recorded, notify when still firing after the window', () => {
    const w: MaintenanceWindow = { id: 'm', name: 'DB upgrade', kind: 'once', from: iso(T0), to: iso(T0 + 10 * S), services: ['api'] };
    const { events, state } = run([down], checks('dddddddddddddd'), [w]);
    expect(events.map((e) => [e.type, e.notify, (e.at - T0) / S])).toEqual([['opened', false, 2], ['unmuted', true, 10]]);
    expect(state.incidents[0]?.notified).toBe(true);
    const other = run([down], checks('ddddd', 'web'), [w]);
    expect(other.events[0]?.notify).toBe(true); // scoped to api only
  });

  it('recurring weekly and cron windows mute whatever they cover', () => {
    const day = new Date(T0).getUTCDay();
    const weekly: MaintenanceWindow = { id: 'w', name: 'Backups', kind: 'weekly', days: [day], start: '11:55', duration: '30m' };
    const cron: MaintenanceWindow = { id: 'c', name: 'Nightly', kind: 'cron', cron: '50 11 * * *', duration: '1h' };
    for (const w of [weekly, cron]) {
      const { events } = run([down], checks('ddddd'), [w]);
      expect(events.map((e) => [e.type, e.notify])).toEqual([['opened', false]]);
    }
    const elsewhere: MaintenanceWindow = { ...weekly, days: [(day + 1) % 7] };
    expect(run([down], checks('ddddd'), [elsewhere]).events[0]?.notify).toBe(true);
  });
});

describe('evaluate with resolveMissingRules: false', () => {
  it('keeps the incidents and trackers of rules left out of the list', () => {
    const rule = defineRule({ id: 'feeds', name: 'Feeds', kind: 'feed', severity: 'WARNING', states: ['failing'] });
    const failing = (at: number) => ({ at, feeds: [{ id: 'f', name: 'sec-rss', state: 'failing' as const }] });
    const opened = evaluate([rule], undefined, failing(1000), 1000).state;
    expect(opened.incidents.filter((i) => i.status === 'firing')).toHaveLength(1);
    const kept = evaluate([], opened, failing(2000), 2000, { resolveMissingRules: false }).state;
    expect(kept.incidents.filter((i) => i.status === 'firing')).toHaveLength(1);
    expect(Object.keys(kept.trackers)).toEqual(Object.keys(opened.trackers));
    const dropped = evaluate([], opened, failing(3000), 3000).state;
    expect(dropped.incidents.filter((i) => i.status === 'firing')).toHaveLength(0);
  });
});
