/**
 * The simulator's logs as Loki push bodies (`POST /loki/api/v1/push`, JSON): the same labels and
 * lines the mock Loki answers with, one entry per line as a shipper without multiline sends a
 * traceback. Pure, so a real Loki and the mock can hold one story.
 */
import type { Scenario } from '../scenario';
import { walkEvents } from './log-events';
import { eventEntries, streamLabels, type Labels } from './loki';

export interface LokiPushStream {
  stream: Labels;
  values: Array<[string, string]>;
}

export interface LokiPushBody {
  streams: LokiPushStream[];
}

/** Bodies of at most about `maxBytes` of line text each, oldest lines first, for fromMs <= t <= toMs. */
export function lokiPushBodies(scenario: Scenario, fromMs: number, toMs: number, maxBytes = 1_000_000): LokiPushBody[] {
  let streams = new Map<string, LokiPushStream>();
  let bytes = 0;
  const pending: LokiPushBody[] = [];
  walkEvents(scenario, fromMs, toMs, 'forward', (e) => {
    const labels = streamLabels(e);
    const key = `${labels.container}|${labels.level}`;
    let s = streams.get(key);
    if (!s) {
      s = { stream: labels, values: [] };
      streams.set(key, s);
    }
    for (const { ns, line } of eventEntries(e)) {
      s.values.push([ns.toString(), line]);
      bytes += line.length + 40;
    }
    if (bytes >= maxBytes) {
      pending.push({ streams: [...streams.values()] });
      streams = new Map();
      bytes = 0;
    }
    return true;
  });
  if (streams.size > 0) pending.push({ streams: [...streams.values()] });
  return pending;
}
