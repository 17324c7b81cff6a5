/** Public API of the issue lifecycle (Sentry-like states + persisted user actions). */
export { issueState } from './issue-state';
export type { IgnoreRule, IssueLifecycle, IssueStatus, LifecycleOptions, StoredIssueState } from './issue-state';
export { escalation, countBetween } from './escalation';
export type { Escalation, EscalationOptions, IssueStats } from './escalation';
export { createIssueStateStore, storageKey } from './issue-store';
export type { ImportResult, IssueStateStore, IssueStoreOptions, StorageLike } from './issue-store';
export { rememberFirstSeen } from './remember';
export { storedStateOf, withAliases } from './stored-state';
export type { AliasedIssue } from './stored-state';
