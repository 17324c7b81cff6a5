/**
 * Query factories for the console service, keyed inside the console's root scope:
 * `[{ scope, service: baseUrl, topic, … }]`. `topic` is the change stream's topic, so an event
 * `{ topic: 'incidents' }` invalidates exactly `serviceKeys.topic(base, 'incidents')`, and
 * "Refresh now" (the whole scope) refetches them with everything else.
 */
import { queryOptions } from '@tanstack/react-query';
import type { Rule } from '@/alerting/rule-schemas';
import { CONSOLE_SCOPE } from '@/lib/console-keys';
import type { ChangeEvent } from './api-schemas';
import { shouldRetryService } from './service-client';
import type { ServiceClient } from './service-client';

export type ServiceTopic = ChangeEvent['topic'];

export const serviceKeys = {
  all: (baseUrl: string) => [{ scope: CONSOLE_SCOPE, service: baseUrl }] as const,
  topic: (baseUrl: string, topic: ServiceTopic) => [{ scope: CONSOLE_SCOPE, service: baseUrl, topic }] as const,
  status: (baseUrl: string) => [{ scope: CONSOLE_SCOPE, service: baseUrl, topic: 'status' as const }] as const,
  incidents: (baseUrl: string) => [{ scope: CONSOLE_SCOPE, service: baseUrl, topic: 'incidents' as const }] as const,
  alertingConfig: (baseUrl: string) => [{ scope: CONSOLE_SCOPE, service: baseUrl, topic: 'config' as const, resource: 'alerting' }] as const,
  savedViews: (baseUrl: string) => [{ scope: CONSOLE_SCOPE, service: baseUrl, topic: 'config' as const, resource: 'saved-views' }] as const,
  /** `sourceId` as the sources' keys name it, so invalidating a source's keys covers its issue states. */
  issueStates: (baseUrl: string, sourceId: string) => [{ scope: CONSOLE_SCOPE, service: baseUrl, topic: 'issue-states' as const, sourceId }] as const,
  /** Under `issues`: each ingest that indexed something announces it. `range` is symbolic (resolved at fetch). */
  indexedIssues: (baseUrl: string, sourceId: string, range: unknown) => [{ scope: CONSOLE_SCOPE, service: baseUrl, topic: 'issues' as const, sourceId, range }] as const,
  /**
   * Under `config`: a change of the maintenance windows replays it again; a new cycle (`status`,
   * every 30 s) does not, or every open editor would replay its rule each cycle.
   */
  backtest: (baseUrl: string, rule: Rule) => [{ scope: CONSOLE_SCOPE, service: baseUrl, topic: 'config' as const, resource: 'backtest', rule }] as const,
};

const common = { retry: shouldRetryService } as const;

export const serviceStatusQuery = (client: ServiceClient) =>
  queryOptions({ ...common, queryKey: serviceKeys.status(client.baseUrl), queryFn: ({ signal }) => client.status({ signal }) });

export const incidentsQuery = (client: ServiceClient) =>
  queryOptions({ ...common, queryKey: serviceKeys.incidents(client.baseUrl), queryFn: ({ signal }) => client.incidents({ signal }) });

export const alertingConfigQuery = (client: ServiceClient) =>
  queryOptions({ ...common, queryKey: serviceKeys.alertingConfig(client.baseUrl), queryFn: ({ signal }) => client.alertingConfig({ signal }) });

export const issueStatesQuery = (client: ServiceClient, sourceId: string) =>
  queryOptions({ ...common, queryKey: serviceKeys.issueStates(client.baseUrl, sourceId), queryFn: ({ signal }) => client.issueStates(sourceId, { signal }) });

export const savedViewsQuery = (client: ServiceClient) =>
  queryOptions({ ...common, queryKey: serviceKeys.savedViews(client.baseUrl), queryFn: ({ signal }) => client.savedViews({ signal }) });

/**
 * The rule (each debounced edit its own entry, so going back to a value answers from the cache)
 * replayed on the service. A minute fresh: the history grows one evaluation per cycle, and a
 * backtest over hours barely moves in one.
 */
export const backtestQuery = (client: ServiceClient, rule: Rule) =>
  queryOptions({ ...common, queryKey: serviceKeys.backtest(client.baseUrl, rule), queryFn: ({ signal }) => client.backtest(rule, { signal }), staleTime: 60_000 });
