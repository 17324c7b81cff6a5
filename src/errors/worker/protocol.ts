/** Messages between the grouping client and the grouping worker. */
import type { LogEntry } from '@/lib/model';
import type { GroupOptions, IssueGroup } from '@/errors/pipeline/group-issues';

export interface GroupRequest {
  id: number;
  entries: LogEntry[];
  options: GroupOptions;
}

export type GroupResponse =
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'result'; groups: IssueGroup[] }
  | { id: number; type: 'error'; message: string };
