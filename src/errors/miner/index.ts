/**
 * Public API of the log template miner (pure TypeScript: runs in Node and in a Web Worker).
 *
 *   const miner = createTemplateMiner();
 *   const { issueId, template } = miner.add('Connection closed by 10.0.0.1 [preauth]');
 *   miner.templates(); // [{ issueId, template, count }], most frequent first
 *   extractSlotValues(template, message); // values filling each <*>
 */
import { issueIdOf } from './issue-id';
import { TemplateMinerCore, renderTemplate } from './template-miner';
import type { Cluster } from './template-miner';

export { maskMessage, tokenizeMessage, WILDCARD } from './tokenize';
export { issueIdOf, fnv1a64 } from './issue-id';

export interface MinedMessage {
  /** Stable id: `t_` + 64-bit FNV-1a of the template text. */
  issueId: string;
  /** Template text, variables written `<*>`. */
  template: string;
}

export interface TemplateSummary extends MinedMessage {
  /** Messages seen so far with this template. */
  count: number;
}

export interface TemplateMinerOptions {
  /** Exact-line cache size (entries) before the cache is reset. Default 200,000. */
  maxCacheSize?: number;
}

export interface TemplateMiner {
  /** Adds a message; returns its issue as known now (templates can still generalize later). */
  add(message: string): MinedMessage;
  /** The current issue of a message added earlier, without counting it again. */
  current(message: string): MinedMessage | null;
  /** All issues, most frequent first (ties by template text). */
  templates(): TemplateSummary[];
}

function toMined(c: Cluster): MinedMessage {
  const template = renderTemplate(c);
  let issueId = c.issueId;
  if (issueId === null) {
    issueId = issueIdOf(template);
    c.issueId = issueId;
  }
  return { issueId, template };
}

export function createTemplateMiner(options: TemplateMinerOptions = {}): TemplateMiner {
  const core = new TemplateMinerCore(options.maxCacheSize);
  return {
    add: (message) => toMined(core.add(message)),
    current: (message) => {
      const c = core.peek(message);
      return c === null ? null : toMined(c);
    },
    templates: () => {
      const byText = new Map<string, TemplateSummary>();
      for (const c of core.clusters()) {
        const m = toMined(c);
        const prev = byText.get(m.template);
        if (prev) prev.count += c.count;
        else byText.set(m.template, { ...m, count: c.count });
      }
      return [...byText.values()].sort((a, b) =>
        b.count - a.count || (a.template < b.template ? -1 : a.template > b.template ? 1 : 0),
      );
    },
  };
}

/**
 * Groups a batch of messages: every message is added first, then each gets the final template
 * of its cluster, so all members of an issue carry the same id. Deterministic for a given order.
 */
export function groupMessages(messages: readonly string[], options: TemplateMinerOptions = {}): MinedMessage[] {
  const core = new TemplateMinerCore(Math.max(options.maxCacheSize ?? 0, messages.length + 1));
  const clusters: Cluster[] = new Array(messages.length);
  for (let i = 0; i < messages.length; i++) clusters[i] = core.add(messages[i] as string);
  const memo = new Map<Cluster, MinedMessage>();
  return clusters.map((c0) => {
    let c = c0;
    while (c.mergedInto !== null) c = c.mergedInto;
    let m = memo.get(c);
    if (m === undefined) {
      m = toMined(c);
      memo.set(c, m);
    }
    return m;
  });
}

/** Formats grouped messages as the CLI prints them: `<issue id>\t<template>` per line. */
export function formatGrouping(results: readonly MinedMessage[]): string {
  let out = '';
  for (const r of results) out += r.issueId + '\t' + r.template + '\n';
  return out;
}

const patternCache = new Map<string, RegExp>();

function collapseSpaces(s: string): string {
  return s.trim().split(/\s+/).join(' ');
}

/**
 * Values filling the `<*>` slots of `template` in `message` (whitespace runs compared as one
 * space). A slot may match several tokens or part of a token; returns null when the message
 * does not fit the template.
 */
export function extractSlotValues(template: string, message: string): string[] | null {
  let re = patternCache.get(template);
  if (re === undefined) {
    const parts = collapseSpaces(template).split('<*>');
    const src = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('(.*?)');
    re = new RegExp('^' + src + '$', 's');
    if (patternCache.size > 10_000) patternCache.clear();
    patternCache.set(template, re);
  }
  const m = re.exec(collapseSpaces(message));
  return m === null ? null : m.slice(1);
}
