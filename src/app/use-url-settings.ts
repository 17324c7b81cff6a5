import { useCallback, useMemo } from 'react';
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

  const setRange = useCallback((next: TimeRangeSpec) => setParams((p) => writeRangeParams(p, next)), [setParams]);
  const setRefresh = useCallback(
    (next: RefreshOption) =>
      setParams((p) => {
        const n = new URLSearchParams(p);
        n.set('refresh', next);
        return n;
      }),
    [setParams],
  );
  return { range: stableRange, refresh, refreshMs: refreshIntervalMs(refresh), setRange, setRefresh, rangeError, refreshError };
}
