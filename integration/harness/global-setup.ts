/**
 * Vitest global setup for the integration suites: starts every real Loki the machine offers (see
 * loki.ts), seeds each with the last 24 h of the demo's story, and hands the suites their URLs
 * through `inject('lokiTargets')`. With no Loki it prints one line and the suites skip; under
 * REQUIRE_INTEGRATION=1 that is an error.
 */
import type { TestProject } from 'vitest/node';
import { externalLoki, LOKI_HOW, lokiSupply, startLoki, tenantHeaders, type LokiTarget, type RunningLoki } from './loki';
import { missing } from './need';
import { seedStory, type SeededStory } from './seed-loki';

export interface SeededLoki extends LokiTarget {
  story: SeededStory;
}

declare module 'vitest' {
  export interface ProvidedContext {
    lokiTargets: SeededLoki[];
  }
}

/** How much of the story every Loki holds. */
export const SEED_HOURS = 24;

/**
 * The suites compare exact lines and counts with the demo's story, so a Loki given by
 * LOKI_TEST_URL must not hold an earlier run's copy: Loki keeps a re-pushed line twice for
 * count_over_time (log queries show it once), and the mock has one copy.
 */
async function requireEmpty(t: LokiTarget, now: number): Promise<void> {
  const params = new URLSearchParams({ query: '{job="docker"}', limit: '1', start: `${now - (SEED_HOURS + 1) * 3_600_000}000000`, end: `${now}000000` });
  const res = await fetch(`${t.url}/loki/api/v1/query_range?${params}`, { headers: tenantHeaders(t) });
  const body = (await res.json()) as { data?: { result?: unknown[] } };
  if ((body.data?.result?.length ?? 0) > 0) {
    throw new Error(
      `LOKI_TEST_URL=${t.url} already holds lines with job="docker" from the last ${SEED_HOURS} h (an earlier run's demo story): the suites compare exact counts with one copy of it. Point LOKI_TEST_URL at a fresh Loki (e.g. a new \`docker run grafana/loki:3.7.6\` without a volume), or use another tenant with LOKI_TEST_TENANT.`,
    );
  }
}

export default async function setup(project: TestProject) {
  const supply = lokiSupply();
  const started: RunningLoki[] = [];
  const targets: LokiTarget[] = [];
  if (supply.kind === 'none') missing('real-Loki suites', 'a Loki server', LOKI_HOW);
  else if (supply.kind === 'url') targets.push(await externalLoki(supply.url, supply.tenant));
  else {
    const all = await Promise.allSettled(supply.binaries.map((b) => startLoki(b)));
    for (const r of all) if (r.status === 'fulfilled') started.push(r.value);
    const failed = all.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await Promise.all(started.map((l) => l.stop()));
      throw failed.reason;
    }
    targets.push(...started);
  }
  const anchorMs = Date.now();
  const seeded: SeededLoki[] = [];
  for (const t of targets) {
    if (!t.managed) await requireEmpty(t, anchorMs);
    const story = await seedStory(t.url, { headers: tenantHeaders(t), anchorMs, fromMs: anchorMs - SEED_HOURS * 3_600_000 });
    seeded.push({ version: t.version, url: t.url, tenant: t.tenant, managed: t.managed, story });
    console.log(`real Loki ${t.version} at ${t.url} (${t.managed ? 'started here' : 'LOKI_TEST_URL'}): ${story.lines} lines of the demo story`);
  }
  project.provide('lokiTargets', seeded);
  return async () => {
    await Promise.all(started.map((l) => l.stop()));
  };
}
