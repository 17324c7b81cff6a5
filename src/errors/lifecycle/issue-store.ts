/**
 * Persisted user actions per issue (resolve, ignore, remembered first-seen), one document per
 * source under `spine-console.issues.<sourceId>` in a Storage-like object (localStorage).
 * Corrupted storage never throws: the store resets to empty and reports through `onProblem`.
 * Imports are validated with zod; bad input is rejected with a message naming the problem.
 */
import type { StoredIssueState } from './issue-state';
import { ISSUE_ID, issueStatesDocumentSchema, storedIssueStateSchema } from './schemas';

/** The part of the DOM `Storage` interface the store needs. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface ImportResult {
  added: number;
  changed: number;
  errors: string[];
}

export interface IssueStateStore {
  get(issueId: string): StoredIssueState | undefined;
  set(issueId: string, state: StoredIssueState | undefined): void;
  all(): Record<string, StoredIssueState>;
  export(): string;
  import(json: string): ImportResult;
}

export interface IssueStoreOptions {
  /** Called with a human message when storage was unreadable or could not be written. */
  onProblem?: (message: string) => void;
  /** Clock for `exportedAt`. */
  now?: () => number;
}

export function storageKey(sourceId: string): string {
  return `spine-console.issues.${sourceId}`;
}

function zodMessage(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return error.issues.map((i) => `${i.path.length ? i.path.map(String).join('.') + ': ' : ''}${i.message}`).join('; ');
}

/** Validates a document; returns the valid states and one error per rejected entry. */
function readDocument(text: string): { states: Map<string, StoredIssueState>; errors: string[]; fatal?: string } {
  const states = new Map<string, StoredIssueState>();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { states, errors: [], fatal: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const doc = issueStatesDocumentSchema.safeParse(data);
  if (!doc.success) return { states, errors: [], fatal: `Not an issue-state export (expected {version: 1, issues: {…}}): ${zodMessage(doc.error)}` };
  const errors: string[] = [];
  for (const [id, raw] of Object.entries(doc.data.issues)) {
    if (!ISSUE_ID.test(id)) {
      errors.push(`Issue "${id.slice(0, 40)}": not a valid issue id`);
      continue;
    }
    const s = storedIssueStateSchema.safeParse(raw);
    if (s.success) states.set(id, s.data as StoredIssueState);
    else errors.push(`Issue ${id}: ${zodMessage(s.error)}`);
  }
  return { states, errors };
}

export function createIssueStateStore(storage: StorageLike, sourceId: string, options: IssueStoreOptions = {}): IssueStateStore {
  const key = storageKey(sourceId);
  const report = (m: string) => options.onProblem?.(m);
  const now = options.now ?? (() => Date.now());
  let states = new Map<string, StoredIssueState>();

  const serialize = (): string =>
    JSON.stringify({ version: 1, sourceId, exportedAt: new Date(now()).toISOString(), issues: Object.fromEntries(states) });

  const persist = () => {
    try {
      storage.setItem(key, serialize());
    } catch (e) {
      report(`Could not save issue states for ${sourceId}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  // Load, resetting on corruption.
  try {
    const text = storage.getItem(key);
    if (text !== null) {
      const read = readDocument(text);
      if (read.fatal) {
        report(`Stored issue states for ${sourceId} were unreadable and have been reset (${read.fatal})`);
        try {
          storage.removeItem(key);
        } catch {
          /* reported above */
        }
      } else {
        states = read.states;
        if (read.errors.length > 0) report(`Dropped ${read.errors.length} invalid stored issue state(s): ${read.errors.join('; ')}`);
      }
    }
  } catch (e) {
    report(`Could not read issue states for ${sourceId}: ${e instanceof Error ? e.message : String(e)}`);
  }

  return {
    get: (id) => states.get(id),
    set: (id, state) => {
      if (state === undefined) states.delete(id);
      else states.set(id, state);
      persist();
    },
    all: () => Object.fromEntries(states),
    export: serialize,
    import: (json) => {
      const read = readDocument(typeof json === 'string' ? json : '');
      if (read.fatal) return { added: 0, changed: 0, errors: [read.fatal] };
      let added = 0;
      let changed = 0;
      for (const [id, s] of read.states) {
        const prev = states.get(id);
        if (!prev) added++;
        else if (JSON.stringify(prev) !== JSON.stringify(s)) changed++;
        else continue;
        states.set(id, s);
      }
      if (added + changed > 0) persist();
      return { added, changed, errors: read.errors };
    },
  };
}
