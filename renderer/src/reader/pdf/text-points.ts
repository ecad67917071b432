/**
 * Points in a drawn page's text layer ↔ canonical offsets, through the page map: a selection
 * becomes a quote's range, and a range (keyboard selection) becomes a selection.
 */
import type { OffsetRange } from '../offsets';
import { toCanonical, toSpanIndex, type PageMap } from './page-map';
import type { Slot } from './page-slot';

/** A DOM range in the text layer → canonical offsets, or null outside the mapped text. */
export function rangeOffsets(slots: readonly Slot[], map: PageMap, range: Pick<Range, 'startContainer' | 'startOffset' | 'endContainer' | 'endOffset'>): OffsetRange | null {
  const start = offsetAt(slots, map, range.startContainer, range.startOffset, 'start');
  const end = offsetAt(slots, map, range.endContainer, range.endOffset, 'end');
  return start !== null && end !== null && end > start ? { start, end } : null;
}

function offsetAt(slots: readonly Slot[], map: PageMap, container: Node, offset: number, side: 'start' | 'end'): number | null {
  let el: Element | null = container instanceof Element ? container : container.parentElement;
  const pageEl = el?.closest<HTMLElement>('.pdf-page');
  if (!el || !pageEl) return null;
  const page = Number(pageEl.dataset.page);
  const slot = slots[page - 1];
  let index = container instanceof Text ? offset : null;
  if (!el.matches('span[data-item]')) {
    // A point between spans (or on the layer itself): the span after it for a start, before it for an end.
    const kids = container instanceof Element ? [...container.childNodes] : [];
    const pick = side === 'start' ? kids.slice(offset) : kids.slice(0, offset).reverse();
    el = pick.find((k): k is Element => k instanceof Element && k.matches('span[data-item]')) ?? null;
    if (!el) return side === 'start' ? map.pageRange(page).start : map.pageRange(page).end;
    index = side === 'start' ? 0 : (el.textContent ?? '').length;
  }
  // Spans the canonical text leaves out (running headers, blank items): the nearest mapped one.
  const spans = slot?.textDivs ?? [];
  let i = Number((el as HTMLElement).dataset.item);
  let span = map.span(page, i);
  while (!span && i >= 0 && i < spans.length) {
    i += side === 'start' ? 1 : -1;
    span = map.span(page, i);
    index = side === 'start' ? 0 : Number.MAX_SAFE_INTEGER;
  }
  if (!span) return null;
  const length = spans[i]?.textContent?.length ?? span.end - span.start;
  return toCanonical(span, length, Math.min(index ?? 0, length));
}

/** The text-layer point of canonical `offset` on drawn page `slot`: in the item holding it (or the nearest on its side). */
export function pointAt(slot: Slot | undefined, map: PageMap, offset: number, side: 'start' | 'end'): { node: Text; offset: number } | null {
  if (!slot) return null;
  const spans = [...map.spansOf(slot.n)].sort((a, b) => a.start - b.start);
  const span = side === 'start' ? spans.find((s) => s.end > offset) : spans.filter((s) => s.start < offset).pop();
  const node = span && slot.textDivs?.[span.item]?.firstChild;
  if (!span || !(node instanceof Text)) return null;
  return { node, offset: toSpanIndex(span, node.length, Math.max(span.start, Math.min(offset, span.end))) };
}
