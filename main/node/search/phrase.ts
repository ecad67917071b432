/**
 * The check an "exact phrase" must pass on the stored passage text: the phrase's words in order,
 * case-insensitive, any run of white space between them, not inside a longer word.
 */
import { isSeparator } from './tokenize';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function phraseRegExp(phrase: string, flags = 'iu'): RegExp {
  const parts = phrase.trim().split(/\s+/).filter(Boolean).map(escape);
  const first = phrase.trim().charCodeAt(0);
  const last = phrase.trim().charCodeAt(phrase.trim().length - 1);
  const before = isSeparator(first) ? '' : '(?<![^\\s\\p{Z}\\p{P}])';
  const after = isSeparator(last) ? '' : '(?![^\\s\\p{Z}\\p{P}])';
  return new RegExp(`${before}${parts.join('\\s+')}${after}`, flags);
}
