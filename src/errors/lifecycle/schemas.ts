/** zod schemas for stored and imported issue states (validated at the storage boundary). */
import { z } from '@/lib/zod';

const epochMs = z.number().finite().nonnegative();

export const ignoreRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('forever') }),
  z.object({ kind: z.literal('for-duration'), untilMs: epochMs }),
  z.object({ kind: z.literal('until-count'), count: z.number().int().positive() }),
  z.object({ kind: z.literal('until-escalating') }),
]);

export const storedIssueStateSchema = z.object({
  resolvedAtMs: epochMs.optional(),
  ignored: z.object({ atMs: epochMs, rule: ignoreRuleSchema }).optional(),
  firstSeenNs: z.string().regex(/^\d{1,25}$/, 'firstSeenNs must be a decimal ns string').optional(),
  updatedAtMs: epochMs,
});

export const ISSUE_ID = /^[A-Za-z0-9_:.-]{1,128}$/;

/** The export file / storage document. */
export const issueStatesDocumentSchema = z.object({
  version: z.literal(1),
  sourceId: z.string().optional(),
  exportedAt: z.string().optional(),
  issues: z.record(z.string(), z.unknown()),
});
