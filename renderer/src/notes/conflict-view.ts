/**
 * When a note changed both here and on disk: the disk version beside the editor's, read-only,
 * with "Keep mine" and "Use theirs". Nothing is written until the user picks.
 */
import type { NoteFile } from '../../../main/common/contract';
import { hIn as h } from '../app/dom';
import { createNoteEditor, type NoteEditor } from './note-editor';

export class ConflictView {
  readonly banner: HTMLElement;
  readonly diskPane: HTMLElement;
  /** Heading over the user's side, shown only while both sides are on screen. */
  readonly mineHeading: HTMLElement;
  private diskEditor: NoteEditor | null = null;
  private readonly message: HTMLElement;

  constructor(private readonly doc: Document, private readonly actions: { keepMine(): void; useTheirs(): void; openAnnotation(id: string): void }) {
    this.message = h(doc, 'span', {});
    this.banner = h(doc, 'div', { class: 'sb-conflict-banner', role: 'alert', hidden: true },
      this.message,
      h(doc, 'span', { class: 'sb-conflict-actions' },
        h(doc, 'button', { type: 'button', onclick: () => actions.keepMine() }, 'Keep mine'),
        h(doc, 'button', { type: 'button', onclick: () => actions.useTheirs() }, 'Use theirs')));
    this.mineHeading = h(doc, 'h3', { class: 'sb-conflict-heading', hidden: true }, 'Yours');
    this.diskPane = h(doc, 'section', { class: 'sb-conflict-disk', 'aria-label': 'On disk', hidden: true });
    // The disk version is shown, not used: one click on a link in it would leave the app (and the
    // unsaved side with it), or in Electron hand a mailto:/web link to another program.
    for (const type of ['click', 'auxclick'] as const) {
      this.diskPane.addEventListener(type, (event) => {
        if ((event.target as Element | null)?.closest?.('a')) event.preventDefault();
      }, true);
    }
  }

  show(disk: NoteFile | null): void {
    this.message.textContent = disk
      ? 'This note was changed by another program while you were editing it. Both versions are kept until you choose.'
      : 'This note was deleted or moved by another program while you were editing it.';
    this.banner.hidden = false;
    this.diskPane.hidden = false;
    this.diskEditor?.dispose();
    this.diskEditor = null;
    this.mineHeading.hidden = false;
    this.diskPane.replaceChildren(h(this.doc, 'h3', { class: 'sb-conflict-heading' }, disk ? 'On disk' : 'On disk: deleted'));
    if (disk) {
      this.diskEditor = createNoteEditor(this.diskPane, {
        readOnly: true, openAnnotation: (id) => this.actions.openAnnotation(id), titles: () => [], openWikiLink: () => {}, onEdit: () => {}, onBlur: () => {},
      });
      this.diskEditor.load(disk.markdown);
      this.deadenLinks();
    }
  }

  /** Links in the disk version keep their text and show their target, but lead nowhere (also not by keyboard or drag). */
  private deadenLinks(): void {
    for (const a of this.diskPane.querySelectorAll('a[href]')) {
      a.setAttribute('title', a.getAttribute('href') ?? '');
      a.removeAttribute('href');
    }
  }

  hide(): void {
    this.banner.hidden = true;
    this.diskPane.hidden = true;
    this.mineHeading.hidden = true;
    this.diskEditor?.dispose();
    this.diskEditor = null;
  }
}
