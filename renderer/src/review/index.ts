/**
 * The review side of the renderer: the "Review quotes" dialog and its status-line badge,
 * "Check quotes", and the exports. The app shell creates one `ReviewTools` and runs its commands.
 */
import type { NotebookApi } from '../../../main/common/contract';
import { h, errorText } from '../app/dom';
import { plural } from './context-view';
import { isModalOpen } from './modal';
import { noteTitle } from '../notes/note-title';
import { openQuoteAudit } from './quote-audit';
import { ReviewPanel } from './review-panel';
import { openTextExport, safeFileName } from './text-export';

export interface ReviewDeps {
  api: NotebookApi;
  notify: (message: string, kind?: 'info' | 'error') => void;
  /** Shows an annotation's passage in the reader. */
  openAnnotation: (id: string) => void;
  openNote: (path: string, annotationId?: string) => void;
  /** The path of the note open in the notes pane, if any. */
  currentNote: () => string | null;
  /** Saves the open note, so that its export has the latest edits. */
  flushNotes: () => Promise<void>;
}

export class ReviewTools {
  /** "3 quotes to review": a button for the status line, hidden while nothing waits. */
  readonly badge: HTMLButtonElement;
  private readonly panel: ReviewPanel;

  constructor(private readonly deps: ReviewDeps) {
    this.badge = h('button', { type: 'button', class: 'review-badge', hidden: true, onclick: () => void this.openReview() });
    this.panel = new ReviewPanel({ api: deps.api, notify: deps.notify, counted: (n) => this.setCount(n) });
    // Quotes may have been waiting since an earlier session: no event announces those.
    deps.api.listReview().then((items) => this.setCount(items.length), () => { /* the badge appears with the next change of the review list */ });
  }

  /** Whether one of the review dialogs is open (shortcuts of the shell wait meanwhile). */
  get isOpen(): boolean {
    return isModalOpen();
  }

  /** The review list's size, as an `annotations-changed` event reported it. */
  reviewChanged(count: number): void {
    this.setCount(count);
    this.panel.changed(count);
  }

  openReview(): Promise<void> {
    return this.panel.open();
  }

  async checkQuotes(): Promise<void> {
    try {
      const audit = await this.deps.api.checkQuotes();
      openQuoteAudit(audit, { openAnnotation: this.deps.openAnnotation, openNote: this.deps.openNote });
    } catch (e) {
      this.deps.notify(`Could not check the quotes: ${errorText(e)}`, 'error');
    }
  }

  async exportAnnotations(): Promise<void> {
    try {
      const collection = await this.deps.api.exportAnnotations();
      openTextExport({
        title: 'Annotations as W3C Web Annotations (JSON)',
        text: `${JSON.stringify(collection, null, 2)}\n`,
        fileName: 'sourcebook-annotations.jsonld',
        mimeType: 'application/ld+json',
      });
    } catch (e) {
      this.deps.notify(`Could not export the annotations: ${errorText(e)}`, 'error');
    }
  }

  async exportNote(): Promise<void> {
    try {
      // Saving first also lets a switch to the note just clicked finish, so that note is the one exported.
      await this.deps.flushNotes();
      const path = this.deps.currentNote();
      if (!path) {
        this.deps.notify('Open a note first: “Export note as Markdown” exports the open note.', 'error');
        return;
      }
      const markdown = await this.deps.api.exportNoteMarkdown(path);
      const title = noteTitle(path);
      openTextExport({
        title: `“${title}” as Markdown`,
        text: markdown,
        fileName: `${safeFileName(title)}.md`,
        mimeType: 'text/markdown',
      });
    } catch (e) {
      this.deps.notify(`Could not export the note: ${errorText(e)}`, 'error');
    }
  }

  /** Quotes waiting in the review list, as last known. */
  get count(): number {
    return this.known;
  }

  private known = 0;

  private setCount(count: number): void {
    this.known = count;
    this.badge.hidden = count === 0;
    const text = `${plural(count, 'quote')} to review`;
    this.badge.textContent = text;
    this.badge.title = 'Their sources changed: open the review list';
  }
}
