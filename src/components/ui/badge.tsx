import type { ReactNode } from 'react';

export type Tone = 'ok' | 'warn' | 'crit' | 'unknown' | 'info' | 'neutral';

const TONES: Record<Tone, string> = {
  ok: 'text-ok bg-ok/12 ring-ok/30',
  warn: 'text-warn bg-warn/12 ring-warn/30',
  crit: 'text-crit bg-crit/12 ring-crit/30',
  unknown: 'text-unknown bg-unknown/12 ring-unknown/30',
  info: 'text-info bg-info/12 ring-info/30',
  neutral: 'text-muted bg-surface-2 ring-line',
};

const DOTS: Record<Tone, string> = {
  ok: 'bg-ok',
  warn: 'bg-warn',
  crit: 'bg-crit',
  unknown: 'bg-unknown',
  info: 'bg-info',
  neutral: 'bg-muted',
};

export function Badge({ tone, children, dot = true, title }: { tone: Tone; children: ReactNode; dot?: boolean; title?: string }) {
  return (
    <span
      title={title}
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[tone]}`}
    >
      {dot && <span aria-hidden="true" className={`size-1.5 rounded-full ${DOTS[tone]}`} />}
      {children}
    </span>
  );
}

export function toneDot(tone: Tone): string {
  return DOTS[tone];
}
