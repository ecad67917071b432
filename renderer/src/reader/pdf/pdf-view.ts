/**
 * A PDF's pages in the reader, drawn by pdf.js: a canvas and a text layer per page, only for the
 * pages in view and their neighbours (pages far away are released), with zoom and page
 * navigation. Selections in the text layer become canonical offsets through the page map the
 * index worker made, and highlights are drawn over the quoted words. pdf.js runs its worker from
 * our own origin (pdf.worker.js beside app.js), with eval off; nothing in the PDF runs.
 */
import type { NotebookApi, SourceDoc } from '../../../../main/common/contract';
import { clear, h } from '../../app/dom';
import type { Decoration } from '../decorations';
import type { OffsetRange } from '../offsets';
import { PageMap } from './page-map';
import { drawMarks } from './page-marks';
import { createSlot, drawSlot, releaseSlot, sizeSlot, type Slot } from './page-slot';
import { openDoc, type PdfDoc, type PdfLib } from './pdfjs';
import { pointAt, rangeOffsets } from './text-points';

export { warmUpPdf } from './pdfjs';


const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];
/** Rendered pages kept at most (canvases are the memory): those in view, their neighbours, a few recent. */
const KEEP_RENDERED = 6;

export class PdfView {
  readonly element: HTMLElement;
  private readonly pagesEl = h('div', { class: 'pdf-pages' });
  private readonly pageInput = h('input', { type: 'number', min: 1, value: 1, 'aria-label': 'Page' }) as HTMLInputElement;
  private readonly pageCount = h('span', { class: 'pdf-page-count' });
  private readonly map: PageMap;
  private slots: Slot[] = [];
  private pdf: PdfDoc | null = null;
  private lib: PdfLib | null = null;
  private zoom = 2; // index into ZOOMS
  private pageSize = { width: 612, height: 792 };
  private decorations: Decoration[] = [];
  private flash = false;
  private observer: IntersectionObserver | null = null;
  private readonly visible = new Set<number>();
  private disposed = false;
  /** The page asked for before the document was open. */
  private opening: number | null = null;
  /** The page the latest navigation went to: drawn first while it is in view. */
  private target: number | null = null;
  /** `schedule` waits for a page being drawn: one at a time. */
  private waiting = false;
  /** Pages that failed to draw: not tried again until the next layout (no retry loop). */
  private readonly failed = new Set<number>();
  /** Counts navigations (open at an offset, go to a page): only the latest one scrolls. */
  private navigation = 0;
  /** Navigations asked for so far: the reader tells one made while a source was opening from its own. */
  get navigations(): number { return this.navigation; }
  private readonly loaded: Promise<void>;
  private readonly onScroll = () => this.updatePageNumber();

  constructor(
    private readonly doc: SourceDoc,
    private readonly api: NotebookApi,
    private readonly scroller: HTMLElement,
    private readonly host: { onError(message: string): void; quotedBy(annotationId: string): HTMLElement | null },
  ) {
    this.map = PageMap.fromApi(doc, api);
    const button = (label: string, text: string, action: () => void) => {
      const b = h('button', { type: 'button', 'aria-label': label, title: label }, text);
      b.addEventListener('click', action);
      return b;
    };
    this.pageInput.addEventListener('change', () => void this.goToPage(Number(this.pageInput.value)));
    this.element = h('div', { class: 'pdf-view' },
      h('div', { class: 'pdf-toolbar', role: 'toolbar', 'aria-label': 'Pages' },
        button('Previous page', '‹', () => void this.goToPage(this.currentPage() - 1)),
        this.pageInput, this.pageCount,
        button('Next page', '›', () => void this.goToPage(this.currentPage() + 1)),
        button('Zoom out', '−', () => void this.setZoom(this.zoom - 1)),
        button('Zoom in', '+', () => void this.setZoom(this.zoom + 1)),
      ),
      this.pagesEl,
    );
    this.scroller.addEventListener('scroll', this.onScroll, { passive: true });
    this.loaded = this.load().catch((e: unknown) => {
      if (!this.disposed) this.host.onError(`Could not draw the pages of this PDF: ${(e as Error)?.message ?? e}`);
    });
  }

  private get scale(): number { return ZOOMS[this.zoom]!; }

  private async load(): Promise<void> {
    // Marks for the reader benchmark (bench:formats): where a cold open's time goes.
    performance.mark('sourcebook:pdf-open');
    // The file's bytes (binary on every transport) and pdf.js, usually on their way since the click.
    const { lib, pdf } = await openDoc(this.api, this.doc);
    this.lib = lib;
    this.pdf = pdf;
    performance.mark('sourcebook:pdf-document');
    if (this.disposed) { await this.pdf.destroy(); return; }
    // The placeholders take the size of the page opened at (its page object is then at hand).
    const first = await this.pdf.getPage(Math.min(this.opening ?? 1, this.pdf.numPages));
    const vp = first.getViewport({ scale: 1 });
    this.pageSize = { width: vp.width, height: vp.height };
    this.pageCount.textContent = `of ${this.pdf.numPages}`;
    this.pageInput.max = String(this.pdf.numPages);
    this.layout();
    // Opened at a page (a search hit, "Open source"): its place is known before any page is
    // drawn, so the pages at the top are never drawn first and the worker goes to that page.
    const at = this.opening !== null ? this.slots[this.opening - 1] : undefined;
    if (!at) return;
    // Its drawing is asked for now, before the view is laid out and observed: pdf.js's worker
    // starts on it at once.
    void this.render(at.n);
    this.scroller.scrollTop += at.div.getBoundingClientRect().top - this.scroller.getBoundingClientRect().top - 8;
  }

  /** One placeholder per page, sized like the first page until it is drawn. */
  private layout(): void {
    this.observer?.disconnect();
    for (const s of this.slots) s.cancel?.();
    clear(this.pagesEl);
    this.visible.clear();
    this.failed.clear();
    this.slots = [];
    const n = this.pdf?.numPages ?? 0;
    for (let i = 1; i <= n; i++) {
      const slot = createSlot(i);
      sizeSlot(slot.div, this.pageSize.width, this.pageSize.height, this.scale);
      this.pagesEl.appendChild(slot.div);
      this.slots.push(slot);
    }
    this.observer = new IntersectionObserver((entries) => {
      for (const e of entries) {
        const page = Number((e.target as HTMLElement).dataset.page);
        if (e.isIntersecting) this.visible.add(page); else this.visible.delete(page);
      }
      this.schedule();
      this.release();
    }, { root: this.scroller, rootMargin: '50% 0px' });
    for (const s of this.slots) this.observer.observe(s.div);
  }

  /**
   * Draws the pages the view wants one after the other, the nearest to the page navigated to (or
   * the middle of the view) first, then their neighbours. pdf.js's worker answers in turn and each
   * page's drawing takes turns on this thread, so pages drawn side by side made the one asked for
   * wait for the others: opening at page 300 drew 299 first, then 300 and 301 interleaved.
   */
  private schedule(): void {
    if (this.waiting || !this.pdf) return;
    // A page drawn for a navigation (open at, go to page) counts too: it is the one wanted first.
    const busy = this.slots.find((s) => s.state === 'rendering');
    const next = busy ? undefined : this.wanted().find((p) => this.slots[p - 1]?.state === 'empty' && !this.failed.has(p));
    const turn = busy ? busy.rendering : next !== undefined ? this.render(next) : undefined;
    if (!turn) return;
    this.waiting = true;
    void turn.finally(() => {
      this.waiting = false;
      this.schedule();
    });
  }

  /** The pages to draw, in order: in view (with the observer's margin), then their neighbours. */
  private wanted(): number[] {
    const inView = [...this.visible].sort((a, b) => a - b);
    if (!inView.length) return [];
    const centre = this.target !== null && this.visible.has(this.target) ? this.target : inView[Math.floor(inView.length / 2)]!;
    const byDistance = (pages: number[]) => pages.sort((a, b) => Math.abs(a - centre) - Math.abs(b - centre) || a - b);
    const around = [...new Set(inView.flatMap((p) => [p - 1, p + 1]))].filter((p) => !this.visible.has(p));
    return [...byDistance(inView), ...byDistance(around)];
  }

  /** Draws page `n` (canvas, text layer, marks) unless it is drawn or being drawn. */
  private render(n: number): Promise<void> {
    const slot = this.slots[n - 1];
    if (!slot || !this.pdf) return Promise.resolve();
    if (slot.state !== 'empty') return slot.rendering ?? Promise.resolve();
    slot.state = 'rendering';
    // Being drawn: assistive technologies wait for it (and tests see which page is drawn when).
    slot.div.setAttribute('aria-busy', 'true');
    const pdf = this.pdf;
    slot.rendering = (async () => {
      // The page's part of the page map comes while the page draws (quotes are drawn with it).
      const mapped = this.map.load(n).catch((e: unknown) => this.host.onError(`Page ${n} cannot be quoted from: ${(e as Error)?.message ?? e}`));
      if (!(await drawSlot(slot, pdf, this.lib!, this.scale, mapped))) return;
      slot.state = 'rendered';
      slot.div.dataset.rendered = 'true';
      this.drawMarks(slot);
      slot.div.dispatchEvent(new CustomEvent('pdf-page-rendered', { bubbles: true, detail: { page: n } }));
    })().catch((e: unknown) => {
      this.failed.add(n);
      if (!this.disposed && (e as Error)?.name !== 'RenderingCancelledException') this.host.onError(`Page ${n} could not be drawn: ${(e as Error)?.message ?? e}`);
    }).finally(() => {
      if (slot.state === 'rendering') slot.state = 'empty';
      slot.rendering = undefined;
      slot.div.removeAttribute('aria-busy');
    });
    return slot.rendering;
  }

  /** Frees the canvases of pages far from the ones in view. */
  private release(): void {
    const rendered = this.slots.filter((s) => s.state === 'rendered');
    if (rendered.length <= KEEP_RENDERED) return;
    const near = (s: Slot) => Math.min(...[...this.visible, this.currentPage()].map((v) => Math.abs(v - s.n)));
    for (const s of rendered.sort((a, b) => near(b) - near(a)).slice(0, rendered.length - KEEP_RENDERED)) {
      if (near(s) > 1) releaseSlot(s);
    }
  }

  /** Highlights, search matches and the target of "Open source", drawn over the page's words. */
  setDecorations(decorations: Decoration[], flash: boolean): void {
    this.decorations = decorations;
    this.flash = flash;
    for (const s of this.slots) if (s.state === 'rendered') this.drawMarks(s);
  }

  private drawMarks(slot: Slot): void {
    drawMarks(slot, this.map, { decorations: this.decorations, flash: this.flash, quotedBy: (id) => this.host.quotedBy(id) });
  }

  /** A DOM range in the text layer → canonical offsets, or null outside the mapped text. */
  rangeOffsets(range: Pick<Range, 'startContainer' | 'startOffset' | 'endContainer' | 'endOffset'>): OffsetRange | null {
    return rangeOffsets(this.slots, this.map, range);
  }

  /**
   * Selects canonical [start, end) in the text layer, its pages drawn first (keyboard selection:
   * the selection toolbar then follows it as for a mouse selection). False when the range has no
   * words on the pages (a page without text).
   */
  async select(range: OffsetRange): Promise<boolean> {
    const first = this.map.pageOf(range.start);
    const last = this.map.pageOf(Math.max(range.start, range.end - 1));
    await Promise.all([this.render(first), this.render(last)]);
    const start = pointAt(this.slots[first - 1], this.map, range.start, 'start');
    const end = pointAt(this.slots[last - 1], this.map, range.end, 'end');
    const sel = window.getSelection();
    if (!start || !end || !sel) return false;
    sel.setBaseAndExtent(start.node, start.offset, end.node, end.offset);
    // The moving edge stays in view, without taking the focus from where the keys are pressed.
    (range.end > range.start ? end : start).node.parentElement?.scrollIntoView({ block: 'nearest' });
    return true;
  }

  /** Scrolls so canonical `offset` is in view (its page drawn first, so the very words can be shown). */
  async scrollToOffset(offset: number): Promise<void> {
    this.opening ??= this.map.pageOf(offset);
    this.target = this.map.pageOf(offset);
    const turn = ++this.navigation;
    await this.loaded;
    await this.map.load(this.map.pageOf(offset)).catch(() => {});
    // A later "go to page" or "open at" while the page map came wins.
    if (turn !== this.navigation) return;
    const at = this.map.spanAt(offset);
    const page = at?.page ?? 1;
    const slot = this.slots[page - 1];
    if (!slot) return;
    this.scroller.scrollTop += slot.div.getBoundingClientRect().top - this.scroller.getBoundingClientRect().top - 8;
    await this.render(page);
    // A page gone to while this one was drawn (a slow page, a busy machine) is where the user is now.
    if (turn !== this.navigation) return;
    const el = at && slot.textDivs?.[at.span.item];
    if (el) {
      const y = el.getBoundingClientRect().top - this.scroller.getBoundingClientRect().top;
      this.scroller.scrollTop += y - this.scroller.clientHeight / 3;
    }
    this.updatePageNumber();
  }

  async goToPage(n: number): Promise<void> {
    this.opening ??= n;
    this.target = n;
    const turn = ++this.navigation;
    await this.loaded;
    if (turn !== this.navigation) return;
    const page = Math.max(1, Math.min(Math.round(n) || 1, this.slots.length));
    const slot = this.slots[page - 1];
    if (!slot) return;
    this.scroller.scrollTop += slot.div.getBoundingClientRect().top - this.scroller.getBoundingClientRect().top - 8;
    this.pageInput.value = String(page);
    await this.render(page);
  }

  private async setZoom(index: number): Promise<void> {
    const next = Math.max(0, Math.min(index, ZOOMS.length - 1));
    if (next === this.zoom) return;
    const page = this.currentPage();
    this.zoom = next;
    this.layout();
    await this.goToPage(page);
  }

  /** The page that fills the upper part of the view. */
  currentPage(): number {
    const box = this.scroller.getBoundingClientRect();
    const line = box.top + Math.min(box.height / 3, 200);
    for (const s of this.slots) if (s.div.getBoundingClientRect().bottom > line) return s.n;
    return 1;
  }

  firstVisibleOffset(): number {
    return this.map.pageRange(this.currentPage()).start;
  }

  private updatePageNumber(): void {
    if (document.activeElement !== this.pageInput) this.pageInput.value = String(this.currentPage());
  }

  dispose(): void {
    this.disposed = true;
    this.scroller.removeEventListener('scroll', this.onScroll);
    this.observer?.disconnect();
    for (const s of this.slots) s.cancel?.();
    void this.pdf?.destroy();
    this.pdf = null;
  }
}
