/**
 * Exports for other tools: all annotations as one W3C AnnotationCollection, and a note's
 * Markdown in which every quote also carries a URL text fragment (prefix, exact, suffix), so
 * the passage can be found without Sourcebook.
 */
import type { Annotation } from '../../common/contract';
import { parseQuoteLines } from '../../common/markdown/quote-link';
import { sameWords } from '../../common/notebook/quote-state';
import { sourceIri, textFragment, toW3CCollection } from '../../common/anchoring';

/** The W3C collection of `items`, each with the text its stored position refers to. */
export function annotationCollection(items: Parameters<typeof toW3CCollection>[0]): Record<string, unknown> {
  return { ...toW3CCollection(items, { label: 'Sourcebook annotations' }) };
}

/**
 * `markdown` with a line added to each quote block, after its `sourcebook://` attribution link:
 * `> Passage: <sourcebook://source/ID#:~:text=prefix-,exact,-suffix>`. `lookup` gives the
 * annotation behind a quote; a quote whose annotation is gone gets a fragment of its own text.
 */
export function withTextFragments(markdown: string, lookup: (annotationId: string) => Annotation | undefined): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let block: string[] = [];
  const flush = () => {
    out.push(...block);
    const quote = block.length ? parseQuoteLines(block) : null;
    block = [];
    if (!quote || !quote.text.trim()) return;
    const a = lookup(quote.annotationId);
    // A note that keeps older words than its annotation (kept as cited after an Accept) gets a
    // fragment of the words it quotes, never one that points at other words, and says so.
    const differs = a !== undefined && !sameWords(quote.text, a.quote.exact);
    const fragment = textFragment(a && !differs ? a.quote : { exact: quote.text.replace(/\s+/g, ' ').trim(), prefix: '', suffix: '' });
    const source = a ? sourceIri(a.sourceId) : '';
    out.push(`> Passage: <${source}${fragment}>`);
    if (differs) out.push(`> Source now reads: “${a.quote.exact.replace(/\s+/g, ' ').trim()}”`);
  };
  for (const line of lines) {
    if (/^\s{0,3}>/.test(line)) block.push(line);
    else {
      flush();
      out.push(line);
    }
  }
  flush();
  return out.join('\n');
}
