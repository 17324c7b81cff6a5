import { describe, it, expect } from 'vitest';
import { MIN_VARIANTS, SLOT, TemplateMinerCore, align, renderTemplate } from './template-miner';

function mine(lines: string[]): string[] {
  const core = new TemplateMinerCore();
  const clusters = lines.map((l) => core.add(l));
  return clusters.map((c0) => {
    let c = c0;
    while (c.mergedInto) c = c.mergedInto;
    return renderTemplate(c);
  });
}

describe('TemplateMinerCore', () => {
  it('groups messages that differ only in masked values', () => {
    const t = mine(['Connection closed by 10.0.0.1 [preauth]', 'Connection closed by 10.0.0.2 [preauth]']);
    expect(t).toEqual(['Connection closed by <*> [preauth]', 'Connection closed by <*> [preauth]']);
  });

  it('lets one variable span several tokens', () => {
    const t = mine(['Deleting file 12 now', 'Deleting file 12 13 14 now']);
    expect(t[0]).toBe(t[1]);
    expect(t[0]).toBe('Deleting file <*> now');
  });

  it('keeps the exact variable text while it is the same for every message', () => {
    const t = mine(['alloc: /a/1 blk_-1234567', 'alloc: /a/2 blk_-7654321']);
    expect(t[0]).toBe('alloc: <*> <*>');
  });

  it('shows weak identifiers while uniform and masks them once they vary', () => {
    expect(mine(['Failed for x from 1.2.3.4 port 22 ssh2', 'Failed for x from 1.2.3.5 port 23 ssh2'])[0]).toBe(
      'Failed for x from <*> port <*> ssh2',
    );
    expect(mine(['Failed for x from 1.2.3.4 port 22 ssh2', 'Failed for x from 1.2.3.5 port 23 ssh1'])[0]).toBe(
      'Failed for x from <*> port <*> <*>',
    );
  });

  it('turns a word position with many distinct values into a variable', () => {
    const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
    const t = mine(users.map((u) => `Invalid user ${u} from 10.0.0.1`));
    expect(new Set(t)).toEqual(new Set(['Invalid user <*> from <*>']));
  });

  it('keeps positions with few distinct values as separate templates', () => {
    const states = ['Started', 'Paused', 'Resumed', 'Stopped'];
    expect(MIN_VARIANTS).toBeGreaterThan(states.length);
    const t = mine(states.map((s) => `[instance: 1f2e] VM ${s} (Lifecycle Event)`));
    expect(new Set(t).size).toBe(4);
  });

  it('never generalizes the first token', () => {
    const keys = ['tickTime', 'maxSessionTimeout', 'minSessionTimeout', 'purgeInterval', 'snapCount', 'other'];
    const t = mine(keys.map((k) => `${k} set to 5`));
    expect(new Set(t).size).toBe(keys.length);
  });

  it('keeps common punctuation around a slot whose text varies', () => {
    const t = mine(['for host.example.com [1.2.3.4] failed', 'for 1-2-3-4.example.com [1.2.3.5] failed']);
    expect(t[1]).toBe('for <*> [<*>] failed');
  });

  it('is deterministic for the same input order', () => {
    const lines = ['a 1 b', 'user alice x', 'user bob x', 'a 2 b', 'user carol x', 'user dave x', 'user erin x'];
    expect(mine(lines)).toEqual(mine(lines));
  });
});

describe('align', () => {
  it('maps literal and absorbed elements onto a generalized shape', () => {
    expect(Array.from(align(['a', 'x', SLOT, 'b'], ['a', SLOT, 'b']) ?? [])).toEqual([0, 1, 1, 2]);
    expect(align(['a', 'c'], ['a', 'b'])).toBeNull();
  });
});
