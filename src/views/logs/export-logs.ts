import { stripAnsi } from '@/lib/ansi';
import type { LogEntry } from '@/lib/model';
import { nsToIso } from '@/lib/nanotime';

export type ExportFormat = 'json' | 'csv' | 'txt';

function csvField(value: string): string {
  // Quote always; neutralise spreadsheet formulas (=, +, -, @) so a log line cannot run one.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** Serialises entries exactly as received (timestamps as ns strings and ISO with nanoseconds). */
export function exportLogs(entries: LogEntry[], format: ExportFormat): string {
  if (format === 'json') {
    return JSON.stringify(
      entries.map((e) => ({ time: nsToIso(e.timeNs), timeNs: e.timeNs, level: e.level, service: e.service, message: e.message, labels: e.labels, stream: e.streamId })),
      null,
      2,
    );
  }
  if (format === 'csv') {
    const header = ['time', 'time_ns', 'level', 'service', 'message'].map(csvField).join(',');
    const rows = entries.map((e) => [nsToIso(e.timeNs), e.timeNs, e.level, e.service ?? '', e.message].map(csvField).join(','));
    return [header, ...rows].join('\r\n') + '\r\n';
  }
  return entries.map((e) => `${nsToIso(e.timeNs)} ${e.level.toUpperCase().padEnd(8)} ${e.service ?? '-'} ${stripAnsi(e.raw)}`).join('\n') + '\n';
}

export const EXPORT_TYPES: Record<ExportFormat, string> = {
  json: 'application/json',
  csv: 'text/csv',
  txt: 'text/plain',
};
