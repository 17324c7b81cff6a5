import { useNavigate, useSearchParams } from 'react-router';
import { SavedSearches } from '@/components/ui/saved-searches';
import { useConsoleSettings } from '@/lib/console-settings';
import { openSavedSearch, pickSearch } from '@/lib/saved-search';
import { useSavedViews } from '@/service/use-saved-views';
import { SAVED_ISSUE_PARAMS } from './issues-filter';

/** The Issues view's saved searches: its filters and sort under a name; opening one leaves the open issue. */
export function IssuesSavedSearches() {
  const { now, basePath = '/' } = useConsoleSettings();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const saved = useSavedViews('issues', now);
  const current = pickSearch(params, SAVED_ISSUE_PARAMS);
  const active = saved.views?.find((v) => pickSearch(new URLSearchParams(v.query), SAVED_ISSUE_PARAMS) === current);
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
      onOpen={(s) => void navigate({ pathname: `${basePath}issues`, search: openSavedSearch(s.query, SAVED_ISSUE_PARAMS, params) })}
      onDelete={(s) => saved.remove(s.id)}
    />
  );
}
