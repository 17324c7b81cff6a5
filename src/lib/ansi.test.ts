import { describe, expect, it } from 'vitest';
import { isPlainText, parseAnsi, sanitizeText, stripAnsi } from './ansi';

describe('parseAnsi', () => {
  it('turns SGR colours into segments', () => {
    expect(parseAnsi('\u001b[31mERROR\u001b[0m done')).toEqual([
      { text: 'ERROR', fg: 1, bold: false },
      { text: ' done', fg: null, bold: false },
    ]);
    expect(parseAnsi('\u001b[1;92mok')).toEqual([{ text: 'ok', fg: 10, bold: true }]);
  });

  it('drops OSC 8 hyperlinks, cursor movement and title changes but keeps their text', () => {
    const osc8 = '\u001b]8;;javascript:alert(1)\u0007click\u001b]8;;\u0007';
    expect(stripAnsi(osc8)).toBe('click');
    expect(stripAnsi('a\u001b[2J\u001b[10;5Hb\u001b]0;pwned\u0007c')).toBe('abc');
    expect(stripAnsi('x\u001b[38;5;196my')).toBe('xy');
  });

  it('makes NUL, other controls and bidi overrides visible', () => {
    expect(sanitizeText('a\u0000b')).toBe('a␀b');
    expect(sanitizeText('user\u202Etxt.exe')).toBe('user⟨U+202E⟩txt.exe');
    expect(sanitizeText('tab\tand\nnewline')).toBe('tab\tand\nnewline');
  });

  it('never interprets HTML', () => {
    expect(stripAnsi('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
  });
});

describe('isPlainText', () => {
  it('is true only for text parseAnsi would leave as one unstyled segment', () => {
    for (const text of ['GET /health 200', 'tab\tand newline\n', '<b>markup</b> "quotes" `ticks`', 'ünïcödé ✓']) {
      expect(isPlainText(text)).toBe(true);
      expect(parseAnsi(text)).toEqual([{ text, fg: null, bold: false }]);
    }
    for (const text of ['\u001b[31mred\u001b[0m', 'bell\u0007', 'del\u007f', 'bidi \u202eevil', 'isolate \u2066x\u2069', 'nul\u0000']) {
      expect(isPlainText(text)).toBe(false);
      expect(parseAnsi(text)).not.toEqual([{ text, fg: null, bold: false }]);
    }
  });
});
