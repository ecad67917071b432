/** Below the note: the notes that link to it and the sources it quotes. */
import type { NoteLinks } from '../../../main/common/contract';
import { hIn as h } from '../app/dom';

export class LinksPanel {
  readonly el: HTMLElement;
  private readonly backlinks: HTMLUListElement;
  private readonly sources: HTMLUListElement;

  constructor(
    private readonly doc: Document,
    private readonly actions: { openNote(path: string): void; openQuotedSource(sourceId: string): void },
  ) {
    this.backlinks = h(doc, 'ul', { class: 'sb-backlinks', 'aria-label': 'Backlinks' });
    this.sources = h(doc, 'ul', { class: 'sb-quoted-sources', 'aria-label': 'Quoted sources' });
    this.el = h(doc, 'aside', { class: 'sb-note-links', 'aria-label': 'Links' },
      h(doc, 'section', {}, h(doc, 'h3', {}, 'Backlinks'), this.backlinks),
      h(doc, 'section', {}, h(doc, 'h3', {}, 'Quoted sources'), this.sources));
    this.clear();
  }

  show(links: NoteLinks): void {
    const doc = this.doc;
    this.backlinks.replaceChildren(...(links.backlinks.length
      ? links.backlinks.map((n) => h(doc, 'li', {}, h(doc, 'button', { type: 'button', class: 'sb-link-button', onclick: () => this.actions.openNote(n.path) }, n.title)))
      : [h(doc, 'li', { class: 'sb-none' }, 'No note links here yet.')]));
    this.sources.replaceChildren(...(links.quotedSources.length
      ? links.quotedSources.map((s) => h(doc, 'li', {},
        h(doc, 'button', {
          type: 'button', class: 'sb-link-button', title: 'Show the first quoted passage in the reader',
          onclick: () => this.actions.openQuotedSource(s.sourceId),
        }, s.title),
        h(doc, 'span', { class: 'sb-count' }, ` · ${s.quotes} ${s.quotes === 1 ? 'quote' : 'quotes'}`)))
      : [h(doc, 'li', { class: 'sb-none' }, 'No quotes yet.')]));
  }

  clear(): void {
    this.backlinks.replaceChildren();
    this.sources.replaceChildren();
  }
}
