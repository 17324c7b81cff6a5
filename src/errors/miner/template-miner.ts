/**
 * The template miner: groups masked messages into clusters and keys issues by template text.
 *
 * 1. Every message is masked (see tokenize.ts); results are cached by exact line.
 * 2. The masked tokens are reduced to a *shape*: each run of variable-only tokens (`<*>`,
 *    `<*>:<*>`, `[<*>]`, …) becomes one slot, so a variable may span any number of tokens.
 *    Messages with the same shape share a cluster.
 * 3. Word variables (user names, states, …) are found by cardinality: shapes that differ in one
 *    literal token form a family; once a family has `MIN_VARIANTS` distinct literals at that
 *    position, its clusters merge into one with a slot there. A new shape that fits an existing
 *    slot joins that cluster directly.
 * 4. The template text is rendered from the shape: a slot shows the text its messages had while
 *    they all had the same one (so `ssh2` or `<*>:<*>` stay as they are), else `<*>`.
 */
import { isVariableOnly, tokenizeMessage } from './tokenize';
import { SLOT, mergeSlot, observe, renderTemplate, slotState } from './cluster';
import type { Cluster } from './cluster';

export { SLOT, renderTemplate };
export type { Cluster };

/** Number of distinct literals at one position that turn the position into a variable. */
export const MIN_VARIANTS = 5;

const SEP = '\u0001';

interface ShapeEntry {
  elems: string[];
  cluster: Cluster;
  /** line element → cluster element; null = identity */
  map: Int32Array | null;
}

interface LineEntry {
  shape: ShapeEntry;
  /** per line element: display text (weak variables literal) */
  disp: string[];
  /** per line element: masked text */
  keyt: string[];
}

interface Family {
  variants: Map<string, Cluster>;
  merged: boolean;
}

function hasLetter(tok: string): boolean {
  for (let i = 0; i < tok.length; i++) {
    const c = tok.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 128) return true;
  }
  return false;
}

function shapeKey(shape: string[]): string {
  let key = '';
  for (const s of shape) key += s + SEP;
  return key;
}

/** Shape with element p turned into a slot (adjacent slots collapse). */
function withSlot(shape: string[], p: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < shape.length; i++) {
    const isSlot = i === p || shape[i] === SLOT;
    if (isSlot && out.length > 0 && out[out.length - 1] === SLOT) continue;
    out.push(isSlot ? SLOT : (shape[i] as string));
  }
  return out;
}

/**
 * Maps the elements of src onto dst, where dst generalizes src (a dst slot absorbs one or more
 * src elements). Returns null when dst does not generalize src.
 */
export function align(src: string[], dst: string[]): Int32Array | null {
  const map = new Int32Array(src.length);
  let i = 0;
  let j = 0;
  while (i < src.length && j < dst.length) {
    const d = dst[j] as string;
    if (d !== SLOT) {
      if (src[i] !== d) return null;
      map[i++] = j++;
      continue;
    }
    map[i++] = j;
    const next = j + 1 < dst.length ? (dst[j + 1] as string) : null;
    while (i < src.length && (src[i] === SLOT || (next !== null ? src[i] !== next : true))) map[i++] = j;
    j++;
  }
  return i === src.length && j === dst.length ? map : null;
}

export class TemplateMinerCore {
  private readonly lineCache = new Map<string, LineEntry>();
  private readonly byShape = new Map<string, ShapeEntry>();
  private readonly families = new Map<string, Family>();
  private readonly clusterList: Cluster[] = [];
  private readonly maxCacheSize: number;
  private readonly tmpD: string[] = [];
  private readonly tmpK: string[] = [];

  constructor(maxCacheSize = 200_000) {
    this.maxCacheSize = maxCacheSize;
  }

  /** Adds one message; returns its cluster (current state). */
  add(message: string): Cluster {
    let entry = this.lineCache.get(message);
    if (entry === undefined) {
      entry = this.classify(message);
      if (this.lineCache.size >= this.maxCacheSize) this.lineCache.clear();
      this.lineCache.set(message, entry);
    }
    const se = entry.shape;
    if (se.cluster.mergedInto !== null) this.follow(se);
    const c = se.cluster;
    c.count++;
    const map = se.map;
    const shape = c.shape;
    if (map === null) {
      for (let j = 0; j < shape.length; j++) {
        if (shape[j] === SLOT) observe(c, j, entry.disp[j] as string, entry.keyt[j] as string);
      }
    } else {
      const td = this.tmpD;
      const tk = this.tmpK;
      td.length = 0;
      tk.length = 0;
      for (let e = 0; e < map.length; e++) {
        const j = map[e] as number;
        if (shape[j] !== SLOT) continue;
        const pd = td[j];
        td[j] = pd === undefined ? (entry.disp[e] as string) : pd + ' ' + (entry.disp[e] as string);
        const pk = tk[j];
        tk[j] = pk === undefined ? (entry.keyt[e] as string) : pk + ' ' + (entry.keyt[e] as string);
      }
      for (let j = 0; j < shape.length; j++) {
        if (shape[j] === SLOT) observe(c, j, td[j] as string, tk[j] as string);
      }
    }
    return c;
  }

  /** The current cluster of a message added before, or null. */
  peek(message: string): Cluster | null {
    const entry = this.lineCache.get(message);
    if (entry === undefined) return null;
    if (entry.shape.cluster.mergedInto !== null) this.follow(entry.shape);
    return entry.shape.cluster;
  }

  /** Live clusters (not merged into another), in creation order. */
  clusters(): Cluster[] {
    return this.clusterList.filter((c) => c.mergedInto === null && c.count > 0);
  }

  /** Re-points a shape entry at the cluster its cluster was merged into. */
  private follow(se: ShapeEntry): void {
    let c = se.cluster;
    let map = se.map;
    while (c.mergedInto !== null) {
      const m = c.mergeMap as Int32Array;
      if (map === null) map = m.slice();
      else for (let e = 0; e < map.length; e++) map[e] = m[map[e] as number] as number;
      c = c.mergedInto;
    }
    se.cluster = c;
    se.map = map;
  }

  private classify(message: string): LineEntry {
    const tokens = tokenizeMessage(message).tokens;
    const elems: string[] = [];
    const disp: string[] = [];
    const keyt: string[] = [];
    let prevVar = false;
    for (const t of tokens) {
      if (t.attach === true && elems.length > 0 && elems[elems.length - 1] === SLOT) {
        const last = elems.length - 1;
        disp[last] += t.display;
        keyt[last] += t.key;
        continue;
      }
      const v = isVariableOnly(t.key);
      if (v && prevVar) {
        const last = elems.length - 1;
        disp[last] += ' ' + t.display;
        keyt[last] += ' ' + t.key;
      } else {
        elems.push(v ? SLOT : t.key);
        disp.push(t.display);
        keyt.push(t.key);
      }
      prevVar = v;
    }
    const key = shapeKey(elems);
    let se = this.byShape.get(key);
    if (se === undefined) {
      se = this.placeNewShape(elems, key);
      this.byShape.set(key, se);
    }
    return { shape: se, disp, keyt };
  }

  private newCluster(shape: string[]): Cluster {
    const c: Cluster = {
      id: this.clusterList.length,
      shape,
      disp: new Array(shape.length),
      keyt: new Array(shape.length),
      pre: new Array(shape.length),
      suf: new Array(shape.length),
      count: 0,
      mergedInto: null,
      mergeMap: null,
      template: null,
      issueId: null,
    };
    this.clusterList.push(c);
    return c;
  }

  private placeNewShape(elems: string[], key: string): ShapeEntry {
    let literals = 0;
    for (const s of elems) if (s !== SLOT && hasLetter(s)) literals++;
    const candidates: number[] = [];
    if (literals >= 2) {
      for (let p = 1; p < elems.length; p++) {
        const s = elems[p] as string;
        if (s !== SLOT && hasLetter(s)) candidates.push(p);
      }
    }
    // 1. an existing cluster already has a slot where we have a literal
    for (const p of candidates) {
      const fk = shapeKey(withSlot(elems, p));
      const existing = this.byShape.get(fk);
      if (existing === undefined) continue;
      if (existing.cluster.mergedInto !== null) this.follow(existing);
      const map = align(elems, existing.cluster.shape);
      if (map !== null) return { elems, cluster: existing.cluster, map };
    }
    // 2. a new cluster
    const c = this.newCluster(elems);
    const se: ShapeEntry = { elems, cluster: c, map: null };
    // 2a. it may be the generalization of an earlier family
    const fam0 = this.families.get(key);
    if (fam0 !== undefined && !fam0.merged) {
      fam0.merged = true;
      for (const v of fam0.variants.values()) this.mergeInto(v, c);
    }
    // 2b. register in the family of each literal position; merge a family that got large
    for (const p of candidates) {
      const gshape = withSlot(elems, p);
      const fk = shapeKey(gshape);
      let fam = this.families.get(fk);
      if (fam === undefined) {
        fam = { variants: new Map(), merged: false };
        this.families.set(fk, fam);
      }
      if (fam.merged) continue;
      fam.variants.set(elems[p] as string, c);
      if (fam.variants.size >= MIN_VARIANTS) {
        fam.merged = true;
        const target = this.newCluster(gshape);
        for (const v of fam.variants.values()) this.mergeInto(v, target);
        this.byShape.set(fk, { elems: gshape, cluster: target, map: null });
        this.follow(se);
        return se;
      }
    }
    return se;
  }

  /** Merges cluster `from` (resolved first) into `to`, combining slot states. */
  private mergeInto(from0: Cluster, to: Cluster): void {
    let from = from0;
    while (from.mergedInto !== null) from = from.mergedInto;
    if (from === to) return;
    const map = align(from.shape, to.shape);
    if (map === null) return; // not a generalization: keep separate
    if (from.count > 0) {
      let e = 0;
      while (e < map.length) {
        const j = map[e] as number;
        let f = e + 1;
        while (f < map.length && map[f] === j) f++;
        if (to.shape[j] === SLOT) mergeSlot(to, j, slotState(from, e, f));
        e = f;
      }
    }
    to.count += from.count;
    to.template = null;
    from.mergedInto = to;
    from.mergeMap = map;
  }
}
