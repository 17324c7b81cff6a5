/**
 * Turns an HTTP error body from capture-spine (FastAPI `{"detail": …}`), from the console's own
 * proxy (`{"error", "message"}`) or from a gateway (HTML) into one line and a hint.
 */
export interface ImprovedError {
  message: string;
  hint: string;
}

function firstLine(text: string, max = 160): string {
  const line = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

function fromJson(body: string): string | null {
  try {
    const data = JSON.parse(body) as unknown;
    if (typeof data !== 'object' || data === null) return null;
    const record = data as Record<string, unknown>;
    if (typeof record.detail === 'string') return record.detail;
    if (Array.isArray(record.detail)) {
      const first = record.detail[0] as { loc?: unknown[]; msg?: string } | undefined;
      if (first?.msg) return `${(first.loc ?? []).join('.')}: ${first.msg}`;
    }
    if (typeof record.message === 'string') return record.message;
    if (typeof record.error === 'string') return record.error;
    return null;
  } catch {
    return null;
  }
}

export function improveCaptureSpineError(status: number, body: string, contentType: string | null): ImprovedError {
  const isHtml = (contentType ?? '').includes('html') || /^\s*<(!doctype|html)/i.test(body);
  const detail = isHtml ? null : fromJson(body) ?? (firstLine(body) || null);

  if (status === 401 || status === 403) {
    return {
      message: detail ?? 'not authorized',
      hint: 'The console server sends CAPTURE_SPINE_TOKEN: check that it is set and still valid (or sign in again when embedded).',
    };
  }
  if (status === 404) {
    return {
      message: detail ?? 'not found',
      hint: 'This capture-spine does not serve that endpoint: check the base URL and the path map (docs/capture-spine-api.md).',
    };
  }
  if (status === 429) {
    return { message: detail ?? 'too many requests', hint: 'capture-spine is rate limiting the console; it retries after the delay the server asked for.' };
  }
  if (status === 502 || status === 503 || status === 504) {
    return {
      message: isHtml ? 'the gateway answered with an error page' : detail ?? 'bad gateway',
      hint:
        status === 504
          ? 'capture-spine took too long behind its proxy; check spine-dev-api and Postgres.'
          : 'capture-spine is down or unreachable from the console server: check spine-dev-api and CAPTURE_SPINE_URL.',
    };
  }
  if (status >= 500) {
    return {
      message: isHtml ? 'internal server error (HTML page)' : detail ?? 'internal server error',
      hint: 'capture-spine failed while answering; its logs (spine-dev-api) have the traceback.',
    };
  }
  return { message: detail ?? `HTTP ${status}`, hint: 'The request was rejected; check the source configuration in Sources.' };
}
