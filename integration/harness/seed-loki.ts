/**
 * Writes log lines into a real Loki through `POST /loki/api/v1/push`: the demo's story (the same
 * labels and lines the mock Loki serves), or a test's own streams.
 */
import { createScenario } from '../../mocks/scenario';
import type { ScenarioName } from '../../mocks/scenario';
import { lokiPushBodies, type LokiPushBody, type LokiPushStream } from '../../mocks/wire/loki-push';

export type { LokiPushStream };

/** Pushes one body, retrying 429 and 5xx (a Loki with default ingestion limits throttles bursts). */
export async function push(url: string, body: LokiPushBody, headers: Record<string, string> = {}): Promise<void> {
  const json = JSON.stringify(body);
  for (let attempt = 0; ; attempt += 1) {
    const res = await fetch(`${url}/loki/api/v1/push`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: json });
    if (res.status === 204 || res.ok) return;
    const text = await res.text();
    if ((res.status === 429 || res.status >= 500) && attempt < 20) {
      await new Promise((resolve) => setTimeout(resolve, 250 * (attempt + 1)));
      continue;
    }
    throw new Error(`Loki push answered ${res.status}: ${text.slice(0, 500)}`);
  }
}

export interface SeededStory {
  scenario: ScenarioName;
  /** The simulator's anchor: the mock over the same story answers for this moment. */
  anchorMs: number;
  fromMs: number;
  lines: number;
}

/** Pushes the simulator's `scenario` between fromMs and anchorMs into Loki. */
export async function seedStory(url: string, opts: { scenario?: ScenarioName; anchorMs: number; fromMs: number; headers?: Record<string, string> }): Promise<SeededStory> {
  const scenario = opts.scenario ?? 'incident';
  const story = createScenario({ name: scenario, anchorMs: opts.anchorMs });
  let lines = 0;
  for (const body of lokiPushBodies(story, opts.fromMs, opts.anchorMs)) {
    for (const s of body.streams) lines += s.values.length;
    await push(url, body, opts.headers);
  }
  return { scenario, anchorMs: opts.anchorMs, fromMs: opts.fromMs, lines };
}

/** Nanoseconds since the epoch for a ms time, as Loki's string. */
export const ns = (ms: number, extra = 0): string => (BigInt(Math.floor(ms)) * 1_000_000n + BigInt(extra)).toString();
