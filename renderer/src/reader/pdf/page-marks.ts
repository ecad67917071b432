/**
 * What is drawn over a drawn page's words: highlights in their colours, search matches, the
 * target of "Open source", and the "quoted by" markers beside quotes.
 */
import { clear, h } from '../../app/dom';
import type { Decoration } from '../decorations';
import { toSpanIndex, type PageMap } from './page-map';
import type { Slot } from './page-slot';

export interface MarkOptions {
  decorations: readonly Decoration[];
  flash: boolean;
  /** The "quoted by" marker of an annotation whose quote notes cite, or null. */
  quotedBy(annotationId: string): HTMLElement | null;
}

export function drawMarks(slot: Slot, map: PageMap, opts: MarkOptions): void {
  clear(slot.marks);
  const { start, end } = map.pageRange(slot.n);
  const here = opts.decorations.filter((d) => d.end > start && d.start < end);
  // Measured only when there is something to draw: reading a box lays the whole reader out.
  if (!here.length) return;
  const base = slot.div.getBoundingClientRect();
  for (const d of here) {
    const rects = rectsOf(slot, map, Math.max(d.start, start), Math.min(d.end, end));
    // Beside the first line of a quote on its first page: which notes quote it.
    const marker = d.kind === 'highlight' && d.start >= start && rects[0] ? opts.quotedBy(d.id) : null;
    if (marker) {
      marker.classList.add('pdf-quoted');
      marker.style.top = `${rects[0]!.top - base.top}px`;
      slot.marks.appendChild(marker);
    }
    for (const rect of rects) {
      const mark = h('div', { class: `pdf-mark ${d.kind}${d.kind === 'target' && opts.flash ? ' flash' : ''}`, 'data-kind': d.kind, ...(d.kind === 'highlight' ? { 'data-annotation': d.id, title: d.comment ?? d.name } : {}) });
      mark.style.left = `${rect.left - base.left}px`;
      mark.style.top = `${rect.top - base.top}px`;
      mark.style.width = `${rect.width}px`;
      mark.style.height = `${rect.height}px`;
      if (d.kind === 'highlight') { mark.style.backgroundColor = d.color; mark.style.opacity = '0.45'; }
      slot.marks.appendChild(mark);
    }
  }
}

/** The boxes on screen of canonical [start, end) on a drawn page. */
function rectsOf(slot: Slot, map: PageMap, start: number, end: number): DOMRect[] {
  const rects: DOMRect[] = [];
  for (const span of map.spansIn(slot.n, start, end)) {
    const el = slot.textDivs?.[span.item];
    const node = el?.firstChild;
    if (!(node instanceof Text)) continue;
    const r = document.createRange();
    r.setStart(node, toSpanIndex(span, node.length, Math.max(start, span.start)));
    r.setEnd(node, toSpanIndex(span, node.length, Math.min(end, span.end)));
    for (const rect of r.getClientRects()) if (rect.width > 0) rects.push(rect);
  }
  return rects;
}
