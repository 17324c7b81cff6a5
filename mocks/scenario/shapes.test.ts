import { describe, expect, it } from 'vitest';
import { BUCKET_MS, INCIDENT_OFFSETS as T } from './index';
import { ANCHOR, HOUR, MIN, msOf, scenario } from './testing';

describe('logShapes: the events of a bucket without their text', () => {
  it('match the rendered events one for one (time, service, level, line count), incident included', () => {
    const s = scenario('incident');
    const from = ANCHOR + T.pgStart - 5 * MIN;
    const to = ANCHOR + 10 * MIN;
    const events = s.logs(from, to - 1);
    const shapes = [];
    for (let b = from / BUCKET_MS; b < to / BUCKET_MS; b++) shapes.push(...s.logShapes(b));
    expect(shapes.map((x) => ({ tsNs: `${x.ms}${String(x.sub).padStart(6, '0')}`, service: x.service, level: x.level, lines: x.lines }))).toEqual(
      events.map((e) => ({ tsNs: e.tsNs, service: e.service, level: e.level, lines: e.lines.length })),
    );
    // The range holds multi-line events (tracebacks) and single-line ecs-json ones with an exception field.
    expect(shapes.some((x) => x.lines > 10)).toBe(true);
    expect(events.some((e) => e.format === 'ecs-json')).toBe(true);
  });

  it('are a pure function of the bucket (same on a second scenario object)', () => {
    const b = Math.floor((ANCHOR - 3 * HOUR) / BUCKET_MS);
    expect(scenario('incident').logShapes(b)).toEqual(scenario('incident').logShapes(b));
    expect(scenario('empty').logShapes(b)).toEqual([]);
  });

  it('background text never moves a time or a level: same shapes whichever buckets were rendered first', () => {
    const s = scenario('healthy');
    const b = Math.floor(ANCHOR / BUCKET_MS) - 30;
    const before = s.logShapes(b).map((x) => ({ ...x }));
    s.logs(b * BUCKET_MS - HOUR, b * BUCKET_MS + HOUR);
    expect(s.logShapes(b)).toEqual(before);
    expect(before.every((x) => msOf(`${x.ms}000000`) >= b * BUCKET_MS)).toBe(true);
  });
});
