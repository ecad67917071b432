import type { Block, Heading, Passage } from '../../common/contract';
import { findWikiLinks } from '../../common/markdown/wikilinks';
import { findTags } from '../../common/markdown/tags';

/** Passages aim at a readable paragraph; longer ones are cut at sentence ends. */
const TARGET = 900;
const MAX = 1600;
/** Short neighbouring list items are joined so a list of one-liners is one hit, not ten. */
const JOIN_BELOW = 240;

const SENTENCE_END = /[.!?…]["'”’)\]]*\s+/g;

function splitLong(text: string, start: number, end: number): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let from = start;
  while (end - from > MAX) {
    const window = text.slice(from, from + MAX);
    let cut = -1;
    for (const m of window.matchAll(SENTENCE_END)) {
      const at = m.index! + m[0].length;
      if (at >= TARGET * 0.5 && at <= MAX) cut = at;
      if (at > TARGET) break;
    }
    if (cut < 0) {
      const space = window.lastIndexOf(' ', TARGET);
      cut = space > TARGET * 0.5 ? space + 1 : TARGET;
    }
    let stop = from + cut;
    while (stop > from && /\s/.test(text[stop - 1]!)) stop--;
    spans.push([from, stop]);
    from = from + cut;
    while (from < end && /\s/.test(text[from]!)) from++;
  }
  if (end > from) spans.push([from, end]);
  return spans;
}

/** Paragraph-sized spans over the text blocks, each tagged with its nearest heading and wikilinks. */
export function buildPassages(text: string, blocks: Block[], outline: Heading[], options: { tags?: boolean } = {}): Passage[] {
  const spans: Array<[number, number]> = [];
  let pending: [number, number] | null = null;
  const flush = () => { if (pending) spans.push(...splitLong(text, pending[0], pending[1])); pending = null; };
  for (const block of blocks) {
    if (block.kind === 'heading' || block.kind === 'rule') { flush(); continue; }
    const short = block.end - block.start < JOIN_BELOW;
    if (block.kind === 'list-item' && short && pending && pending[1] - pending[0] < TARGET) {
      pending = [pending[0], block.end];
      continue;
    }
    flush();
    pending = [block.start, block.end];
    if (!(block.kind === 'list-item' && short)) flush();
  }
  flush();

  let h = -1;
  return spans.map(([start, end], index) => {
    while (h + 1 < outline.length && outline[h + 1]!.start <= start) h++;
    const heading = h >= 0 ? outline[h]!.text : undefined;
    const slice = text.slice(start, end);
    // A Markdown source's #tags are tags of its passages, as a note's are (`tag:policy`).
    const links = [...new Set([...findWikiLinks(slice).map((l) => l.target), ...(options.tags ? findTags(slice) : [])])];
    return heading === undefined ? { index, start, end, links } : { index, start, end, heading, links };
  });
}
