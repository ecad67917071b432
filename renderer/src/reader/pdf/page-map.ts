/**
 * A PDF's canonical offsets ↔ its pages' pdf.js text items, from what the index worker recorded
 * (`getPageItems`: per page, triples `[itemIndex, start, end]`). The text layer draws one span
 * per item, so a span and a character in it name a canonical offset, and back. Pages are fetched
 * a window at a time as they are drawn (`load`); a book's whole map is as large as its text.
 */
import type { NotebookApi, PageItems, SourceDoc } from '../../../../main/common/contract';
import { pageAt } from '../../../../main/common/library/locate';

export interface ItemSpan { item: number; start: number; end: number }

/** Pages fetched around the one asked for: a screen's neighbours come with it. */
const WINDOW = 8;

export class PageMap {
  private readonly pages = new Map<number, ItemSpan[]>();
  private readonly byItem = new Map<number, Map<number, ItemSpan>>();
  private readonly loading = new Map<number, Promise<void>>();

  constructor(
    private readonly doc: Pick<SourceDoc, 'id' | 'pageStarts' | 'text' | 'contentHash'>,
    private readonly fetchPages: (from: number, count: number) => Promise<PageItems> = () => Promise.reject(new Error('no page map')),
  ) {}

  static fromApi(doc: Pick<SourceDoc, 'id' | 'pageStarts' | 'text' | 'contentHash'>, api: Pick<NotebookApi, 'getPageItems'>): PageMap {
    return new PageMap(doc, (from, count) => api.getPageItems(doc.id, from, count));
  }

  get pageCount(): number { return this.doc.pageStarts?.length ?? 0; }

  /** Fetches page `n`'s items (and its neighbours') unless they are at hand. */
  load(n: number): Promise<void> {
    if (this.pages.has(n) || n < 1 || n > this.pageCount) return Promise.resolve();
    const pending = this.loading.get(n);
    if (pending) return pending;
    // The window starts at n (pages are read forwards) but keeps a few before it.
    let from = Math.max(1, n - 2);
    while (from < n && this.pages.has(from)) from++;
    let count = 0;
    while (count < WINDOW && from + count <= this.pageCount && !this.pages.has(from + count) && !this.loading.has(from + count)) count++;
    const run = this.fetchPages(from, Math.max(1, count)).then((got) => {
      if (got.contentHash !== this.doc.contentHash) throw new Error('the file changed since it was opened: reopen it to quote from it');
      this.add(got);
    }).finally(() => { for (let p = from; p < from + count; p++) this.loading.delete(p); });
    for (let p = from; p < from + Math.max(1, count); p++) this.loading.set(p, run);
    return this.loading.get(n) ?? run;
  }

  private add(got: PageItems): void {
    got.pages.forEach((flat, k) => {
      const spans: ItemSpan[] = [];
      for (let i = 0; i + 2 < flat.length; i += 3) spans.push({ item: flat[i]!, start: flat[i + 1]!, end: flat[i + 2]! });
      this.pages.set(got.from + k, spans);
      this.byItem.set(got.from + k, new Map(spans.map((s) => [s.item, s])));
    });
  }

  /** The 1-based page holding an offset. */
  pageOf(offset: number): number {
    return pageAt(this.doc.pageStarts ?? [], offset);
  }

  /** Where page `n`'s text starts and ends in the canonical text. */
  pageRange(n: number): { start: number; end: number } {
    const starts = this.doc.pageStarts ?? [];
    return { start: starts[n - 1] ?? 0, end: starts[n] ?? this.doc.text.length };
  }

  /** A page's items (none until `load(page)` has resolved). */
  spansOf(page: number): readonly ItemSpan[] { return this.pages.get(page) ?? []; }

  span(page: number, item: number): ItemSpan | undefined { return this.byItem.get(page)?.get(item); }

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
