import { describe, it, expect } from 'vitest';
import { createTemplateMiner, extractSlotValues, formatGrouping, groupMessages, issueIdOf } from './index';

describe('createTemplateMiner', () => {
  it('returns issue ids derived from the template text', () => {
    const miner = createTemplateMiner();
    const r = miner.add('Connection closed by 10.0.0.1 [preauth]');
    expect(r).toEqual({
      template: 'Connection closed by <*> [preauth]',
      issueId: issueIdOf('Connection closed by <*> [preauth]'),
    });
    expect(createTemplateMiner().add('Connection closed by 10.9.9.9 [preauth]').issueId).toBe(r.issueId);
  });

  it('merges clusters whose templates converge to the same text into one issue', () => {
    const miner = createTemplateMiner();
    // different shapes (one variable vs a variable over two tokens)…
    miner.add('Deleting 1 now');
    miner.add('Deleting 1 2 now');
    miner.add('Deleting 3 now');
    const t = miner.templates();
    expect(t).toHaveLength(1);
    expect(t[0]).toMatchObject({ template: 'Deleting <*> now', count: 3 });
  });

  it('reports the current issue of a known message', () => {
    const miner = createTemplateMiner();
    miner.add('job 1 done');
    miner.add('job 2 done');
    expect(miner.current('job 1 done')?.template).toBe('job <*> done');
    expect(miner.current('never seen')).toBeNull();
  });
});

describe('groupMessages / formatGrouping', () => {
  it('gives every line the final template of its group, in input order', () => {
    const lines = ['Failed for x port 22 ssh2', 'Failed for x port 23 ssh2', 'Failed for x port 24 ssh1', 'other'];
    const out = groupMessages(lines);
    expect(out.map((r) => r.template)).toEqual([
      'Failed for x port <*> <*>',
      'Failed for x port <*> <*>',
      'Failed for x port <*> <*>',
      'other',
    ]);
    expect(formatGrouping(out)).toBe(
      out.map((r) => `${r.issueId}\t${r.template}`).join('\n') + '\n',
    );
    expect(formatGrouping(out).split('\n')[0]).toMatch(/^t_[0-9a-f]{16}\tFailed for x port <\*> <\*>$/);
  });
});

describe('extractSlotValues', () => {
  it('extracts one value per slot, including parts of tokens and several tokens', () => {
    expect(extractSlotValues('from <*>:<*> to <*>', 'from 10.0.0.1:80 to a b c')).toEqual(['10.0.0.1', '80', 'a b c']);
    expect(extractSlotValues('uid=<*> tty=ssh', 'uid=0  tty=ssh')).toEqual(['0']);
  });

  it('returns null when the message does not fit', () => {
    expect(extractSlotValues('job <*> done', 'task 1 done')).toBeNull();
  });

  it('escapes regex characters of the template', () => {
    expect(extractSlotValues('a (x) [<*>] $ *', 'a (x) [7] $ *')).toEqual(['7']);
  });
});
