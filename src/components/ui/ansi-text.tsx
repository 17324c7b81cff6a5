import { parseAnsi } from '@/lib/ansi';

const PALETTE = ['#6b7280', '#e5484d', '#30a46c', '#d39e00', '#3b82f6', '#a855f7', '#0ea5e9', '#9ca3af', '#8b8d98', '#ff6369', '#3dd68c', '#f5d90a', '#70b8ff', '#d19dff', '#5eead4', '#e5e7eb'];

/** Log text with ANSI colours applied; always React text nodes, never HTML. */
export function AnsiText({ text }: { text: string }) {
  const segments = parseAnsi(text);
  return (
    <>
      {segments.map((s, i) =>
        s.fg === null && !s.bold ? (
          s.text
        ) : (
          <span key={i} style={{ color: s.fg === null ? undefined : PALETTE[s.fg], fontWeight: s.bold ? 600 : undefined }}>
            {s.text}
          </span>
        ),
      )}
    </>
  );
}
