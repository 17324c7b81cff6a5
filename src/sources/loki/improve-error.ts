/**
 * Turns what Loki (or a proxy in front of it) answered into one line of "what went wrong" and
 * one line of "what to do". Loki writes plain text; Grafana's resource proxy wraps it as
 * `{"message": …}`; gateways send HTML. Never echo HTML or credentials.
 */

export interface ImprovedError {
  message: string;
  hint: string;
}

const MAX_MESSAGE = 300;

/** Extracts the error text from a body: JSON `{message}` / `{error}`, HTML, or plain text. */
export function lokiErrorText(body: unknown): { text: string; html: boolean } {
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    for (const key of ['message', 'error']) {
      const v = record[key];
      if (typeof v === 'string' && v.trim() !== '') return { text: v.trim(), html: false };
    }
    return { text: '', html: false };
  }
  const text = typeof body === 'string' ? body : '';
  const trimmed = text.trim();
  if (/^<(!doctype\s+html|html|head|body)\b/i.test(trimmed) || /<\/(html|body|h1|title)>/i.test(trimmed)) {
    return { text: '', html: true };
  }
  if (trimmed.startsWith('{')) {
    try {
      return lokiErrorText(JSON.parse(trimmed) as unknown);
    } catch {
      // not JSON after all: plain text
    }
  }
  return { text: trimmed, html: false };
}

function oneLine(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ').trim();
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}

interface Rule {
  test: RegExp;
  improve: (m: RegExpExecArray, text: string) => ImprovedError;
}

const RULES: Rule[] = [
  {
    test: /parse error at line (\d+), col (\d+):?\s*(.*)/i,
    improve: (m) => {
      const detail = m[3] ?? '';
      const braces = /[{}]|\$end|expecting \}/.test(detail);
      return {
        message: `LogQL parse error at line ${m[1]}, col ${m[2]}${detail ? `: ${detail}` : ''}`,
        hint: braces
          ? `Check the braces of the stream selector near col ${m[2]}, e.g. {job="api"}.`
          : `Check the LogQL syntax near col ${m[2]}; quote label values with double quotes.`,
      };
    },
  },
  {
    test: /max entries limit per query exceeded.*?\((\d+) > (\d+)\)/i,
    improve: (m) => ({
      message: `Line limit ${m[1]} is above the server maximum of ${m[2]}.`,
      hint: `Lower the line limit (at most ${m[2]}) or narrow the range.`,
    }),
  },
  {
    test: /no org id/i,
    improve: () => ({
      message: 'Loki requires a tenant (no org id).',
      hint: 'Set LOKI_TENANT for the console server so its proxy sends X-Scope-OrgID.',
    }),
  },
  {
    // 3.x names the character; 2.9 says only "invalid tenant ID".
    test: /tenant ID '.*' contains unsupported character '(.)'|invalid tenant ID/i,
    improve: (m) => ({
      message: m[1] ? `Loki refused the tenant: its ID contains "${m[1]}".` : 'Loki refused the tenant ID.',
      hint: "Set LOKI_TENANT to a tenant ID of letters, digits and !-_.*'() only (for several tenants, one per source).",
    }),
  },
  {
    test: /multiple org IDs present/i,
    improve: () => ({
      message: 'Loki refused a request for several tenants at once.',
      hint: 'Set LOKI_TENANT to one tenant, or enable multi_tenant_queries_enabled in Loki to query "a|b".',
    }),
  },
  {
    test: /maximum number of series \((\d+)\)/i,
    improve: (m) => ({
      message: `The query returned more than ${m[1]} series.`,
      hint: 'Add more specific label matchers, aggregate with sum by (…), or narrow the range.',
    }),
  },
  {
    test: /query time range exceeds the limit \(query length: ([^,]+), limit: ([^)]+)\)/i,
    improve: (m) => ({
      message: `The time range (${m[1]}) exceeds Loki's limit of ${m[2]}.`,
      hint: `Narrow the time range to at most ${m[2]}.`,
    }),
  },
  {
    test: /log queries are not supported as an instant query/i,
    improve: () => ({
      message: 'Loki rejected a log query sent as an instant query.',
      hint: 'Use a range query for log lines, or wrap the selector in a metric such as count_over_time.',
    }),
  },
  {
    test: /end timestamp must not be before or equal to start/i,
    improve: () => ({
      message: 'The time range is empty: its end is not after its start.',
      hint: 'Pick a time range whose end is after its start.',
    }),
  },
  {
    test: /maximum resolution of ([\d,]+) points/i,
    improve: (m) => ({
      message: `The histogram would exceed ${m[1]} points per series.`,
      hint: 'Increase the step (wider buckets) or narrow the time range.',
    }),
  },
  {
    test: /request timed out|deadline exceeded|context deadline/i,
    improve: () => ({
      message: 'Loki timed out running the query.',
      hint: 'Narrow the time range or add label matchers (prefer exact matches over regex).',
    }),
  },
  {
    test: /too many outstanding requests/i,
    improve: () => ({
      message: "Loki's query queue is full (too many outstanding requests).",
      hint: 'Wait and retry; reduce how many panels poll Loki at once.',
    }),
  },
  {
    test: /would read too many bytes|query too large/i,
    improve: (_m, text) => ({
      message: oneLine(text),
      hint: 'Narrow the time range or add a more specific stream selector.',
    }),
  },
  {
    test: /cancel+ed by the client|context canceled/i,
    improve: () => ({
      message: 'The request was cancelled.',
      hint: 'Nothing to do: a newer request replaced this one.',
    }),
  },
  {
    test: /not ready|Some services are not Running/i,
    improve: (_m, text) => ({
      message: `Loki is not ready: ${oneLine(text)}`,
      hint: 'Loki is starting or unhealthy; check its /ready endpoint and logs.',
    }),
  },
];

function hintForStatus(status: number | undefined): string {
  if (status === 401 || status === 403) return 'Check LOKI_TENANT and LOKI_AUTH for the console server proxy.';
  if (status === 404) return 'Check the baseUrl of this Loki source (e.g. /proxy/loki) and the proxy route.';
  if (status === 429) return 'Loki is rate-limiting; wait and retry, or poll less often.';
  if (status !== undefined && status >= 500) return 'Loki or the proxy failed; check that Loki is running and retry.';
  return 'Check the query and the time range.';
}

/** Raw body (text or parsed JSON) + HTTP status → one-line message and an actionable hint. */
export function improveLokiError(body: unknown, status?: number): ImprovedError {
  const { text, html } = lokiErrorText(body);
  if (html || (text === '' && (status === 502 || status === 503 || status === 504))) {
    return {
      message: `The gateway/proxy in front of Loki failed${status ? ` (HTTP ${status})` : ''}.`,
      hint: 'Check that Loki is running and that the console proxy route (e.g. /proxy/loki) points to it.',
    };
  }
  for (const rule of RULES) {
    const m = rule.test.exec(text);
    if (m) return rule.improve(m, text);
  }
  const message = text !== '' ? `Loki error: ${oneLine(text)}` : `Loki answered HTTP ${status ?? '?'} with no details.`;
  return { message, hint: hintForStatus(status) };
}
