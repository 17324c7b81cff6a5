import { Badge } from '@/components/ui/badge';
import type { Tone } from '@/components/ui/badge';
import type { IssueStatus } from '@/errors/lifecycle';

const TONE: Record<IssueStatus, Tone> = { new: 'info', ongoing: 'neutral', escalating: 'crit', regressed: 'warn', resolved: 'ok', ignored: 'unknown' };

export function IssueStatusBadge({ status, reason }: { status: IssueStatus; reason?: string }) {
  return (
    <Badge tone={TONE[status]} title={reason}>
      {status}
    </Badge>
  );
}

/** A tiny bar sparkline (SVG, no chart library). */
export function Sparkline({ values, label, width = 96, height = 22 }: { values: number[]; label: string; width?: number; height?: number }) {
  const max = Math.max(1, ...values);
  const w = width / Math.max(1, values.length);
  return (
    <svg width={width} height={height} role="img" aria-label={label} className="shrink-0 text-crit">
      {values.map((v, i) => {
        const h = v === 0 ? 0 : Math.max(1.5, (v / max) * (height - 1));
        return <rect key={i} x={i * w + 0.5} y={height - h} width={Math.max(1, w - 1)} height={h} fill="currentColor" opacity={0.75} />;
      })}
    </svg>
  );
}
