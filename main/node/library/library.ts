/**
 * The library: the sources of one or more folders, kept in step with the search index and saved
 * between starts. This file holds the restart path (restore, then re-check the folders in the
 * background), indexing with checkpoints, and saving; what the library knows is the catalog
 * (`library-catalog.ts`), keeping in step while the app runs is `library-refresh.ts`, and reading
 * a source's content is `source-reader.ts`.
 */
import { createHash } from 'node:crypto';
import { lstat, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { IndexProgress, NotebookEvent, SearchHit, SearchResults, PageItems, SourceBytes, SourceDoc, SourceSummary } from '../../common/contract';
import { pageAt } from '../../common/library/locate';
import { LibraryCatalog, problemKey } from './library-catalog';
import type { IndexingFailure, IndexOutcome, LibraryFile, LibraryIndex } from './library-index';
import { LibraryRefresh, type LibraryWatchOptions } from './library-refresh';
import { LibraryStateFile, type SavedState } from './library-state-file';
import { fingerprintOf, scanFolders, sourceIdFor, type SkippedEntry, type SourceFile } from './scan';
import { SourceReader } from './source-reader';

export type { IndexingFailure, IndexOutcome, LibraryFile, LibraryIndex, SourceMeta } from './library-index';
export type { LibraryWatchOptions } from './library-refresh';

/** Bump when parsing changes what a source's passages or metadata are: it invalidates every persisted index. */
export const LIBRARY_FORMAT = 'library-6'; // 2: titles, authors, years; 3: plain-text chapters; 4: HTML table rows and list markers; 5: Markdown #tags; 6: PDF and EPUB

/**
 * The sources of one or more folders: their summaries, the files that could not be read, and
 * keeping the search index in step as files change. Parsing happens in the index workers; this
 * class only holds summaries, so a library of books costs the main process little.
 */
export class Library {
  private readonly catalog = new LibraryCatalog();
  // The catalog's maps under short names: the restart path below reads them on every line.
  private readonly sources = this.catalog.sources;
  private readonly problems = this.catalog.problems;
  private readonly files = this.catalog.files;
  private readonly stamps = this.catalog.stamps;
  private readonly changes = this.catalog.changes;
  private progress: IndexProgress = { phase: 'idle', done: 0, total: 0 };
  private lastProgressEvent = 0;
  private closed = false;
  private readonly reader: SourceReader;
  private readonly updates: LibraryRefresh;
  private readonly stateFile: LibraryStateFile | null;
  /** The key of the persisted index: the library's format and folders (files are checked one by one). */
  private readonly indexKey: string;
  /** Whether the last open() answered from a persisted index (files are re-checked in the background). */
  restoredFromCache = false;
  /** Why indexing broke off (what was indexed before is kept and saved); null when it did not. */
  failure: string | null = null;
  /** Resolves when the folders are listed and the index is in step with them. */
  ready: Promise<void> = Promise.resolve();

  constructor(
    readonly folders: string[],
    private readonly index: LibraryIndex,
    private readonly emit: (event: NotebookEvent) => void,
    private readonly cacheFile: string | null,
    /** Called for every source whose text changed, so its quotes can be re-anchored. */
    private readonly onSourceChanged: (sourceId: string) => Promise<void> = async () => {},
  ) {
    this.indexKey = fingerprintOf(folders, [], LIBRARY_FORMAT);
    this.stateFile = cacheFile ? new LibraryStateFile(cacheFile, this.indexKey) : null;
    this.reader = new SourceReader(this.catalog, index, (f) => this.libraryFile(f));
    this.updates = new LibraryRefresh({
      folders, catalog: this.catalog, emit, onSourceChanged,
      ready: () => this.ready,
      forget: (id) => this.forget(id),
      removeOwner: (id) => index.removeOwner(id),
      indexSome: (files) => this.indexSome(files),
      persist: () => this.persist(),
      closed: () => this.closed,
    });
  }

  /**
   * Restores the persisted index, if any, and returns: search answers from it at once. The
   * folders are then listed and re-checked in the background (`ready`): only files whose size or
   * modification time changed since the index was saved, new files and files the index lacks are
   * read again; deleted files leave it. Without a persisted index everything is indexed.
   */
  async open(): Promise<void> {
    this.setProgress({ phase: 'loading', done: 0, total: 0 });
    if (this.cacheFile) await mkdir(this.parsedDir(), { recursive: true }).catch(() => {});
    const saved = await this.restore();
    this.restoredFromCache = saved !== null;
    if (saved) this.setProgress({ phase: 'ready', done: this.sources.size, total: this.sources.size });
    this.ready = this.sync(saved).catch((error: unknown) => {
      // Closing mid-index ends the workers; anything else is the reason the library is incomplete.
      if (this.closed) return;
      this.failure = (error as Error)?.message ?? String(error);
      console.error('sourcebook: indexing failed:', this.failure);
      this.setProgress({ phase: 'idle', done: this.sources.size, total: this.files.size });
    });
  }

  /** The saved per-file state and the persisted index, read side by side; null unless both are there. */
  private async restore(): Promise<SavedState | null> {
    if (!this.stateFile) return null;
    const [saved, restored] = await Promise.all([
      this.stateFile.load(),
      this.index.restore(this.indexKey).catch(() => false),
    ]);
    if (!saved || !restored) return null;
    for (const s of saved.sources.values()) {
      this.sources.set(s.summary.id, s.summary);
      if (s.summary.notice) this.problems.set(problemKey(s.summary.folder, s.summary.path), { path: s.summary.path, folder: s.summary.folder, ...s.summary.notice });
      this.stamps.set(s.summary.id, { size: s.size, mtimeMs: s.mtimeMs });
      this.files.set(s.summary.id, this.fileOf(s.summary.folder, s.summary.path, s));
    }
    for (const p of saved.problems.values()) {
      this.problems.set(problemKey(p.problem.folder, p.problem.path), p.problem);
      this.stamps.set(p.id, { size: p.size, mtimeMs: p.mtimeMs });
    }
    return saved;
  }

  private fileOf(folder: number, relPath: string, stamp: { size: number; mtimeMs: number }): SourceFile {
    return { id: sourceIdFor(folder, relPath), absPath: path.join(this.folders[folder]!, ...relPath.split('/')), relPath, folder, size: stamp.size, mtimeMs: stamp.mtimeMs };
  }

  /** Lists the folders and brings the index in step: changed, new and missing files only. */
  private async sync(saved: SavedState | null): Promise<void> {
    if (!saved) this.setProgress({ phase: 'scanning', done: 0, total: 0 });
    const skipped: SkippedEntry[] = [];
    const files = await scanFolders(this.folders, (entry) => skipped.push(entry));
    if (this.closed) return;
    for (const entry of skipped) this.setSkipped(entry);
    const listed = new Set(files.map((f) => f.id));
    const owners = saved ? this.index.ownerIds?.() ?? null : [];
    const indexed = new Set(owners ?? this.sources.keys());
    const stale = files.filter((f) => {
      const stamp = this.stamps.get(f.id);
      const same = stamp && stamp.size === f.size && Math.round(stamp.mtimeMs) === Math.round(f.mtimeMs);
      // A source the index lacks (a checkpoint older than the state) is read again, a problem is not.
      return !same || (this.sources.has(f.id) && !indexed.has(f.id));
    });
    const gone = [...new Set([...this.sources.keys(), ...this.stamps.keys(), ...[...indexed].filter(isSourceOwner)])].filter((id) => !listed.has(id));
    for (const f of files) if (!this.files.has(f.id) || stale.includes(f)) this.files.set(f.id, f);
    for (const id of gone) await this.forget(id);
    if (stale.length) {
      this.setProgress({ phase: 'indexing', done: 0, total: stale.length });
      const changed = await this.indexSome(stale, (done) => this.setProgress({ phase: 'indexing', done, total: stale.length }));
      this.emit({ type: 'library-changed', changed: saved ? changed : stale.map((f) => f.id), removed: gone });
    } else if (gone.length) this.emit({ type: 'library-changed', changed: [], removed: gone });
    this.setProgress({ phase: 'ready', done: this.sources.size, total: this.sources.size });
    if (stale.length || gone.length || !saved) await this.persist().catch(() => {}); // A cache that cannot be written costs only the next start's time.
  }

  /** Drops a file that is no longer in the folders from the library and the index. */
  private async forget(id: string): Promise<void> {
    this.catalog.drop(id);
    await this.index.removeOwner(id);
  }

  /**
   * Indexes `files`, applying each outcome as it arrives and saving a checkpoint now and then,
   * so a batch that breaks off keeps what it did. If the batch breaks off, the files it was
   * reading are recorded as problems (not read again at the next start unless they change).
   */
  private async indexSome(files: SourceFile[], onProgress?: (done: number) => void): Promise<string[]> {
    const changed: string[] = [];
    const unreadable: string[] = [];
    const hadSource = new Set(files.filter((f) => this.sources.has(f.id)).map((f) => f.id));
    let checkpoint = Date.now();
    let saving: Promise<void> | null = null;
    try {
      await this.index.indexFiles(
        files.map((f) => this.libraryFile(f)),
        (done, _total, result) => {
          if (result && this.catalog.applyOutcome(result.owner, result.outcome)) changed.push(result.owner);
          if (result && !result.outcome.ok && result.outcome.reason === 'unreadable') unreadable.push(result.owner);
          onProgress?.(done);
          if (!saving && Date.now() - checkpoint > CHECKPOINT_MS) {
            saving = this.persist().catch(() => {}).finally(() => { saving = null; checkpoint = Date.now(); });
          }
        },
        // Each outcome is applied as it comes: the index need not hold them all until the end.
        { outcomes: false },
      );
    } catch (error) {
      for (const owner of (error as IndexingFailure).inFlight ?? []) {
        this.catalog.applyOutcome(owner, { ok: false, reason: 'parse-error', message: `indexing stopped while reading this file: ${(error as Error).message}` });
      }
      await (saving ?? Promise.resolve());
      await this.persist().catch(() => {});
      throw error;
    }
    await (saving ?? Promise.resolve());
    for (const owner of unreadable) {
      const file = this.files.get(owner);
      if (!file || (await exists(file.absPath))) continue;
      this.catalog.vanished(owner);
      if (hadSource.has(owner)) changed.push(owner);
    }
    return changed;
  }

  /** Saves the index (what changed since the last save) and then the per-file state that describes it. */
  private async persist(): Promise<void> {
    if (!this.stateFile || this.closed) return;
    const changes = this.catalog.takeChanges();
    try {
      await this.index.persist(this.indexKey);
      await this.stateFile.save(changes.records, () => this.catalog.savedState());
    } catch (error) {
      changes.keep(); // Not saved: kept for the next try.
      throw error;
    }
  }

  private setProgress(progress: IndexProgress) {
    this.progress = progress;
    const now = Date.now();
    // Progress is chatty on big libraries: a few events a second are enough for a progress bar.
    if (progress.phase !== 'indexing' || now - this.lastProgressEvent > 200 || progress.done === progress.total) {
      this.lastProgressEvent = now;
      this.emit({ type: 'index-progress', progress });
    }
  }

  state() {
    return {
      folders: this.folders,
      sources: [...this.sources.values()].sort((a, b) => a.title.localeCompare(b.title)),
      problems: [...this.problems.values()],
      progress: this.progress,
      watch: this.updates.watchStatus,
    };
  }

  private setSkipped(entry: SkippedEntry) {
    this.catalog.setSkipped(entry);
  }

  /** Search results with the page of every hit in a PDF (the workers index passages; pages are the library's to know). */
  withPages(results: SearchResults): SearchResults {
    const place = (hit: SearchHit): SearchHit => {
      const starts = hit.sourceId ? this.sources.get(hit.sourceId)?.pageStarts : undefined;
      return starts ? { ...hit, page: pageAt(starts, hit.start) } : hit;
    };
    return { ...results, hits: results.hits.map(place), groups: results.groups.map((g) => ({ ...g, hits: g.hits.map(place) })) };
  }

  /** The file behind a source id (present or listed as a problem), if the library knows it. */
  sourceFile(id: string): Pick<SourceFile, 'folder' | 'relPath'> | undefined {
    return this.files.get(id);
  }

  summary(id: string): SourceSummary | undefined {
    return this.sources.get(id);
  }

  getSource(id: string): Promise<SourceDoc> { return this.reader.getSource(id); }
  getSourceFile(id: string): Promise<SourceBytes> { return this.reader.getSourceFile(id); }
  getPageItems(id: string, from: number, count: number): Promise<PageItems> { return this.reader.getPageItems(id, from, count); }
  /** SourceAccess for the notebook (read by the SourceReader, as opening a source is). */
  getText(id: string) { return this.reader.getText(id); }
  locate(sourceId: string, start: number, contentHash: string) { return this.reader.locate(sourceId, start, contentHash); }
  findByHash(hash: string) { return this.reader.findByHash(hash); }

  private parsedDir(): string {
    return path.join(path.dirname(this.cacheFile!), 'parsed');
  }

  private libraryFile(f: SourceFile): LibraryFile {
    const parsedCache = this.cacheFile ? path.join(this.parsedDir(), `${createHash('sha256').update(f.id).digest('hex').slice(0, 32)}.json`) : undefined;
    return { owner: f.id, absPath: f.absPath, relPath: f.relPath, folder: f.folder, ...(parsedCache ? { parsedCache } : {}) };
  }

  /**
   * Watches the folders; changed, added, removed and renamed files and folders update the library
   * incrementally. Resolves when the folders are watched (a change made after that is seen).
   */
  startWatching(options: LibraryWatchOptions = {}): Promise<void> { return this.updates.startWatching(options); }
  /** Scans the folders again and applies whatever differs from what the library holds (the watcher's fallback). */
  rescan(): Promise<void> { return this.updates.rescan(); }
  /** Re-reads the given paths (absolute) now; the watcher calls this, tests may too. */
  refresh(absPaths: string[]): Promise<void> { return this.updates.refresh(absPaths); }

  async close(): Promise<void> {
    await this.updates.close();
    this.closed = true;
  }
}

/** While a big batch is indexed, what is done so far is saved this often. */
const CHECKPOINT_MS = Number(process.env.SOURCEBOOK_CHECKPOINT_MS) || 60_000;

/** Index owners that are library files (notes and quotes are owned as note:… and annotation:…). */
const isSourceOwner = (owner: string) => !owner.startsWith('note:') && !owner.startsWith('annotation:');

const exists = (abs: string) => lstat(abs).then(() => true, () => false);
