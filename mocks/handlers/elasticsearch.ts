import { http, HttpResponse } from 'msw';
import { withFault } from '../faults/apply';
import type { MockController } from '../scenarios';
import type { EsReply } from '../wire/elasticsearch';
import { EsError, esErrorReply, esInfo, esSearch, openSearchInfo } from '../wire/elasticsearch';

/** Where the console reaches Elasticsearch (the adapter docs also use `/proxy/es`: both are served). */
export const ELASTICSEARCH_BASES = ['/proxy/elasticsearch', '/proxy/es'] as const;
/** Elasticsearch 8 marks every answer with `X-Elastic-Product`; OpenSearch sends no such header. */
const ES_HEADERS = { 'Content-Type': 'application/json', 'X-Elastic-Product': 'Elasticsearch' };
const OPENSEARCH_HEADERS = { 'Content-Type': 'application/json' };

/** `POST /_msearch`: NDJSON header/body pairs; per-item errors inside an overall 200. */
function msearch(ctl: MockController, defaultIndex: string, text: string): EsReply {
  if (!text.endsWith('\n')) return esErrorReply(new EsError(400, 'illegal_argument_exception', 'The msearch request must be terminated by a newline [\n]'));
  const lines = text.split('\n').filter((l, i, all) => i < all.length - 1 || l !== '');
  const items: string[] = [];
  for (let i = 0; i + 1 < lines.length; i += 2) {
    let index = defaultIndex;
    try {
      const header = JSON.parse(lines[i] || '{}') as { index?: string | string[] };
      if (header.index) index = Array.isArray(header.index) ? header.index.join(',') : header.index;
    } catch {
      return esErrorReply(new EsError(400, 'x_content_parse_exception', `[1:2] Unexpected character in msearch header line ${i + 1}`));
    }
    const reply = esSearch(ctl.scenario(), ctl.now(), index || '_all', lines[i + 1] ?? '');
    items.push(reply.status === 200 ? `${reply.body.slice(0, -1)},"status":200}` : reply.body);
  }
  return { status: 200, body: `{"took":1,"responses":[${items.join(',')}]}` };
}

/** keep_alive (`1m`, `30s`) in ms; null when absent or unreadable. */
function keepAliveMs(value: string | null): number | null {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(value ?? '');
  if (!m) return null;
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
}

/**
 * The Elasticsearch mock, or OpenSearch 2.10 under the `opensearch` scenario. The two differ where
 * the real ones do: `GET /`, the response header, and the point-in-time API (ES `/_pit` with `{id}`,
 * OpenSearch `/_search/point_in_time` with `{pit_id}`). Each answers the other's PIT routes the way
 * a real server answers a route it does not have.
 */
export function elasticsearchHandlers(ctl: MockController) {
  const guarded = (produce: () => Response | Promise<Response>) => withFault(ctl, 'elasticsearch', produce);
  const isOpenSearch = () => ctl.fault('elasticsearch') === 'opensearch';
  const headers = () => (isOpenSearch() ? OPENSEARCH_HEADERS : ES_HEADERS);
  const toResponse = (reply: EsReply) => new HttpResponse(reply.body, { status: reply.status, headers: headers() });
  const json = (body: object, status = 200) => HttpResponse.json(body, { status, headers: headers() });
  /** A route this distribution does not have: 400 `no handler found`, as both answer. */
  const noHandler = (request: Request, base: string) => {
    const url = new URL(request.url);
    const path = url.pathname.slice(url.pathname.indexOf(base) + base.length) || '/';
    return json({ error: `no handler found for uri [${path}${url.search}] and method [${request.method}]` }, 400);
  };
  /**
   * Points in time opened on this mock cluster: each freezes the index pattern and the scenario's
   * "now", so later pages read the same snapshot. Expires after keep_alive.
   */
  const pits = new Map<string, { index: string; nowMs: number; expiresAt: number }>();
  let pitSeq = 0;
  const pitMissing = (id: string) =>
    esErrorReply(new EsError(404, 'search_context_missing_exception', `No search context found for id [${id.slice(0, 40)}]`));

  /** `POST /_search` with a `pit`: search the PIT's snapshot and echo `pit_id`. */
  function pitSearch(text: string): EsReply {
    let pit: { id?: unknown; keep_alive?: unknown } | undefined;
    try {
      pit = (JSON.parse(text) as { pit?: { id?: unknown; keep_alive?: unknown } }).pit;
    } catch {
      pit = undefined;
    }
    if (!pit) return esSearch(ctl.scenario(), ctl.now(), '_all', text);
    const id = String(pit.id ?? '');
    const held = pits.get(id);
    if (!held || held.expiresAt < ctl.now()) {
      pits.delete(id);
      return pitMissing(id);
    }
    const keep = keepAliveMs(typeof pit.keep_alive === 'string' ? pit.keep_alive : null);
    if (keep !== null) held.expiresAt = ctl.now() + keep;
    const reply = esSearch(ctl.scenario(), held.nowMs, held.index, text);
    return reply.status === 200 ? { status: 200, body: `{"pit_id":${JSON.stringify(id)},${reply.body.slice(1)}` } : reply;
  }
  const indexOfPath = (url: URL, base: string) => decodeURIComponent(url.pathname.slice(url.pathname.indexOf(base) + base.length + 1).split('/')[0] ?? '');

  /** Opens a PIT on the index in the path; the answer's shape is the caller's (ES or OpenSearch). */
  function openPit(request: Request, base: string, answer: (id: string) => object): Response {
    const url = new URL(request.url);
    const keep = keepAliveMs(url.searchParams.get('keep_alive'));
    if (keep === null) return toResponse(esErrorReply(new EsError(400, 'action_request_validation_exception', 'Validation Failed: 1: [keep_alive] is not specified;')));
    pitSeq += 1;
    const id = btoa(`spine-pit-${pitSeq}-${ctl.now()}`);
    pits.set(id, { index: indexOfPath(url, base), nowMs: ctl.now(), expiresAt: ctl.now() + keep });
    return json(answer(id));
  }
  const shards = { total: 1, successful: 1, skipped: 0, failed: 0 };

  return ELASTICSEARCH_BASES.flatMap((base) => [
    ...[`*${base}`, `*${base}/`].map((path) => http.get(path, () => guarded(() => json(isOpenSearch() ? openSearchInfo() : esInfo())))),
    http.get(`*${base}/_cluster/health`, () =>
      guarded(() =>
        json({
          cluster_name: 'spine-logs',
          status: 'green',
          timed_out: false,
          number_of_nodes: 1,
          number_of_data_nodes: 1,
          // OpenSearch adds these two.
          ...(isOpenSearch() ? { discovered_master: true, discovered_cluster_manager: true } : {}),
          active_primary_shards: 7,
          active_shards: 7,
          relocating_shards: 0,
          initializing_shards: 0,
          unassigned_shards: 0,
          delayed_unassigned_shards: 0,
          number_of_pending_tasks: 0,
          number_of_in_flight_fetch: 0,
          task_max_waiting_in_queue_millis: 0,
          active_shards_percent_as_number: 100.0,
        }),
      ),
    ),
    http.post(`*${base}/_search`, ({ request }) => guarded(async () => toResponse(pitSearch(await request.text())))),
    // Elasticsearch: POST /<index>/_pit → {id}; DELETE /_pit {id}.
    http.post(`*${base}/:index/_pit`, ({ request }) =>
      guarded(() => (isOpenSearch() ? noHandler(request, base) : openPit(request, base, (id) => ({ id, _shards: shards })))),
    ),
    http.delete(`*${base}/_pit`, ({ request }) =>
      guarded(async () => {
        if (isOpenSearch()) return noHandler(request, base);
        let id = '';
        try {
          id = String((JSON.parse(await request.text()) as { id?: unknown }).id ?? '');
        } catch {
          return toResponse(esErrorReply(new EsError(400, 'parse_exception', 'request body is required')));
        }
        const freed = pits.delete(id);
        return json({ succeeded: true, num_freed: freed ? 1 : 0 }, freed ? 200 : 404);
      }),
    ),
    // OpenSearch 2.4+: POST /<index>/_search/point_in_time → {pit_id, _shards, creation_time};
    // DELETE /_search/point_in_time {pit_id: [ids]} → {pits: [{successful, pit_id}]}.
    http.post(`*${base}/:index/_search/point_in_time`, ({ request }) =>
      guarded(() => (isOpenSearch() ? openPit(request, base, (id) => ({ pit_id: id, _shards: shards, creation_time: ctl.now() })) : noHandler(request, base))),
    ),
    http.delete(`*${base}/_search/point_in_time`, ({ request }) =>
      guarded(async () => {
        if (!isOpenSearch()) return noHandler(request, base);
        let ids: string[];
        try {
          const body = JSON.parse(await request.text()) as { pit_id?: unknown };
          ids = (Array.isArray(body.pit_id) ? body.pit_id : [body.pit_id]).map(String);
        } catch {
          return toResponse(esErrorReply(new EsError(400, 'parse_exception', 'request body is required')));
        }
        const results = ids.map((id) => ({ successful: pits.delete(id), pit_id: id }));
        return json({ pits: results }, results.every((r) => r.successful) ? 200 : 404);
      }),
    ),
    http.post(`*${base}/_msearch`, ({ request }) => guarded(async () => toResponse(msearch(ctl, '_all', await request.text())))),
    http.post(`*${base}/:index/_search`, ({ request }) =>
      guarded(async () => {
        const text = await request.text();
        // As ES: a PIT names its indices, so an index in the path is refused.
        if (/"pit"\s*:/.test(text)) return toResponse(esErrorReply(new EsError(400, 'action_request_validation_exception', 'Validation Failed: 1: [indices] cannot be used with point in time. Do not specify any index with point in time.;')));
        return toResponse(esSearch(ctl.scenario(), ctl.now(), indexOfPath(new URL(request.url), base), text));
      }),
    ),
    http.post(`*${base}/:index/_msearch`, ({ request }) => guarded(async () => toResponse(msearch(ctl, indexOfPath(new URL(request.url), base), await request.text())))),
  ]);
}
