import type { LogLevel } from '@/lib/model';

export const LEVEL_COLOR: Record<LogLevel, string> = {
  critical: 'var(--console-status-crit)',
  error: '#e5484d',
  warning: 'var(--console-status-warn)',
  info: 'var(--console-status-info)',
  debug: 'var(--console-status-unknown)',
  trace: '#8b8d98',
  unknown: '#a0a6b0',
};

export const LEVEL_TEXT: Record<LogLevel, string> = {
  critical: 'text-crit font-semibold',
  error: 'text-crit',
  warning: 'text-warn',
  info: 'text-info',
  debug: 'text-muted',
  trace: 'text-muted',
  unknown: 'text-muted',
};
