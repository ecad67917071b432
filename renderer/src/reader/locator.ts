/**
 * The human locator of a passage, as quotes carry it: "<heading> · ¶<n> · <source title>",
 * where ¶n counts the text blocks since that heading (or since the start of an untitled source).
 */
import type { Block } from '../../../main/common/contract';

export function blockIndexAt(blocks: readonly Pick<Block, 'start' | 'end'>[], offset: number): number {
  // Last block starting at or before the offset.
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
  source: { title: string; text: string; blocks: readonly Block[] },
  offset: number,
): string {
  const { blocks } = source;
  const at = blockIndexAt(blocks, offset);
  let paragraph = 0;
  let heading: string | undefined;
  for (let i = at; i >= 0; i--) {
    const b = blocks[i];
    if (!b) break;
    if (b.kind === 'heading') {
      heading = source.text.slice(b.start, b.end).trim();
      break;
    }
    if (b.kind !== 'rule') paragraph++;
  }
  const parts = [heading, paragraph > 0 ? `¶${paragraph}` : undefined, source.title].filter((p): p is string => !!p);
  return parts.join(' · ');
}
