/**
 * Log text made safe for display. SGR colour codes become styled segments (rendered as React
 * text, never as HTML); every other escape (OSC 8 hyperlinks, cursor movement, title changes)
 * is removed; bidirectional overrides and other control characters are made visible so a line
 * cannot disguise itself.
 */
export interface AnsiSegment {
  text: string;
  /** Palette index 0–15 for the foreground, or null. */
  fg: number | null;
  bold: boolean;
}

// CSI … final byte, OSC … (BEL | ST), other two-byte ESC sequences.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b\[([0-9;?]*)([@-~])|\u001b\][\s\S]*?(?:\u0007|\u001b\\|$)|\u001b[@-Z\\-_]/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069\u200e\u200f]/g;

function visibleControl(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code === 0) return '␀';
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '␡';
  return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

export function sanitizeText(text: string): string {
  return text.replace(CONTROLS, visibleControl);
}

// eslint-disable-next-line no-control-regex
const NEEDS_WORK = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069\u200e\u200f]/;

/** True when `text` has no escape and no control character: shown as it is, with no segments. */
export function isPlainText(text: string): boolean {
  return !NEEDS_WORK.test(text);
}

export function parseAnsi(input: string): AnsiSegment[] {
  // Most lines hold no escape and no control character: one segment, nothing to rewrite.
  if (isPlainText(input)) return input ? [{ text: input, fg: null, bold: false }] : [];
  const segments: AnsiSegment[] = [];
  let fg: number | null = null;
  let bold = false;
  let last = 0;
  const push = (text: string) => {
    if (!text) return;
    const clean = sanitizeText(text);
    const prev = segments.at(-1);
    if (prev && prev.fg === fg && prev.bold === bold) prev.text += clean;
    else segments.push({ text: clean, fg, bold });
  };
  for (const match of input.matchAll(ESCAPES)) {
    push(input.slice(last, match.index));
    last = match.index + match[0].length;
    if (match[2] !== 'm' || match[1] === undefined) continue; // not SGR: dropped
    const codes = match[1] === '' ? [0] : match[1].split(';').map((c) => Number(c) || 0);
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i]!;
      if (c === 0) {
        fg = null;
        bold = false;
      } else if (c === 1) bold = true;
      else if (c === 22) bold = false;
      else if (c >= 30 && c <= 37) fg = c - 30;
      else if (c >= 90 && c <= 97) fg = c - 90 + 8;
      else if (c === 39) fg = null;
      else if (c === 38 || c === 48) i += codes[i + 1] === 5 ? 2 : codes[i + 1] === 2 ? 4 : 0; // 256/true colour: skipped
    }
  }
  push(input.slice(last));
  return segments;
}

/** Plain text without any escape sequence, controls made visible. */
export function stripAnsi(input: string): string {
  return parseAnsi(input)
    .map((s) => s.text)
    .join('');
}
