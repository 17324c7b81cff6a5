/** One error is one issue, whether or not its traceback came along (issue 17). */
import { describe, expect, it } from 'vitest';
import { createTemplateMiner } from '@/errors/miner';
import { groupIssues } from './group-issues';
import type { IssueGroup } from './group-issues';
import { issueIdOfFingerprint } from './fingerprint';
import { OLD_TOKEN_STACK_TEXT, TOKEN_MESSAGE, lokiEntries, tokenCaseEntries } from './test-lines';

const T0 = Date.UTC(2026, 0, 31, 10, 0, 0);
const range = { from: T0 - 3_600_000, to: T0 + 3_600_000 };
const head = (ms: number, msg: string) =>
  `${new Date(ms).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',')} | ERROR    | capture_spine.api.auth | ${msg}`;
const OLD_TOKEN_STACK_ID = issueIdOfFingerprint(OLD_TOKEN_STACK_TEXT);

/** A log line + its traceback raising `type: message` from `fns` (outermost first) in app/<fn>.py. */
function traceback(type: string, message: string, fns: string[], ms = T0): string[] {
  return [
    head(ms, 'Request failed'),
    'Traceback (most recent call last):',
    ...fns.flatMap((fn, i) => [`  File "/app/app/${fn}.py", line ${10 + i}, in ${fn}`, `    ${fn}_inner()`]),
    message === '' ? type : `${type}: ${message}`,
  ];
}

const tokenCase = () => tokenCaseEntries(T0);

const summary = (gs: IssueGroup[]) => gs.map((g) => ({ id: g.id, count: g.count, aliases: g.aliases, stacks: g.stacks, framelessCount: g.framelessCount }));

/** Deterministic shuffle (LCG), so "regardless of line order" is tested on a fixed permutation. */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const a = [...xs];
  let s = seed;
  for (let i = a.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

describe('one error is one issue', () => {
  it('the real-Loki case: 66 occurrences without a traceback and 54 with it are one issue of 120', () => {
    const groups = groupIssues(tokenCase(), { range });
    expect(groups).toHaveLength(1);
    const g = groups[0] as IssueGroup;
    expect(g.count).toBe(120);
    expect(g.title).toBe(TOKEN_MESSAGE);
    expect(g.framelessCount).toBe(66);
    expect(g.stacks).toEqual([{ id: OLD_TOKEN_STACK_ID, frames: ['features/security/tokens.py:decode_access_token', 'app/api/deps.py:get_current_user'], count: 54 }]);
    expect(g.id).toBe(issueIdOfFingerprint('exception\nTokenInvalidError\nToken is invalid or expired: Signature has expired'));
  });

  it('keeps the ids the two issues had before as aliases', () => {
    // The old message issue's id: the miner's template of the whole `Type: text` lines.
    const miner = createTemplateMiner();
    miner.add(TOKEN_MESSAGE);
    const oldMessageId = issueIdOfFingerprint(`message\n${miner.current(TOKEN_MESSAGE)?.template ?? ''}`);
    const g = groupIssues(tokenCase(), { range })[0];
    expect(g?.aliases).toEqual(expect.arrayContaining([OLD_TOKEN_STACK_ID, oldMessageId]));
    expect(g?.aliases).not.toContain(g?.id);
  });

  it('frames come from the newest occurrence that had a traceback, though the newest had none', () => {
    const g = groupIssues(tokenCase(), { range })[0];
    expect(g?.samples[0]?.text).not.toContain('Traceback');
    expect(g?.frames.map((f) => f.fn)).toEqual(['__call__', 'get_current_user', 'decode_access_token']);
  });

  it('does not depend on line order or on the source (Loki lines vs one ES document per event)', () => {
    const base = summary(groupIssues(tokenCase(), { range }));
    expect(summary(groupIssues(shuffled(tokenCase(), 7), { range }))).toEqual(base);
    expect(summary(groupIssues(tokenCaseEntries(T0, { es: true }), { range }))).toEqual(base);
  });

  it('one stack raising messages the miner keeps apart stays one issue', () => {
    const fns = ['handler', 'load_feed'];
    const a = 'Feed source returned an unparseable document';
    const b = 'Upstream closed the connection before the headers';
    const entries = [
      ...lokiEntries(traceback('app.errors.FeedError', a, fns, T0), T0),
      ...lokiEntries(traceback('app.errors.FeedError', b, fns, T0 + 1000), T0 + 1000),
      ...lokiEntries(traceback('app.errors.FeedError', b, fns, T0 + 2000), T0 + 2000),
    ];
    const xa = issueIdOfFingerprint(`exception\nFeedError\n${a}`);
    const xb = issueIdOfFingerprint(`exception\nFeedError\n${b}`);
    const [g, ...rest] = groupIssues(entries, { range });
    expect(rest).toHaveLength(0);
    expect(g?.count).toBe(3);
    expect(g?.id).toBe(xa < xb ? xa : xb);
    expect(g?.aliases).toEqual(expect.arrayContaining([xa < xb ? xb : xa, issueIdOfFingerprint('stack\nFeedError\napp/app/load_feed.py:load_feed\napp/app/handler.py:handler')]));

    // An occurrence without its traceback joins too, and its id (the issue it had) is kept.
    const alone = lokiEntries([head(T0 + 3000, `FeedError: ${a}`)], T0 + 3000);
    const joined = groupIssues([...entries, ...alone], { range });
    expect(joined.map((x) => [x.id, x.count, x.framelessCount])).toEqual([[xa, 4, 1]]);
  });

  it('a message raised from several stacks is one issue with stack variants, and does not chain them', () => {
    const shared = 'Permission denied for this feed';
    const entries = [
      ...[0, 1, 2].flatMap((i) => lokiEntries(traceback('PermissionError', shared, ['api', 'get_feed'], T0 + i * 1000), T0 + i * 1000)),
      ...[3, 4].flatMap((i) => lokiEntries(traceback('PermissionError', shared, ['api', 'delete_feed'], T0 + i * 1000), T0 + i * 1000)),
      ...lokiEntries(traceback('PermissionError', 'Feed is locked by another editor', ['api', 'get_feed'], T0 + 5000), T0 + 5000),
      ...lokiEntries(traceback('PermissionError', 'Feed was archived by its owner', ['api', 'delete_feed'], T0 + 6000), T0 + 6000),
      ...lokiEntries([head(T0 + 7000, `PermissionError: ${shared}`)], T0 + 7000),
    ];
    const groups = groupIssues(entries, { range });
    expect(groups.map((g) => [g.title, g.count])).toEqual([
      [`PermissionError: ${shared}`, 6],
      ['PermissionError: Feed was archived by its owner', 1],
      ['PermissionError: Feed is locked by another editor', 1],
    ]);
    expect(groups[0]?.stacks.map((s) => [s.frames[0], s.count])).toEqual([['app/app/get_feed.py:get_feed', 3], ['app/app/delete_feed.py:delete_feed', 2]]);
    expect(groups[0]?.framelessCount).toBe(1);
  });

  it('an exception with an empty message groups by its stack, so bare raises stay apart', () => {
    const entries = [
      ...lokiEntries(traceback('ValueError', '', ['api', 'parse_date'], T0), T0),
      ...lokiEntries(traceback('ValueError', '', ['api', 'parse_date'], T0 + 1000), T0 + 1000),
      ...lokiEntries(traceback('ValueError', '', ['worker', 'load_row'], T0 + 2000), T0 + 2000),
      ...lokiEntries(['{"message":"row failed","log.level":"error","error.type":"ValueError"}'], T0 + 3000),
    ];
    const groups = groupIssues(entries, { range });
    expect(groups.map((g) => [g.id, g.count])).toEqual([
      [issueIdOfFingerprint('stack\nValueError\napp/app/parse_date.py:parse_date\napp/app/api.py:api'), 2],
      [issueIdOfFingerprint('exception\nValueError\n'), 1],
      [issueIdOfFingerprint('stack\nValueError\napp/app/load_row.py:load_row\napp/app/worker.py:worker'), 1],
    ].sort((x, y) => (y[1] as number) - (x[1] as number) || (x[0] as string).localeCompare(y[0] as string)));
  });

  it('ids of message-only and frame-less issues are what they were', () => {
    const entries = [
      ...lokiEntries([head(T0, 'Cache warm-up skipped')], T0),
      ...lokiEntries(['{"message":"lookup failed","log.level":"error","error.type":"KeyError","error.message":"feed_id"}'], T0 + 1000),
    ];
    const ids = groupIssues(entries, { range }).map((g) => [g.id, g.aliases]);
    expect(ids).toEqual(expect.arrayContaining([
      [issueIdOfFingerprint('message\nCache warm-up skipped'), []],
      [issueIdOfFingerprint('exception\nKeyError\nfeed_id'), []],
    ]));
  });
});
