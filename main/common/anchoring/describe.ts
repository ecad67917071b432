import type { TextQuoteSelector } from './selectors';

/** Options for `describe`. The defaults suit re-anchoring; the others reproduce Apache Annotator. */
export interface DescribeOptions {
  /** Context to keep on each side where the text has it (default 32 characters). */
  minContext?: number;
  /** Keep context to what disambiguation needs, without rounding it to whole words (default false). */
  minimalContext?: boolean;
  /** Add context until prefix + exact + suffix is at least this long (default 0). */
  minimumQuoteLength?: number;
  /** Give up rounding context to a word boundary after this many characters (default 50). */
  maxWordLength?: number;
}

/** What describe returns: a TextQuoteSelector whose prefix and suffix are always present ('' at the text's ends). */
export type DescribedQuote = TextQuoteSelector & { prefix: string; suffix: string };

const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Where the context starts/ends, kept off the middle of a surrogate pair. */
function safeFrom(text: string, from: number): number {
  return from > 0 && isLowSurrogate(text.charCodeAt(from)) ? from - 1 : Math.max(0, from);
}
function safeTo(text: string, to: number): number {
  return to < text.length && to > 0 && isHighSurrogate(text.charCodeAt(to - 1)) ? to + 1 : Math.min(text.length, to);
}

/** Moves `from` back to just after whitespace (a word start), giving up after `limit` characters. */
function wordStartBefore(text: string, from: number, limit: number): number {
  let i = from;
  while (i > 0 && from - i < limit && !isSpace(text[i - 1])) i--;
  return i;
}
function wordEndAfter(text: string, to: number, limit: number): number {
  let i = to;
  while (i < text.length && i - to < limit && !isSpace(text[i])) i++;
  return i;
}

/** Starts of all (possibly overlapping) places where prefix + exact + suffix occurs, as quote starts. */
function occurrences(text: string, prefix: string, exact: string, suffix: string): number[] {
  const whole = prefix + exact + suffix;
  const out: number[] = [];
  for (let at = text.indexOf(whole); at >= 0; at = at < text.length ? text.indexOf(whole, at + 1) : -1) out.push(at + prefix.length);
  return out;
}

/** Characters needed before `a` (compared with before `b`) until they differ; undefined if `a` runs out first. */
function charsUntilDifferent(text: string, a: number, b: number, step: -1 | 1): number | undefined {
  for (let n = 1; ; n++) {
    const ia = step < 0 ? a - n : a + n - 1;
    const ib = step < 0 ? b - n : b + n - 1;
    if (ia < 0 || ia >= text.length) return undefined;
    if (ib < 0 || ib >= text.length || text[ia] !== text[ib]) return n;
  }
}

/**
 * Describes text[start, end) as a W3C TextQuoteSelector: the quote itself plus at least
 * `minContext` characters (rounded to whole words) of prefix and suffix where the text has them,
 * extended further while another place in the text would match the same prefix + quote + suffix.
 * Offsets are UTF-16 units.
 */
export function describe(text: string, start: number, end: number, options: DescribeOptions = {}): DescribedQuote {
  if (!(Number.isInteger(start) && Number.isInteger(end)) || start < 0 || end < start || end > text.length) {
    throw new RangeError(`describe: the span ${start}–${end} is not inside a text of ${text.length} characters`);
  }
  const { minContext = 32, minimalContext = false, minimumQuoteLength = 0, maxWordLength = 50 } = options;
  const exact = text.slice(start, end);
  let from = start, to = end;

  from = safeFrom(text, start - minContext);
  to = safeTo(text, end + minContext);
  const shortBy = minimumQuoteLength - (to - from);
  if (shortBy > 0) {
    from = safeFrom(text, from - Math.floor(shortBy / 2));
    to = safeTo(text, to + (minimumQuoteLength - (to - from)));
    from = safeFrom(text, from - Math.max(0, minimumQuoteLength - (to - from)));
  }
  if (!minimalContext) {
    from = wordStartBefore(text, from, maxWordLength);
    to = wordEndAfter(text, to, maxWordLength);
  }

  for (;;) {
    const prefix = text.slice(from, start), suffix = text.slice(end, to);
    const other = occurrences(text, prefix, exact, suffix).find((at) => at !== start);
    if (other === undefined) return { type: 'TextQuoteSelector', exact, prefix, suffix };
    const otherEnd = other + exact.length;
    let morePrefix = charsUntilDifferent(text, from, other - prefix.length, -1);
    let moreSuffix = charsUntilDifferent(text, to, otherEnd + suffix.length, 1);
    if (morePrefix !== undefined && !minimalContext) morePrefix = from - wordStartBefore(text, from - morePrefix, maxWordLength);
    if (moreSuffix !== undefined && !minimalContext) moreSuffix = wordEndAfter(text, to + moreSuffix, maxWordLength) - to;
    if (minimalContext) {
      if (morePrefix !== undefined && (moreSuffix === undefined || morePrefix <= moreSuffix)) from -= morePrefix;
      else if (moreSuffix !== undefined) to += moreSuffix;
      else break;
    } else {
      if (morePrefix === undefined && moreSuffix === undefined) break;
      if (morePrefix !== undefined) from -= morePrefix;
      if (moreSuffix !== undefined) to += moreSuffix;
    }
    from = safeFrom(text, from);
    to = safeTo(text, to);
  }
  // Unreachable for a real span (the text around two places must differ somewhere), kept for safety.
  return { type: 'TextQuoteSelector', exact, prefix: text.slice(from, start), suffix: text.slice(end, to) };
}
