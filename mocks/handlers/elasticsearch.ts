import { http, HttpResponse } from 'msw';
import { withFault } from '../faults/apply';
import type { MockController } from '../scenarios';
import type { EsReply } from '../wire/elasticsearch';
import { EsError, esErrorReply, esInfo, esSearch } from '../wire/elasticsearch';

/** Where the console reaches Elasticsearch (the adapter docs also use `/proxy/es`: both are served). */
export const ELASTICSEARCH_BASES = ['/proxy/elasticsearch', '/proxy/es'] as const;
const HEADERS = { 'Content-Type': 'application/json', 'X-Elastic-Product': 'Elasticsearch' };

const toResponse = (reply: EsReply) => new HttpResponse(reply.body, { status: reply.status, headers: HEADERS });

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

export function elasticsearchHandlers(ctl: MockController) {
  const guarded = (produce: () => Response | Promise<Response>) => withFault(ctl, 'elasticsearch', produce);
  const indexOfPath = (url: URL, base: string) => decodeURIComponent(url.pathname.slice(url.pathname.indexOf(base) + base.length + 1).split('/')[0] ?? '');

  return ELASTICSEARCH_BASES.flatMap((base) => [
    ...[`*${base}`, `*${base}/`].map((path) => http.get(path, () => guarded(() => HttpResponse.json(esInfo(), { headers: { 'X-Elastic-Product': 'Elasticsearch' } })))),
    http.get(`*${base}/_cluster/health`, () =>
      guarded(() =>
        HttpResponse.json({ cluster_name: 'spine-logs', status: 'green', timed_out: false, number_of_nodes: 1, number_of_data_nodes: 1, active_primary_shards: 7, active_shards: 7, relocating_shards: 0, initializing_shards: 0, unassigned_shards: 0, delayed_unassigned_shards: 0, number_of_pending_tasks: 0, number_of_in_flight_fetch: 0, task_max_waiting_in_queue_millis: 0, active_shards_percent_as_number: 100.0 }),
      ),
    ),
    http.post(`*${base}/_search`, ({ request }) => guarded(async () => toResponse(esSearch(ctl.scenario(), ctl.now(), '_all', await request.text())))),
    http.post(`*${base}/_msearch`, ({ request }) => guarded(async () => toResponse(msearch(ctl, '_all', await request.text())))),
    http.post(`*${base}/:index/_search`, ({ request }) =>
      guarded(async () => toResponse(esSearch(ctl.scenario(), ctl.now(), indexOfPath(new URL(request.url), base), await request.text()))),
    ),
    http.post(`*${base}/:index/_msearch`, ({ request }) => guarded(async () => toResponse(msearch(ctl, indexOfPath(new URL(request.url), base), await request.text())))),
  ]);
}
