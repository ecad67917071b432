/**
 * The human locator of a passage, as quotes carry it: "<heading> · ¶<n> · <source title>",
 * where ¶n counts the text blocks since that heading (or since the start of an untitled source);
 * a PDF's quotes give the page instead ("p. 7").
 */
import type { Block, Heading } from '../contract';
import { pageAt } from './locate';

/** Index of the last block starting at or before `offset` (0 when none does). */
export function blockIndexAt(blocks: readonly Pick<Block, 'start' | 'end'>[], offset: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid]!.start <= offset) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return Math.max(0, found);
}

export function locatorLabel(
  source: { title: string; text: string; blocks: readonly Block[]; outline: readonly Heading[]; pageStarts?: readonly number[] },
  offset: number,
): string {
  const { blocks, outline } = source;
  // A PDF is cited by its page, as papers are: "<heading> · p. 7 · <title>".
  const page = source.pageStarts?.length ? `p. ${pageAt(source.pageStarts, offset)}` : undefined;
  const at = blockIndexAt(blocks, offset);
  // The heading above: the backend's outline (clean text) first, else a heading block's text.
  let heading: { text: string; end: number } | undefined;
  for (const h of outline) if (h.start <= offset) heading = h; else break;
  if (!heading) {
    for (let i = at; i >= 0; i--) {
      const b = blocks[i]!;
      if (b.kind === 'heading') {
        heading = { text: source.text.slice(b.start, b.end).replace(/^#{1,6}\s*/, '').trim(), end: b.end };
        break;
      }
    }
  }
  let paragraph = 0;
  const from = heading?.end ?? 0;
  for (let i = 0; i <= at && i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.start >= from && b.kind !== 'heading' && b.kind !== 'rule') paragraph++;
  }
  const title = heading?.text === source.title ? undefined : heading?.text;
  return [title, page ?? (paragraph > 0 ? `¶${paragraph}` : undefined), source.title].filter((p): p is string => !!p).join(' · ');
}
