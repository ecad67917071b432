/**
 * The notes pane: the list, the open note's editor with autosave, its links, and conflict
 * handling. One Lexical editor is reused for every note; a NoteAutosave session per open note.
 *
 * Longer than our ~400-line rule on purpose: it is the one place where the open note's states
 * (opening, typing, saving, conflict, an outside change) meet the backend's events, and they
 * must change together; the list, editor, links panel, conflict view and autosave are their own
 * modules.
 */
import type { NoteFile, NotebookApi, NotebookEvent } from '../../../main/common/contract';
import { resolveNoteLink } from '../../../main/common/markdown/wikilinks';
import { errorText, hIn as h } from '../app/dom';
import { NoteAutosave, type SaveState } from './autosave';
import { noteTitle } from './note-title';
import { ConflictView } from './conflict-view';
import { LinksPanel } from './links-panel';
import { createNoteEditor, type NoteEditor } from './note-editor';
import { NotesList } from './notes-list';
import { Notices } from '../app/notices';

export interface NotesDeps {
  api: NotebookApi;
  /** "Open source" on a quote: the shell opens the reader at the annotation's passage. */
  openAnnotation(annotationId: string): void;
  /** The shell's notification channel (mounted alone, the pane shows its own). */
  notices?: Notices;
  /** The review list, where a quote that needs review or was orphaned is decided. */
  openReview?(): void;
  /** Titles offered by `[[` autocomplete for what was typed: notes and sources (the quick switcher's index). */
  suggestLinks?(query: string): string[];
  /** Opens the source a `[[link]]` names, if one does; a link no note answers to then opens it instead of making a note. */
  openLinkedSource?(target: string): Promise<boolean>;
}

/** What the app shell drives. */
export interface NotesController {
  /** Inserts a quote at the cursor of the open note (a new note is made if none is open) and saves. */
  insertQuote(q: { annotationId: string; text: string; label: string }): Promise<void>;
  /** Opens a note (saving the current one first); with `annotationId`, scrolls to that quote. */
  openNote(path: string, annotationId?: string): Promise<void>;
  currentNote(): string | null;
  /** "New note": an empty Untitled note, written to disk once something is typed into it. */
  newNote(): Promise<void>;
  /** Saves the open note now (on quit, page hide, before leaving). */
  flush(): Promise<void>;
  dispose(): void;
}

/** Title given to a note made by quoting before any note was open. */
const QUOTES_NOTE_TITLE = 'Quotes';

export function mountNotes(container: HTMLElement, deps: NotesDeps): NotesController {
  const controller = new NotesPane(container, deps);
  return {
    insertQuote: (q) => controller.insertQuote(q),
    openNote: (path, annotationId) => controller.openNote(path, annotationId),
    currentNote: () => controller.currentNote(),
    newNote: () => controller.newNote(),
    flush: () => controller.flush(),
    dispose: () => controller.dispose(),
  };
}

class NotesPane {
  private readonly doc: Document;
  private readonly root: HTMLElement;
  private readonly list: NotesList;
  private readonly links: LinksPanel;
  private readonly notices: Notices;
  private readonly conflict: ConflictView;
  private readonly editor: NoteEditor;
  private readonly title: HTMLElement;
  private readonly status: HTMLElement;
  private readonly main: HTMLElement;
  private session: NoteAutosave | null = null;
  /** "New note" opened an empty editor whose file is not made yet (see openDraft). */
  private draft = false;
  private drafting: Promise<void> | null = null;
  /** Serialises note switches so a fast second click never interleaves with the first. */
  private switching: Promise<void> = Promise.resolve();
  private readonly unsubscribe: () => void;
  private readonly onPageHide = () => void this.flush();

  constructor(container: HTMLElement, private readonly deps: NotesDeps) {
    this.doc = container.ownerDocument;
    const doc = this.doc;
    this.list = new NotesList(doc, {
      open: (path) => void this.openPicked(path),
      create: () => void this.createNote(),
      rename: (path, title) => void this.rename(path, title),
      remove: (path) => void this.remove(path),
    });
    this.links = new LinksPanel(doc, {
      openNote: (path) => void this.openPicked(path),
      openQuotedSource: (sourceId) => void this.openQuotedSource(sourceId),
    });
    this.notices = deps.notices ?? new Notices(doc);
    this.conflict = new ConflictView(doc, {
      keepMine: () => void this.resolve('mine'),
      useTheirs: () => void this.resolve('theirs'),
      openAnnotation: (id) => deps.openAnnotation(id),
    });
    this.title = h(doc, 'h2', { class: 'sb-note-title' });
    this.status = h(doc, 'span', { class: 'sb-save-status', role: 'status', 'aria-live': 'polite' });
    const editorHost = h(doc, 'section', { class: 'sb-note-mine', 'aria-label': 'Your version' }, this.conflict.mineHeading);
    this.main = h(doc, 'div', { class: 'sb-note-main', hidden: true },
      h(doc, 'header', { class: 'sb-note-header' }, this.title, this.status),
      this.conflict.banner,
      h(doc, 'div', { class: 'sb-note-body' }, editorHost, this.conflict.diskPane),
      this.links.el);
    const placeholder = h(doc, 'p', { class: 'sb-note-placeholder' }, 'Open a note from the list, or start one with “New note”.');
    this.root = h(doc, 'div', { class: 'sb-notes' }, this.list.el, placeholder, this.main, deps.notices ? null : this.notices.el);
    container.append(this.root);

    this.editor = createNoteEditor(editorHost, {
      openAnnotation: (id) => deps.openAnnotation(id),
      ...(deps.openReview ? { openReview: deps.openReview } : {}),
      api: deps.api,
      titles: () => this.list.summaries().map((n) => n.title),
      ...(deps.suggestLinks ? { suggest: (q: string) => this.suggest(q) } : {}),
      openWikiLink: (target) => void this.followWikiLink(target),
      onEdit: () => (this.session ? this.session.changed() : this.draft ? void this.writeDraft() : undefined),
      onBlur: () => void this.session?.flush(),
      notify: (message) => this.notices.show(message, { kind: 'error' }),
    });

    this.unsubscribe = deps.api.subscribe((event) => this.onEvent(event));
    this.doc.defaultView?.addEventListener('pagehide', this.onPageHide);
    void this.refreshList();
  }

  newNote(): Promise<void> {
    return this.createNote();
  }

  currentNote(): string | null {
    return this.session?.notePath ?? null;
  }

  /** Saves the open note, after any switch to another note the user already asked for. */
  async flush(): Promise<void> {
    await this.switching;
    await this.session?.flush();
  }

  openNote(path: string, annotationId?: string): Promise<void> {
    const run = this.switching.then(() => this.switchTo(path, annotationId));
    this.switching = run.catch(() => {});
    return run;
  }

  /** Opens a note picked in the list or the links panel; one that cannot be read says why. */
  private async openPicked(path: string): Promise<void> {
    try {
      await this.openNote(path);
    } catch (error) {
      this.notices.show(`Could not open “${noteTitle(path)}”: ${errorText(error)}`, { kind: 'error' });
    }
  }

  async insertQuote(q: { annotationId: string; text: string; label: string }): Promise<void> {
    await this.switching;
    if (this.draft) await this.writeDraft();
    if (!this.session) {
      // One inbox for quotes made with no note open, kept across restarts: "Quotes.md" if it
      // exists, else made once.
      if (!this.list.summaries().length) await this.refreshList();
      const inbox = this.list.summaries().find((n) => n.title === QUOTES_NOTE_TITLE);
      const path = inbox?.path ?? (await this.deps.api.createNote(QUOTES_NOTE_TITLE)).path;
      await this.openNote(path);
      if (!inbox) void this.refreshList();
    }
    this.editor.insertQuote(q);
    await this.flush();
    void this.refreshLinks();
  }

  dispose(): void {
    void this.flush();
    this.unsubscribe();
    this.doc.defaultView?.removeEventListener('pagehide', this.onPageHide);
    this.session?.dispose();
    this.editor.dispose();
    this.conflict.hide();
    this.root.remove();
  }

  private async switchTo(path: string, annotationId?: string): Promise<void> {
    if (this.session?.notePath === path) {
      if (annotationId) this.editor.revealQuote(annotationId);
      return;
    }
    const file = await this.deps.api.readNote(path);
    await this.close();
    this.load(file);
    if (annotationId) {
      const win = this.doc.defaultView;
      const later = win?.requestAnimationFrame?.bind(win) ?? ((fn: () => void) => setTimeout(fn, 0));
      later(() => this.editor.revealQuote(annotationId));
    }
    else this.editor.focus();
    void this.refreshLinks();
  }

  /** Saves and closes the open note (`save` false: the file is gone and the user agreed). */
  private async close(save = true): Promise<void> {
    if (this.drafting) await this.drafting;
    if (this.draft) {
      // A draft never typed into leaves nothing behind.
      this.draft = false;
      this.main.hidden = true;
      this.root.classList.remove('sb-has-note');
    }
    const session = this.session;
    if (!session) return;
    if (save && session.inConflict) await this.keepConflictedCopy(session.notePath);
    else if (save) await session.flush();
    session.dispose();
    this.session = null;
    this.conflict.hide();
    this.main.hidden = true;
    this.root.classList.remove('sb-has-note');
    this.list.setCurrent(null);
    this.links.clear();
  }

  private load(file: NoteFile): void {
    this.editor.load(file.markdown);
    // The session starts from the editor's own rendering of the file (at the file's version), so
    // Markdown spelled differently on disk (spacing, list markers) is not taken for an edit.
    this.attach(file, this.editor.markdown());
  }

  /**
   * "New note": an empty editor titled Untitled and nothing on disk; the file is made when the
   * first thing is typed into it (writeDraft), so notes left empty never pile up.
   */
  private async openDraft(): Promise<void> {
    await this.close();
    this.draft = true;
    this.editor.load('');
    this.title.textContent = 'Untitled';
    this.main.hidden = false;
    this.root.classList.add('sb-has-note');
    this.status.textContent = 'Not saved yet: type to start the note';
    this.status.dataset.state = 'draft';
    this.editor.focus();
  }

  /** The draft was typed into: make its file, then save what the editor holds. */
  private writeDraft(): Promise<void> {
    this.drafting ??= (async () => {
      try {
        const note = await this.deps.api.createNote('Untitled');
        if (!this.draft) return;
        this.draft = false;
        this.attach(note, note.markdown);
        this.session!.changed();
        void this.refreshList();
      } catch (error) {
        this.notices.show(`Could not create a note: ${errorText(error)}`, { kind: 'error' });
      } finally {
        this.drafting = null;
      }
    })();
    return this.drafting;
  }

  private attach(file: NoteFile, baseline: string): void {
    this.session = new NoteAutosave(file.path, { version: file.version, markdown: baseline }, {
      api: this.deps.api,
      read: () => this.editor.markdown(),
      reload: (disk) => this.reloadFromDisk(disk),
      relabel: (labels) => this.editor.setQuoteLabels(labels),
      showConflict: (disk) => this.conflict.show(disk),
      onState: (state) => this.showState(state),
    });
    this.title.textContent = file.title;
    this.main.hidden = false;
    this.root.classList.add('sb-has-note');
    this.list.setCurrent(file.path);
    this.showState({ kind: 'saved' });
  }

  /**
   * Leaving a note whose conflict is unresolved: the disk keeps the other program's version and
   * the editor's goes to a new note beside it, so neither is lost.
   */
  private async keepConflictedCopy(path: string): Promise<void> {
    const mine = this.editor.markdown();
    try {
      const copy = await this.deps.api.createNote(`${noteTitle(path)} (my version)`);
      const saved = await this.deps.api.saveNote({ path: copy.path, markdown: mine, baseVersion: copy.version });
      if (saved.status !== 'saved') throw new Error('the copy changed on disk while it was written');
      this.notices.show(`“${noteTitle(path)}” changed elsewhere; your version was kept as “${copy.title}”.`);
      void this.refreshList();
    } catch (error) {
      this.notices.show(`Could not keep your version of “${noteTitle(path)}”: ${errorText(error)}`, { kind: 'error' });
      throw error;
    }
  }

  private reloadFromDisk(disk: NoteFile | null): void {
    this.conflict.hide();
    if (!disk) {
      // Only reached with no unsaved edits (otherwise the user is asked): saving now would
      // bring back the file another program just deleted.
      void this.close(false).then(() => this.notices.show('The note was deleted outside Sourcebook.'));
      return;
    }
    this.editor.load(disk.markdown);
    void this.refreshLinks();
  }

  private async resolve(choice: 'mine' | 'theirs'): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.conflict.hide();
    if (choice === 'mine') await session.keepMine();
    else session.useTheirs();
  }

  private showState(state: SaveState): void {
    const text = {
      saved: 'Saved',
      unsaved: 'Editing…',
      saving: 'Saving…',
      conflict: 'Changed on disk: choose a version',
      error: `Not saved (${state.kind === 'error' ? state.message : ''}); retrying`,
    }[state.kind];
    this.status.textContent = text;
    this.status.dataset.state = state.kind;
  }

  private async createNote(): Promise<void> {
    const run = this.switching.then(() => this.openDraft());
    this.switching = run.catch(() => {});
    await run;
  }

  private async rename(path: string, title: string): Promise<void> {
    const isOpen = this.session?.notePath === path;
    try {
      if (isOpen) await this.flush();
      const summary = await this.deps.api.renameNote(path, title);
      if (isOpen && this.session?.notePath === path) {
        this.session.moved(summary.path);
        this.title.textContent = summary.title;
        this.list.setCurrent(summary.path);
        this.editor.focus();
      }
      await this.refreshList();
      void this.refreshLinks();
    } catch (error) {
      this.notices.show(`Could not rename “${noteTitle(path)}”: ${errorText(error)}`, { kind: 'error' });
    }
  }

  private async remove(path: string): Promise<void> {
    const wasOpen = this.session?.notePath === path;
    try {
      if (wasOpen) await this.close();
      const deleted = await this.deps.api.deleteNote(path);
      await this.refreshList();
      this.notices.show(`Deleted “${noteTitle(path)}”.`, { action: {
        label: 'Undo',
        run: async () => {
          try {
            const restored = await this.deps.api.restoreNote(deleted.trashId);
            await this.refreshList();
            if (wasOpen) await this.openNote(restored.path);
          } catch (error) {
            this.notices.show(`Could not restore “${noteTitle(path)}”: ${errorText(error)}`, { kind: 'error' });
          }
        },
      } });
    } catch (error) {
      this.notices.show(`Could not delete “${noteTitle(path)}”: ${errorText(error)}`, { kind: 'error' });
    }
  }

  /** Opens the note a `[[wikilink]]` leads to (as backlinks say), creating it when none does. */
  /** `[[` suggestions: notes and sources, never the note being written. */
  private suggest(query: string): string[] {
    const current = this.session?.notePath;
    const own = current ? this.list.summaries().find((n) => n.path === current)?.title : undefined;
    return [...new Set(this.deps.suggestLinks!(query))].filter((t) => t !== own);
  }

  private async followWikiLink(target: string): Promise<void> {
    let note = resolveNoteLink(this.list.summaries(), target);
    if (!note) {
      await this.refreshList();
      note = resolveNoteLink(this.list.summaries(), target);
    }
    // A link no note answers to but a source does opens the source: no empty note is made.
    if (!note && this.deps.openLinkedSource && await this.deps.openLinkedSource(target).catch(() => false)) return;
    try {
      const path = note?.path ?? (await this.deps.api.createNote(target)).path;
      if (!note) void this.refreshList();
      await this.openNote(path);
    } catch (error) {
      this.notices.show(`Could not open “${target}”: ${errorText(error)}`, { kind: 'error' });
    }
  }

  /** "Quoted sources" → the note's first quote from that source, in the note and in the reader. */
  private async openQuotedSource(sourceId: string): Promise<void> {
    try {
      const fromSource = new Set((await this.deps.api.listAnnotations({ sourceId })).map((a) => a.id));
      const first = this.editor.quoteIds().find((id) => fromSource.has(id));
      if (!first) return;
      this.editor.revealQuote(first);
      this.deps.openAnnotation(first);
    } catch (error) {
      this.notices.show(`Could not open the source: ${errorText(error)}`, { kind: 'error' });
    }
  }

  private async refreshList(): Promise<void> {
    try {
      this.list.set(await this.deps.api.listNotes());
    } catch (error) {
      this.notices.show(`Could not list notes: ${errorText(error)}`, { kind: 'error' });
    }
  }

  private async refreshLinks(): Promise<void> {
    const path = this.session?.notePath;
    if (!path) return;
    try {
      const links = await this.deps.api.getNoteLinks(path);
      if (this.session?.notePath === path) this.links.show(links);
    } catch {
      // A note that vanished has no links to show; the list refresh tells the rest.
    }
  }

  /** Refreshes only what the event names: the open note, the list when notes came or went, its links, its quotes. */
  private onEvent(event: NotebookEvent): void {
    const open = this.session?.notePath;
    switch (event.type) {
      case 'notes-changed': {
        const touchesOpen = open !== undefined && (event.changed.includes(open) || event.removed.includes(open));
        // This pane's own autosave names only the open note: nothing here needs fetching again.
        // Quote labels rewritten to follow their source are not this pane's save, even when they name only its note.
        const ownSave = !event.external && !event.labels?.length && touchesOpen && event.changed.length === 1 && event.removed.length === 0;
        if (ownSave) break;
        if (touchesOpen) void this.session!.externalChange(event.removed.includes(open!));
        void this.refreshList();
        void this.refreshLinks();
        break;
      }
      case 'annotations-changed': {
        const named = [...event.changed, ...event.removed];
        const quoted = new Set(this.editor.quoteIds());
        if (!named.some((id) => quoted.has(id))) break;
        this.editor.refreshQuotes(named);
        void this.refreshLinks();
        break;
      }
      default:
        break;
    }
  }
}
