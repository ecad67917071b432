/**
 * The check an "exact phrase" must pass on the stored passage text: the phrase's words in order,
 * case-insensitive, any run of white space between them, not inside a longer word (a word being
 * a run of letters, marks and digits, as in tokenize.ts); ' and ’ match each other.
 */
import { isSeparator } from './tokenize';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/['\u2019]/g, "['\u2019]");

export function phraseRegExp(phrase: string, flags = 'iu'): RegExp {
  const trimmed = phrase.trim();
  const parts = trimmed.split(/\s+/).filter(Boolean).map(escape);
  const before = isSeparator(trimmed.charCodeAt(0)) ? '' : '(?<![\\p{L}\\p{M}\\p{N}])';
  const after = isSeparator(trimmed.charCodeAt(trimmed.length - 1)) ? '' : '(?![\\p{L}\\p{M}\\p{N}])';
  return new RegExp(`${before}${parts.join('\\s+')}${after}`, flags);
}
