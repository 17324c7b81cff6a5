/** Public API of the error-aggregation pipeline (pure TypeScript: runs in a Web Worker). */
export { groupIssues } from './group-issues';
export type { GroupOptions, IssueGroup, StackVariant } from './group-issues';
export { reassemble, entryText } from './reassemble';
export type { ReassembleOptions, ResultOrder } from './reassemble';
export { parseEvent } from './parse-event';
export { parseLine } from './parse-line';
export { parseTraceback, isInApp, shortType } from './parse-traceback';
export { fingerprint, subjectOf, httpTemplate, issueIdOfFingerprint } from './fingerprint';
export type { Fingerprint, FingerprintKind } from './fingerprint';
export type { CountEntry, SlotValues } from './issue-stats';
export { DEFAULT_IN_APP, DEFAULT_NOT_IN_APP } from './types';
export type { LogEvent, ParsedEvent, ParsedException, StackFrame, ParseOptions } from './types';
