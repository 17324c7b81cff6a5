/**
 * The watcher: every cycle it reads the sources, evaluates the rules and records the result in
 * one transaction. It runs from the service's start whether or not a browser is open, on the
 * replica that holds the database's leader lock (the others serve). The clock and sources are
 * injected, so a test runs thousands of cycles in seconds.
 */
import { compactObservation, evaluate, initialState } from '@/alerting';
import { backtestableRule } from '@/alerting/history/coverage';
import type { AlertEvent, Observation } from '@/alerting';
import type { GroupingClient } from '@/errors/worker';
import type { ResolvedSource } from '@/sources/registry';
import { eventFromAlert } from '../store/alerting';
import type { AlertingStore, ChangeEvent } from '../store/alerting';
import type { IssueStatesStore } from '../store/issue-states';
import type { ObservationsStore } from '../store/observations';
import { readHistory } from './read-history';
import { countedServicesOf, readSources } from './read-sources';
import type { PartStatus, ReadOptions } from './read-sources';

export interface WatcherOptions {
  alerting: AlertingStore;
  issueStates: IssueStatesStore;
  /** Each cycle's observation is written with its state change; this prunes them, hourly. */
  observations: ObservationsStore;
  sources: readonly ResolvedSource[];
  grouping: GroupingClient;
  now: () => number;
  intervalMs: number;
  /**
   * Error issues are sampled and grouped at most this often (default: every cycle); cycles in
   * between reuse the last grouping. Grouping 10,000 lines is most of a cycle's cost.
   */
  issuesIntervalMs?: number;
  /** The issue index's issues (read-sources.ts `indexedIssues`); absent: issues are sampled. */
  indexedIssues?: ReadOptions['indexedIssues'];
  /** Whether this replica leads (takes or keeps the advisory lock); asked before every cycle. */
  lead: () => Promise<boolean>;
  log: (line: string) => void;
  /** The store's housekeeping (a PGlite checkpoint), run once an hour with the pruning. */
  maintain?: () => Promise<void>;
  /** Another store's hourly retention (the issue index's `prune`), run before `maintain` so it vacuums what went. */
  prune?: (now: number) => Promise<unknown>;
  /** Called after each committed cycle (the API pushes it to open browsers). */
  onCycle?: (summary: CycleSummary) => void;
}

export interface CycleSummary {
  at: number;
  /** Observations replayed from the sources' history before this cycle (0 once warm). */
  replayed: number;
  events: AlertEvent[];
  /** Incidents ended because the sources tell another story (restart()). */
  ended: number;
  firing: number;
  durationMs: number;
}

export interface WatcherStatus {
  role: 'leader' | 'standby' | 'stopped';
  intervalMs: number;
  lastCycleAt: number | null;
  lastDurationMs: number | null;
  /** The store refused the last cycle's write (unreachable, …): the next one catches up. */
  storeProblem: string | null;
  parts: PartStatus[];
  problems: string[];
}

const RESOLVED_KEPT_MS = 30 * 86_400_000;

/** Events replayed from history only notify for incidents still open at the end of the replay. */
function replayEvents(events: AlertEvent[], firingAtEnd: ReadonlySet<string>): ChangeEvent[] {
  return events.map((e) => ({ ...eventFromAlert(e), notify: e.notify && e.type === 'opened' && firingAtEnd.has(e.incidentId) }));
}

export function createWatcher(o: WatcherOptions) {
  const status: WatcherStatus = { role: 'stopped', intervalMs: o.intervalMs, lastCycleAt: null, lastDurationMs: null, storeProblem: null, parts: [], problems: [] };
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<CycleSummary | null> | null = null;
  let stopped = true;
  let controller: AbortController | null = null;
  let lastIssues: { at: number; obs: Observation } | null = null;
  let lastPrune = -Infinity;
  /** The observation of the last cycle this watcher committed, whole: what the next one is compacted against. */
  let lastRecorded: Observation | null = null;
  /** Set by restart(): the next cycle ends what is firing and starts over from the sources' history. */
  let pendingRestart: { reason: string; actor: string | null; tried?: boolean } | null = null;

  /** The store refused: say so (once in the log) until a cycle commits again. */
  const storeFailed = (error: unknown) => {
    let e = error;
    // drizzle's `Failed query: <sql>` wraps what the driver said (ECONNREFUSED, …): show that.
    while (e instanceof Error && e.cause instanceof Error) e = e.cause;
    const message = e instanceof Error ? e.message : String(e);
    if (status.storeProblem === null) o.log(`watch cycle failed: ${message}`);
    status.storeProblem = message;
  };

  async function cycle(): Promise<CycleSummary | null> {
    const started = performance.now();
    let leads = false;
    try {
      leads = await o.lead();
    } catch (error) {
      // Nobody can take the lead while the store is unreachable: report it, as a failed write would be.
      storeFailed(error);
    }
    if (!leads) {
      status.role = 'standby';
      return null;
    }
    status.role = 'leader';
    const now = o.now();
    controller = new AbortController();
    const timeout = setTimeout(() => controller?.abort(new Error('cycle timeout')), Math.max(10_000, o.intervalMs * 2));
    const restart = pendingRestart;
    if (restart) {
      restart.tried = true;
      lastIssues = null;
    }
    try {
      const [config, lastCycleAt] = await Promise.all([o.alerting.config(), o.alerting.lastCycleAt()]);
      const rules = config.rules;
      const problems: string[] = [...o.alerting.problems()];
      let history: Observation[] = [];
      if (restart || lastCycleAt === null || now - lastCycleAt > 2 * o.intervalMs) {
        const read = await readHistory(o.sources, rules, { now, stepMs: 60_000, signal: controller.signal });
        history = read.observations.filter((h) => h.at < now && (restart !== null || lastCycleAt === null || h.at > lastCycleAt));
        problems.push(...read.problems);
      }
      const reuse = lastIssues !== null && now - lastIssues.at < (o.issuesIntervalMs ?? 0);
      const current = await readSources(o.sources, {
        now,
        signal: controller.signal,
        grouping: o.grouping,
        issueStates: (id) => o.issueStates.all(id),
        countedServices: countedServicesOf(rules),
        previousIssues: reuse ? lastIssues!.obs : null,
        ...(o.indexedIssues ? { indexedIssues: o.indexedIssues } : {}),
      });
      if (current.issues && !reuse) lastIssues = { at: now, obs: current.issues };
      status.parts = current.status;
      status.problems = problems;
      const summary = await o.alerting.mutate(({ state, rules: storedRules, maintenance, lastCycleAt: storedCycleAt }) => {
        let s = state;
        const ended: ChangeEvent[] = [];
        if (restart) {
          // The sources tell another story now: what fired ends, and the clocks start again from its history.
          const closed = state.incidents.filter((i) => i.status === 'firing').map((i) => ({ ...i, status: 'resolved' as const, resolvedAt: now, resolvedBy: 'scenario-changed' as const }));
          for (const i of closed) ended.push({ incidentId: i.id, type: 'resolved', at: now, actor: restart.actor, detail: { by: 'scenario-changed', reason: restart.reason } });
          s = { ...initialState(), incidents: closed };
        }
        const replayed: AlertEvent[] = [];
        // History answers only part of some rules (queue history has depth only): replay those parts.
        const replayRules = storedRules.flatMap((rule) => backtestableRule(rule, 60_000).rule ?? []);
        for (const obs of history) {
          const r = evaluate(replayRules, s, obs, obs.at, { maintenance, resolveMissingRules: false });
          s = r.state;
          replayed.push(...r.events);
        }
        const r = evaluate(storedRules, s, current.observation, now, { maintenance });
        const firing = new Set(r.state.incidents.filter((i) => i.status === 'firing').map((i) => i.id));
        // The same story told again opens the same incidents (same id): the row goes back to firing.
        if (restart) r.state.incidents = r.state.incidents.filter((i) => !(i.resolvedBy === 'scenario-changed' && firing.has(i.id)));
        const events = [...ended, ...replayEvents(replayed, firing), ...r.events.map(eventFromAlert)];
        const result: CycleSummary = { at: now, replayed: history.length, events: [...replayed, ...r.events], ended: ended.length, firing: firing.size, durationMs: 0 };
        // Compacted only against the row just before it: after a restart, a failed commit or
        // another replica's cycles, the row is stored whole.
        const prev = !restart && lastRecorded !== null && lastRecorded.at === storedCycleAt ? lastRecorded : null;
        // After a story switch a backtest replays the new story only.
        return { state: r.state, events, result, cycleAt: now, observation: compactObservation(current.observation, prev), ...(restart ? { forgetObservations: true } : {}) };
      });
      lastRecorded = current.observation;
      summary.durationMs = performance.now() - started;
      // Resolved incidents are kept 30 days (with their events), then pruned, once an hour.
      if (now - lastPrune >= 3_600_000) {
        lastPrune = now;
        await o.alerting.prune(now - RESOLVED_KEPT_MS);
        await o.observations.prune(now);
        await o.prune?.(now);
        await o.maintain?.();
      }
      if (restart && pendingRestart === restart) pendingRestart = null;
      if (status.storeProblem) o.log('store reachable again; the watcher caught up');
      status.storeProblem = null;
      status.lastCycleAt = now;
      status.lastDurationMs = summary.durationMs;
      o.onCycle?.(summary);
      return summary;
    } catch (error) {
      storeFailed(error);
      return null;
    } finally {
      clearTimeout(timeout);
      controller = null;
    }
  }

  const schedule = () => {
    if (stopped) return;
    // A restart asked for during a cycle runs right after it (once: a failing store is not hammered).
    timer = setTimeout(() => {
      running = cycle().finally(() => {
        running = null;
        schedule();
      });
    }, pendingRestart && !pendingRestart.tried ? 0 : o.intervalMs);
  };

  return {
    /** Runs a first cycle at once, then one every interval (never two at a time). */
    start() {
      if (!stopped) return;
      stopped = false;
      running = cycle().finally(() => {
        running = null;
        schedule();
      });
    },
    /** One cycle now (tests and benchmarks drive the clock themselves). */
    runCycle: () => cycle(),
    /**
     * The sources now tell another story (the demo's scenario was switched): the next cycle, run
     * at once when none is running, resolves what fires and replays the new story's history.
     */
    restart(reason: string, actor: string | null = null) {
      pendingRestart = { reason, actor };
      if (stopped || running) return;
      if (timer) clearTimeout(timer);
      running = cycle().finally(() => {
        running = null;
        schedule();
      });
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      controller?.abort(new Error('stopping'));
      await running?.catch(() => null);
      status.role = 'stopped';
    },
    status: (): WatcherStatus => structuredClone(status),
  };
}

export type Watcher = ReturnType<typeof createWatcher>;
