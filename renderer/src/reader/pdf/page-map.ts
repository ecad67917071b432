/**
 * A PDF's canonical offsets ↔ its pages' pdf.js text items, from what the index worker recorded
 * (`SourceDoc.pageItems`: per page, triples `[itemIndex, start, end]`). The text layer draws one
 * span per item, so a span and a character in it name a canonical offset, and back.
 */
import type { SourceDoc } from '../../../../main/common/contract';
import { pageAt } from '../../../../main/common/library/locate';

export interface ItemSpan { item: number; start: number; end: number }

export class PageMap {
  private readonly pages: ItemSpan[][];
  private readonly byItem: Array<Map<number, ItemSpan>>;

  constructor(private readonly doc: Pick<SourceDoc, 'pageItems' | 'pageStarts' | 'text'>) {
    this.pages = (doc.pageItems ?? []).map((flat) => {
      const spans: ItemSpan[] = [];
      for (let i = 0; i + 2 < flat.length; i += 3) spans.push({ item: flat[i]!, start: flat[i + 1]!, end: flat[i + 2]! });
      return spans;
    });
    this.byItem = this.pages.map((spans) => new Map(spans.map((s) => [s.item, s])));
  }

  get pageCount(): number { return this.pages.length; }

  /** The 1-based page holding an offset. */
  pageOf(offset: number): number {
    return pageAt(this.doc.pageStarts ?? [], offset);
  }

  /** Where page `n`'s text starts and ends in the canonical text. */
  pageRange(n: number): { start: number; end: number } {
    const starts = this.doc.pageStarts ?? [];
    return { start: starts[n - 1] ?? 0, end: starts[n] ?? this.doc.text.length };
  }

  spansOf(page: number): readonly ItemSpan[] { return this.pages[page - 1] ?? []; }

  span(page: number, item: number): ItemSpan | undefined { return this.byItem[page - 1]?.get(item); }

  /** The items of a page that hold part of [start, end). */
  spansIn(page: number, start: number, end: number): ItemSpan[] {
    return this.spansOf(page).filter((s) => s.end > start && s.start < end);
  }

  /** The item holding `offset` on its page (or the first one after it). */
  spanAt(offset: number): { page: number; span: ItemSpan } | null {
    const page = this.pageOf(offset);
    const spans = this.spansOf(page);
    const span = spans.find((s) => s.end > offset) ?? spans[spans.length - 1];
    return span ? { page, span } : null;
  }
}

/**
 * A character index in a text layer span's text ↔ a canonical offset: equal lengths map one to
 * one; otherwise (NFKC widened a ligature, a line-end hyphen was dropped) proportionally.
 */
export function toCanonical(span: ItemSpan, spanLength: number, index: number): number {
  const width = span.end - span.start;
  if (spanLength <= 0) return span.start;
  const k = Math.max(0, Math.min(index, spanLength));
  return span.start + (spanLength === width ? k : Math.round((k * width) / spanLength));
}

export function toSpanIndex(span: ItemSpan, spanLength: number, offset: number): number {
  const width = span.end - span.start;
  const k = Math.max(0, Math.min(offset - span.start, width));
  return spanLength === width || width === 0 ? Math.min(k, spanLength) : Math.round((k * spanLength) / width);
}
