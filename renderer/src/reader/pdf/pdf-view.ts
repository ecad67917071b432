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
import { PageMap, toCanonical, toSpanIndex } from './page-map';

type PdfJs = typeof import('pdfjs-dist');
type PdfDoc = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

type PdfWorker = InstanceType<PdfJs['PDFWorker']>;

let loading: Promise<{ lib: PdfJs; worker: PdfWorker }> | null = null;
/**
 * pdf.js and its worker, started once per window and shared by every PDF opened: evaluating
 * pdf.js and starting its worker are a good part of a cold open. Not before a PDF is wanted
 * (pdf.js needs a canvas-capable page, which tests in jsdom are not): `warmUpPdf` starts it when
 * a PDF is about to be opened (a search hit or source fetched ahead of the click).
 */
function loadPdfJs(): Promise<{ lib: PdfJs; worker: PdfWorker }> {
  loading ??= import('pdfjs-dist').then((lib) => {
    lib.GlobalWorkerOptions.workerSrc = 'pdf.worker.js';
    return { lib, worker: new lib.PDFWorker() };
  });
  loading.catch(() => { loading = null; });
  return loading;
}

const assetUrl = (dir: string) => new URL(`pdfjs/${dir}`, document.baseURI).href;

export function warmUpPdf(): void {
  void loadPdfJs().catch(() => {});
}
interface Slot {
  n: number;
  div: HTMLElement;
  marks: HTMLElement;
  state: 'empty' | 'rendering' | 'rendered';
  rendering?: Promise<void>;
  textDivs?: HTMLElement[];
  cancel?: () => void;
}

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
  private lib: PdfJs | null = null;
  private zoom = 2; // index into ZOOMS
  private pageSize = { width: 612, height: 792 };
  private decorations: Decoration[] = [];
  private flash = false;
  private observer: IntersectionObserver | null = null;
  private readonly visible = new Set<number>();
  private disposed = false;
  /** The page asked for before the document was open. */
  private opening: number | null = null;
  /** Counts navigations (open at an offset, go to a page): only the latest one scrolls. */
  private navigation = 0;
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
    // The file's bytes (binary on every transport) and pdf.js come side by side.
    const [file, { lib, worker }] = await Promise.all([this.api.getSourceFile(this.doc.id), loadPdfJs()]);
    performance.mark('sourcebook:pdf-bytes');
    this.lib = lib;
    this.pdf = await lib.getDocument({
      data: file.bytes, worker, isEvalSupported: false, enableXfa: false, useWasm: false, verbosity: 0,
      // CMaps and standard fonts from the package, copied beside app.js by the build: never the network.
      cMapUrl: assetUrl('cmaps/'), cMapPacked: true, standardFontDataUrl: assetUrl('standard_fonts/'),
    }).promise;
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
    if (at) this.scroller.scrollTop += at.div.getBoundingClientRect().top - this.scroller.getBoundingClientRect().top - 8;
  }

  /** One placeholder per page, sized like the first page until it is drawn. */
  private layout(): void {
    this.observer?.disconnect();
    for (const s of this.slots) s.cancel?.();
    clear(this.pagesEl);
    this.visible.clear();
    this.slots = [];
    const n = this.pdf?.numPages ?? 0;
    for (let i = 1; i <= n; i++) {
      const marks = h('div', { class: 'pdf-marks' });
      const div = h('div', { class: 'pdf-page', 'data-page': i, role: 'region', 'aria-label': `Page ${i}` }, marks);
      this.size(div, this.pageSize.width, this.pageSize.height);
      this.pagesEl.appendChild(div);
      this.slots.push({ n: i, div, marks, state: 'empty' });
    }
    this.observer = new IntersectionObserver((entries) => {
      for (const e of entries) {
        const page = Number((e.target as HTMLElement).dataset.page);
        if (e.isIntersecting) this.visible.add(page); else this.visible.delete(page);
      }
      this.renderAround([...this.visible]);
      this.release();
    }, { root: this.scroller, rootMargin: '50% 0px' });
    for (const s of this.slots) this.observer.observe(s.div);
  }

  /**
   * The pages in view first, their neighbours once those are drawn: pdf.js's worker answers in
   * turn, so drawing five pages at once made the one asked for wait for the other four.
   */
  private renderAround(pages: number[]): void {
    const inView = pages.sort((a, b) => a - b);
    void Promise.all(inView.map((p) => this.render(p))).then(() => {
      for (const p of inView) for (const q of [p + 1, p - 1]) void this.render(q);
    });
  }

  private size(div: HTMLElement, width: number, height: number): void {
    div.style.width = `${Math.floor(width * this.scale)}px`;
    div.style.height = `${Math.floor(height * this.scale)}px`;
    div.style.setProperty('--scale-factor', String(this.scale));
    div.style.setProperty('--total-scale-factor', String(this.scale));
  }

  /** Draws page `n` (canvas, text layer, marks) unless it is drawn or being drawn. */
  private render(n: number): Promise<void> {
    const slot = this.slots[n - 1];
    if (!slot || !this.pdf) return Promise.resolve();
    if (slot.state !== 'empty') return slot.rendering ?? Promise.resolve();
    slot.state = 'rendering';
    let cancelled = false;
    let task: { cancel(): void } | null = null;
    slot.cancel = () => { cancelled = true; task?.cancel(); };
    slot.rendering = (async () => {
      // The page's part of the page map comes while the page draws (quotes are drawn with it).
      const mapped = this.map.load(n).catch((e: unknown) => this.host.onError(`Page ${n} cannot be quoted from: ${(e as Error)?.message ?? e}`));
      const page = await this.pdf!.getPage(n);
      const viewport = page.getViewport({ scale: this.scale });
      const ratio = window.devicePixelRatio || 1;
      const canvas = h('canvas', { 'aria-hidden': 'true' }) as HTMLCanvasElement;
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      const view = page.getViewport({ scale: 1 });
      this.size(slot.div, view.width, view.height);
      // The text layer's items are fetched while the canvas draws.
      const textContent = page.getTextContent();
      textContent.catch(() => {}); // a cancelled page never reads it
      const render = page.render({ canvas, canvasContext: canvas.getContext('2d')!, viewport, ...(ratio !== 1 ? { transform: [ratio, 0, 0, ratio, 0, 0] } : {}) });
      task = render;
      await render.promise;
      if (cancelled) return;
      const textEl = h('div', { class: 'textLayer' });
      const layer = new this.lib!.TextLayer({ textContentSource: await textContent, container: textEl, viewport });
      task = layer;
      await layer.render();
      if (cancelled) return;
      // The text layer has one span per text item, in getTextContent() order: the page map's item index.
      layer.textDivs.forEach((span, i) => { span.dataset.item = String(i); });
      slot.textDivs = layer.textDivs;
      await mapped;
      if (cancelled) return;
      slot.div.prepend(canvas);
      slot.div.appendChild(textEl);
      slot.state = 'rendered';
      slot.div.dataset.rendered = 'true';
      this.drawMarks(slot);
      page.cleanup();
      slot.div.dispatchEvent(new CustomEvent('pdf-page-rendered', { bubbles: true, detail: { page: n } }));
    })().catch((e: unknown) => {
      if (!cancelled && (e as Error)?.name !== 'RenderingCancelledException') this.host.onError(`Page ${n} could not be drawn: ${(e as Error)?.message ?? e}`);
    }).finally(() => {
      if (slot.state === 'rendering') slot.state = 'empty';
      slot.rendering = undefined;
    });
    return slot.rendering;
  }

  /** Frees the canvases of pages far from the ones in view. */
  private release(): void {
    const rendered = this.slots.filter((s) => s.state === 'rendered');
    if (rendered.length <= KEEP_RENDERED) return;
    const near = (s: Slot) => Math.min(...[...this.visible, this.currentPage()].map((v) => Math.abs(v - s.n)));
    for (const s of rendered.sort((a, b) => near(b) - near(a)).slice(0, rendered.length - KEEP_RENDERED)) {
      if (near(s) <= 1) continue;
      s.div.querySelector('canvas')?.remove();
      s.div.querySelector('.textLayer')?.remove();
      clear(s.marks);
      s.textDivs = undefined;
      s.state = 'empty';
      delete s.div.dataset.rendered;
    }
  }

  /** Highlights, search matches and the target of "Open source", drawn over the page's words. */
  setDecorations(decorations: Decoration[], flash: boolean): void {
    this.decorations = decorations;
    this.flash = flash;
    for (const s of this.slots) if (s.state === 'rendered') this.drawMarks(s);
  }

  private drawMarks(slot: Slot): void {
    clear(slot.marks);
    const { start, end } = this.map.pageRange(slot.n);
    const base = slot.div.getBoundingClientRect();
    for (const d of this.decorations) {
      if (d.end <= start || d.start >= end) continue;
      const rects = this.rectsOf(slot, Math.max(d.start, start), Math.min(d.end, end));
      // Beside the first line of a quote on its first page: which notes quote it.
      const marker = d.kind === 'highlight' && d.start >= start && rects[0] ? this.host.quotedBy(d.id) : null;
      if (marker) {
        marker.classList.add('pdf-quoted');
        marker.style.top = `${rects[0]!.top - base.top}px`;
        slot.marks.appendChild(marker);
      }
      for (const rect of rects) {
        const mark = h('div', { class: `pdf-mark ${d.kind}${d.kind === 'target' && this.flash ? ' flash' : ''}`, 'data-kind': d.kind, ...(d.kind === 'highlight' ? { 'data-annotation': d.id, title: d.comment ?? d.name } : {}) });
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
  private rectsOf(slot: Slot, start: number, end: number): DOMRect[] {
    const rects: DOMRect[] = [];
    for (const span of this.map.spansIn(slot.n, start, end)) {
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

  /** A DOM range in the text layer → canonical offsets, or null outside the mapped text. */
  rangeOffsets(range: Pick<Range, 'startContainer' | 'startOffset' | 'endContainer' | 'endOffset'>): OffsetRange | null {
    const start = this.offsetAt(range.startContainer, range.startOffset, 'start');
    const end = this.offsetAt(range.endContainer, range.endOffset, 'end');
    return start !== null && end !== null && end > start ? { start, end } : null;
  }

  private offsetAt(container: Node, offset: number, side: 'start' | 'end'): number | null {
    let el: Element | null = container instanceof Element ? container : container.parentElement;
    const pageEl = el?.closest<HTMLElement>('.pdf-page');
    if (!el || !pageEl) return null;
    const page = Number(pageEl.dataset.page);
    const slot = this.slots[page - 1];
    let index = container instanceof Text ? offset : null;
    if (!el.matches('span[data-item]')) {
      // A point between spans (or on the layer itself): the span after it for a start, before it for an end.
      const kids = container instanceof Element ? [...container.childNodes] : [];
      const pick = side === 'start' ? kids.slice(offset) : kids.slice(0, offset).reverse();
      el = pick.find((k): k is Element => k instanceof Element && k.matches('span[data-item]')) ?? null;
      if (!el) return side === 'start' ? this.map.pageRange(page).start : this.map.pageRange(page).end;
      index = side === 'start' ? 0 : (el.textContent ?? '').length;
    }
    // Spans the canonical text leaves out (running headers, blank items): the nearest mapped one.
    const spans = slot?.textDivs ?? [];
    let i = Number((el as HTMLElement).dataset.item);
    let span = this.map.span(page, i);
    while (!span && i >= 0 && i < spans.length) {
      i += side === 'start' ? 1 : -1;
      span = this.map.span(page, i);
      index = side === 'start' ? 0 : Number.MAX_SAFE_INTEGER;
    }
    if (!span) return null;
    const length = spans[i]?.textContent?.length ?? span.end - span.start;
    return toCanonical(span, length, Math.min(index ?? 0, length));
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
    const start = this.pointAt(first, range.start, 'start');
    const end = this.pointAt(last, range.end, 'end');
    const sel = window.getSelection();
    if (!start || !end || !sel) return false;
    sel.setBaseAndExtent(start.node, start.offset, end.node, end.offset);
    // The moving edge stays in view, without taking the focus from where the keys are pressed.
    (range.end > range.start ? end : start).node.parentElement?.scrollIntoView({ block: 'nearest' });
    return true;
  }

  /** The text-layer point of canonical `offset` on drawn page `n`: in the item holding it (or the nearest on its side). */
  private pointAt(n: number, offset: number, side: 'start' | 'end'): { node: Text; offset: number } | null {
    const slot = this.slots[n - 1];
    const spans = [...this.map.spansOf(n)].sort((a, b) => a.start - b.start);
    const span = side === 'start' ? spans.find((s) => s.end > offset) : spans.filter((s) => s.start < offset).pop();
    const node = span && slot?.textDivs?.[span.item]?.firstChild;
    if (!span || !(node instanceof Text)) return null;
    return { node, offset: toSpanIndex(span, node.length, Math.max(span.start, Math.min(offset, span.end))) };
  }

  /** Scrolls so canonical `offset` is in view (its page drawn first, so the very words can be shown). */
  async scrollToOffset(offset: number): Promise<void> {
    this.opening ??= this.map.pageOf(offset);
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
    const el = at && slot.textDivs?.[at.span.item];
    if (el) {
      const y = el.getBoundingClientRect().top - this.scroller.getBoundingClientRect().top;
      this.scroller.scrollTop += y - this.scroller.clientHeight / 3;
    }
    this.updatePageNumber();
  }

  async goToPage(n: number): Promise<void> {
    this.opening ??= n;
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
