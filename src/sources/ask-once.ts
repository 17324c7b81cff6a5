/**
 * "Ask the server once per client": a version, a feature list, a discovered selector. Every
 * caller shares one request, and each caller's signal aborts only its own wait, never the shared
 * request (another caller, or the next one, still gets the answer).
 */
import { abortedError } from './source-error';

export interface Asked<T> {
  value: T;
  /** false: hand `value` to the callers waiting now, but ask again next time (the answer was a stand-in). */
  keep: boolean;
}

/**
 * `ask` runs with no caller's signal (give the request its own timeout). A rejection, or an
 * answer marked `keep: false`, is asked again by the next caller.
 */
export function askOnce<T>(sourceId: string, ask: () => Promise<Asked<T>>): (signal: AbortSignal) => Promise<T> {
  let known: Promise<T> | null = null;
  return (signal) => {
    if (signal.aborted) return Promise.reject(abortedError(sourceId, signal));
    if (!known) {
      const pending: Promise<T> = ask().then(
        ({ value, keep }) => {
          if (!keep && known === pending) known = null;
          return value;
        },
        (error: unknown) => {
          if (known === pending) known = null;
          throw error;
        },
      );
      known = pending;
    }
    const shared = known;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(abortedError(sourceId, signal));
      signal.addEventListener('abort', onAbort, { once: true });
      shared.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  };
}
