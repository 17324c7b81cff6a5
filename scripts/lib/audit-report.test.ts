// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { formatVerdict, interpretAudit } from './audit-report';

/** What npm 10 printed here: the registry refuses the bulk advisory POST. */
const REGISTRY_405 = JSON.stringify({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', method: 'POST', statusCode: 405, body: '', error: { summary: '', detail: '' } });

const report = (vulnerabilities: Record<string, number>, entries: Record<string, unknown> = {}) =>
  JSON.stringify({ auditReportVersion: 2, vulnerabilities: entries, metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...vulnerabilities }, dependencies: { prod: 54, total: 400 } } });

describe('interpretAudit', () => {
  it('reports an unavailable endpoint (HTTP 405) as unavailable, not as a pass or a failure', () => {
    const v = interpretAudit(`npm warn audit 405 Method Not Allowed\n${REGISTRY_405}`);
    expect(v).toEqual({ kind: 'unavailable', reason: expect.stringContaining('HTTP 405') });
    expect(formatVerdict(v)).toMatch(/unavailable \(HTTP 405/);
  });

  it('reports no output at all (no network) as unavailable', () => {
    expect(interpretAudit('', 'npm error code ENOTFOUND\nnpm error audit endpoint returned an error')).toMatchObject({ kind: 'unavailable' });
  });

  it('passes a clean report', () => {
    const v = interpretAudit(report({}));
    expect(v).toMatchObject({ kind: 'result', failing: false, dependencies: 54 });
    expect(formatVerdict(v)).toContain('OK: no high or critical advisory');
  });

  it('passes moderate advisories but lists them', () => {
    const v = interpretAudit(report({ moderate: 1 }, { 'react-router': { name: 'react-router', severity: 'moderate', range: '7.12.0 - 8.2.0', via: [{ title: 'RSC Mode CSRF Bypass', url: 'https://github.com/advisories/GHSA-qwww-vcr4-c8h2', severity: 'moderate', range: '>=7.12.0 <8.3.0' }] } }));
    expect(v).toMatchObject({ kind: 'result', failing: false, advisories: [{ name: 'react-router', severity: 'moderate', url: 'https://github.com/advisories/GHSA-qwww-vcr4-c8h2' }] });
  });

  it('fails on high or critical advisories, counting transitive ones once', () => {
    const v = interpretAudit(report({ high: 1, critical: 1 }, {
      cookie: { name: 'cookie', severity: 'high', via: [{ title: 'cookie accepts out of bounds characters', url: 'https://github.com/advisories/GHSA-pxg6-pf52-xh8x', severity: 'high', range: '<0.7.0' }] },
      'react-router': { name: 'react-router', severity: 'high', via: ['cookie'] },
    }));
    expect(v).toMatchObject({ kind: 'result', failing: true });
    if (v.kind === 'result') expect(v.advisories.map((a) => a.name)).toEqual(['cookie']);
    expect(formatVerdict(v)).toContain('FAIL');
  });
});
