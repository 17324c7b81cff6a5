/**
 * The console service's composition root: config → store → watcher → http. It serves the build,
 * the proxy and /api/, and watches the sources all the time, whether or not a browser is open.
 * Usage: `npm start` (builds first) or `npm run serve`; CONSOLE_DIST=<dir> serves another build.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_SOURCES } from '@/sources/demo-sources';
import { createNodeGroupingClient } from './watch/node-grouping';
import { resolveSource } from '@/sources/registry';
import type { ResolvedSource } from '@/sources/registry';
import type { SourceInstance } from '@/sources/source-adapter';
import type { ServiceStatus } from '@/service/api-schemas';
import { readServerConfig } from './config';
import type { ServerConfig } from './config';
import { createDemoWorld } from './demo/demo-sources';
import { createApi } from './http/api';
import { createChangeHub } from './http/change-hub';
import { createConsoleServer } from './serve';
import { readServiceConfig } from './service-config';
import { createAlertingStore } from './store/alerting';
import { connectStore } from './store/connect';
import { createIssueStatesStore } from './store/issue-states';
import { migrate } from './store/migrate';
import { createObservationsStore } from './store/observations';
import { createSavedViewsStore } from './store/saved-views';
import { createWatcher } from './watch/watcher';
import { createIngester } from './ingest/ingester';
import { createIssueIndex } from './ingest/issue-index';
import { createIngestCursorsStore } from './store/ingest-cursors';

/** pg_try_advisory_lock key of the watcher's leadership ("spine-wa"). */
const LEADER_LOCK = 0x7370_7761;

/** Live sources read by the watcher straight from their upstreams, with the proxy's credentials. */
export function liveSources(config: ServerConfig, now: () => number): ResolvedSource[] {
  return config.sources.flatMap((runtime) => {
    const cfg = runtime.config as { baseUrl?: string };
    const target = config.proxies.find((p) => p.prefix === cfg.baseUrl);
    if (!target) return [];
    const headers = target.headers;
    const upstreamFetch: typeof fetch = (input, init) => {
      const merged = new Headers(init?.headers);
      for (const [k, v] of Object.entries(headers)) merged.set(k, v);
      return fetch(input, { ...init, headers: merged });
    };
    const instance = { ...runtime, config: { ...runtime.config, baseUrl: target.upstream } } as SourceInstance;
    const r = resolveSource(instance, { fetch: upstreamFetch, now });
    return r.ok ? [r.source] : [];
  });
}

export interface StartOptions {
  env: NodeJS.ProcessEnv;
  /** The production build to serve (dist/). */
  root: string;
  now?: () => number;
  log?: (line: string) => void;
}

export async function startConsoleService(options: StartOptions) {
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => console.log(`spine-console: ${line}`));
  const config = readServerConfig(options.env);
  const service = readServiceConfig(options.env);
  for (const p of [...config.problems, ...service.problems]) log(`configuration problem: ${p}`);

  const conn = await connectStore({ databaseUrl: service.databaseUrl ?? undefined, dataDir: service.dataDir });
  const migrated = await migrate(conn.raw);
  if (migrated.applied.length) log(`database migrated to version ${migrated.current} (${conn.where})`);
  const alerting = createAlertingStore(conn.db);
  await alerting.seed();
  const issueStates = createIssueStatesStore(conn.db);
  const savedViews = createSavedViewsStore(conn.db);
  const observations = createObservationsStore(conn.db);
  const hub = createChangeHub(now);

  const demoAnchorMs = now();
  const demo = config.mode === 'demo' ? createDemoWorld(DEMO_SOURCES, { anchorMs: demoAnchorMs, now }) : null;
  const sources = demo ? demo.sources : liveSources(config, now);
  const grouping = createNodeGroupingClient();
  let leading = false;
  let groupingWarned = false;
  // The watcher and the ingest ask together: one question to the store, one answer for both.
  let asking: Promise<boolean> | null = null;
  const lead = () =>
    (asking ??= (async () => {
      const was = leading;
      leading = await conn.tryLock(LEADER_LOCK);
      if (leading !== was) log(leading ? 'this replica leads: it runs the watcher and the ingest' : 'another replica leads the watcher; this one serves');
      return leading;
    })().finally(() => {
      asking = null;
    }));
  const issueIndex = createIssueIndex(conn.db);
  // Catching up runs rounds back to back: tell open pages at most every 5 s, and once at the end.
  let issuesTimer: ReturnType<typeof setTimeout> | null = null;
  let issuesToldAt = -Infinity;
  const publishIssues = () => {
    if (issuesTimer) return;
    const wait = Math.max(0, issuesToldAt + 5_000 - Date.now());
    issuesTimer = setTimeout(() => {
      issuesTimer = null;
      issuesToldAt = Date.now();
      hub.publish('issues');
    }, wait);
    issuesTimer.unref();
  };
  const ingester = createIngester({
    db: conn.db, sources, index: issueIndex, cursors: createIngestCursorsStore(conn.db), now, log, lead, intervalMs: service.watchIntervalMs,
    backfill: { backMs: service.backfillMs },
    onIngest: () => publishIssues(),
  });
  const watcher = createWatcher({
    alerting, issueStates, observations, sources, grouping, now, log, intervalMs: service.watchIntervalMs, maintain: () => conn.maintain(),
    prune: (at) => issueIndex.prune(at, service.indexRetentionMs),
    lead,
    // Issue rules read the index once it knows the source: first seen ever, exact counts.
    indexedIssues: async (sourceId, range) => {
      if (!ingester.sourceIds().includes(sourceId)) return null;
      const list = await issueIndex.list(sourceId, { ...range, limit: 500 });
      return list.knownSinceNs === null ? null : list.issues;
    },
    onCycle: (s) => {
      if (grouping.mode !== 'worker' && !groupingWarned) {
        groupingWarned = true;
        log('the grouping worker thread did not start; error issues are grouped on the main thread, which pauses the API while it runs');
      }
      if (s.events.length || s.ended) hub.publish('incidents');
      hub.publish('status');
    },
  });

  const status = async (): Promise<ServiceStatus> => {
    const w = watcher.status();
    let storeOk = true;
    let problem: string | null = null;
    let ingest: ServiceStatus['ingest'];
    try {
      await conn.raw.query('SELECT 1');
      if (ingester.sourceIds().length) ingest = await ingester.status();
    } catch (error) {
      storeOk = false;
      problem = error instanceof Error ? error.message : String(error);
    }
    return {
      mode: config.mode,
      store: { driver: conn.driver, where: conn.where, ok: storeOk, problem },
      watcher: w,
      writesNeedToken: service.guard.token !== null,
      ...(demo ? { demoAnchorMs, demoScenario: demo.scenario() } : {}),
      ...(ingest ? { ingest } : {}),
    };
  };
  // One process holds the story: in demo mode with several replicas, each switches its own.
  const demoControl = demo && {
    current: () => demo.scenario(),
    names: () => demo.names(),
    set: async (name: string, actor: string | null) => {
      const before = demo.scenario();
      if (!demo.setScenario(name)) return false;
      if (name !== before) {
        log(`demo scenario switched to "${name}"${actor ? ` by ${actor}` : ''}`);
        // The old story's issues are forgotten first, so the restarted watcher never reads them.
        await ingester.forget();
        watcher.restart(`The demo scenario changed to ${demo.label(name)}.`, actor);
        hub.publish('issues');
      }
      return true;
    },
  };
  const api = createApi({ alerting, issueStates, savedViews, observations, hub, guard: service.guard, now, status, log, ...(demoControl ? { demo: demoControl } : {}), ...(ingester.sourceIds().length ? { issueIndex } : {}) });
  // The runtime config is read per request, so a page loaded after a switch starts on the new story.
  const server = createConsoleServer(config, options.root, { api, runtime: () => ({ service: demo ? { demoAnchorMs, demoScenario: demo.scenario() } : {} }) });
  let draining = false;
  // While closing, every answer ends its connection: a client that keeps a keep-alive connection
  // busy (a page polling) would otherwise hold the shutdown open, and be served, indefinitely.
  server.prependListener('request', (_req, res) => {
    if (draining) res.setHeader('connection', 'close');
  });
  watcher.start();
  ingester.start();

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(config.port, config.host, () => ok());
  });
  const { port } = server.address() as AddressInfo;
  const where = `http://${config.host === '127.0.0.1' ? 'localhost' : config.host}:${port}`;
  const mode = config.mode === 'demo' ? 'demo mode (simulated data; set CAPTURE_SPINE_URL to go live)' : `live: ${config.proxies.map((p) => p.name).join(', ')}`;
  log(`serving ${where} in ${mode}; bound to ${config.host}${config.host === '127.0.0.1' ? ' only (set HOST=0.0.0.0 to listen on every interface)' : ''}`);
  log(`store: ${conn.where}; watching every ${service.watchIntervalMs / 1000} s`);

  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    watcher,
    alerting,
    close: () =>
      (closing ??= (async () => {
        // No new requests from here; those in flight are answered (and their connections
        // closed), and what is still open after 5 s is cut.
        draining = true;
        const closed = new Promise<void>((ok) => server.close(() => ok()));
        const cut = setTimeout(() => server.closeAllConnections(), 5_000);
        await Promise.all([watcher.stop(), ingester.stop()]);
        if (issuesTimer) clearTimeout(issuesTimer);
        hub.close();
        await closed;
        clearTimeout(cut);
        grouping.dispose();
        await conn.close();
      })()),
  };
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  // CONSOLE_DIST serves another build directory (the integration suites give a stub page).
  const root = resolve(process.env.CONSOLE_DIST?.trim() || fileURLToPath(new URL('../dist', import.meta.url)));
  if (!existsSync(join(root, 'index.html'))) {
    console.error(`spine-console: ${process.env.CONSOLE_DIST?.trim() ? `CONSOLE_DIST=${root}` : 'dist/'} has no build. Run \`npm start\` (which builds first) or \`npm run build\`.`);
    process.exit(1);
  }
  try {
    const running = await startConsoleService({ env: process.env, root });
    const stop = () => {
      running.close().then(() => process.exit(0), () => process.exit(1));
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    console.error(e.code === 'EADDRINUSE' ? `spine-console: port ${process.env.PORT ?? 4173} is in use; set PORT to another port (PORT=4174 npm start).` : `spine-console: ${e.message}`);
    process.exit(1);
  }
}
