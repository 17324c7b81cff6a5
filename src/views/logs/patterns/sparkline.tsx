import type { LogPatternSample } from '@/lib/model';

/** A tiny SVG line of counts over the range (decorative: the count is written next to it). */
export function Sparkline({ samples, from, to, width = 120, height = 22 }: { samples: readonly LogPatternSample[]; from: number; to: number; width?: number; height?: number }) {
  const max = samples.reduce((m, s) => Math.max(m, s.count), 0);
  const span = Math.max(1, to - from);
  const x = (at: number) => Math.min(width, Math.max(0, ((at - from) / span) * width));
  const y = (count: number) => height - 1 - (max === 0 ? 0 : (count / max) * (height - 2));
  const points = samples.map((s) => `${x(s.at).toFixed(1)},${y(s.count).toFixed(1)}`).join(' ');
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true" className="shrink-0 text-accent">
      <line x1={0} x2={width} y1={height - 0.5} y2={height - 0.5} className="stroke-line" strokeWidth={1} />
      {samples.length === 1 ? (
        <circle cx={x(samples[0]!.at)} cy={y(samples[0]!.count)} r={1.5} fill="currentColor" />
      ) : (
        <polyline points={points} fill="none" stroke="currentColor" strokeWidth={1.25} strokeLinejoin="round" />
      )}
    </svg>
  );
}
