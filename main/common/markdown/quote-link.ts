/**
 * How a quote is written in a note's Markdown file.
 *
 * A quote is an ordinary blockquote whose last line is an attribution link carrying the
 * annotation id, so the note stays readable in any editor and the link resolves in ours:
 *
 *     > For nearly a decade, Amazon told a beautiful lie.
 *     >
 *     > — [The Alexa Delusion · ¶2 · Amazon AI](sourcebook://annotation/8f14e45f-…)
 *
 * The quoted text is the text as quoted; where the passage stands now is resolved through the
 * annotation's selectors, never through the text or a copied offset.
 */

export const ANNOTATION_URI_PREFIX = 'sourcebook://annotation/';

const ID = '[A-Za-z0-9][A-Za-z0-9_-]{0,127}';
const ATTRIBUTION = new RegExp(`^\\s*(?:—|--|-)\\s*\\[((?:[^\\]\\\\]|\\\\.)*)\\]\\(sourcebook://annotation/(${ID})\\)\\s*$`);
const ANY_LINK = new RegExp(`sourcebook://annotation/(${ID})`, 'g');

export function annotationUri(id: string): string {
  return ANNOTATION_URI_PREFIX + id;
}

/** The annotation id of a `sourcebook://annotation/…` link, or null. */
export function parseAnnotationUri(uri: string): string | null {
  const m = new RegExp(`^sourcebook://annotation/(${ID})$`).exec(uri.trim());
  return m ? m[1]! : null;
}

export interface QuoteBlock {
  annotationId: string;
  /** The quoted text, blockquote markers removed, lines joined with "\n". */
  text: string;
  /** The attribution label (source title and locator). */
  label: string;
}

/** Whether `id` can be an annotation id (the only ids a quote's link may carry: nothing in it can break out of the link). */
export function isAnnotationId(id: unknown): id is string {
  return typeof id === 'string' && new RegExp(`^${ID}$`).test(id);
}

/**
 * A `<` that could open a tag and an `&` that could open a character reference are written as
 * entities: a source's escaped text (`&lt;script&gt;`, which reads as `<script>`) must stay text
 * in every Markdown viewer, not become raw HTML. Any other `<` and `&` ("AT&T", "a < b") stay as
 * typed, so the note reads as plain text. Reading reverses exactly this: every `&amp;` and `&lt;`
 * in a quote was written by this escape, since it escapes every `&` that starts a reference.
 */
const escapeHtml = (s: string) => s.replace(/&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)|<(?=[A-Za-z/!?])/g, (c) => (c === '&' ? '&amp;' : '&lt;'));
const unescapeHtml = (s: string) => s.replace(/&(amp|lt);/g, (_, e: string) => (e === 'amp' ? '&' : '<'));
/** A label as written between the attribution's brackets. */
export const escapeLabel = (s: string) => escapeHtml(s).replace(/[\\[\]]/g, (c) => '\\' + c).replace(/\s+/g, ' ').trim();
const unescapeLabel = (s: string) => unescapeHtml(s.replace(/\\(.)/g, '$1'));

/**
 * Serialises a quote as Markdown lines (no trailing newline). An id that is not an annotation id
 * (a pasted or hand-made node) gets no link: the quote is then a plain blockquote, never Markdown
 * the user did not see.
 */
export function quoteToMarkdown(q: QuoteBlock): string {
  const body = escapeHtml(q.text).replace(/\r\n?/g, '\n').split('\n').map((line) => (line.length ? `> ${line}` : '>'));
  if (!isAnnotationId(q.annotationId)) return body.join('\n');
  return [...body, '>', `> — [${escapeLabel(q.label)}](${annotationUri(q.annotationId)})`].join('\n');
}

/**
 * Parses one blockquote's lines (with their `>` markers) as a quote; null when its last
 * non-empty line is not an attribution link.
 */
export function parseQuoteLines(lines: string[]): QuoteBlock | null {
  const inner = lines.map((l) => l.replace(/^\s{0,3}>\s?/, ''));
  while (inner.length && inner[inner.length - 1]!.trim() === '') inner.pop();
  const last = inner.pop();
  if (last === undefined) return null;
  const m = ATTRIBUTION.exec(last);
  if (!m) return null;
  while (inner.length && inner[inner.length - 1]!.trim() === '') inner.pop();
  return { annotationId: m[2]!, label: unescapeLabel(m[1]!), text: unescapeHtml(inner.join('\n')) };
}

/** Every quote block in a Markdown document, in order. */
export function findQuotes(markdown: string): QuoteBlock[] {
  const quotes: QuoteBlock[] = [];
  let block: string[] = [];
  const flush = () => {
    if (block.length) {
      const q = parseQuoteLines(block);
      if (q) quotes.push(q);
    }
    block = [];
  };
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s{0,3}>/.test(line)) block.push(line);
    else flush();
  }
  flush();
  return quotes;
}

/** Ids of every annotation a document links to, quotes or inline links alike. */
export function annotationIdsIn(markdown: string): string[] {
  return [...new Set([...markdown.matchAll(ANY_LINK)].map((m) => m[1]!))];
}

/** Where a quote's attribution label is written: `start`–`end` spans its Markdown between the brackets. */
export interface LabelSpan {
  annotationId: string;
  label: string;
  start: number;
  end: number;
}

/** The attribution label of every quote block in a document, in order, with where it is written. */
export function quoteLabelSpans(markdown: string): LabelSpan[] {
  const spans: LabelSpan[] = [];
  let block: { line: string; at: number }[] = [];
  const flush = () => {
    // As parseQuoteLines reads a quote: its last non-empty line is the attribution.
    for (let i = block.length - 1; i >= 0; i--) {
      const { line, at } = block[i]!;
      const inner = line.replace(/^\s{0,3}>\s?/, '');
      if (inner.trim() === '') continue;
      const m = ATTRIBUTION.exec(inner);
      if (m) {
        const start = at + line.length - inner.length + inner.indexOf('[') + 1;
        spans.push({ annotationId: m[2]!, label: unescapeLabel(m[1]!), start, end: start + m[1]!.length });
      }
      break;
    }
    block = [];
  };
  const lines = /([^\r\n]*)(\r\n?|\n|$)/g;
  for (let m = lines.exec(markdown); m; m = lines.exec(markdown)) {
    if (/^\s{0,3}>/.test(m[1]!)) block.push({ line: m[1]!, at: m.index });
    else flush();
    if (!m[2]) break;
  }
  flush();
  return spans;
}
