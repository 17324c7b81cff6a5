/** Messages between the grouping client and the grouping worker. */
import type { LogEntry } from '@/lib/model';
import type { GroupOptions, IssueGroup } from '@/errors/pipeline/group-issues';

export interface GroupRequest {
  id: number;
  entries: LogEntry[];
  options: GroupOptions;
  /** Set when the entries came before in `GroupChunk` messages (appended in order before `entries`). */
  chunked?: boolean;
}

/**
 * Part of a request's entries. Large inputs travel in chunks, each posted from its own task, so
 * copying 100,000 lines to the worker never blocks the page for long.
 */
export interface GroupChunk {
  id: number;
  type: 'chunk';
  entries: LogEntry[];
}

export type GroupInbound = GroupRequest | GroupChunk;

export type GroupResponse =
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'result'; groups: IssueGroup[] }
  | { id: number; type: 'error'; message: string };
