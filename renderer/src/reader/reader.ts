/**
 * The reader: one source's canonical text with its structure, highlights, "quoted by" markers and
 * search matches, rendered in windows so a 1 MB book opens at once at any passage.
 *
 * Offsets are the currency: a search hit, an annotation's anchor or an outline entry becomes an
 * offset into the canonical text; a selection becomes a start/end pair through TextOffsetMap.
 */
import type { AnchoredAnnotation, Block, ColorDef, NotebookApi, SourceDoc } from '../../../main/common/contract';
import { h, clear, clip, errorText } from '../app/dom';
import { displayBlocks, estimateHeight, renderBlock } from './blocks';
import { annotationEditor, quotedByMarker, type QuotingNote } from './annotation-panels';
import { findTermRanges, type Decoration } from './decorations';
import { blockIndexAt, locatorLabel } from './locator';
import { TextOffsetMap, type OffsetRange } from './offsets';
import { Popover } from './popover';
import { selectionToolbar } from './selection-toolbar';
import { openColorsDialog } from './colors-dialog';
import { WindowView } from './window-view';
import { PdfView } from './pdf/pdf-view';
import { findLinkedSource, headingOffset, wikilinkQuery, type LinkableSource } from './link-targets';
import { stepSelection, type StepUnit } from './text-steps';

export interface ReaderDeps {
  api: NotebookApi;
  /** Opens a note at one of its quotes (the notes pane). */
  openNote(path: string, annotationId: string): void;
  /** Inserts a quote into the current note. */
  insertQuote(quote: { annotationId: string; text: string; label: string }): Promise<void>;
  /** A short message for the status line. */
  notify(message: string, kind?: 'info' | 'error'): void;
  /** How the quote shortcut is written on this platform, for tooltips. */
  quoteShortcut: string;
  /**
   * Runs a query in the search pane. A `[[wikilink]]` no source answers to searches for
   * `tag:"Target"` through it; without it the reader only says that nothing is called so.
   */
  searchFor?(query: string): void;
}

export interface OpenOptions {
  /** Offset to scroll to (a third of the way down the view). */
  at?: number;
  /** A range to mark as the thing pointed at (an annotation, or a passage without matches). */
  target?: OffsetRange;
  /** Flash the target briefly. */
  flash?: boolean;
  /** Search terms to mark inside `passage`. */
  terms?: readonly string[];
  passage?: OffsetRange;
  /** A message shown above the text (e.g. the quote's passage changed). */
  message?: string;
}

const SOURCE_CACHE = 4;
const FLASH_MS = 1600;

export class Reader {
  readonly element: HTMLElement;
  private readonly title = h('h1', { class: 'reader-title' }, 'Reader');
  private readonly path = h('span', { class: 'reader-path' });
  private readonly outline = h('select', { class: 'reader-outline', 'aria-label': 'Outline', hidden: true });
  private readonly message = h('div', { class: 'reader-message', role: 'status', hidden: true });
  private readonly scroller = h('div', { class: 'reader-scroll', tabindex: 0 });
  private readonly content = h('article', { class: 'reader-content' });
  private readonly popover: Popover;

  private doc: SourceDoc | null = null;
  private blocks: Block[] = [];
  private map: TextOffsetMap;
  private view: WindowView | null = null;
  /** A PDF's pages (renderer/src/reader/pdf/), in place of the text blocks. */
  private pdf: PdfView | null = null;
  private annotations: AnchoredAnnotation[] = [];
  private drawn = new Map<string, AnchoredAnnotation>();
  private colors: ColorDef[] = [];
  private decorations: Decoration[] = [];
  private markers = new Map<number, QuotingNote[]>();
  private matches: Decoration[] = [];
  private target: (Decoration & { kind: 'target' }) | null = null;
  private flashUntil = 0;
  private selection: OffsetRange | null = null;
  private openSeq = 0;
  /** The passage that is the reader's tab stop (roving tabindex), once one was focused. */
  private currentPassage: number | null = null;
  private readonly cache = new Map<string, Promise<SourceDoc>>();
  private readonly colorsReady: Promise<void>;
  private readonly selectionListener = () => this.onSelectionChange();

  constructor(private readonly deps: ReaderDeps) {
    this.scroller.appendChild(this.content);
    this.element = h('section', { class: 'reader', role: 'region', 'aria-label': 'Source' },
      h('header', { class: 'reader-head' }, h('div', { class: 'reader-heading' }, this.title, this.path), this.outline),
      this.message,
      this.scroller,
    );
    this.map = new TextOffsetMap(this.content);
    this.popover = new Popover(this.content);
    this.showEmpty();
    this.outline.addEventListener('change', () => {
      const at = Number(this.outline.value);
      if (Number.isFinite(at)) this.scrollToOffset(at);
    });
    document.addEventListener('selectionchange', this.selectionListener);
    this.scroller.addEventListener('contextmenu', (e) => this.onContextMenu(e));
    this.content.addEventListener('click', (e) => this.onClick(e));
    this.content.addEventListener('keydown', (e) => this.onContentKey(e));
    this.scroller.addEventListener('keydown', (e) => {
      // Enter on the reader itself steps into the text: the first passage in view takes the focus.
      if (e.target === this.scroller && e.key === 'Enter' && !hasModifier(e) && this.view) {
        e.preventDefault();
        this.focusPassage(this.firstVisibleBlock());
      }
    });
    this.colorsReady = deps.api.getColors().then((c) => { this.colors = c; }, () => { this.colors = []; });
  }

  dispose(): void {
    document.removeEventListener('selectionchange', this.selectionListener);
    this.view?.dispose();
    this.pdf?.dispose();
    this.popover.dispose();
  }

  get currentSource(): SourceDoc | null {
    return this.doc;
  }

  /** Where the reader is: the open source and the offset at the top of the view (to reopen it there). */
  get position(): { sourceId: string; at: number } | null {
    return this.doc ? { sourceId: this.doc.id, at: this.firstVisibleOffset() } : null;
  }

  /** True once anything was asked to open (even if it is still loading). */
  get used(): boolean {
    return this.openSeq > 0;
  }

  /** The selected range in the current source, if any. */
  get selectedRange(): OffsetRange | null {
    return this.selection;
  }

  focus(): void {
    this.scroller.focus();
  }

  /** Opens a source, scrolled and marked as `opts` says. Resolves once the passage is on screen. */
  async open(sourceId: string, opts: OpenOptions = {}): Promise<void> {
    const seq = ++this.openSeq;
    const annotations = this.deps.api.listAnnotations({ sourceId }).catch((e) => {
      // The text still opens; the user learns why it shows no highlights.
      if (seq === this.openSeq) this.deps.notify(`Could not load the highlights of this source: ${errorText(e)}`, 'error');
      return [] as AnchoredAnnotation[];
    });
    let doc: SourceDoc;
    try {
      doc = await this.loadSource(sourceId);
    } catch (e) {
      if (seq === this.openSeq) this.showMessage(`Could not open this source: ${errorText(e)}`, 'error');
      return;
    }
    if (seq !== this.openSeq) return;
    this.popover.close(false);
    this.matches = opts.terms && opts.passage
      ? findTermRanges(doc.text, opts.passage.start, opts.passage.end, opts.terms).map((r) => ({ kind: 'match' as const, ...r }))
      : [];
    const target = opts.target ?? (opts.passage && !this.matches.length ? opts.passage : undefined);
    this.target = target ? { kind: 'target', ...target } : null;
    this.flashUntil = opts.flash ? performance.now() + FLASH_MS : 0;
    if (this.doc?.id !== doc.id || this.doc.contentHash !== doc.contentHash) {
      this.annotations = [];
      this.drawn = new Map();
      this.mount(doc);
    }
    this.rebuildDecorations();
    this.refreshView();
    this.showMessage(opts.message ?? '', 'info');
    this.scrollToOffset(opts.at ?? opts.target?.start ?? opts.passage?.start ?? 0);

    const anns = await annotations;
    if (seq !== this.openSeq) return;
    this.setAnnotations(anns);
  }

  /**
   * Fetches a source ahead of time (the results list calls this for its first groups), so that
   * opening a hit only has to render. Errors are left for `open` to report.
   */
  prefetch(sourceId: string): void {
    void this.loadSource(sourceId).catch(() => undefined);
  }

  /** Opens the source of an annotation at its anchor and flashes it; explains when it cannot be found. */
  async openAnnotation(annotationId: string): Promise<void> {
    let a: AnchoredAnnotation;
    try {
      a = await this.deps.api.getAnnotation(annotationId);
    } catch (e) {
      this.showMessage(`This quote's highlight no longer exists (${errorText(e)}).`, 'error');
      return;
    }
    if (!a.anchor) {
      const exists = await this.loadSource(a.sourceId).then(() => true, () => false);
      const text = `The quoted passage “${inMessage(a.quote.exact)}” can no longer be found in “${a.sourceTitle}”` +
        (exists ? ': the source has changed since it was quoted.' : ': the source is no longer in the library.');
      if (exists) await this.open(a.sourceId, { at: 0, message: text });
      else this.showOrphan(text);
      return;
    }
    const note = a.anchor.status !== 'exact' && a.currentText !== undefined
      ? `The source changed since this was quoted; the passage now reads “${inMessage(a.currentText)}”.`
      : undefined;
    await this.open(a.sourceId, { at: a.anchor.start, target: { start: a.anchor.start, end: a.anchor.end }, flash: true, message: note });
  }

  /** Highlights the current selection with a named colour. */
  async highlightSelection(color?: string, comment?: string): Promise<void> {
    const range = this.requireSelection();
    if (!range || !this.doc) return;
    await this.colorsReady;
    try {
      const created = await this.deps.api.createAnnotation({
        kind: 'highlight', sourceId: this.doc.id, ...range, color: color ?? this.defaultColor(), ...(comment ? { comment } : {}),
      });
      this.addAnnotation(created);
      this.deps.notify(`Highlighted as “${created.color}”.`);
    } catch (e) {
      this.deps.notify(`Could not highlight: ${errorText(e)}`, 'error');
    }
  }

  /** Quotes the current selection into the current note, creating its annotation first. */
  async quoteSelection(comment?: string): Promise<void> {
    const range = this.requireSelection();
    const doc = this.doc;
    if (!range || !doc) return;
    await this.colorsReady;
    try {
      const created = await this.deps.api.createAnnotation({
        kind: 'quote', sourceId: doc.id, ...range, color: this.defaultColor('quote'), ...(comment ? { comment } : {}),
      });
      this.addAnnotation(created);
      await this.deps.insertQuote({ annotationId: created.id, text: created.quote.exact, label: locatorLabel(doc, range.start) });
      this.deps.notify('Quoted into the note.');
    } catch (e) {
      this.deps.notify(`Could not quote: ${errorText(e)}`, 'error');
    }
  }

  editColors(): void {
    openColorsDialog(this.colors, async (colors) => {
      this.colors = await this.deps.api.setColors(colors);
      this.rebuildDecorations();
      this.refreshView();
      this.deps.notify('Highlight colours saved.');
    });
  }

  /** Re-reads the annotations of the open source (another window or the notes changed them). */
  async reloadAnnotations(): Promise<void> {
    const doc = this.doc;
    if (!doc) return;
    const anns = await this.deps.api.listAnnotations({ sourceId: doc.id }).catch(() => null);
    if (anns && this.doc === doc) this.setAnnotations(anns);
  }

  /** The source changed on disk: reload it, keeping the reading position roughly where it was. */
  async reloadSource(sourceId: string): Promise<void> {
    this.cache.delete(sourceId);
    if (this.doc?.id !== sourceId) return;
    const at = this.firstVisibleOffset();
    await this.open(sourceId, { at });
  }

  scrollToTop(): void {
    this.scrollToOffset(0);
  }

  // ——— rendering ———

  private loadSource(id: string): Promise<SourceDoc> {
    let p = this.cache.get(id);
    if (!p) {
      p = this.deps.api.getSource(id);
      p.catch(() => this.cache.delete(id));
      this.cache.set(id, p);
      if (this.cache.size > SOURCE_CACHE) this.cache.delete(this.cache.keys().next().value!);
    }
    return p;
  }

  private mount(doc: SourceDoc): void {
    this.view?.dispose();
    this.pdf?.dispose();
    this.pdf = null;
    this.popover.close(false);
    clear(this.content);
    this.doc = doc;
    this.selection = null;
    this.currentPassage = null;
    this.blocks = displayBlocks(doc.text, doc.blocks);
    this.map = new TextOffsetMap(this.content);
    this.title.textContent = doc.title;
    this.path.textContent = doc.path;
    this.fillOutline(doc);
    this.content.dataset.format = doc.format;
    if (doc.format === 'pdf' && doc.pageItems) {
      this.view = null;
      this.pdf = new PdfView(doc, this.deps.api, this.scroller, (m) => this.showMessage(m, 'error'));
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
      render: (i) => this.renderBlockAt(i),
    });
  }

  private renderBlockAt(i: number): HTMLElement {
    const doc = this.doc!;
    const block = this.blocks[i]!;
    const decorations = this.decorations.filter((d) => d.end > block.start && d.start < block.end);
    const el = renderBlock(doc.text, block, i, decorations, this.map, doc.format);
    // Passages take the focus for keyboard selection; one of them at most is a tab stop.
    el.tabIndex = i === this.currentPassage ? 0 : -1;
    if (this.flashUntil > performance.now()) for (const m of el.querySelectorAll('mark.target')) m.classList.add('flash');
    const marker = this.markers.get(i);
    if (marker) {
      el.appendChild(quotedByMarker(
        marker,
        (list, from) => this.popover.open(list, from.getBoundingClientRect(), { focus: true }),
        (n) => { this.popover.close(false); this.deps.openNote(n.path, n.annotationId); },
      ));
    }
    return el;
  }

  /** Re-renders blocks; a focused passage or link that was replaced gets the focus back. */
  private refreshView(from?: number, to?: number): void {
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

  private rebuildDecorations(): void {
    const colorOf = new Map(this.colors.map((c) => [c.name.toLowerCase(), c.color]));
    const highlights: Decoration[] = [];
    this.markers = new Map();
    const sorted = [...this.annotations].sort((a, b) => a.created.localeCompare(b.created));
    for (const a of sorted) {
      if (!a.anchor) continue;
      highlights.push({
        kind: 'highlight', id: a.id, start: a.anchor.start, end: a.anchor.end, name: a.color,
        color: colorOf.get(a.color.toLowerCase()) ?? '#c8c8c8', quote: a.kind === 'quote', ...(a.comment ? { comment: a.comment } : {}),
      });
      if (a.quotedBy.length) {
        const i = blockIndexAt(this.blocks, a.anchor.start);
        const list = this.markers.get(i) ?? [];
        for (const q of a.quotedBy) list.push({ annotationId: a.id, path: q.path, title: q.title });
        this.markers.set(i, list);
      }
    }
    this.decorations = [...highlights, ...this.matches, ...(this.target ? [this.target] : [])];
    this.pdf?.setDecorations(this.decorations, this.flashUntil > performance.now());
  }

  /** Replaces the annotations shown, re-rendering only the blocks whose decorations changed. */
  private setAnnotations(annotations: AnchoredAnnotation[]): void {
    const key = (a: AnchoredAnnotation) =>
      `${a.id}|${a.kind}|${a.color}|${a.anchor?.start}|${a.anchor?.end}|${a.comment ?? ''}|${a.quotedBy.map((q) => q.path).join(',')}`;
    // Keys of what is on screen were taken when it was drawn: the objects may have changed since.
    const before = this.drawn;
    const after = new Map(annotations.map((a) => [key(a), a]));
    const changed = [...before].filter(([k]) => !after.has(k)).concat([...after].filter(([k]) => !before.has(k))).map(([, a]) => a);
    this.drawn = new Map(annotations.map((a) => [key(a), { ...a, anchor: a.anchor && { ...a.anchor } }]));
    this.annotations = annotations;
    this.rebuildDecorations();
    // Each block once, however many of its highlights changed (a source opens with all of them new).
    const spans = changed.flatMap((a) => a.anchor
      ? [[blockIndexAt(this.blocks, a.anchor.start), blockIndexAt(this.blocks, Math.max(a.anchor.start, a.anchor.end - 1)) + 1] as const]
      : []).sort((x, y) => x[0] - y[0]);
    let run: [number, number] | null = null;
    for (const [from, to] of spans) {
      if (run && from <= run[1]) run[1] = Math.max(run[1], to);
      else {
        if (run) this.refreshView(...run);
        run = [from, to];
      }
    }
    if (run) this.refreshView(...run);
  }

  private addAnnotation(a: AnchoredAnnotation): void {
    this.setAnnotations([...this.annotations.filter((x) => x.id !== a.id), a]);
    window.getSelection()?.removeAllRanges();
    this.selection = null;
    this.popover.close(false);
  }

  private scrollToOffset(offset: number): void {
    if (this.pdf) { void this.pdf.scrollToOffset(offset); return; }
    if (!this.view || !this.blocks.length) return;
    const i = blockIndexAt(this.blocks, offset);
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

  private firstVisibleOffset(): number {
    if (this.pdf) return this.pdf.firstVisibleOffset();
    return this.blocks[this.firstVisibleBlock()]?.start ?? 0;
  }

  private firstVisibleBlock(): number {
    const top = this.scroller.getBoundingClientRect().top;
    for (const el of this.content.querySelectorAll<HTMLElement>('.blk')) {
      if (el.getBoundingClientRect().bottom > top) return Number(el.dataset.block);
    }
    return 0;
  }

  private showEmpty(): void {
    clear(this.content);
    this.content.appendChild(h('p', { class: 'empty' }, 'Choose a source or a search result to read it here.'));
  }

  private showOrphan(text: string): void {
    this.view?.dispose();
    this.view = null;
    this.doc = null;
    this.title.textContent = 'Quote not found';
    this.path.textContent = '';
    this.outline.hidden = true;
    clear(this.content);
    this.showMessage(text, 'error');
  }

  private showMessage(text: string, kind: 'info' | 'error'): void {
    this.message.textContent = text;
    this.message.hidden = !text;
    this.message.dataset.kind = kind;
  }

  // ——— selection and clicks ———

  /**
   * Tracks the reader's selection. A selection elsewhere (the palette, the note editor) does not
   * forget it: "Quote to note" from the editor quotes what was last selected in the reader.
   */
  private onSelectionChange(): void {
    const sel = window.getSelection();
    const bar = this.popover.element?.classList.contains('sel-toolbar') ? this.popover.element : null;
    if (!sel || sel.rangeCount === 0 || !this.doc) return;
    const range = sel.getRangeAt(0);
    if (!this.content.contains(range.commonAncestorContainer)) return;
    if (bar?.contains(range.commonAncestorContainer)) return;
    const offsets = sel.isCollapsed ? null : (this.pdf ?? this.map).rangeOffsets(range);
    this.selection = offsets;
    if (!offsets) {
      if (bar) this.popover.close(false);
      return;
    }
    this.showToolbar(rectOf(range), false);
  }

  /** Opens the selection toolbar with its comment field ready. */
  commentSelection(): void {
    const range = this.requireSelection();
    if (!range) return;
    const start = this.map.pointAt(this.content, range.start);
    const end = this.map.pointAt(this.content, range.end, 'end');
    let rect = { left: 40, top: 40, bottom: 40 };
    if (start && end) {
      const r = document.createRange();
      r.setStart(start.node, start.offset);
      r.setEnd(end.node, end.offset);
      rect = rectOf(r);
    }
    this.showToolbar(rect, false, true);
    (this.popover.element?.querySelector('.sel-comment') as HTMLElement | null)?.focus();
  }

  private showToolbar(at: { left: number; top: number; bottom: number }, focus: boolean, withComment = false): void {
    const current = this.popover.element;
    if (current?.classList.contains('sel-toolbar') && !focus && !withComment) {
      this.popover.move(current, at); // dragging a selection: keep the same toolbar
      return;
    }
    const bar = selectionToolbar(this.colors, {
      highlight: (color, comment) => void this.highlightSelection(color, comment),
      quote: (comment) => void this.quoteSelection(comment),
      editColors: () => { this.popover.close(false); this.editColors(); },
    }, this.deps.quoteShortcut, withComment);
    this.popover.open(bar, at, { focus });
  }

  private onContextMenu(e: MouseEvent): void {
    if (!this.selection) return;
    e.preventDefault();
    this.showToolbar({ left: e.clientX, top: e.clientY, bottom: e.clientY }, true);
  }

  private onClick(e: MouseEvent): void {
    const link = (e.target as Element).closest?.('[role="link"]') as HTMLElement | null;
    if (link && window.getSelection()?.isCollapsed !== false) {
      e.preventDefault();
      void this.activateLink(link);
      return;
    }
    const mark = (e.target as Element).closest?.('mark.hl') as HTMLElement | null;
    if (!mark || !window.getSelection()?.isCollapsed) return;
    const a = this.annotations.find((x) => x.id === mark.dataset.annotation);
    if (a) this.showAnnotationEditor(a, mark.getBoundingClientRect());
  }

  /** Recolour, comment on or delete an existing highlight. */
  private showAnnotationEditor(a: AnchoredAnnotation, at: DOMRect): void {
    const panel = annotationEditor(a, this.colors, {
      update: async (patch) => {
        try {
          this.addAnnotation(await this.deps.api.updateAnnotation(a.id, patch));
        } catch (err) {
          this.deps.notify(`Could not update the highlight: ${errorText(err)}`, 'error');
        }
      },
      remove: async () => {
        try {
          await this.deps.api.deleteAnnotation(a.id);
          this.popover.close(false);
          this.setAnnotations(this.annotations.filter((x) => x.id !== a.id));
        } catch (err) {
          this.deps.notify(`Could not delete: ${errorText(err)}`, 'error');
        }
      },
      openNote: (path) => { this.popover.close(false); this.deps.openNote(path, a.id); },
    });
    this.popover.open(panel, at, { focus: true });
  }

  // ——— links ———

  /**
   * Follows a link in the text. A wikilink opens the source whose title or file name is its target
   * (case-insensitive), at its `#Heading` if it names one, else searches for `tag:"Target"`. An
   * http(s) link opens outside the app (Electron hands new windows to the system browser); it
   * never replaces the app.
   */
  async activateLink(el: HTMLElement): Promise<void> {
    const href = el.dataset.href;
    if (href) {
      if (/^https?:\/\//i.test(href)) window.open(href, '_blank', 'noopener,noreferrer');
      return;
    }
    const target = el.dataset.wikilink;
    if (!target) return;
    let sources: LinkableSource[] = [];
    try {
      sources = (await this.deps.api.getLibrary()).sources;
    } catch (e) {
      this.deps.notify(`Could not look up “${target}”: ${errorText(e)}`, 'error');
      return;
    }
    const source = findLinkedSource(sources, target);
    if (source) {
      const heading = el.dataset.heading;
      const doc = heading ? await this.loadSource(source.id).catch(() => null) : null;
      await this.open(source.id, { at: (doc && headingOffset(doc.outline, heading!)) ?? 0 });
      return;
    }
    const query = wikilinkQuery(target);
    if (this.deps.searchFor) this.deps.searchFor(query);
    else this.deps.notify(`No source is called “${target}”. Search for ${query} to find the passages that link to it.`);
  }

  // ——— keyboard selection ———

  /**
   * Keys on a focused link or passage. A link follows on Enter. A passage: ↑/↓ move to the
   * previous/next passage; Enter or Space selects the passage's text; Shift+→/← move the end of the
   * selection by a word and Shift+↓/↑ by a sentence, with Alt the start instead; Tab with a
   * selection reaches the selection toolbar ("Quote to note").
   */
  private onContentKey(e: KeyboardEvent): void {
    const el = e.target as HTMLElement;
    if (el.getAttribute?.('role') === 'link' && e.key === 'Enter' && !hasModifier(e)) {
      e.preventDefault();
      void this.activateLink(el);
      return;
    }
    if (!el.classList?.contains('blk') || !this.doc) return;
    const index = Number(el.dataset.block);
    const block = this.blocks[index]!;
    const plain = !hasModifier(e);
    const arrows: Record<string, [StepUnit, 1 | -1]> = { ArrowRight: ['word', 1], ArrowLeft: ['word', -1], ArrowDown: ['sentence', 1], ArrowUp: ['sentence', -1] };
    if (plain && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      const next = index + (e.key === 'ArrowDown' ? 1 : -1);
      if (next >= 0 && next < this.blocks.length) this.focusPassage(next);
    } else if (plain && (e.key === 'Enter' || e.key === ' ')) {
      this.selectOffsets({ start: this.contentStart(index), end: block.end });
    } else if (e.shiftKey && !e.ctrlKey && !e.metaKey && arrows[e.key]) {
      const [unit, direction] = arrows[e.key]!;
      const edge = e.altKey ? 'start' : 'end';
      const live = this.liveSelection();
      const current = live && live.start <= block.end && live.end >= block.start
        ? live
        : edge === 'end' ? { start: this.contentStart(index), end: this.contentStart(index) } : { start: block.end, end: block.end };
      const next = stepSelection(this.doc.text, current, edge, unit, direction);
      if (next.end > next.start) this.selectOffsets(next);
    } else if (e.key === 'Tab' && plain && this.selection) {
      const bar = this.popover.element?.classList.contains('sel-toolbar') ? this.popover.element : null;
      const first = bar?.querySelector<HTMLElement>('button');
      if (!first) return;
      first.focus();
    } else {
      return;
    }
    e.preventDefault();
  }

  /** Focuses passage i (rendering it if needed) and makes it the reader's tab stop. */
  private focusPassage(i: number): void {
    const el = this.view?.ensure(i);
    if (!el) return;
    if (this.currentPassage !== null) {
      const old = this.view!.blockElement(this.currentPassage);
      if (old) old.tabIndex = -1;
    }
    this.currentPassage = i;
    el.tabIndex = 0;
    el.focus({ preventScroll: true });
    el.scrollIntoView?.({ block: 'nearest' });
  }

  /** Where a block's text starts after its leading markup ("## ", "- ", "> "). */
  private contentStart(index: number): number {
    const block = this.blocks[index]!;
    const el = this.view?.blockElement(index);
    const first = el?.firstChild;
    if (first instanceof HTMLElement && first.classList.contains('syntax') && first.firstChild instanceof Text) {
      const start = this.map.startOf(first.firstChild);
      if (start === block.start) return block.start + first.firstChild.length;
    }
    return block.start;
  }

  /** Selects a canonical range in the DOM (the selection toolbar follows, as for a mouse selection). */
  private selectOffsets(range: OffsetRange): void {
    const from = this.view?.ensure(blockIndexAt(this.blocks, range.start));
    const to = this.view?.ensure(blockIndexAt(this.blocks, Math.max(range.start, range.end - 1)));
    const start = from && this.map.pointAt(from, range.start);
    const end = to && this.map.pointAt(to, range.end, 'end');
    const sel = window.getSelection();
    if (!start || !end || !sel) return;
    sel.setBaseAndExtent(start.node, start.offset, end.node, end.offset);
    this.selection = range;
    const focus = sel.focusNode?.parentElement;
    focus?.scrollIntoView?.({ block: 'nearest' });
  }

  /** The live DOM selection in the text, as offsets. */
  private liveSelection(): OffsetRange | null {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed || !this.content.contains(sel.getRangeAt(0).commonAncestorContainer)) return null;
    return (this.pdf ?? this.map).rangeOffsets(sel.getRangeAt(0));
  }

  /**
   * The selection to act on: the live DOM selection when it lies in the text (a shortcut can
   * arrive before the selectionchange event), else the last one made in the reader.
   */
  private requireSelection(): OffsetRange | null {
    this.selection = this.liveSelection() ?? this.selection;
    if (!this.selection) this.deps.notify('Select some text in the source first.', 'error');
    return this.selection;
  }

  private defaultColor(preferred?: string): string {
    const match = preferred && this.colors.find((c) => c.name.toLowerCase() === preferred);
    return match ? match.name : this.colors[0]?.name ?? 'highlight';
  }
}

/** A range's box; jsdom has no layout, so it may lack Range#getBoundingClientRect. */
function rectOf(range: Range): { left: number; top: number; bottom: number } {
  return typeof range.getBoundingClientRect === 'function' ? range.getBoundingClientRect() : { left: 0, top: 0, bottom: 0 };
}

function hasModifier(e: KeyboardEvent): boolean {
  return e.shiftKey || e.altKey || e.ctrlKey || e.metaKey;
}

/** A passage on one line, clipped, to quote inside a message. */
function inMessage(passage: string): string {
  return clip(passage.replace(/\s+/g, ' ').trim(), 160);
}
