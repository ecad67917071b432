import path from 'node:path';
import type {
  NotebookApi, NotebookEvent, ColorDef, SaveNoteRequest, CreateAnnotationRequest, UpdateAnnotationRequest,
  SearchOptions, AnnotationFilter, AnchoredAnnotation, Annotation,
} from '../../common/contract';
import type { Library, LibraryWatchOptions } from '../library/library';
import type { SearchEngine } from '../search';
import { openIndexedLibrary } from './indexed-library';
import { annotationDocuments, noteDocuments } from './note-documents';
import { openNotebookService, type NotebookService } from './notebook-service';

export interface BackendOptions {
  /** Source folders; the first is folder 0. */
  libraryFolders: string[];
  notebookDir: string;
  /** Where the persisted index lives; defaults to the OS cache folder. */
  cacheDir?: string;
  /** The index worker script (out/index-worker.mjs); the engine finds it beside its bundle by default. */
  workerUrl?: URL;
  /** Watch the folders for changes (default true); options let tests play the OS running out of watches. */
  watch?: boolean | LibraryWatchOptions;
}

type Listener = (event: NotebookEvent) => void;

/**
 * The whole backend behind one NotebookApi: library, search and notebook. Every transport
 * (Electron IPC, the loopback server, tests) wraps an instance of this class.
 */
export class Backend implements NotebookApi {
  private readonly listeners = new Set<Listener>();
  private closed = false;
  /** Note path → modification time of the version in the search index. */
  private readonly indexedNotes = new Map<string, number>();

  private constructor(
    readonly library: Library,
    private readonly engine: SearchEngine,
    private readonly notebook: NotebookService,
  ) {}

  static async open(options: BackendOptions): Promise<Backend> {
    let backend: Backend | undefined;
    const { library, engine } = await openIndexedLibrary({
      folders: options.libraryFolders,
      ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
      ...(options.workerUrl ? { workerUrl: options.workerUrl } : {}),
      emit: (event) => backend?.emit(event),
      onSourceChanged: async (id) => { await backend?.notebook.reanchorSource(id); },
    });
    const notebook = await openNotebookService(path.resolve(options.notebookDir), library);
    backend = new Backend(library, engine, notebook);
    notebook.subscribe((event) => backend!.onNotebookEvent(event));
    if (options.watch !== false) await library.startWatching(options.watch === true || options.watch === undefined ? {} : options.watch);
    backend.background(backend.indexNotebook());
    return backend;
  }

  /** Work nobody awaits (indexing notes after a change): its failure is reported, never thrown at a caller. */
  private background(task: Promise<unknown>) {
    task.catch((error: unknown) => {
      if (!this.closed) console.error('sourcebook: background indexing failed:', (error as Error)?.message ?? error);
    });
  }

  private emit(event: NotebookEvent) {
    for (const listener of this.listeners) listener(event);
  }

  subscribe(listener: Listener) {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Notes and quotes are searchable too; they are few next to the library, so they are indexed at every start. */
  private async indexNotebook() {
    await this.syncNotes();
    // As stored: anchoring every quote here would read and parse every quoted book at each start.
    for (const a of await this.notebook.storedAnnotations()) await this.indexAnnotation(a);
  }

  /** Brings the index in line with the notes on disk, reading only notes that are new or changed. */
  private async syncNotes() {
    const notes = await this.notebook.listNotes();
    const present = new Set(notes.map((n) => n.path));
    for (const indexed of [...this.indexedNotes.keys()]) {
      if (!present.has(indexed)) await this.forgetNote(indexed);
    }
    for (const note of notes) if (this.indexedNotes.get(note.path) !== note.modified) await this.indexNote(note.path);
  }

  private async indexNote(notePath: string) {
    try {
      const note = await this.notebook.readNote(notePath);
      await this.engine.setOwner(`note:${notePath}`, noteDocuments(note));
      this.indexedNotes.set(notePath, note.modified);
    } catch {
      // The note is gone or unreadable: it leaves the index.
      await this.forgetNote(notePath);
    }
  }

  private async forgetNote(notePath: string) {
    this.indexedNotes.delete(notePath);
    await this.engine.removeOwner(`note:${notePath}`);
  }

  /** Indexes an annotation as the notebook just returned it (no second lookup, no second anchoring). */
  private async indexAnnotation(a: Annotation | AnchoredAnnotation) {
    await this.engine.setOwner(`annotation:${a.id}`, annotationDocuments(a, this.library.summary(a.sourceId)?.path ?? a.sourceId));
  }

  private onNotebookEvent(event: NotebookEvent) {
    if (event.type === 'note-changed') this.background(event.deleted ? this.forgetNote(event.path) : this.indexNote(event.path));
    if (event.type === 'notes-changed') this.background(this.syncNotes());
    this.emit(event);
  }

  // Library and search

  async getLibrary() {
    return { ...this.library.state(), notebook: this.notebookDir() };
  }

  private notebookDir() {
    return this.notebook.root;
  }

  async getSource(id: string) {
    return this.library.getSource(id);
  }

  async getSourceFile(id: string) {
    return this.library.getSourceFile(id);
  }

  async search(query: string, options?: SearchOptions) {
    return this.library.withPages(await this.engine.search(query, options));
  }

  // Notes

  listNotes() { return this.notebook.listNotes(); }
  readNote(notePath: string) { return this.notebook.readNote(notePath); }
  async createNote(title: string) {
    const note = await this.notebook.createNote(title);
    await this.indexNote(note.path);
    return note;
  }
  async saveNote(request: SaveNoteRequest) {
    const result = await this.notebook.saveNote(request);
    if (result.status === 'saved') {
      // Indexed from the request: the text just written need not be read back.
      const note = { path: request.path, title: path.posix.basename(request.path, '.md'), markdown: request.markdown, version: result.version, modified: result.modified, bytes: Buffer.byteLength(request.markdown) };
      await this.engine.setOwner(`note:${request.path}`, noteDocuments(note));
      this.indexedNotes.set(request.path, result.modified);
    }
    return result;
  }
  async renameNote(notePath: string, title: string) {
    const renamed = await this.notebook.renameNote(notePath, title);
    await this.forgetNote(notePath);
    await this.indexNote(renamed.path);
    return renamed;
  }
  async deleteNote(notePath: string) {
    const deleted = await this.notebook.deleteNote(notePath);
    await this.forgetNote(notePath);
    return deleted;
  }
  async restoreNote(trashId: string) {
    const restored = await this.notebook.restoreNote(trashId);
    await this.indexNote(restored.path);
    return restored;
  }
  getNoteLinks(notePath: string) { return this.notebook.getNoteLinks(notePath); }

  // Annotations

  listAnnotations(filter?: AnnotationFilter) { return this.notebook.listAnnotations(filter); }
  getAnnotation(id: string) { return this.notebook.getAnnotation(id); }
  async createAnnotation(request: CreateAnnotationRequest) {
    const created = await this.notebook.createAnnotation(request);
    await this.indexAnnotation(created);
    return created;
  }
  async updateAnnotation(id: string, patch: UpdateAnnotationRequest) {
    const updated = await this.notebook.updateAnnotation(id, patch);
    await this.indexAnnotation(updated);
    return updated;
  }
  async deleteAnnotation(id: string) {
    const deleted = await this.notebook.deleteAnnotation(id);
    await this.engine.removeOwner(`annotation:${id}`);
    return deleted;
  }
  getColors() { return this.notebook.getColors(); }
  setColors(colors: ColorDef[]) { return this.notebook.setColors(colors); }
  listReview() { return this.notebook.listReview(); }
  async keepAsOrphan(id: string) {
    const kept = await this.notebook.keepAsOrphan(id);
    await this.indexAnnotation(kept);
    return kept;
  }
  exportNoteMarkdown(notePath: string) { return this.notebook.exportNoteMarkdown(notePath); }
  checkQuotes() { return this.notebook.checkQuotes(); }
  exportAnnotations() { return this.notebook.exportAnnotations(); }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    await this.library.close();
    await this.notebook.close();
    await this.engine.close();
  }
}
