/**
 * The reader: one source's canonical text with its structure, highlights, "quoted by" markers and
 * search matches, rendered in windows so a 1 MB book opens at once at any passage.
 *
 * Offsets are the currency: a search hit, an annotation's anchor or an outline entry becomes an
 * offset into the canonical text; a selection becomes a start/end pair through TextOffsetMap.
 *
 * This file composes the reader's concerns and holds its public API: loading (`source-cache.ts`),
 * windowed rendering (`reader-surface.ts`), decorations (`annotation-layer.ts`), selection and
 * keyboard (`selection-keys.ts`), links (`link-activation.ts`), the editor of a highlight
 * (`highlight-editor.ts`) and what it says about a quote it opens (`quote-messages.ts`).
 */
import type { AnchoredAnnotation, NotebookApi, SourceDoc } from '../../../main/common/contract';
import { h, errorText } from '../app/dom';
import { renderBlock } from './blocks';
import { quotedByMarker } from './annotation-panels';
import { AnnotationLayer } from './annotation-layer';
import { findTermRanges } from './decorations';
import { locatorLabel } from '../../../main/common/library/locator';
import { shownText } from './quote-text';
import type { OffsetRange } from './offsets';
import { Popover } from './popover';
import { openColorsDialog } from './colors-dialog';
import { ReaderSurface } from './reader-surface';
import { ReaderSelection } from './selection-keys';
import { SourceCache } from './source-cache';
import { warmUpPdf } from './pdf/pdf-view';
import { activateLink } from './link-activation';
import { openHighlightEditor } from './highlight-editor';
import { changedMessage, unanchoredMessage } from './quote-messages';

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
  /** Opens the review list, offered with a quote that needs review or was orphaned. */
  openReview?(): void;
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

const FLASH_MS = 1600;

export class Reader {
  readonly element: HTMLElement;
  private readonly message = h('div', { class: 'reader-message', role: 'status', hidden: true });
  private readonly surface: ReaderSurface;
  private readonly layer: AnnotationLayer;
  private readonly select: ReaderSelection;
  private readonly sources: SourceCache;
  private readonly popover: Popover;
  private flashUntil = 0;
  /** The source shown was removed from the library (see sourceRemoved). */
  private removed: string | null = null;
  private openSeq = 0;
  private readonly colorsReady: Promise<void>;

  constructor(private readonly deps: ReaderDeps) {
    this.surface = new ReaderSurface((i) => this.renderBlockAt(i), {
      api: deps.api,
      decorations: () => this.layer.all,
      flashing: () => this.flashUntil > performance.now(),
      onError: (m) => this.showMessage(m, 'error'),
      quotedBy: (id) => {
        const a = this.layer.find(id);
        return a?.quotedBy.length ? this.marker(a.quotedBy.map((q) => ({ annotationId: a.id, path: q.path, title: q.title }))) : null;
      },
    });
    const { title, path, outline, scroller, content } = this.surface;
    this.element = h('section', { class: 'reader', role: 'region', 'aria-label': 'Source' },
      h('header', { class: 'reader-head' }, h('div', { class: 'reader-heading' }, title, path), outline),
      this.message,
      scroller,
    );
    this.layer = new AnnotationLayer(() => this.surface.blocks);
    this.sources = new SourceCache(deps.api);
    this.popover = new Popover(content);
    this.select = new ReaderSelection(this.surface, this.popover, {
      colors: () => this.layer.colors,
      highlight: (color, comment) => void this.highlightSelection(color, comment),
      quote: (comment) => void this.quoteSelection(comment),
      editColors: () => this.editColors(),
      activateLink: (el) => void this.activateLink(el),
      notify: deps.notify,
      quoteShortcut: deps.quoteShortcut,
    });
    this.surface.unmount();
    content.addEventListener('click', (e) => this.onClick(e));
    this.colorsReady = deps.api.getColors().then((c) => { this.layer.colors = c; }, () => { this.layer.colors = []; });
  }

  dispose(): void {
    this.select.dispose();
    this.surface.dispose();
    this.popover.dispose();
  }

  get currentSource(): SourceDoc | null {
    return this.surface.doc;
  }

  /** Where the reader is: the open source and the offset at the top of the view (to reopen it there). */
  get position(): { sourceId: string; at: number } | null {
    const doc = this.surface.doc;
    return doc ? { sourceId: doc.id, at: this.surface.firstVisibleOffset() } : null;
  }

  /** True once anything was asked to open (even if it is still loading). */
  get used(): boolean {
    return this.openSeq > 0;
  }

  /** The selected range in the current source, if any. */
  get selectedRange(): OffsetRange | null {
    return this.select.selection;
  }

  focus(): void {
    this.surface.scroller.focus();
  }

  /** Opens a source, scrolled and marked as `opts` says. Resolves once the passage is on screen. */
  async open(sourceId: string, opts: OpenOptions = {}): Promise<void> {
    const seq = ++this.openSeq;
    const navigated = this.surface.navigations();
    const annotations = this.deps.api.listAnnotations({ sourceId }).catch((e) => {
      // The text still opens; the user learns why it shows no highlights.
      if (seq === this.openSeq) this.deps.notify(`Could not load the highlights of this source: ${errorText(e)}`, 'error');
      return [] as AnchoredAnnotation[];
    });
    let doc: SourceDoc;
    try {
      doc = await this.sources.get(sourceId);
    } catch (e) {
      if (seq === this.openSeq) this.showMessage(`Could not open this source: ${errorText(e)}`, 'error');
      return;
    }
    if (seq !== this.openSeq) return;
    this.removed = null;
    this.popover.close(false);
    const layer = this.layer;
    layer.matches = opts.terms && opts.passage
      ? findTermRanges(doc.text, opts.passage.start, opts.passage.end, opts.terms).map((r) => ({ kind: 'match' as const, ...r }))
      : [];
    layer.setTarget(opts.target ?? (opts.passage && !layer.matches.length ? opts.passage : undefined));
    this.flashUntil = opts.flash ? performance.now() + FLASH_MS : 0;
    const current = this.surface.doc;
    const remount = current?.id !== doc.id || current.contentHash !== doc.contentHash;
    if (remount) {
      layer.reset();
      this.popover.close(false);
      this.select.reset();
      this.surface.mount(doc);
    }
    layer.rebuild();
    this.surface.refresh();
    this.showMessage(opts.message ?? '', 'info');
    // The source was on screen already and the user went to a page (or a heading) while it was being
    // fetched again: that place is newer than this open's, and the view stays there.
    if (remount || this.surface.navigations() === navigated) this.surface.scrollToOffset(opts.at ?? opts.target?.start ?? opts.passage?.start ?? 0);

    const anns = await annotations;
    if (seq !== this.openSeq) return;
    this.setAnnotations(anns);
  }

  /**
   * Fetches a source ahead of time (the results list calls this for its first groups), so that
   * opening a hit only has to render. Errors are left for `open` to report.
   */
  prefetch(sourceId: string): void {
    // A PDF about to be opened: pdf.js and its worker start now rather than on the click.
    void this.sources.get(sourceId).then((doc) => { if (doc.format === 'pdf') warmUpPdf(); }, () => undefined);
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
      const exists = await this.sources.get(a.sourceId).then(() => true, () => false);
      const text = unanchoredMessage(a, exists, !!this.deps.openReview);
      if (exists) await this.open(a.sourceId, { at: 0, message: text });
      else this.showOrphan(text);
      this.offerReview();
      return;
    }
    const target = { start: a.anchor.start, end: a.anchor.end };
    await this.open(a.sourceId, { at: a.anchor.start, target, flash: true, message: changedMessage(a) });
  }

  /** Highlights the current selection with a named colour. */
  async highlightSelection(color?: string, comment?: string): Promise<void> {
    await this.annotateSelection('highlight', color, comment);
  }

  /** Quotes the current selection into the current note, creating its annotation first. */
  async quoteSelection(comment?: string): Promise<void> {
    await this.annotateSelection('quote', undefined, comment);
  }

  private async annotateSelection(kind: 'highlight' | 'quote', color?: string, comment?: string): Promise<void> {
    if (this.refuseRemoved()) return;
    const range = this.select.require();
    const doc = this.surface.doc;
    if (!range || !doc) return;
    await this.colorsReady;
    try {
      const created = await this.deps.api.createAnnotation({
        kind, sourceId: doc.id, ...range, color: color ?? this.layer.defaultColor(kind === 'quote' ? 'quote' : undefined), ...(comment ? { comment } : {}),
      });
      this.addAnnotation(created);
      if (kind === 'highlight') {
        this.deps.notify(`Highlighted as “${created.color}”.`);
        return;
      }
      // The note gets the words as the reader shows them; the selectors keep the exact offsets.
      await this.deps.insertQuote({ annotationId: created.id, text: shownText(doc, range) || created.quote.exact, label: locatorLabel(doc, range.start) });
      this.deps.notify('Quoted into the note.');
    } catch (e) {
      this.deps.notify(`Could not ${kind === 'quote' ? 'quote' : 'highlight'}: ${errorText(e)}`, 'error');
    }
  }

  /** Opens the selection toolbar with its comment field ready. */
  commentSelection(): void {
    this.select.comment();
  }

  editColors(): void {
    openColorsDialog(this.layer.colors, async (colors) => {
      this.layer.colors = await this.deps.api.setColors(colors);
      this.layer.rebuild();
      this.surface.refresh();
      this.deps.notify('Highlight colours saved.');
    });
  }

  /** Re-reads the annotations of the open source (another window or the notes changed them). */
  async reloadAnnotations(): Promise<void> {
    const doc = this.surface.doc;
    if (!doc) return;
    const anns = await this.deps.api.listAnnotations({ sourceId: doc.id }).catch(() => null);
    if (anns && this.surface.doc === doc) this.setAnnotations(anns);
  }

  /** The source changed on disk: reload it, keeping the reading position roughly where it was. */
  async reloadSource(sourceId: string): Promise<void> {
    this.sources.delete(sourceId);
    const shown = this.surface.doc;
    if (shown?.id !== sourceId) return;
    const at = this.surface.firstVisibleOffset();
    // A change that left the text as shown (the first index of a library names every source) keeps
    // the view as it is: the passage it was asked to show, the selection, the place.
    const fresh = await this.sources.get(sourceId).catch(() => null);
    if (fresh && this.surface.doc === shown && fresh.contentHash === shown.contentHash && fresh.title === shown.title) return;
    await this.open(sourceId, { at });
  }

  /**
   * The open source was deleted or moved away: its text stays readable (it is what the user was
   * reading) under a notice that says so; nothing can be highlighted or quoted in it any more.
   */
  sourceRemoved(sourceId: string): void {
    this.sources.delete(sourceId);
    if (this.surface.doc?.id !== sourceId) return;
    this.removed = sourceId;
    this.showMessage(`“${this.surface.doc.title}” is no longer in the library (deleted or moved): what you see is the text as it was. Its quotes stay in your notes.`, 'error');
  }

  scrollToTop(): void {
    this.surface.scrollToOffset(0);
  }

  /**
   * Follows a link in the text (`link-activation.ts`): a wikilink opens the source it names or
   * searches for it; an http(s) link opens outside the app.
   */
  async activateLink(el: HTMLElement): Promise<void> {
    await activateLink(el, {
      api: this.deps.api,
      loadSource: (id) => this.sources.get(id),
      open: (sourceId, at) => this.open(sourceId, { at }),
      notify: this.deps.notify,
      ...(this.deps.searchFor ? { searchFor: this.deps.searchFor } : {}),
    });
  }

  private renderBlockAt(i: number): HTMLElement {
    const doc = this.surface.doc!;
    const block = this.surface.blocks[i]!;
    const el = renderBlock(doc.text, block, i, this.layer.inBlock(block), this.surface.map, doc.format);
    // Passages take the focus for keyboard selection; one of them at most is a tab stop.
    el.tabIndex = i === this.select.currentPassage ? 0 : -1;
    if (this.flashUntil > performance.now()) for (const m of el.querySelectorAll('mark.target')) m.classList.add('flash');
    const notes = this.layer.markersOf(i);
    if (notes) el.appendChild(this.marker(notes));
    return el;
  }

  /** "Quoted by N notes": lists the notes; choosing one opens it at the quote. */
  private marker(notes: Parameters<typeof quotedByMarker>[0]): HTMLElement {
    return quotedByMarker(
      notes,
      (list, from) => this.popover.open(list, from.getBoundingClientRect(), { focus: true }),
      (n) => { this.popover.close(false); this.deps.openNote(n.path, n.annotationId); },
    );
  }

  /** Replaces the annotations shown, re-rendering only the blocks whose decorations changed. */
  private setAnnotations(annotations: AnchoredAnnotation[]): void {
    for (const [from, to] of this.layer.set(annotations)) this.surface.refresh(from, to);
  }

  private addAnnotation(a: AnchoredAnnotation): void {
    this.setAnnotations([...this.layer.annotations.filter((x) => x.id !== a.id), a]);
    this.select.consume();
    this.popover.close(false);
  }

  private refuseRemoved(): boolean {
    if (!this.removed || this.surface.doc?.id !== this.removed) return false;
    this.deps.notify('This source is no longer in the library: nothing can be quoted from it.', 'error');
    return true;
  }

  private showOrphan(text: string): void {
    this.surface.unmount('Quote not found');
    this.showMessage(text, 'error');
  }

  /** Adds "Open review list" to the message shown. */
  private offerReview(): void {
    if (!this.deps.openReview || this.message.hidden) return;
    const open = this.deps.openReview;
    this.message.append(' ', h('button', { type: 'button', class: 'reader-message-action', onclick: () => open() }, 'Open review list'));
  }

  private showMessage(text: string, kind: 'info' | 'error'): void {
    this.message.textContent = text;
    this.message.hidden = !text;
    this.message.dataset.kind = kind;
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
    const a = this.layer.find(mark.dataset.annotation);
    if (!a) return;
    openHighlightEditor(a, mark.getBoundingClientRect(), {
      api: this.deps.api, popover: this.popover, colors: this.layer.colors, notify: this.deps.notify,
      show: (updated) => this.addAnnotation(updated),
      forget: (id) => this.setAnnotations(this.layer.annotations.filter((x) => x.id !== id)),
      openNote: this.deps.openNote,
    });
  }
}
