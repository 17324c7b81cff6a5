import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * The URL parameters that follow the user from one view to another: the time range (relative or
 * absolute), the auto-refresh and the demo scenario. A view's own parameters (its filters, the
 * selected line, the sort) stay behind.
 */
export const CARRIED_PARAMS = ['range', 'from', 'to', 'refresh', 'scenario'] as const;

/**
 * The search string (`?range=24h&refresh=1m&source=loki`, or '') of a link to another view: the
 * carried parameters of `current`, then the target view's own `params` (a list repeats the key).
 */
export function carriedSearch(current: URLSearchParams, params: Record<string, string | readonly string[] | undefined> = {}): string {
  const next = new URLSearchParams([...current].filter(([k]) => (CARRIED_PARAMS as readonly string[]).includes(k)));
  for (const [key, value] of Object.entries(params)) {
    next.delete(key);
    for (const v of typeof value === 'string' ? [value] : (value ?? [])) next.append(key, v);
  }
  const text = next.toString();
  return text ? `?${text}` : '';
}

/** `carriedSearch` over the current location's parameters, for links between views. */
export function useCarriedSearch(): (params?: Parameters<typeof carriedSearch>[1]) => string {
  const [current] = useSearchParams();
  return useCallback((params) => carriedSearch(current, params), [current]);
}
