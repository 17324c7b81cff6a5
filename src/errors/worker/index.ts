/** Public API of the grouping worker client. */
export { createGroupingClient, abortError } from './group-client';
export type { GroupCallOptions, GroupingClient } from './group-client';
export { createGroupWorker } from './create-group-worker';
export type { GroupRequest, GroupResponse } from './protocol';
