/**
 * The notes half of the notebook: the contract's note methods over a NoteStore, with the link
 * index kept current and events for changes made by other programs.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { ApiError, type Annotation, type DeletedNote, type NoteFile, type NoteLinks, type NoteSummary, type SaveNoteRequest, type SaveNoteResult } from '../../common/contract';
import type { NotebookEvents } from './events';
import { contentHash } from '../content-hash';
import { withTextFragments } from './exports';
import { rewriteWikiLinks } from './link-rewrite';
import { relabelQuotes, type LabelChange } from '../../common/markdown/quote-labels';
import { bounded, readRegularFile } from '../fs';
import { decodeNote, MAX_NOTE_BYTES } from './note-bytes';
import { isHiddenName } from './layout';
import { NoteIndex } from './note-index';
import { titleOfPath } from './note-names';
import { NoteStore, summaryOf } from './note-store';
import { NoteWatcher, type NoteFileEvent } from './note-watcher';

/** How long closing waits for the watcher and a change being handled. */
const CLOSE_MS = 3_000;

/** Where an annotation points, for "sources this note quotes". */
export type AnnotationSourceLookup = (annotationId: string) => { sourceId: string; title: string } | undefined;
/** The annotation behind a quote, for exports. */
export type AnnotationLookup = (annotationId: string) => Annotation | undefined;

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
    private readonly findAnnotation: AnnotationLookup = () => undefined,
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
    this.emitChange({ changed: [note.path] });
    return note;
  }

  async saveNote(request: SaveNoteRequest): Promise<SaveNoteResult> {
    await this.ready();
    const result = await this.store.save(request);
    if (result.status === 'saved') {
      const quotesBefore = this.quotes(request.path);
      this.index.set({ path: request.path, title: titleOfPath(request.path), modified: result.modified, bytes: Buffer.byteLength(request.markdown) }, request.markdown);
      this.emitChange({ changed: [request.path], annotations: symmetricDifference(quotesBefore, this.quotes(request.path)) });
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
    // A note another window made (or renamed) a moment ago may not be indexed here yet; the resolver
    // must still know it under its old name, or links to it would not be recognised as its links.
    if (!this.index.get(notePath)) this.index.set({ ...renamed, path: notePath, title: titleOfPath(notePath) }, null);
    const quoted = this.quotes(notePath);
    // Which links named the note is decided against the notebook as it was before the rename.
    const before = this.index.resolver();
    const linking = this.index.backlinks(notePath, before);
    const leadsToOld = (target: string) => before.leadsTo(target, notePath);
    this.index.remove(notePath);
    await this.reindex(renamed.path);
    const rewritten: string[] = [];
    for (const note of linking) if (await this.rewriteLinksIn(note.path, leadsToOld, renamed.path)) rewritten.push(note.path);
    // One event for the rename and the links it rewrote; its quotes are now "quoted by" another title.
    this.emitChange({ changed: [renamed.path, ...rewritten], removed: [notePath], annotations: quoted });
    return renamed;
  }

  /**
   * Rewrites the labels of these annotations' quotes in every note quoting them (their source
   * was re-titled, or they were placed anew), each note one locked read-modify-write of the file
   * as on disk, so a save acknowledged meanwhile or another program's edit is kept and relabelled
   * rather than overwritten. One event names the notes rewritten and the annotations relabelled.
   */
  async followLabels(changes: ReadonlyMap<string, LabelChange>): Promise<string[]> {
    await this.ready();
    // A note another window quoted into a moment ago may not be indexed here yet.
    await this.catchUp();
    const paths = new Set([...changes.keys()].flatMap((id) => this.index.notesQuoting(id).map((n) => n.path)));
    const rewritten: string[] = [];
    for (const notePath of paths) {
      const note = await this.store.rewrite(notePath, (markdown) => relabelQuotes(markdown, changes)).catch(() => null);
      if (!note) continue; // unchanged, unreadable, or written by another program at that very moment: left as it is
      this.index.set(note, note.markdown);
      rewritten.push(notePath);
    }
    if (rewritten.length) this.emitChange({ changed: rewritten, labels: [...changes.keys()] });
    return rewritten;
  }

  async deleteNote(notePath: string): Promise<DeletedNote> {
    await this.ready();
    const deleted = await this.store.delete(notePath);
    const quoted = this.quotes(notePath);
    this.index.remove(notePath);
    this.emitChange({ removed: [notePath], annotations: quoted });
    return deleted;
  }

  async restoreNote(trashId: string): Promise<NoteSummary> {
    await this.ready();
    const restored = await this.store.restore(trashId);
    await this.reindex(restored.path);
    this.emitChange({ changed: [restored.path], annotations: this.quotes(restored.path) });
    return restored;
  }

  /** The note's Markdown for other tools: a text-fragment line under each quote (see exports.ts). */
  async exportNoteMarkdown(notePath: string): Promise<string> {
    const note = await this.readNote(notePath);
    return withTextFragments(note.markdown, this.findAnnotation);
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

  /** Whether the note's links were rewritten (the caller reports it with the rename). */
  private async rewriteLinksIn(linkingPath: string, leadsToOld: (target: string) => boolean, newPath: string): Promise<boolean> {
    // Read, rewrite and write under the note's lock: a save acknowledged meanwhile is never overwritten,
    // and the rewrite is applied to that save rather than dropped (which left links stale).
    const note = await this.store.rewrite(linkingPath, (markdown) => rewriteWikiLinks(markdown, leadsToOld, newPath)).catch(() => null);
    if (!note) return false;
    this.index.set(note, note.markdown);
    return true;
  }

  private async onFileEvent(event: NoteFileEvent): Promise<void> {
    if (event.path.split('/').some(isHiddenName)) return;
    const file = path.join(this.store.root, ...event.path.split('/'));
    if (event.kind === 'unlink') {
      // Our own deletes and renames forget the path first, so only foreign removals remain.
      if (!this.store.writes.known.has(event.path) && !this.index.get(event.path)) return;
      if (await fsp.stat(file).catch(() => null)) return;
      this.store.writes.known.delete(event.path);
      const quoted = this.quotes(event.path);
      this.index.remove(event.path);
      this.emitChange({ removed: [event.path], external: true, annotations: quoted });
      return;
    }
    const mark = this.store.writes.mark(event.path);
    // Never a plain readFile: a FIFO named x.md would block it, and with it every later event.
    const read = await readRegularFile(file, MAX_NOTE_BYTES).catch(() => null);
    if (!read) return;
    const bytes = read.bytes;
    const version = contentHash(bytes);
    if (this.store.writes.known.get(event.path) === version) return;
    // Two quick writes (a create, then a save): the report of the first can be read after the second
    // began, or even ended; it is ours, and taking it for another program's would report a change
    // and make the second look foreign too.
    if (this.store.writes.wroteLately(event.path, version, mark)) return;
    this.store.writes.known.set(event.path, version);
    const quotesBefore = this.quotes(event.path);
    let markdown: string | null = null;
    try {
      markdown = decodeNote(bytes, event.path);
    } catch {
      // Unreadable: indexed without links; reading it reports the reason.
    }
    this.index.set(summaryOf(event.path, read.stats), markdown);
    this.emitChange({ changed: [event.path], external: true, annotations: symmetricDifference(quotesBefore, this.quotes(event.path)) });
  }

  /** The annotation ids a note links to, as indexed now. */
  private quotes(notePath: string): Set<string> {
    return new Set(this.index.get(notePath)?.annotations.keys() ?? []);
  }

  /** One event per change: the notes it touched, and the annotations whose "quoted by" moved with them. */
  private emitChange(change: { changed?: string[]; removed?: string[]; external?: boolean; annotations?: Iterable<string>; labels?: string[] }): void {
    this.events.emit({
      type: 'notes-changed', changed: change.changed ?? [], removed: change.removed ?? [],
      external: change.external ?? false, annotations: [...(change.annotations ?? [])],
      ...(change.labels ? { labels: change.labels } : {}),
    });
  }
}

function symmetricDifference(a: Set<string>, b: Set<string>): string[] {
  return [...[...a].filter((x) => !b.has(x)), ...[...b].filter((x) => !a.has(x))];
}
