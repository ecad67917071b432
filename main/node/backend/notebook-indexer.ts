/**
 * Notes and quotes in the search index, kept current by the notebook's events: a `notes-changed`
 * re-indexes the notes it names, an `annotations-changed` the annotations it names. No mutating
 * method is wrapped, so a change made by any path (the API, a rename's rewritten links, another
 * program editing a note, a source re-anchored) reaches search the same way.
 *
 * Events are emitted before the change's method returns, and `settled()` waits for the work they
 * queued: a search after a save sees the save.
 */
import type { Annotation, NotebookEvent } from '../../common/contract';
import type { Notebook } from '../notebook';
import type { SearchEngine } from '../search';
import { annotationDocuments, noteDocuments } from './note-documents';

export class NotebookIndexer {
  /** Note path → modification time of the version in the index. */
  private readonly indexedNotes = new Map<string, number>();
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly engine: Pick<SearchEngine, 'setOwner' | 'removeOwner'>,
    private readonly notebook: Pick<Notebook, 'notes' | 'annotations'>,
    private readonly sourcePath: (sourceId: string) => string,
  ) {}

  /** Indexes what is on disk now (notes and quotes are few next to the library: every start). */
  start(): void {
    this.enqueue(async () => {
      await this.syncNotes();
      // As stored: anchoring every quote here would read and parse every quoted book at each start.
      for (const a of await this.notebook.annotations.storedAnnotations()) await this.indexAnnotation(a);
    });
  }

  /** Resolves once every change reported so far is in the index. */
  settled(): Promise<void> {
    return this.queue;
  }

  close(): void {
    this.closed = true;
  }

  onEvent(event: NotebookEvent): void {
    if (event.type === 'notes-changed') {
      this.enqueue(async () => {
        for (const notePath of event.removed) await this.forgetNote(notePath);
        for (const notePath of event.changed) await this.indexNote(notePath);
      });
    } else if (event.type === 'annotations-changed') {
      this.enqueue(async () => {
        for (const id of event.removed) await this.engine.removeOwner(`annotation:${id}`);
        for (const id of event.changed) {
          const a = this.notebook.annotations.find(id);
          if (a) await this.indexAnnotation(a);
          else await this.engine.removeOwner(`annotation:${id}`);
        }
      });
    }
  }

  /** One change at a time, in the order reported; a failure is reported, never thrown at a caller. */
  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((error: unknown) => {
      if (!this.closed) console.error('sourcebook: indexing notes and quotes failed:', (error as Error)?.message ?? error);
    });
  }

  /** Brings the index in line with the notes on disk, reading only notes that are new or changed. */
  private async syncNotes(): Promise<void> {
    const notes = await this.notebook.notes.listNotes();
    const present = new Set(notes.map((n) => n.path));
    for (const indexed of [...this.indexedNotes.keys()]) if (!present.has(indexed)) await this.forgetNote(indexed);
    for (const note of notes) if (this.indexedNotes.get(note.path) !== note.modified) await this.indexNote(note.path);
  }

  private async indexNote(notePath: string): Promise<void> {
    try {
      const note = await this.notebook.notes.readNote(notePath);
      await this.engine.setOwner(`note:${notePath}`, noteDocuments(note));
      this.indexedNotes.set(notePath, note.modified);
    } catch {
      // The note is gone or unreadable: it leaves the index.
      await this.forgetNote(notePath);
    }
  }

  private async forgetNote(notePath: string): Promise<void> {
    this.indexedNotes.delete(notePath);
    await this.engine.removeOwner(`note:${notePath}`);
  }

  private async indexAnnotation(a: Annotation): Promise<void> {
    await this.engine.setOwner(`annotation:${a.id}`, annotationDocuments(a, this.sourcePath(a.sourceId)));
  }
}
