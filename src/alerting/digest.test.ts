import { describe, expect, it } from 'vitest';
import { buildDigest, digestMarkdown } from './digest';
import type { Incident } from './state';

const NOW = Date.UTC(2025, 0, 15, 14, 0, 0);
const M = 60_000;

function incident(p: Partial<Incident>): Incident {
  return {
    id: 'i', ruleId: 'r', ruleName: 'Rule', kind: 'service-down', subject: 's', subjectLabel: 's', services: [], severity: 'ERROR', status: 'firing',
    condition: 'down', pendingSince: NOW, startedAt: NOW, lastSeenAt: NOW, count: 1, summary: '', muted: false, notified: true, ...p,
  };
}

describe('daily digest', () => {
  const digest = buildDigest({
    now: NOW,
    incidents: [
      incident({ id: '1', ruleName: 'Service down', subject: 'postgres', subjectLabel: 'PostgreSQL', severity: 'CRITICAL', startedAt: NOW - 94 * M, status: 'resolved', resolvedAt: NOW - 79 * M, summary: 'PostgreSQL is down' }),
      incident({ id: '2', kind: 'feed', ruleName: 'Feeds', subject: 'sec-rss', subjectLabel: 'sec-rss', condition: 'failing', startedAt: NOW - 67 * M, summary: 'Feed | sec-rss is *failing*' }),
      incident({ id: 'old', startedAt: NOW - 30 * 60 * M }),
    ],
    issues: [
      { id: 'a', title: 'TokenInvalidError', status: 'escalating', count: 120, services: ['spine-dev-api'] },
      { id: 'b', title: 'WorkerLostError', status: 'new', count: 1 },
      { id: 'c', title: 'Old thing', status: 'ongoing', count: 9 },
    ],
    feeds: [{ name: 'hacker-news', state: 'on_time', missedRuns: 0, failedRuns: 2 }, { name: 'capture-news', state: 'on_time' }],
    services: [{ id: 'postgres', name: 'PostgreSQL', checks: [0, 1, 2, 3].map((i) => ({ at: NOW - (95 - i) * M, status: i < 3 ? 'down' as const : 'up' as const })) }, { id: 'redis', checks: [{ at: NOW - M, status: 'up' }] }],
  });

  it('collects the last 24 hours', () => {
    expect(digest.alerts.total).toBe(2);
    expect(digest.alerts.bySeverity).toEqual({ CRITICAL: 1, ERROR: 1, WARNING: 0 });
    expect(digest.alerts.stillFiring).toBe(1);
    expect(digest.issues.escalating.map((i) => i.title)).toEqual(['TokenInvalidError']);
    expect(digest.issues.new.map((i) => i.title)).toEqual(['WorkerLostError']);
    expect(digest.feeds.map((f) => f.name)).toEqual(['hacker-news', 'sec-rss']);
    expect(digest.services).toEqual([{ id: 'postgres', name: 'PostgreSQL', downChecks: 3, intervals: [{ from: NOW - 95 * M, to: NOW - 92 * M }] }]);
  });

  it('renders Markdown with the expected sections, escaping table breakers', () => {
    const md = digestMarkdown(digest);
    for (const h of ['# Spine daily digest', '## Summary', '## Alerts fired', '## New issues', '## Regressed issues', '## Escalating issues', '## Feeds that missed runs', '## Services that went down']) {
      expect(md).toContain(h);
    }
    expect(md).toContain('- Alerts fired: 2 (1 critical, 1 error, 0 warning), 1 still firing');
    expect(md).toContain('| 🔴 CRITICAL | 2025-01-15 12:26 | 2025-01-15 12:41 | Service down | PostgreSQL | PostgreSQL is down |');
    expect(md).toContain('Feed \\| sec-rss is \\*failing\\*');
    expect(md).toContain('- **PostgreSQL** — 3 failed checks: 2025-01-15 12:25–12:28');
    expect(md.split('## Regressed issues')[1]?.split('##')[0]).toContain('None.');
  });
});
