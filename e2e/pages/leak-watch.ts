import type { Page } from '@playwright/test';

/** Where a secret was found, and a little of the text around it. */
export interface Leak {
  where: string;
  secret: string;
  excerpt: string;
}

/**
 * Watches everything a page could keep or show of a credential: the URLs it visits and requests
 * (WebSockets included), console messages of every level and page errors, the bodies of the
 * same-origin responses it receives (the bundle is scanned elsewhere) and WebSocket frames, and,
 * on each `snapshot()`: the address bar, localStorage, sessionStorage, every IndexedDB database,
 * cookies, and the DOM (text and markup, so titles and collapsed details count).
 */
export class LeakWatch {
  private readonly texts: { where: string; text: string }[] = [];
  private readonly pending: Promise<void>[] = [];

  constructor(readonly page: Page, readonly secrets: string[]) {
    const origin = () => new URL(page.url() === 'about:blank' ? 'http://invalid' : page.url()).origin;
    page.on('request', (r) => this.add(`request URL`, r.url()));
    page.on('console', (m) => this.add(`console.${m.type()}`, m.text()));
    page.on('pageerror', (e) => this.add('pageerror', `${e.message}\n${e.stack ?? ''}`));
    page.on('websocket', (ws) => {
      this.add('WebSocket URL', ws.url());
      ws.on('framereceived', (f) => this.add('WebSocket frame', String(f.payload)));
      ws.on('socketerror', (e) => this.add('WebSocket error', e));
    });
    page.on('response', (r) => {
      const url = new URL(r.url());
      if (url.origin !== origin() || url.pathname.startsWith('/assets/')) return;
      this.add(`response headers ${url.pathname}`, JSON.stringify(r.headers()));
      this.pending.push(
        r.text().then(
          (text) => this.add(`response body ${url.pathname}`, text),
          () => undefined, // redirects and aborted requests have no body
        ),
      );
    });
  }

  private add(where: string, text: string) {
    this.texts.push({ where, text });
  }

  /** Records what the page holds right now. */
  async snapshot(label: string) {
    this.add(`${label}: page.url`, this.page.url());
    const held = await this.page.evaluate(async () => {
      const dump = (s: Storage) => Array.from({ length: s.length }, (_, i) => s.key(i)!).map((k) => `${k}=${s.getItem(k)}`).join('\n');
      const safe = (v: unknown) => {
        try {
          return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x));
        } catch {
          return String(v);
        }
      };
      const idb: string[] = [];
      for (const info of await indexedDB.databases()) {
        if (!info.name) continue;
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open(info.name!);
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        for (const store of Array.from(db.objectStoreNames)) {
          const tx = db.transaction(store, 'readonly').objectStore(store);
          const [keys, values] = await Promise.all(
            [tx.getAllKeys(), tx.getAll()].map((req) => new Promise<unknown>((resolve, reject) => ((req.onsuccess = () => resolve(req.result)), (req.onerror = () => reject(req.error))))),
          );
          idb.push(`${info.name}/${store}: ${safe(keys)} ${safe(values)}`);
        }
        db.close();
      }
      return {
        localStorage: dump(localStorage),
        sessionStorage: dump(sessionStorage),
        indexedDB: idb.join('\n'),
        cookie: document.cookie,
        text: document.body.innerText,
        html: document.documentElement.outerHTML,
        title: document.title,
      };
    });
    for (const [k, v] of Object.entries(held)) this.add(`${label}: ${k}`, v);
    this.add(`${label}: context cookies`, JSON.stringify(await this.page.context().cookies()));
  }

  /** Every place a secret appeared (after pending response bodies are read), once per place and secret. */
  async leaks(): Promise<Leak[]> {
    await Promise.all(this.pending);
    const found = new Map<string, Leak>();
    for (const { where, text } of this.texts) {
      for (const secret of this.secrets) {
        const at = text.indexOf(secret);
        if (at >= 0 && !found.has(`${where}\n${secret}`)) found.set(`${where}\n${secret}`, { where, secret, excerpt: text.slice(Math.max(0, at - 80), at + secret.length + 40) });
      }
    }
    return [...found.values()];
  }

  /** How much was inspected, for the record. */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const { where } of this.texts) {
      const kind = where.replace(/^[^:]*: /, '').replace(/ \/.*$/, '');
      out[kind] = (out[kind] ?? 0) + 1;
    }
    return out;
  }

  /** Texts of one kind (e.g. `WebSocket frame`), to show that the watch saw something. */
  seen(where: string): string[] {
    return this.texts.filter((t) => t.where.startsWith(where)).map((t) => t.text);
  }
}
