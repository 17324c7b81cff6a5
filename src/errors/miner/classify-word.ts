/** Character classes and classification of one word (no delimiters inside) of a log token. */

export const Cls = { Const: 0, Weak: 1, Strong: 2 } as const;
export type Cls = (typeof Cls)[keyof typeof Cls];

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isHexWord(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i) | 32;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** True when the (single) digit run directly follows a letter (`ssh2`, `jk2_init`, not `host-07`). */
export function attachedDigits(s: string, start: number, end: number): boolean {
  for (let i = start + 1; i < end; i++) {
    if (isDigit(s.charCodeAt(i))) return isLetter(s.charCodeAt(i - 1));
  }
  return false;
}

export function lowerEquals(s: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) {
    if ((s.charCodeAt(start + i) | 32) !== word.charCodeAt(i)) return false;
  }
  return true;
}

/** Classifies the word s[start, end) (no delimiters inside). */
export function classifyWord(s: string, start: number, end: number): Cls {
  const first = s.charCodeAt(start);
  if (first === 47 /* / */ && end - start > 1) return Cls.Strong; // absolute path
  if (isDigit(first)) return Cls.Strong;
  if (first === 45 /* - */ && end - start > 1 && isDigit(s.charCodeAt(start + 1))) return Cls.Strong;
  let runs = 0;
  let longest = 0;
  let run = 0;
  for (let i = start; i < end; i++) {
    if (isDigit(s.charCodeAt(i))) {
      if (run === 0) runs++;
      run++;
      if (run > longest) longest = run;
    } else run = 0;
  }
  if (end - start >= 8 && isHexWord(s, start, end)) return Cls.Strong;
  if (runs === 0) {
    if (lowerEquals(s, start, end, 'true') || lowerEquals(s, start, end, 'false') || lowerEquals(s, start, end, 'null')) {
      return Cls.Strong;
    }
    return Cls.Const;
  }
  if (first === 48 && (s.charCodeAt(start + 1) | 32) === 120) return Cls.Strong; // 0x…
  if (isLetter(first) && runs === 1 && longest <= 2 && attachedDigits(s, start, end)) return Cls.Weak;
  return Cls.Strong;
}

export function isDigitGroups(s: string, start: number, end: number): boolean {
  if (!isDigit(s.charCodeAt(start)) || !isDigit(s.charCodeAt(end - 1))) return false;
  let dashes = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 45) {
      if (s.charCodeAt(i - 1) === 45) return false;
      dashes++;
    } else if (!isDigit(c)) return false;
  }
  return dashes > 0;
}

/** Index of the dot in `name.123` (digits only after the last dot, none before), else -1. */
export function numericSuffixDot(s: string, start: number, end: number): number {
  if (!isLetter(s.charCodeAt(start))) return -1;
  let i = end - 1;
  while (i > start && isDigit(s.charCodeAt(i))) i--;
  if (i === end - 1 || s.charCodeAt(i) !== 46 || i === start) return -1;
  for (let k = start; k < i; k++) if (isDigit(s.charCodeAt(k))) return -1;
  return i;
}

export function isHexChar(c: number): boolean {
  const l = c | 32;
  return isDigit(c) || (l >= 97 && l <= 102);
}

/** Five or more colon-separated groups of 1-4 hex digits, with a digit somewhere (MAC, IPv6). */
export function isColonHex(s: string, start: number, end: number): boolean {
  let a = start;
  while (a < end && !isHexChar(s.charCodeAt(a))) a++;
  let b = end;
  while (b > a && !isHexChar(s.charCodeAt(b - 1))) b--;
  if (b - a < 9) return false;
  let groups = 1;
  let len = 0;
  let digit = false;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c === 58) {
      if (len > 4) return false;
      groups++;
      len = 0;
    } else if (isHexChar(c)) {
      len++;
      if (len > 4) return false;
      if (isDigit(c)) digit = true;
    } else return false;
  }
  return groups >= 5 && digit;
}
