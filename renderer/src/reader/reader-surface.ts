/**
 * Windowed rendering: the open source's blocks in a WindowView, its offset map, its outline, and
 * the scroll arithmetic (offset ↔ block ↔ pixels). What a block looks like is the caller's
 * `render`; the surface only knows where blocks are.
 */
import type { Block, NotebookApi, SourceDoc } from '../../../main/common/contract';
import { h, clear } from '../app/dom';
import { displayBlocks, estimateHeight } from './blocks';
import { blockIndexAt } from '../../../main/common/library/locator';
import type { Decoration } from './decorations';
import { TextOffsetMap, type OffsetRange } from './offsets';
import { PdfView } from './pdf/pdf-view';
import { WindowView } from './window-view';

/** What a PDF's pages need from the reader: the API for its bytes, and what to draw over them. */
export interface PdfHost {
  api: NotebookApi;
  decorations(): readonly Decoration[];
  flashing(): boolean;
  onError(message: string): void;
  /** The "quoted by" marker of an annotation whose quote notes cite, or null. */
  quotedBy(annotationId: string): HTMLElement | null;
}

export class ReaderSurface {
  readonly title = h('h1', { class: 'reader-title' }, 'Reader');
  readonly path = h('span', { class: 'reader-path' });
  readonly outline = h('select', { class: 'reader-outline', 'aria-label': 'Outline', hidden: true });
  readonly scroller = h('div', { class: 'reader-scroll', tabindex: 0 });
  readonly content = h('article', { class: 'reader-content' });

  doc: SourceDoc | null = null;
  blocks: Block[] = [];
  map: TextOffsetMap;
  view: WindowView | null = null;
  /** A PDF's pages (renderer/src/reader/pdf/), shown instead of blocks. */
  pdf: PdfView | null = null;

  constructor(private readonly render: (index: number) => HTMLElement, private readonly pdfHost?: PdfHost) {
    this.scroller.appendChild(this.content);
    this.map = new TextOffsetMap(this.content);
    this.outline.addEventListener('change', () => {
      const at = Number(this.outline.value);
      if (Number.isFinite(at)) { this.moves++; this.scrollToOffset(at); }
    });
  }

  private moves = 0;
  /** Places the user went to in this source (the outline, a PDF's page field), counted. */
  navigations(): number {
    return this.moves + (this.pdf?.navigations ?? 0);
  }

  dispose(): void {
    this.view?.dispose();
    this.pdf?.dispose();
  }

  /** Shows `doc` from its first block, replacing whatever was shown. */
  mount(doc: SourceDoc): void {
    this.view?.dispose();
    this.pdf?.dispose();
    this.pdf = null;
    clear(this.content);
    this.doc = doc;
    this.blocks = displayBlocks(doc.text, doc.blocks);
    this.map = new TextOffsetMap(this.content);
    this.title.textContent = doc.title;
    this.path.textContent = doc.path;
    this.fillOutline(doc);
    this.content.dataset.format = doc.format;
    if (doc.format === 'pdf' && doc.pageStarts && this.pdfHost) {
      this.view = null;
      this.blocks = [];
      const host = this.pdfHost;
      this.pdf = new PdfView(doc, host.api, this.scroller, { onError: (m) => host.onError(m), quotedBy: (id) => host.quotedBy(id) });
      this.content.appendChild(this.pdf.element);
      return;
    }
    const { lineHeight, charsPerLine } = this.metrics();
    const text = doc.text;
    this.view = new WindowView({
      scroller: this.scroller,
      content: this.content,
      count: this.blocks.length,
      estimate: (i) => estimateHeight(text, this.blocks[i]!, lineHeight, charsPerLine),
      render: this.render,
    });
  }

  /** Shows no source: the empty state, or a title over nothing (an orphaned quote). */
  unmount(title?: string): void {
    this.view?.dispose();
    this.view = null;
    this.pdf?.dispose();
    this.pdf = null;
    this.doc = null;
    clear(this.content);
    if (title === undefined) {
      this.content.appendChild(h('p', { class: 'empty' }, 'Choose a source or a search result to read it here.'));
      return;
    }
    this.title.textContent = title;
    this.path.textContent = '';
    this.outline.hidden = true;
  }

  blockIndexAt(offset: number): number {
    return blockIndexAt(this.blocks, offset);
  }

  /** Re-renders blocks; a focused passage or link that was replaced gets the focus back. */
  refresh(from?: number, to?: number): void {
    if (this.pdf) { this.pdf.setDecorations([...this.pdfHost!.decorations()], this.pdfHost!.flashing()); return; }
    const active = document.activeElement;
    const focused = active instanceof HTMLElement && this.content.contains(active) ? active : null;
    const block = focused?.closest<HTMLElement>('.blk');
    const linkIndex = block && focused !== block ? [...block.querySelectorAll('[role="link"]')].indexOf(focused!) : -1;
    this.view?.refresh(from, to);
    if (!block || block.isConnected) return;
    const fresh = this.view?.blockElement(Number(block.dataset.block));
    const target = linkIndex >= 0 ? fresh?.querySelectorAll<HTMLElement>('[role="link"]')[linkIndex] : fresh;
    target?.focus({ preventScroll: true });
  }

  /** A DOM range in what is shown → canonical offsets (text blocks or a PDF's text layer). */
  rangeOffsets(range: Pick<Range, 'startContainer' | 'startOffset' | 'endContainer' | 'endOffset'>): OffsetRange | null {
    return (this.pdf ?? this.map).rangeOffsets(range);
  }

  scrollToOffset(offset: number): void {
    if (this.pdf) { void this.pdf.scrollToOffset(offset); return; }
    if (!this.view || !this.blocks.length) return;
    const i = this.blockIndexAt(offset);
    const el = this.view.ensure(i);
    let y = 0;
    if (el) {
      const point = this.map.pointAt(el, offset);
      if (point && typeof document.createRange === 'function') {
        const r = document.createRange();
        r.setStart(point.node, point.offset);
        const rect = rectOf(r);
        if (rect.top || rect.bottom) y = rect.top - el.getBoundingClientRect().top;
      }
    }
    this.view.scrollToBlock(i, y);
  }

  firstVisibleOffset(): number {
    if (this.pdf) return this.pdf.firstVisibleOffset();
    return this.blocks[this.firstVisibleBlock()]?.start ?? 0;
  }

  firstVisibleBlock(): number {
    const top = this.scroller.getBoundingClientRect().top;
    for (const el of this.content.querySelectorAll<HTMLElement>('.blk')) {
      if (el.getBoundingClientRect().bottom > top) return Number(el.dataset.block);
    }
    return 0;
  }

  private fillOutline(doc: SourceDoc): void {
    clear(this.outline);
    this.outline.hidden = doc.outline.length === 0;
    this.outline.appendChild(h('option', { value: '' }, 'Outline…'));
    for (const heading of doc.outline) {
      this.outline.appendChild(h('option', { value: heading.start }, `${'  '.repeat(heading.level - 1)}${heading.text}`));
    }
  }

  private metrics(): { lineHeight: number; charsPerLine: number } {
    const style = getComputedStyle(this.content);
    const fontSize = parseFloat(style.fontSize) || 16;
    const lineHeight = parseFloat(style.lineHeight) || fontSize * 1.6;
    const width = this.content.clientWidth || 640;
    return { lineHeight, charsPerLine: Math.max(20, Math.floor(width / (fontSize * 0.5))) };
  }
}

/** A range's box; jsdom has no layout, so it may lack Range#getBoundingClientRect. */
export function rectOf(range: Range): { left: number; top: number; bottom: number } {
  return typeof range.getBoundingClientRect === 'function' ? range.getBoundingClientRect() : { left: 0, top: 0, bottom: 0 };
}
