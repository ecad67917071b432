/**
 * Inline Markdown shown as the reader shows it, for text that lives outside the reader's blocks
 * (a quote in a note): the same tokenizer (`inline.ts`) and the same classes, the syntax
 * characters kept but muted (`span.syntax`), the content they style in `md-strong`, `md-em`,
 * `md-code`, `md-strike`. Built from text nodes and spans, never parsed as HTML; nothing of the
 * text is removed, so the element's textContent is the text.
 */
import { segment } from './decorations';
import { inlineMarkup, type InlineMark } from './inline';

/** The markup that only changes how a run looks (links are the reader's own business). */
export type LookMark = Extract<InlineMark, { kind: 'syntax' | 'style' }>;

/** The class a run covered by `mark` gets: muted syntax, or the look of its style. */
export function markupClass(mark: LookMark): string {
  return mark.kind === 'syntax' ? 'syntax' : `md-${mark.style}`;
}

/**
 * `text` as nodes with its inline Markdown muted and styled. Paragraphs (split at blank lines) are
 * read one at a time, as the reader reads its blocks, so a marker never pairs across them; a
 * marker whose partner is not in the text (a quote that starts inside bold) stays literal. Links
 * are not made activatable: their brackets and URL are muted, their text shown plainly.
 */
export function inlineMarkupNodes(doc: Document, text: string): Node[] {
  const marks = paragraphRanges(text)
    .flatMap(([from, to]) => inlineMarkup(text, from, to))
    .filter((m): m is LookMark => m.kind === 'syntax' || m.kind === 'style');
  return segment(0, text.length, marks).map((seg) => {
    const run = doc.createTextNode(text.slice(seg.start, seg.end));
    if (!seg.decorations.length) return run;
    const span = doc.createElement('span');
    span.className = [...new Set(seg.decorations.map(markupClass))].join(' ');
    span.append(run);
    return span;
  });
}

/** [start, end) of each run of text between blank lines. */
function paragraphRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let from = 0;
  for (const gap of text.matchAll(/\r?\n[ \t]*\r?\n(?:[ \t]*\r?\n)*/g)) {
    ranges.push([from, gap.index!]);
    from = gap.index! + gap[0].length;
  }
  ranges.push([from, text.length]);
  return ranges.filter(([s, e]) => e > s);
}
