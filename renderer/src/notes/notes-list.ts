/** The list of notes: open, create, rename, delete, and a filter on titles. */
import type { NoteSummary } from '../../../main/common/contract';
import { hIn as h } from '../app/dom';

export interface NotesListActions {
  open(path: string): void;
  create(): void;
  rename(path: string, title: string): void;
  remove(path: string): void;
}

export class NotesList {
  readonly el: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly filter: HTMLInputElement;
  private readonly empty: HTMLElement;
  private notes: NoteSummary[] = [];
  private current: string | null = null;
  private renaming: string | null = null;

  constructor(private readonly doc: Document, private readonly actions: NotesListActions) {
    this.filter = h(doc, 'input', {
      type: 'search', class: 'sb-notes-filter', 'aria-label': 'Filter notes', placeholder: 'Filter notes',
      oninput: () => this.render(),
    });
    this.list = h(doc, 'ul', { class: 'sb-notes-list', 'aria-label': 'Notes' });
    this.empty = h(doc, 'p', { class: 'sb-notes-empty' });
    this.el = h(doc, 'div', { class: 'sb-notes-list-pane' },
      h(doc, 'div', { class: 'sb-notes-toolbar' },
        h(doc, 'button', { type: 'button', class: 'sb-new-note', onclick: () => actions.create() }, 'New note'),
        this.filter),
      this.list, this.empty);
  }

  set(notes: NoteSummary[]): void {
    this.notes = [...notes].sort((a, b) => b.modified - a.modified || a.title.localeCompare(b.title));
    this.render();
  }

  setCurrent(path: string | null): void {
    this.current = path;
    this.render();
  }

  summaries(): readonly NoteSummary[] {
    return this.notes;
  }

  /** Shows the title as an editable field; Enter renames, Escape cancels. */
  startRename(path: string): void {
    this.renaming = path;
    this.render();
  }

  private render(): void {
    const wanted = this.filter.value.trim().toLowerCase();
    const shown = wanted ? this.notes.filter((n) => n.title.toLowerCase().includes(wanted)) : this.notes;
    this.list.replaceChildren(...shown.map((note) => this.item(note)));
    this.empty.hidden = shown.length > 0;
    this.empty.textContent = this.notes.length ? 'No note title matches the filter.' : 'No notes yet. “New note” starts one.';
    const field = this.list.querySelector<HTMLInputElement>('input.sb-note-rename');
    if (field) {
      field.focus();
      field.select();
    }
  }

  private item(note: NoteSummary): HTMLLIElement {
    const doc = this.doc;
    const isCurrent = note.path === this.current;
    const li = h(doc, 'li', { class: isCurrent ? 'sb-note-item sb-current' : 'sb-note-item', 'data-path': note.path });
    if (this.renaming === note.path) {
      const finish = (commit: boolean) => {
        if (this.renaming !== note.path) return;
        this.renaming = null;
        const title = field.value.trim();
        if (commit && title && title !== note.title) this.actions.rename(note.path, title);
        this.render();
      };
      const field = h(doc, 'input', {
        class: 'sb-note-rename', 'aria-label': `New title for “${note.title}”`, value: note.title,
        onkeydown: (e) => {
          const key = (e as KeyboardEvent).key;
          if (key === 'Enter') finish(true);
          else if (key === 'Escape') finish(false);
        },
        onblur: () => finish(true),
      });
      li.append(field);
      return li;
    }
    li.append(
      h(doc, 'button', {
        type: 'button', class: 'sb-note-open', 'aria-current': isCurrent ? 'page' : undefined, title: note.path,
        onclick: () => this.actions.open(note.path),
        ondblclick: () => this.startRename(note.path),
      }, note.title),
      h(doc, 'button', { type: 'button', class: 'sb-icon', 'aria-label': `Rename “${note.title}”`, title: 'Rename', onclick: () => this.startRename(note.path) }, '✎'),
      h(doc, 'button', { type: 'button', class: 'sb-icon', 'aria-label': `Delete “${note.title}”`, title: 'Delete', onclick: () => this.actions.remove(note.path) }, '×'),
    );
    return li;
  }
}
