import type { TextQuoteSelector } from './selectors';

/** How much context a text directive carries; the URL spec expects a word or a few, not a paragraph. */
const CONTEXT_WORDS = 3;
const LONG_QUOTE_WORDS = 12;
const EDGE_WORDS = 4;

/**
 * Percent-encodes a directive term: everything except unreserved characters is escaped, and so
 * are '-', '&' and ',', which the text directive syntax uses as separators.
 */
function encodeTerm(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*~-]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

function lastWords(s: string, n: number): string {
  return collapse(s).split(' ').filter(Boolean).slice(-n).join(' ');
}
function firstWords(s: string, n: number): string {
  return collapse(s).split(' ').filter(Boolean).slice(0, n).join(' ');
}

/**
 * The quote as a URL text fragment (`#:~:text=prefix-,exact,-suffix`, URL Fragment Text
 * Directives), so another tool can still find the passage. Whitespace is collapsed, the context
 * is trimmed to a few whole words on each side, and a quote of more than 12 words is given as
 * `start,end` (its first and last four words), as the spec allows for long passages.
 */
export function textFragment(quote: Pick<TextQuoteSelector, 'exact' | 'prefix' | 'suffix'>): string {
  const exact = collapse(quote.exact);
  if (exact === '') throw new RangeError('textFragment: the quote is empty');
  const prefix = lastWords(quote.prefix ?? '', CONTEXT_WORDS);
  const suffix = firstWords(quote.suffix ?? '', CONTEXT_WORDS);
  const words = exact.split(' ');
  // A long quote is given by its first and last words (textStart,textEnd), which keeps links short.
  const body = words.length > LONG_QUOTE_WORDS
    ? [encodeTerm(words.slice(0, EDGE_WORDS).join(' ')), encodeTerm(words.slice(-EDGE_WORDS).join(' '))]
    : [encodeTerm(exact)];
  const parts = [...(prefix ? [`${encodeTerm(prefix)}-`] : []), ...body, ...(suffix ? [`-${encodeTerm(suffix)}`] : [])];
  return `#:~:text=${parts.join(',')}`;
}
