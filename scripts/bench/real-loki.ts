/**
 * The logs bench's REAL_LOKI=1 mode: a real Grafana Loki (started by the integration harness, or
 * LOKI_TEST_URL), the newest lines of the demo's story pushed into it, and a small counting proxy
 * in front of it, so the bench can say what each thing the page does costs Loki: requests, bytes
 * and time, per endpoint.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { externalLoki, LOKI_HOW, lokiSupply, startLoki, tenantHeaders, type LokiTarget } from '../../integration/harness/loki';
import { ns, push, type LokiPushStream } from '../../integration/harness/seed-loki';
import { createScenario } from '../../mocks/scenario';
import { walkEvents } from '../../mocks/wire/log-events';
import { eventEntries, streamLabels } from '../../mocks/wire/loki';

export interface BenchLoki extends LokiTarget {
  stop: () => Promise<void>;
}

/** The Loki to bench against: LOKI_TEST_URL, else the newest binary the harness finds (3.x first). */
export async function benchLoki(): Promise<BenchLoki> {
  const supply = lokiSupply();
  if (supply.kind === 'none') throw new Error(`REAL_LOKI=1 needs a Loki server: ${LOKI_HOW}`);
  if (supply.kind === 'url') return { ...(await externalLoki(supply.url, supply.tenant)), stop: async () => undefined };
  const binary = supply.binaries[0]!;
  return startLoki(binary);
}

/** One label value no earlier run used: the bench's lines are the only ones its selector sees. */
export const benchRun = () => `bench-${Date.now().toString(36)}`;

/**
 * Pushes the newest `count` lines of the demo's story before `anchorMs` (the incident scenario,
 * the same lines and labels the mocks serve), each stream with `run` as its `bench_run` label.
 * Returns how many were pushed and the oldest line's time.
 */
export async function pushStoryLines(loki: LokiTarget, run: string, count: number, anchorMs: number): Promise<{ lines: number; oldestMs: number }> {
  const story = createScenario({ name: 'incident', anchorMs });
  const streams = new Map<string, LokiPushStream>();
  let lines = 0;
  let oldestMs = anchorMs;
  walkEvents(story, anchorMs - 7 * 86_400_000, anchorMs, 'backward', (e) => {
    const key = `${e.service}|${e.level}`;
    let s = streams.get(key);
    if (!s) streams.set(key, (s = { stream: { ...streamLabels(e), bench_run: run }, values: [] }));
    // Within an event (a traceback) the newest lines come last: keep those when `count` cuts it.
    const entries = eventEntries(e);
    for (const { ns: t, line } of entries.slice(Math.max(0, entries.length - (count - lines)))) s.values.push([t.toString(), line]);
    lines = Math.min(count, lines + entries.length);
    oldestMs = Number(BigInt(e.tsNs) / 1_000_000n);
    return lines < count;
  });
  // Oldest first in each stream (nanosecond strings of one length sort as text), in bodies of about 1 MB.
  const all = [...streams.values()].map((s) => ({ stream: s.stream, values: s.values.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)) }));
  let body: LokiPushStream[] = [];
  let bytes = 0;
  for (const s of all) {
    for (let i = 0; i < s.values.length; i += 2000) {
      const values = s.values.slice(i, i + 2000);
      body.push({ stream: s.stream, values });
      bytes += values.reduce((n, [, l]) => n + l.length + 40, 0);
      if (bytes >= 1_000_000) {
        await push(loki.url, { streams: body }, tenantHeaders(loki));
        body = [];
        bytes = 0;
      }
    }
  }
  if (body.length) await push(loki.url, { streams: body }, tenantHeaders(loki));
  return { lines, oldestMs };
}

/** `n` new lines at the present millisecond (one story stream), for a refresh to find. */
export async function pushNewLines(loki: LokiTarget, run: string, n: number): Promise<void> {
  const now = Date.now();
  const stream = { container: 'spine-dev-api', job: 'docker', level: 'info', service_name: 'spine-dev-api', stream: 'stdout', bench_run: run };
  const values: [string, string][] = Array.from({ length: n }, (_, i) => [ns(now, i), `INFO:     172.18.0.9:${40000 + i} - "GET /api/v1/bench/new/${i} HTTP/1.1" 200 OK`]);
  await push(loki.url, { streams: [{ stream, values }] }, tenantHeaders(loki));
}

export interface ProxiedRequest {
  method: string;
  /** Path and query as the console server sent them. */
  url: string;
  status: number;
  /** Response body bytes as Loki sent them (compressed when content-encoding says so). */
  bytes: number;
  encoding: string | null;
  ms: number;
}

export interface CountingProxy {
  url: string;
  requests: ProxiedRequest[];
  /** Requests sent but not answered yet. */
  inFlight: () => number;
  /** Date.now() of the last request start or end. */
  lastActivity: () => number;
  close: () => Promise<void>;
}

/** An HTTP proxy in front of `upstream` that records every request (no WebSocket: the bench does not tail). */
export async function startCountingProxy(upstream: string): Promise<CountingProxy> {
  const target = new URL(upstream);
  const requests: ProxiedRequest[] = [];
  let inFlight = 0;
  let last = Date.now();
  const server = createServer((req, res) => {
    const started = performance.now();
    inFlight += 1;
    last = Date.now();
    let bytes = 0;
    const done = (status: number, encoding: string | null) => {
      inFlight -= 1;
      last = Date.now();
      requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', status, bytes, encoding, ms: performance.now() - started });
    };
    const out = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      up.on('end', () => done(up.statusCode ?? 502, (up.headers['content-encoding'] as string | undefined) ?? null));
      up.on('error', () => done(502, null));
      up.pipe(res);
    });
    out.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`counting proxy: ${error.message}`);
      done(502, null);
    });
    req.pipe(out);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    inFlight: () => inFlight,
    lastActivity: () => last,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** Resolves once the proxy has seen a request since `since` and nothing has moved for `quietMs`. */
export async function settled(proxy: CountingProxy, since: number, quietMs = 1500, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = proxy.requests.length > since || proxy.inFlight() > 0;
    if (seen && proxy.inFlight() === 0 && Date.now() - proxy.lastActivity() >= quietMs) return;
    if (Date.now() > deadline) throw new Error(`the page's requests to Loki did not settle within ${timeoutMs / 1000} s (${proxy.inFlight()} in flight)`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What a request asked for, by endpoint and, for query_range, what kind of query. */
export function requestKind(url: string): string {
  const u = new URL(url, 'http://x');
  const path = u.pathname.replace(/^\/loki\/api\/v1\//, '');
  if (path !== 'query_range' && path !== 'query') return path;
  const q = u.searchParams.get('query') ?? '';
  if (/count_over_time|sum by|rate\(|bytes_over_time/.test(q)) return `${path} (metric)`;
  return `${path} (lines, limit ${u.searchParams.get('limit') ?? '?'}, ${u.searchParams.get('direction') ?? 'backward'})`;
}

/** Requests grouped by kind: count, bytes and the slowest, for printing. */
export function summarize(requests: ProxiedRequest[]): { kind: string; count: number; bytes: number; slowestMs: number }[] {
  const byKind = new Map<string, { kind: string; count: number; bytes: number; slowestMs: number }>();
  for (const r of requests) {
    const kind = requestKind(r.url);
    const k = byKind.get(kind) ?? { kind, count: 0, bytes: 0, slowestMs: 0 };
    k.count += 1;
    k.bytes += r.bytes;
    k.slowestMs = Math.max(k.slowestMs, r.ms);
    byKind.set(kind, k);
  }
  return [...byKind.values()].sort((a, b) => b.bytes - a.bytes);
}
