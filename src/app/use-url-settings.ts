import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { isRefreshOption, parseRangeParams, refreshIntervalMs, writeRangeParams } from '@/lib/time-range';
import type { RefreshOption, TimeRangeSpec } from '@/lib/time-range';

const DEFAULT_RANGE: TimeRangeSpec = { last: '1h' };
const DEFAULT_REFRESH: RefreshOption = '30s';

/** Range and auto-refresh live in the URL, so a link reproduces the view. */
export function useUrlSettings() {
  const [params, setParams] = useSearchParams();
  const parsed = parseRangeParams(params, DEFAULT_RANGE);
  const range = parsed.ok ? parsed.range : DEFAULT_RANGE;
  const rangeError = parsed.ok ? null : parsed.error;
  const refreshParam = params.get('refresh');
  const refresh: RefreshOption = isRefreshOption(refreshParam) ? refreshParam : DEFAULT_REFRESH;
  const refreshError = refreshParam !== null && !isRefreshOption(refreshParam) ? `Unknown refresh "${refreshParam}"; using ${DEFAULT_REFRESH}.` : null;
  const rangeKey = JSON.stringify(range);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by value, not identity
  const stableRange = useMemo(() => range, [rangeKey]);

  // Navigations commit in a transition: two quick changes must build on each other, not on the
  // params of the last render, or the first one is lost.
  const pending = useRef<URLSearchParams | null>(null);
  useEffect(() => {
    pending.current = null;
  }, [params]);
  const update = useCallback(
    (change: (p: URLSearchParams) => URLSearchParams) => {
      const next = change(new URLSearchParams(pending.current ?? params));
      pending.current = next;
      setParams(next);
    },
    [params, setParams],
  );
  const setRange = useCallback((next: TimeRangeSpec) => update((p) => writeRangeParams(p, next)), [update]);
  const setRefresh = useCallback(
    (next: RefreshOption) =>
      update((p) => {
        p.set('refresh', next);
        return p;
      }),
    [update],
  );
  return { range: stableRange, refresh, refreshMs: refreshIntervalMs(refresh), setRange, setRefresh, rangeError, refreshError };
}
