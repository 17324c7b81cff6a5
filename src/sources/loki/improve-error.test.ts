import { describe, expect, it } from 'vitest';
import { improveLokiError, lokiErrorText } from './improve-error';

describe('improveLokiError', () => {
  it.each([
    ['parse error at line 1, col 11: syntax error: unexpected $end, expecting } or ,', 400, /^LogQL parse error at line 1, col 11/, /braces of the stream selector/],
    ['max entries limit per query exceeded, limit > max_entries_limit_per_query (10000 > 5000)', 400, /above the server maximum of 5000/, /lower the line limit.*narrow the range/i],
    ['no org id\n', 401, /tenant/, /LOKI_TENANT/],
    ["tenant ID 'a/b' contains unsupported character '/'", 400, /tenant.*"\/"/, /LOKI_TENANT to a tenant ID/],
    ["rpc error: code = Code(400) desc = tenant ID '../x' contains unsupported character '/'", 400, /tenant/, /LOKI_TENANT/],
    ['rpc error: code = Code(400) desc = invalid tenant ID', 400, /refused the tenant ID/, /LOKI_TENANT to a tenant ID/],
    ['multiple org IDs present', 500, /several tenants/, /multi_tenant_queries_enabled/],
    ['maximum number of series (500) reached for a single query; consider …', 400, /500 series/, /label matchers/],
    ['the query time range exceeds the limit (query length: 744h0m0s, limit: 30d1h)', 400, /744h0m0s/, /30d1h/],
    ['log queries are not supported as an instant query type, please change…', 400, /instant query/, /range query/],
    ['end timestamp must not be before or equal to start time', 400, /empty/, /end is after its start/],
    ['exceeded maximum resolution of 11,000 points per time series. Try increasing…', 400, /11,000/, /step/],
    ['request timed out, decrease the duration of the request or add more label matchers', 504, /timed out/, /Narrow the time range/],
    ['too many outstanding requests', 429, /queue is full/, /retry/],
    ['the request was cancelled by the client', 499, /cancelled/, /Nothing to do/],
    ['Ingester not ready: waiting for 15s after being ready\n', 503, /not ready/, /\/ready/],
  ])('%s', (body, status, message, hint) => {
    const improved = improveLokiError(body, status);
    expect(improved.message).toMatch(message);
    expect(improved.hint).toMatch(hint);
    expect(improved.message).not.toContain('\n');
  });

  it('reads the Grafana resource-proxy JSON {message}', () => {
    const improved = improveLokiError('{"message":"parse error at line 1, col 3: syntax error","traceID":"x"}', 400);
    expect(improved.message).toMatch(/^LogQL parse error at line 1, col 3/);
  });

  it('never dumps a gateway HTML page', () => {
    const html = '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>';
    const improved = improveLokiError(html, 502);
    expect(improved.message).toBe('The gateway/proxy in front of Loki failed (HTTP 502).');
    expect(improved.message + improved.hint).not.toMatch(/</);
    expect(improveLokiError('', 504).message).toMatch(/gateway\/proxy/);
  });

  it('falls back to one line of the text and a hint by status', () => {
    const improved = improveLokiError('something odd\nhappened', 400);
    expect(improved).toEqual({ message: 'Loki error: something odd happened', hint: 'Check the query and the time range.' });
    expect(improveLokiError('', 403).hint).toMatch(/LOKI_TENANT/);
    expect(lokiErrorText('{not json').text).toBe('{not json');
  });
});
