/**
 * A notebook: a folder of Markdown notes plus Sourcebook's annotations under `.sourcebook/`.
 * Method names and signatures follow the NotebookApi contract, so the backend only delegates.
 * See docs/notebook.md for the on-disk layout and the rules (atomic writes, conflicts, review).
 */
import { promises as fsp } from 'node:fs';
import type {
  AnchoredAnnotation, Annotation, AnnotationFilter, ColorDef, CreateAnnotationRequest, DeletedNote, NoteFile, NoteLinks, NoteSummary,
  QuoteAudit, ReviewItem, SaveNoteRequest, SaveNoteResult, Unsubscribe, UpdateAnnotationRequest,
} from '../../common/contract';
import { AnnotationStore } from './annotation-store';
import { Annotations } from './annotations';
import { withTextFragments } from './exports';
import { ColorStore } from './colors';
import { NotebookEvents, type NotebookBackendEvent } from './events';
import { PathLocks, type AtomicWriteIo } from '../fs';
import { notebookLayout } from './layout';
import { MAX_NOTE_BYTES } from './note-bytes';
import { NoteStore } from './note-store';
import { Notes } from './notes';
import { ReviewStore } from './review-store';
import { SnapshotStore } from './snapshots';
import type { SourceAccess } from './source-access';

export interface NotebookOptions {
  /** Report notes changed by other programs (default true). */
  watch?: boolean;
  /** Largest note file that is opened (default 50 MB). */
  maxNoteBytes?: number;
  /** Replacement file operations (tests check what is fsynced). */
  io?: Partial<AtomicWriteIo>;
}

/** Opens (creating if needed) the notebook in `folder`; its sources are reached through `sources`. */
export async function openNotebook(folder: string, sources: SourceAccess, options: NotebookOptions = {}): Promise<Notebook> {
  await fsp.mkdir(folder, { recursive: true });
  const notebook = new Notebook(await fsp.realpath(folder), sources, options);
  // Before anything is read: what a crash left (temp files, half-done renames, stray trash entries).
  await notebook.notes.store.recover();
  await notebook.ready();
  if (options.watch !== false) await notebook.notes.watch();
  return notebook;
}

export class Notebook {
  private readonly events = new NotebookEvents();
  readonly notes: Notes;
  readonly annotations: Annotations;

  constructor(readonly root: string, sources: SourceAccess, options: NotebookOptions = {}) {
    const layout = notebookLayout(root);
    // One set of locks for every store: a lock file names the note or file it guards.
    const locks = new PathLocks(layout.locks);
    const io = options.io ?? {};
    const store = new NoteStore(root, { maxBytes: options.maxNoteBytes ?? MAX_NOTE_BYTES, io, locks });
    this.notes = new Notes(store, this.events, (id) => this.annotations.sourceOf(id));
    this.annotations = new Annotations({
      store: new AnnotationStore(layout.annotations, locks, io),
      snapshots: new SnapshotStore(layout.snapshots),
      colors: new ColorStore(layout.colors, locks),
      review: new ReviewStore(layout.review, locks),
      sources,
      notes: this.notes.index,
      events: this.events,
    });
  }

  async ready(): Promise<void> {
    await Promise.all([this.notes.ready(), this.annotations.ready()]);
  }

  /** note-changed / notes-changed / annotations-changed / review-changed events. */
  subscribe(listener: (event: NotebookBackendEvent) => void): Unsubscribe {
    return this.events.subscribe(listener);
  }

  async close(): Promise<void> {
    await this.notes.close();
  }

  // Notes
  listNotes(): Promise<NoteSummary[]> { return this.notes.listNotes(); }
  readNote(path: string): Promise<NoteFile> { return this.notes.readNote(path); }
  createNote(title: string): Promise<NoteFile> { return this.notes.createNote(title); }
  saveNote(request: SaveNoteRequest): Promise<SaveNoteResult> { return this.notes.saveNote(request); }
  renameNote(path: string, title: string): Promise<NoteSummary> { return this.notes.renameNote(path, title); }
  deleteNote(path: string): Promise<DeletedNote> { return this.notes.deleteNote(path); }
  restoreNote(trashId: string): Promise<NoteSummary> { return this.notes.restoreNote(trashId); }
  getNoteLinks(path: string): Promise<NoteLinks> { return this.notes.getNoteLinks(path); }

  // Annotations
  listAnnotations(filter?: AnnotationFilter): Promise<AnchoredAnnotation[]> { return this.annotations.listAnnotations(filter); }
  storedAnnotations(): Promise<Annotation[]> { return this.annotations.storedAnnotations(); }
  getAnnotation(id: string): Promise<AnchoredAnnotation> { return this.annotations.getAnnotation(id); }
  createAnnotation(request: CreateAnnotationRequest): Promise<AnchoredAnnotation> { return this.annotations.createAnnotation(request); }
  updateAnnotation(id: string, request: UpdateAnnotationRequest): Promise<AnchoredAnnotation> { return this.annotations.updateAnnotation(id, request); }
  deleteAnnotation(id: string): Promise<{ id: string }> { return this.annotations.deleteAnnotation(id); }
  getColors(): Promise<ColorDef[]> { return this.annotations.getColors(); }
  setColors(colors: ColorDef[]): Promise<ColorDef[]> { return this.annotations.setColors(colors); }

  // Re-anchoring, review, audit
  /** Call when a source's text changed or it disappeared: re-anchors every annotation on it. */
  reanchorSource(sourceId: string): Promise<void> { return this.annotations.reanchorSource(sourceId); }
  listReview(): Promise<ReviewItem[]> { return this.annotations.listReview(); }
  /** Review list "Keep as orphan". */
  keepAsOrphan(id: string): Promise<AnchoredAnnotation> { return this.annotations.keepAsOrphan(id); }
  checkQuotes(): Promise<QuoteAudit> { return this.annotations.checkQuotes(); }

  // Exports
  /** All annotations as a W3C AnnotationCollection (positions in code points). */
  exportAnnotations(): Promise<Record<string, unknown>> { return this.annotations.exportAnnotations(); }
  /** A note's Markdown with a text-fragment line (prefix, exact, suffix) under each quote. */
  async exportNoteMarkdown(path: string): Promise<string> {
    const note = await this.notes.readNote(path);
    await this.annotations.ready();
    return withTextFragments(note.markdown, (id) => this.annotations.find(id));
  }
}
