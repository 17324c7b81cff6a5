import { useNavigate, useSearchParams } from 'react-router';
import { SavedSearches } from '@/components/ui/saved-searches';
import { useConsoleSettings } from '@/lib/console-settings';
import { openSavedSearch, pickSearch } from '@/lib/saved-search';
import { useSavedViews } from '@/service/use-saved-views';
import { SAVED_LOGS_PARAMS } from './logs-url';

/** The Logs view's saved searches: its search parameters under a name, opened over the current range. */
export function LogsSavedSearches() {
  const { now, basePath = '/' } = useConsoleSettings();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const saved = useSavedViews('logs', now);
  const current = pickSearch(params, SAVED_LOGS_PARAMS);
  const active = saved.views?.find((v) => pickSearch(new URLSearchParams(v.query), SAVED_LOGS_PARAMS) === current);
  return (
    <SavedSearches
      searches={saved.views}
      activeId={active?.id ?? null}
      loadError={saved.loadError}
      onRetry={saved.retry}
      notes={saved.notes}
      browserOnly={saved.mode === 'browser'}
      readOnly={saved.readOnly}
      now={now()}
      onSave={(name) => saved.save(name, current)}
      onOpen={(s) => void navigate({ pathname: `${basePath}logs`, search: openSavedSearch(s.query, SAVED_LOGS_PARAMS, params) })}
      onDelete={(s) => saved.remove(s.id)}
    />
  );
}
