/** The throwaway upstream's happy path, at the console server's proxy path for it. */
import { http, HttpResponse } from 'msw';
import { proxyPrefixOf } from '../../server-descriptor';
import { throwawayServerDescriptor } from './server-descriptor';

export const THROWAWAY_LINES = [
  { ms: Date.parse('2026-11-28T09:59:00.000Z'), level: 'error', service: 'billing', text: 'charge failed: card declined' },
  { ms: Date.parse('2026-11-28T09:58:00.000Z'), level: 'info', service: 'billing', text: 'charge started' },
] as const;

export function throwawayHandlers(base = proxyPrefixOf(throwawayServerDescriptor)) {
  return [
    http.get(`*${base}/ping`, () => HttpResponse.json({ version: '0.0.1' })),
    http.get(`*${base}/lines`, () => HttpResponse.json({ lines: THROWAWAY_LINES })),
  ];
}
