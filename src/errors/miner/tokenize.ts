/**
 * Tokenizing and masking of log messages.
 *
 * A message is split on whitespace into tokens (runs of whitespace collapse to one space in
 * templates). Inside a token, punctuation that delimits values (`: = , ; ( ) [ ] { } " ' < > | @`
 * and runs of two or more dots) is kept verbatim, and each "word" between delimiters is
 * classified. Whole words are masked, never parts of words, so `blk_-42` becomes `<*>` while
 * `10.0.0.1:50010` becomes `<*>:<*>`, `(uid=0)` becomes `(uid=<*>)` and `'job_1'` becomes `'<*>'`.
 *
 * Word classes:
 * - strong variables, always `<*>`: anything starting with a digit (numbers, numbers with units
 *   such as `12ms` or `3.5MB`, IPs, timestamps, UUIDs and hex that begin with a digit), words with a
 *   long digit run or several digit runs (`blk_-42…`, `task_2008_0001`, hex like `ab12cd34`),
 *   `0x…` hex, absolute paths (`/var/log/x`), the part after `scheme://` of URLs, and the literals
 *   `true`, `false` and `null`;
 * - weak variables: identifiers that start with a letter and carry one short digit run (`ssh2`,
 *   `C1`, `r24`, `host-07`). They are masked for grouping, but a template shows the literal value
 *   as long as every message of its group had the same one.
 *
 * Everything here is pure string scanning (char codes, no regex per token) so it can run in a
 * browser Web Worker at high rates.
 */

import {
  Cls,
  classifyWord,
  isColonHex,
  isDigit,
  isDigitGroups,
  isHexChar,
  isLetter,
  numericSuffixDot,
} from './classify-word';

export const WILDCARD = '<*>';

/** One whitespace-separated token after masking. */
export interface MaskedToken {
  /** Token with strong and weak variables replaced by `<*>` (used for grouping). */
  key: string;
  /** Token with only strong variables replaced (weak variables kept literally). */
  display: string;
  /**
   * Set on tokens that belong to the variable before them: a unit after a number (`5.2 KB`)
   * or the rest of a quoted value after a variable (`"GET /x HTTP/1.1"`). `key` and `display`
   * then hold what to append to that variable (no space is added).
   */
  attach?: boolean;
}

/** Result of masking one message. */
export interface MaskedMessage {
  tokens: MaskedToken[];
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
}

/** Delimiters kept verbatim between words of one token. */
const DELIM = new Uint8Array(128);
for (const ch of ':=,;()[]{}"\'<>|@#') DELIM[ch.charCodeAt(0)] = 1;

function isDelim(s: string, i: number, end: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 128 && DELIM[c] === 1) return true;
  // a run of two or more dots ("processor.......0", "enable...1") separates words
  if (c === 46) {
    return (i + 1 < end && s.charCodeAt(i + 1) === 46) || (i > 0 && s.charCodeAt(i - 1) === 46);
  }
  return false;
}

/**
 * Masks the word s[start, end): returns [key, display]. A word holding exactly one inner `/`
 * (like `host/10.0.0.1`) is masked on each side of the slash.
 */
function maskWord(s: string, start: number, end: number, out: { key: string; display: string }): void {
  if (s.charCodeAt(start) !== 47) {
    let slash = -1;
    for (let i = start + 1; i < end - 1; i++) {
      if (s.charCodeAt(i) === 47) {
        if (slash >= 0) {
          slash = -2;
          break;
        }
        slash = i;
      }
    }
    if (slash > 0) {
      const a = classifyWord(s, start, slash);
      const b = classifyWord(s, slash + 1, end);
      const ka = a === Cls.Const ? s.slice(start, slash) : WILDCARD;
      const da = a === Cls.Strong ? WILDCARD : s.slice(start, slash);
      const kb = b === Cls.Const ? s.slice(slash + 1, end) : WILDCARD;
      const db = b === Cls.Strong ? WILDCARD : s.slice(slash + 1, end);
      out.key += ka + '/' + kb;
      out.display += da + '/' + db;
      return;
    }
  }
  // a sentence period after a variable stays literal: "port 55904." -> "port <*>."
  if (end - start > 1 && s.charCodeAt(end - 1) === 46 && s.charCodeAt(end - 2) !== 46) {
    if (classifyWord(s, start, end - 1) === Cls.Strong) {
      maskWord(s, start, end - 1, out);
      out.key += '.';
      out.display += '.';
      return;
    }
  }
  // dates and other dash-separated numbers: 2017-05-16 -> <*>-<*>-<*>
  if (isDigitGroups(s, start, end)) {
    for (let i = start; i < end; i++) {
      if (s.charCodeAt(i) === 45) {
        out.key += '-';
        out.display += '-';
      } else if (i === start || s.charCodeAt(i - 1) === 45) {
        out.key += WILDCARD;
        out.display += WILDCARD;
      }
    }
    return;
  }
  // a name with a numeric suffix: core.2275 -> core.<*>
  const dot = numericSuffixDot(s, start, end);
  if (dot > 0) {
    const t = s.slice(start, dot + 1) + WILDCARD;
    out.key += t;
    out.display += t;
    return;
  }
  const cls = classifyWord(s, start, end);
  if (cls === Cls.Const) {
    const w = s.slice(start, end);
    out.key += w;
    out.display += w;
  } else if (cls === Cls.Strong) {
    out.key += WILDCARD;
    out.display += WILDCARD;
  } else {
    out.key += WILDCARD;
    out.display += s.slice(start, end);
  }
}

/** Returns the index just after `scheme://` when the token s[start, end) holds a URL, else -1. */
function urlBodyStart(s: string, start: number, end: number): number {
  let i = start;
  while (i < end && !isLetter(s.charCodeAt(i))) i++; // leading punctuation such as [ ( "
  const schemeStart = i;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (isLetter(c) || isDigit(c) || c === 43 || c === 45 || c === 46) i++;
    else break;
  }
  if (i === schemeStart || i + 3 > end) return -1;
  if (s.charCodeAt(i) === 58 && s.charCodeAt(i + 1) === 47 && s.charCodeAt(i + 2) === 47) return i + 3;
  return -1;
}

const TRAILING = new Uint8Array(128);
for (const ch of ')]}>"\',;.') TRAILING[ch.charCodeAt(0)] = 1;

function isHostPort(s: string, start: number, end: number): boolean {
  let colon = -1;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 58) {
      if (colon >= 0) return false;
      colon = i;
    } else if (!(isLetter(c) || isDigit(c) || c === 45 || c === 46 || c === 95)) return false;
  }
  if (colon <= start || colon === end - 1) return false;
  for (let i = colon + 1; i < end; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/** Masks one whitespace-free token s[start, end). */
export function maskToken(s: string, start: number, end: number): MaskedToken {
  // fast path: a plain word (no digit, slash, delimiter or dot run, not hex-like, not a literal
  // such as true/false/null) is kept as it is
  const f = s.charCodeAt(start) | 32;
  if (f !== 116 && f !== 102 && f !== 110) {
    let plain = true;
    let hex = true;
    for (let i = start; i < end; i++) {
      const c = s.charCodeAt(i);
      if (isDigit(c) || c === 47 || (c < 128 && DELIM[c] === 1) || (c === 46 && s.charCodeAt(i + 1) === 46)) {
        plain = false;
        break;
      }
      if (hex && !isHexChar(c)) hex = false;
    }
    if (plain && !(hex && end - start >= 8)) {
      const w = s.slice(start, end);
      return { key: w, display: w };
    }
  }
  const out = { key: '', display: '' };
  const body = urlBodyStart(s, start, end);
  if (body > 0) {
    // scheme:// kept, the rest is one value (or host:port), trailing punctuation kept
    let bodyEnd = end;
    while (bodyEnd > body) {
      const c = s.charCodeAt(bodyEnd - 1);
      if (c < 128 && TRAILING[c] === 1) bodyEnd--;
      else break;
    }
    const head = s.slice(start, body);
    const tail = s.slice(bodyEnd, end);
    let digits = false;
    for (let i = body; i < bodyEnd && !digits; i++) digits = isDigit(s.charCodeAt(i));
    const value =
      bodyEnd === body || !digits ? s.slice(body, bodyEnd) : isHostPort(s, body, bodyEnd) ? '<*>:<*>' : WILDCARD;
    const t = head + value + tail;
    return { key: t, display: t };
  }
  if (isColonHex(s, start, end)) {
    // MAC address or IPv6 (no port split)
    let a = start;
    while (a < end && !isHexChar(s.charCodeAt(a))) a++;
    let b = end;
    while (b > a && !isHexChar(s.charCodeAt(b - 1))) b--;
    const t = s.slice(start, a) + WILDCARD + s.slice(b, end);
    return { key: t, display: t };
  }
  let i = start;
  while (i < end) {
    if (isDelim(s, i, end)) {
      const ch = s[i] as string;
      out.key += ch;
      out.display += ch;
      i++;
      continue;
    }
    let j = i + 1;
    while (j < end && !isDelim(s, j, end)) j++;
    maskWord(s, i, j, out);
    i = j;
  }
  return out;
}

const UNITS = new Set([
  'b', 'kb', 'mb', 'gb', 'tb', 'pb', 'kib', 'mib', 'gib', 'tib', 'bytes',
  'ns', 'us', 'ms', 's', 'sec', 'secs', 'min', 'mins', 'h', 'hrs', '%',
]);

function countQuotes(s: string, start: number, end: number): number {
  let q = 0;
  for (let i = start; i < end; i++) if (s.charCodeAt(i) === 34) q++;
  return q;
}

/** A unit token (`KB`, `ms,`): returns the index where its trailing punctuation starts, else -1. */
function unitEnd(s: string, start: number, end: number): number {
  let e = end;
  while (e > start) {
    const c = s.charCodeAt(e - 1);
    if (c < 128 && TRAILING[c] === 1) e--;
    else break;
  }
  if (e === start || e - start > 5) return -1;
  return UNITS.has(s.slice(start, e).toLowerCase()) ? e : -1;
}

/** Splits a message on whitespace and masks every token. */
export function tokenizeMessage(message: string): MaskedMessage {
  const tokens: MaskedToken[] = [];
  const n = message.length;
  let i = 0;
  let inQuote = false;
  let quotedVar = false;
  let prevVar = false;
  while (i < n) {
    while (i < n && isSpace(message.charCodeAt(i))) i++;
    if (i >= n) break;
    let j = i + 1;
    while (j < n && !isSpace(message.charCodeAt(j))) j++;
    const quotes = countQuotes(message, i, j);
    if (inQuote && quotedVar) {
      // the rest of a quoted value that already holds a variable is part of that variable
      let tail = '';
      if (quotes % 2 === 1) {
        tail = message.slice(message.indexOf('"', i), j);
        inQuote = false;
      }
      tokens.push({ key: tail, display: tail, attach: true });
      i = j;
      continue;
    }
    if (prevVar) {
      const u = unitEnd(message, i, j);
      if (u > 0) {
        const tail = message.slice(u, j);
        tokens.push({ key: tail, display: ' ' + message.slice(i, j), attach: true });
        i = j;
        continue;
      }
    }
    let t = maskToken(message, i, j);
    if (inQuote && t.key.indexOf(WILDCARD) >= 0) {
      // first variable inside a quoted value: the value from here to the closing quote is one
      // variable ("GET /a?b=1 HTTP/1.1" -> "GET <*>")
      const tail = quotes % 2 === 1 ? message.slice(message.indexOf('"', i), j) : '';
      t = { key: WILDCARD + tail, display: WILDCARD + tail };
      quotedVar = true;
    }
    tokens.push(t);
    prevVar = isVariableOnly(t.key);
    if (quotes % 2 === 1) {
      inQuote = !inQuote;
      quotedVar = false;
    }
    i = j;
  }
  return { tokens };
}

/** Masks the variable words of a message and returns the masked text (tokens joined by one space). */
export function maskMessage(message: string): string {
  const { tokens } = tokenizeMessage(message);
  let s = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as MaskedToken;
    if (i > 0 && !t.attach) s += ' ';
    s += t.key;
  }
  return s;
}

/** True when the token is only variables and punctuation (no literal letters or digits). */
export function isVariableOnly(token: string): boolean {
  if (token.indexOf(WILDCARD) < 0) return false;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c === 60 && token.startsWith(WILDCARD, i)) {
      i += 2;
      continue;
    }
    if (isLetter(c) || isDigit(c) || c >= 128) return false;
  }
  return true;
}
