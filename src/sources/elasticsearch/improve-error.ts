/**
 * ES/OpenSearch error bodies → one line of "what went wrong" + one actionable hint.
 * Handles `{error:{type,reason,root_cause,caused_by}, status}`, `{error:"string"}` (detailed
 * errors disabled), plain-text bodies (OpenSearch security plugin) and gateway HTML pages.
 */

export interface ImprovedError {
  message: string;
  hint: string;
}

interface EsErrorCause {
  type?: string;
  reason?: string;
  root_cause?: EsErrorCause[];
  caused_by?: EsErrorCause;
  failed_shards?: { reason?: EsErrorCause }[];
  line?: number;
  col?: number;
  index?: string;
}

const MAX = 240;

function clip(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ').trim();
  return line.length > MAX ? `${line.slice(0, MAX - 1)}…` : line;
}

function asCause(value: unknown): EsErrorCause | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as EsErrorCause) : null;
}

/** The most specific cause: root_cause[0], a failed shard's reason, then caused_by chain end. */
function specificCause(error: EsErrorCause): EsErrorCause {
  const root = error.root_cause?.find((c) => c.type || c.reason);
  if (root) return root;
  const shard = error.failed_shards?.find((s) => s.reason)?.reason;
  if (shard) return shard;
  let cause = error;
  while (cause.caused_by) cause = cause.caused_by;
  return cause;
}

function describe(cause: EsErrorCause): string {
  const where = cause.line !== undefined ? ` (line ${cause.line}, col ${cause.col ?? '?'})` : '';
  return `${cause.type ?? 'error'}: ${cause.reason || '(no reason given)'}${where}`;
}

const TEXT_FIELD = /text fields are not optimi[sz]ed|fielddata is disabled on text fields|fielddata.*text field/i;

function hintFor(error: EsErrorCause, cause: EsErrorCause, status: number | undefined): string {
  const types = [error.type, cause.type, error.caused_by?.type];
  const reasons = [error.reason, cause.reason, error.caused_by?.reason].join(' ');
  const has = (t: string) => types.includes(t);
  if (has('index_not_found_exception')) return 'Check ELASTICSEARCH_INDEX (the index pattern of this source) and that the index exists.';
  if (has('security_exception') || status === 401 || status === 403) {
    return status === 403
      ? 'Check ELASTICSEARCH_AUTH: that user or API key needs read access to the index pattern.'
      : 'Check ELASTICSEARCH_AUTH for the console server proxy (it adds the Authorization header).';
  }
  if (has('es_rejected_execution_exception') || has('circuit_breaking_exception') || status === 429) {
    return 'Elasticsearch is overloaded; wait and retry, poll less often or narrow the time range.';
  }
  if (has('too_many_buckets_exception') || /too many buckets/i.test(reasons)) {
    return 'Use a larger histogram step or a narrower time range (fewer buckets).';
  }
  if (TEXT_FIELD.test(reasons)) {
    return 'Filters and the histogram need keyword fields: point fields.level / fields.service at keyword fields (e.g. level.keyword).';
  }
  if (has('parsing_exception') || has('query_shard_exception') || has('query_string_parse_exception') || /Cannot parse/i.test(reasons)) {
    return 'Check the Lucene query syntax (quote phrases, escape reserved characters like : / ( ) [ ]).';
  }
  if (has('x_content_parse_exception') || has('illegal_argument_exception')) {
    return 'Elasticsearch rejected the request: check the field names in this source\'s config and the time range.';
  }
  if (status !== undefined && status >= 500) return 'Elasticsearch or the proxy failed; check the cluster health and retry.';
  return 'Check the query, the index pattern and the time range.';
}

function gateway(status: number | undefined): ImprovedError {
  return {
    message: `The gateway/proxy in front of Elasticsearch failed${status ? ` (HTTP ${status})` : ''}.`,
    hint: 'Check that the cluster is up and that the console proxy route (e.g. /proxy/es) points to it.',
  };
}

/** Raw body (parsed JSON or text) + HTTP status → one-line message and hint. */
export function improveEsError(body: unknown, status?: number): ImprovedError {
  if (typeof body === 'string') {
    const trimmed = body.trim();
    if (trimmed.startsWith('{')) {
      try {
        return improveEsError(JSON.parse(trimmed) as unknown, status);
      } catch {
        // plain text after all
      }
    }
    if (/^<(!doctype\s+html|html|head|body)\b/i.test(trimmed) || /<\/(html|body|h1|title)>/i.test(trimmed)) return gateway(status);
    if (trimmed === '') {
      if (status === 502 || status === 503 || status === 504) return gateway(status);
      return { message: `Elasticsearch answered HTTP ${status ?? '?'} with no details.`, hint: hintFor({}, {}, status) };
    }
    return { message: `Elasticsearch error: ${clip(trimmed)}`, hint: hintFor({}, {}, status) };
  }
  const record = asCause(body) as (EsErrorCause & { error?: unknown; status?: unknown; message?: unknown }) | null;
  const effectiveStatus = status ?? (typeof record?.status === 'number' ? record.status : undefined);
  if (typeof record?.error === 'string') {
    return { message: `Elasticsearch error: ${clip(record.error)}`, hint: hintFor({}, {}, effectiveStatus) };
  }
  const error = asCause(record?.error) ?? (record?.type ? record : null);
  if (!error) {
    const text = typeof record?.message === 'string' ? record.message : '';
    return text ? improveEsError(text, effectiveStatus) : improveEsError('', effectiveStatus);
  }
  const cause = specificCause(error);
  const message =
    error.type === 'search_phase_execution_exception'
      ? `Search failed (${error.reason || 'search phase'}): ${describe(cause.type ? cause : error.caused_by ?? error)}`
      : error.type === 'index_not_found_exception'
        ? `No such index: ${error.index ?? cause.index ?? error.reason ?? ''}`
        : describe(cause.type || cause.reason ? cause : error);
  return { message: clip(message), hint: hintFor(error, cause, effectiveStatus) };
}
