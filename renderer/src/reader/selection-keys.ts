/**
 * Selection and keyboard: the reader's remembered selection, the selection toolbar that follows it,
 * and selecting without a mouse (a roving tab stop over passages, word and sentence steps).
 */
import type { ColorDef } from '../../../main/common/contract';
import type { OffsetRange } from './offsets';
import type { Popover } from './popover';
import { rectOf, type ReaderSurface } from './reader-surface';
import { selectionToolbar } from './selection-toolbar';
import { stepSelection, type StepUnit } from './text-steps';

export interface SelectionActions {
  colors(): readonly ColorDef[];
  highlight(color?: string, comment?: string): void;
  quote(comment?: string): void;
  editColors(): void;
  activateLink(el: HTMLElement): void;
  notify(message: string, kind?: 'info' | 'error'): void;
  quoteShortcut: string;
}

export class ReaderSelection {
  /** The last selection made in the reader, kept while focus is elsewhere. */
  selection: OffsetRange | null = null;
  /** The passage that is the reader's tab stop (roving tabindex), once one was focused. */
  currentPassage: number | null = null;
  private readonly selectionListener = () => this.onSelectionChange();

  constructor(private readonly surface: ReaderSurface, private readonly popover: Popover, private readonly actions: SelectionActions) {
    document.addEventListener('selectionchange', this.selectionListener);
    surface.scroller.addEventListener('contextmenu', (e) => this.onContextMenu(e));
    surface.content.addEventListener('keydown', (e) => this.onContentKey(e));
    surface.scroller.addEventListener('keydown', (e) => {
      if (e.target === surface.scroller && surface.pdf) { this.onPdfKey(e); return; }
      // Enter on the reader itself steps into the text: the first passage in view takes the focus.
      if (e.target === surface.scroller && e.key === 'Enter' && !hasModifier(e) && surface.view) {
        e.preventDefault();
        this.focusPassage(surface.firstVisibleBlock());
      }
    });
  }

  dispose(): void {
    document.removeEventListener('selectionchange', this.selectionListener);
  }

  /** A new source: nothing is selected or focused in it yet. */
  reset(): void {
    this.selection = null;
    this.currentPassage = null;
  }

  /** Forgets the selection once it was used (highlighted or quoted). */
  consume(): void {
    window.getSelection()?.removeAllRanges();
    this.selection = null;
  }

  /**
   * The selection to act on: the live DOM selection when it lies in the text (a shortcut can
   * arrive before the selectionchange event), else the last one made in the reader.
   */
  require(): OffsetRange | null {
    this.selection = this.liveSelection() ?? this.selection;
    if (!this.selection) this.actions.notify('Select some text in the source first.', 'error');
    return this.selection;
  }

  /** Opens the selection toolbar with its comment field ready. */
  comment(): void {
    const range = this.require();
    if (!range) return;
    const { map, content } = this.surface;
    const start = map.pointAt(content, range.start);
    const end = map.pointAt(content, range.end, 'end');
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

  /** Focuses passage i (rendering it if needed) and makes it the reader's tab stop. */
  focusPassage(i: number): void {
    const view = this.surface.view;
    const el = view?.ensure(i);
    if (!el) return;
    if (this.currentPassage !== null) {
      const old = view!.blockElement(this.currentPassage);
      if (old) old.tabIndex = -1;
    }
    this.currentPassage = i;
    el.tabIndex = 0;
    el.focus({ preventScroll: true });
    el.scrollIntoView?.({ block: 'nearest' });
  }

  /**
   * Tracks the reader's selection. A selection elsewhere (the palette, the note editor) does not
   * forget it: "Quote to note" from the editor quotes what was last selected in the reader.
   */
  private onSelectionChange(): void {
    const sel = window.getSelection();
    const bar = this.toolbar();
    if (!sel || sel.rangeCount === 0 || !this.surface.doc) return;
    const range = sel.getRangeAt(0);
    if (!this.surface.content.contains(range.commonAncestorContainer)) return;
    if (bar?.contains(range.commonAncestorContainer)) return;
    const offsets = sel.isCollapsed ? null : this.surface.rangeOffsets(range);
    this.selection = offsets;
    if (!offsets) {
      if (bar) this.popover.close(false);
      return;
    }
    this.showToolbar(rectOf(range), false);
  }

  private toolbar(): HTMLElement | null {
    return this.popover.element?.classList.contains('sel-toolbar') ? this.popover.element : null;
  }

  private showToolbar(at: { left: number; top: number; bottom: number }, focus: boolean, withComment = false): void {
    const current = this.toolbar();
    if (current && !focus && !withComment) {
      this.popover.move(current, at); // dragging a selection: keep the same toolbar
      return;
    }
    const { actions } = this;
    const bar = selectionToolbar(actions.colors(), {
      highlight: (color, comment) => actions.highlight(color, comment),
      quote: (comment) => actions.quote(comment),
      editColors: () => { this.popover.close(false); actions.editColors(); },
    }, actions.quoteShortcut, withComment);
    this.popover.open(bar, at, { focus });
  }

  private onContextMenu(e: MouseEvent): void {
    if (!this.selection) return;
    e.preventDefault();
    this.showToolbar({ left: e.clientX, top: e.clientY, bottom: e.clientY }, true);
  }

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
      this.actions.activateLink(el);
      return;
    }
    const { doc, blocks } = this.surface;
    if (!el.classList?.contains('blk') || !doc) return;
    const index = Number(el.dataset.block);
    const block = blocks[index]!;
    const plain = !hasModifier(e);
    const arrows: Record<string, [StepUnit, 1 | -1]> = { ArrowRight: ['word', 1], ArrowLeft: ['word', -1], ArrowDown: ['sentence', 1], ArrowUp: ['sentence', -1] };
    if (plain && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      const next = index + (e.key === 'ArrowDown' ? 1 : -1);
      if (next >= 0 && next < blocks.length) this.focusPassage(next);
    } else if (plain && (e.key === 'Enter' || e.key === ' ')) {
      this.selectOffsets({ start: this.contentStart(index), end: block.end });
    } else if (e.shiftKey && !e.ctrlKey && !e.metaKey && arrows[e.key]) {
      const [unit, direction] = arrows[e.key]!;
      const edge = e.altKey ? 'start' : 'end';
      const live = this.liveSelection();
      const current = live && live.start <= block.end && live.end >= block.start
        ? live
        : edge === 'end' ? { start: this.contentStart(index), end: this.contentStart(index) } : { start: block.end, end: block.end };
      const next = stepSelection(doc.text, current, edge, unit, direction);
      if (next.end > next.start) this.selectOffsets(next);
    } else if (e.key === 'Tab' && plain && this.selection) {
      const first = this.toolbar()?.querySelector<HTMLElement>('button');
      if (!first) return;
      first.focus();
    } else {
      return;
    }
    e.preventDefault();
  }

  /**
   * Keys on a PDF's pages (the reader focused), as on a text source's passages: Enter or Space
   * selects the paragraph at the top of the view; then ↓/↑ select the next/previous paragraph,
   * Shift+→/← move the end of the selection by a word and Shift+↓/↑ by a sentence (with Alt the
   * start), and Tab reaches the selection toolbar. Without a selection the arrows scroll.
   */
  private onPdfKey(e: KeyboardEvent): void {
    const { doc, pdf } = this.surface;
    if (!doc || !pdf) return;
    const paragraphs = doc.blocks;
    const live = this.liveSelection();
    const at = (offset: number) => Math.max(0, paragraphs.findIndex((b) => b.end > offset));
    const arrows: Record<string, [StepUnit, 1 | -1]> = { ArrowRight: ['word', 1], ArrowLeft: ['word', -1], ArrowDown: ['sentence', 1], ArrowUp: ['sentence', -1] };
    let next: OffsetRange | null = null;
    if (!hasModifier(e) && (e.key === 'Enter' || e.key === ' ')) {
      const block = paragraphs[at(pdf.firstVisibleOffset())];
      if (block) next = { start: block.start, end: block.end };
    } else if (!hasModifier(e) && live && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      const block = paragraphs[at(live.start) + (e.key === 'ArrowDown' ? 1 : -1)];
      if (block) next = { start: block.start, end: block.end };
    } else if (e.shiftKey && !e.ctrlKey && !e.metaKey && arrows[e.key] && live) {
      const [unit, direction] = arrows[e.key]!;
      next = stepSelection(doc.text, live, e.altKey ? 'start' : 'end', unit, direction);
    } else if (e.key === 'Tab' && !hasModifier(e) && this.selection) {
      const first = this.toolbar()?.querySelector<HTMLElement>('button');
      if (!first) return;
      first.focus();
      e.preventDefault();
      return;
    } else {
      return;
    }
    e.preventDefault();
    if (next && next.end > next.start) {
      const range = next;
      void pdf.select(range).then((ok) => { if (ok) this.selection = range; });
    }
  }

  /** Where a block's text starts after its leading markup ("## ", "- ", "> "). */
  private contentStart(index: number): number {
    const block = this.surface.blocks[index]!;
    const el = this.surface.view?.blockElement(index);
    const first = el?.firstChild;
    if (first instanceof HTMLElement && first.classList.contains('syntax') && first.firstChild instanceof Text) {
      const start = this.surface.map.startOf(first.firstChild);
      if (start === block.start) return block.start + first.firstChild.length;
    }
    return block.start;
  }

  /** Selects a canonical range in the DOM (the selection toolbar follows, as for a mouse selection). */
  private selectOffsets(range: OffsetRange): void {
    const { view, map } = this.surface;
    const from = view?.ensure(this.surface.blockIndexAt(range.start));
    const to = view?.ensure(this.surface.blockIndexAt(Math.max(range.start, range.end - 1)));
    const start = from && map.pointAt(from, range.start);
    const end = to && map.pointAt(to, range.end, 'end');
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
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed || !this.surface.content.contains(sel.getRangeAt(0).commonAncestorContainer)) return null;
    return this.surface.rangeOffsets(sel.getRangeAt(0));
  }
}

export function hasModifier(e: KeyboardEvent): boolean {
  return e.shiftKey || e.altKey || e.ctrlKey || e.metaKey;
}
