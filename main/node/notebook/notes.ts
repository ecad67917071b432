/**
 * The notes half of the notebook: the contract's note methods over a NoteStore, with the link
 * index kept current and events for changes made by other programs.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { ApiError, type DeletedNote, type NoteFile, type NoteLinks, type NoteSummary, type SaveNoteRequest, type SaveNoteResult } from '../../common/contract';
import type { NotebookEvents } from './events';
import { contentHash } from '../content-hash';
import { rewriteWikiLinks } from './link-rewrite';
import { bounded, readRegularFile } from '../fs';
import { decodeNote, MAX_NOTE_BYTES } from './note-bytes';
import { NoteIndex } from './note-index';
import { titleOfPath } from './note-names';
import { NoteStore, summaryOf } from './note-store';
import { NoteWatcher, type NoteFileEvent } from './note-watcher';

/** How long closing waits for the watcher and a change being handled. */
const CLOSE_MS = 3_000;

/** Where an annotation points, for "sources this note quotes". */
export type AnnotationSourceLookup = (annotationId: string) => { sourceId: string; title: string } | undefined;

export class Notes {
  readonly index = new NoteIndex();
  private indexed: Promise<void> | undefined;
  private watcher: NoteWatcher | undefined;
  /** Serialises handling of watcher events so a burst of changes is applied in order. */
  private watchQueue: Promise<void> = Promise.resolve();

  constructor(
    readonly store: NoteStore,
    private readonly events: NotebookEvents,
    private readonly annotationSource: AnnotationSourceLookup = () => undefined,
  ) {}

  /** Reads every note once to build the link index (later changes update it incrementally). */
  ready(): Promise<void> {
    this.indexed ??= (async () => {
      for (const summary of await this.store.list()) await this.reindex(summary.path);
    })();
    return this.indexed;
  }

  /** Starts reporting notes changed by other programs as `note-changed` events. */
  async watch(): Promise<void> {
    await this.ready();
    this.watcher ??= new NoteWatcher(this.store.root, (event) => {
      this.watchQueue = this.watchQueue.then(() => this.onFileEvent(event)).catch((err) => console.error('notebook watcher:', err));
    });
    await this.watcher.start();
  }

  /** Stops watching; always completes (a change still being handled is given a few seconds). */
  async close(): Promise<void> {
    const settle = (work: Promise<unknown>) => bounded(work, CLOSE_MS, () => new Error('timed out')).catch(() => undefined);
    await settle(this.watcher?.close() ?? Promise.resolve());
    await settle(this.watchQueue);
  }

  async listNotes(): Promise<NoteSummary[]> {
    return this.store.list();
  }

  async readNote(notePath: string): Promise<NoteFile> {
    return this.store.read(notePath);
  }

  async createNote(title: string): Promise<NoteFile> {
    await this.ready();
    const note = await this.store.create(title);
    this.index.set(note, note.markdown);
    this.events.emit({ type: 'notes-changed' });
    return note;
  }

  async saveNote(request: SaveNoteRequest): Promise<SaveNoteResult> {
    await this.ready();
    const result = await this.store.save(request);
    if (result.status === 'saved') {
      const isNew = !this.index.get(request.path);
      const quotesBefore = this.quoteKey(request.path);
      this.index.set({ path: request.path, title: titleOfPath(request.path), modified: result.modified, bytes: Buffer.byteLength(request.markdown) }, request.markdown);
      if (isNew) this.events.emit({ type: 'notes-changed' });
      if (quotesBefore !== this.quoteKey(request.path)) this.events.emit({ type: 'annotations-changed' });
    }
    return result;
  }

  /** Renames a note and rewrites `[[Old Title]]` links in other notes to the new title. */
  async renameNote(notePath: string, newTitle: string): Promise<NoteSummary> {
    await this.ready();
    const renamed = await this.store.rename(notePath, newTitle);
    if (renamed.path === notePath) return renamed;
    // Another window may have just linked to the note; its watcher report may not be here yet.
    await this.catchUp(notePath);
    const old = this.index.get(notePath);
    // Which links named the note is decided against the notebook as it was before the rename.
    const before = this.index.resolver();
    const linking = this.index.backlinks(notePath, before);
    const leadsToOld = (target: string) => before.leadsTo(target, notePath);
    this.index.remove(notePath);
    await this.reindex(renamed.path);
    for (const note of linking) await this.rewriteLinksIn(note.path, leadsToOld, renamed.path);
    this.events.emit({ type: 'notes-changed' });
    if (old?.annotations.size) this.events.emit({ type: 'annotations-changed' });
    return renamed;
  }

  async deleteNote(notePath: string): Promise<DeletedNote> {
    await this.ready();
    const deleted = await this.store.delete(notePath);
    const hadQuotes = Boolean(this.index.get(notePath)?.annotations.size);
    this.index.remove(notePath);
    this.events.emit({ type: 'notes-changed' });
    if (hadQuotes) this.events.emit({ type: 'annotations-changed' });
    return deleted;
  }

  async restoreNote(trashId: string): Promise<NoteSummary> {
    await this.ready();
    const restored = await this.store.restore(trashId);
    await this.reindex(restored.path);
    this.events.emit({ type: 'notes-changed' });
    if (this.index.get(restored.path)?.annotations.size) this.events.emit({ type: 'annotations-changed' });
    return restored;
  }

  /** Backlinks (notes whose `[[links]]` name this note) and the sources this note quotes. */
  async getNoteLinks(notePath: string): Promise<NoteLinks> {
    await this.ready();
    await this.store.resolve(notePath);
    // A note written by another program while nobody watched is indexed on first use.
    if (!this.index.get(notePath)) await this.reindex(notePath);
    const note = this.index.get(notePath);
    if (!note) throw new ApiError('not-found', `there is no note "${notePath}"`);
    const sources = new Map<string, { sourceId: string; title: string; quotes: number }>();
    for (const [id, quoteBlocks] of note.annotations) {
      const source = this.annotationSource(id);
      if (!source) continue;
      const entry = sources.get(source.sourceId) ?? { ...source, quotes: 0 };
      entry.quotes += Math.max(quoteBlocks, 1);
      sources.set(source.sourceId, entry);
    }
    return {
      backlinks: this.index.backlinks(notePath),
      quotedSources: [...sources.values()].sort((a, b) => a.title.localeCompare(b.title)),
    };
  }

  /** Re-reads into the index every note whose size or modification time differs from what it holds. */
  /** Brings the index up to the disk; `renamedFrom` stays indexed (it is the note being renamed away). */
  private async catchUp(renamedFrom?: string): Promise<void> {
    const onDisk = await this.store.list();
    const paths = new Set(onDisk.map((n) => n.path));
    if (renamedFrom) paths.add(renamedFrom);
    for (const note of this.index.all()) if (!paths.has(note.summary.path)) this.index.remove(note.summary.path);
    for (const summary of onDisk) {
      const indexed = this.index.get(summary.path)?.summary;
      if (!indexed || indexed.modified !== summary.modified || indexed.bytes !== summary.bytes) await this.reindex(summary.path);
    }
  }

  /** Re-reads one note into the index (unreadable notes are indexed without links). */
  private async reindex(notePath: string): Promise<void> {
    const file = await this.store.resolve(notePath);
    try {
      const note = await this.store.readDisk(notePath, file);
      if (note) this.index.set(note, note.markdown);
      else this.index.remove(notePath);
    } catch (err) {
      const stats = await fsp.stat(file).catch(() => null);
      if (stats) this.index.set(summaryOf(notePath, stats), null);
      if (!(err instanceof ApiError)) throw err;
    }
  }

  private async rewriteLinksIn(linkingPath: string, leadsToOld: (target: string) => boolean, newPath: string): Promise<void> {
    // Read, rewrite and write under the note's lock: a save acknowledged meanwhile is never overwritten,
    // and the rewrite is applied to that save rather than dropped (which left links stale).
    const note = await this.store.rewrite(linkingPath, (markdown) => rewriteWikiLinks(markdown, leadsToOld, newPath)).catch(() => null);
    if (note) {
      this.index.set(note, note.markdown);
      this.events.emit({ type: 'note-changed', path: linkingPath, deleted: false });
    }
  }

  private async onFileEvent(event: NoteFileEvent): Promise<void> {
    if (event.path.split('/').some((part) => part.startsWith('.'))) return;
    const file = path.join(this.store.root, ...event.path.split('/'));
    if (event.kind === 'unlink') {
      // Our own deletes and renames forget the path first, so only foreign removals remain.
      if (!this.store.known.has(event.path) && !this.index.get(event.path)) return;
      if (await fsp.stat(file).catch(() => null)) return;
      this.store.known.delete(event.path);
      this.index.remove(event.path);
      this.events.emit({ type: 'note-changed', path: event.path, deleted: true });
      this.events.emit({ type: 'notes-changed' });
      return;
    }
    // Never a plain readFile: a FIFO named x.md would block it, and with it every later event.
    const read = await readRegularFile(file, MAX_NOTE_BYTES).catch(() => null);
    if (!read) return;
    const bytes = read.bytes;
    const version = contentHash(bytes);
    if (this.store.known.get(event.path) === version) return;
    this.store.known.set(event.path, version);
    const isNew = !this.index.get(event.path);
    const quotesBefore = this.quoteKey(event.path);
    let markdown: string | null = null;
    try {
      markdown = decodeNote(bytes, event.path);
    } catch {
      // Unreadable: indexed without links; reading it reports the reason.
    }
    this.index.set(summaryOf(event.path, read.stats), markdown);
    this.events.emit({ type: 'note-changed', path: event.path, deleted: false });
    if (isNew) this.events.emit({ type: 'notes-changed' });
    if (quotesBefore !== this.quoteKey(event.path)) this.events.emit({ type: 'annotations-changed' });
  }

  private quoteKey(notePath: string): string {
    return [...(this.index.get(notePath)?.annotations.keys() ?? [])].sort().join(',');
  }
}
