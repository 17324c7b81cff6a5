/**
 * Cluster state and template rendering: each slot of a cluster remembers its text while every
 * message had the same one (display text with weak variables, then masked text), and otherwise
 * the common prefix and suffix of the texts seen, so punctuation around a variable survives.
 */
import { WILDCARD } from './tokenize';

/** Marks a slot in a shape. */
export const SLOT = '\u0000';

export interface Cluster {
  /** Internal id (creation order); use the template text as the stable key. */
  readonly id: number;
  /** Elements: literal tokens, or SLOT. */
  shape: string[];
  /** Per slot: display text while uniform, null once it varied, undefined before any message. */
  disp: (string | null | undefined)[];
  /** Per slot: masked text while uniform, null once it varied. */
  keyt: (string | null | undefined)[];
  /** Per slot: common prefix and suffix of the display texts seen. */
  pre: (string | undefined)[];
  suf: (string | undefined)[];
  count: number;
  mergedInto: Cluster | null;
  /** Element map into mergedInto. */
  mergeMap: Int32Array | null;
  template: string | null;
  /** Issue id of `template` (set by the public API, cleared with the template). */
  issueId: string | null;
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  const n = Math.min(a.length, b.length);
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return a.slice(0, i);
}

function commonSuffix(a: string, b: string): string {
  let i = 0;
  const n = Math.min(a.length, b.length);
  while (i < n && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return a.slice(a.length - i);
}

export function observe(c: Cluster, j: number, d: string, k: string): void {
  const cd = c.disp[j];
  if (cd === undefined) {
    c.disp[j] = d;
    c.keyt[j] = k;
    c.pre[j] = d;
    c.suf[j] = d;
    c.template = null;
    return;
  }
  if (cd === d) return;
  if (cd !== null) {
    c.disp[j] = null;
    c.template = null;
  }
  const pre = c.pre[j] as string;
  if (!d.startsWith(pre)) {
    c.pre[j] = commonPrefix(pre, d);
    c.template = null;
  }
  const suf = c.suf[j] as string;
  if (!d.endsWith(suf)) {
    c.suf[j] = commonSuffix(suf, d);
    c.template = null;
  }
  const ck = c.keyt[j];
  if (ck !== null && ck !== k) {
    c.keyt[j] = null;
    c.template = null;
  }
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;
}

/** Common prefix cut just after its last delimiter (never inside a word or a `<*>`). */
function trimPrefix(pre: string): string {
  let k = pre.length;
  while (k > 0) {
    const c = pre.charCodeAt(k - 1);
    if (!isWordChar(c) && c !== 60 && c !== 42 && c !== 62 && c !== 46 && c !== 45) break;
    k--;
  }
  return pre.slice(0, k);
}

/** Common suffix cut at its first delimiter. */
function trimSuffix(suf: string): string {
  let k = 0;
  while (k < suf.length) {
    const c = suf.charCodeAt(k);
    if (!isWordChar(c) && c !== 60 && c !== 42 && c !== 62 && c !== 46 && c !== 45) break;
    k++;
  }
  return suf.slice(k);
}

export interface SlotState {
  d: string | null;
  k: string | null;
  pre: string;
  suf: string;
}

/** Combined state of elements [e, f) of a cluster (literals and slots, joined by spaces). */
export function slotState(c: Cluster, e: number, f: number): SlotState {
  let d: string | null = '';
  let k: string | null = '';
  let pre = '';
  let suf = '';
  let open = true; // still building the prefix
  for (let i = e; i < f; i++) {
    const sep = i > e ? ' ' : '';
    const el = c.shape[i] as string;
    const pd = el === SLOT ? (c.disp[i] ?? null) : el;
    const pk = el === SLOT ? (c.keyt[i] ?? null) : el;
    d = d !== null && pd !== null ? d + sep + pd : null;
    k = k !== null && pk !== null ? k + sep + pk : null;
    if (pd !== null) {
      if (open) pre += sep + pd;
      suf += sep + pd;
    } else {
      if (open) pre += sep + (c.pre[i] ?? '');
      open = false;
      suf = c.suf[i] ?? '';
    }
  }
  return d !== null ? { d, k, pre: d, suf: d } : { d, k, pre, suf };
}

export function mergeSlot(to: Cluster, j: number, st: SlotState): void {
  if (to.disp[j] === undefined) {
    to.disp[j] = st.d;
    to.keyt[j] = st.k;
    to.pre[j] = st.pre;
    to.suf[j] = st.suf;
    return;
  }
  if (st.d === null || to.disp[j] !== st.d) to.disp[j] = null;
  if (st.k === null || to.keyt[j] !== st.k) to.keyt[j] = null;
  to.pre[j] = commonPrefix(to.pre[j] as string, st.pre);
  to.suf[j] = commonSuffix(to.suf[j] as string, st.suf);
}

/** Template text of a cluster. */
export function renderTemplate(c: Cluster): string {
  if (c.template !== null) return c.template;
  let s = '';
  for (let j = 0; j < c.shape.length; j++) {
    if (j > 0) s += ' ';
    const e = c.shape[j] as string;
    if (e !== SLOT) s += e;
    else s += c.disp[j] ?? c.keyt[j] ?? trimPrefix(c.pre[j] ?? '') + WILDCARD + trimSuffix(c.suf[j] ?? '');
  }
  c.template = s;
  c.issueId = null;
  return s;
}
