import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open as openFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  ApiError, type FileProblem, type IndexProgress, type NotebookEvent, type SearchHit, type SearchResults, type SourceBytes, type SourceDoc,
  type SourceSummary, type WatchStatus,
} from '../../common/contract';
import { epubCfi, epubCfiSelector, pageAt, pdfPageSelector } from '../../common/library/locate';
import { isWithin } from '../fs';
import { MAX_SOURCE_BYTES } from './decode';
import { skipReasonOf } from './entry-kind';
import { formatOfName as sourceFormat } from './formats/names';
import { LibraryStateFile, type SavedState, type StateRecord } from './library-state-file';
import { LibraryWatcher, type WatchDirectory } from './library-watcher';
import type { ParsedSource, ParseOutcome } from './parse';
import { fingerprintOf, scanFolders, sourceIdFor, toPosix, type SkippedEntry, type SourceFile } from './scan';

/** Bump when parsing changes what a source's passages or metadata are: it invalidates every persisted index. */
export const LIBRARY_FORMAT = 'library-6'; // 2: titles, authors, years; 3: plain-text chapters; 4: HTML table rows and list markers; 5: Markdown #tags; 6: PDF and EPUB

export type SourceMeta = Omit<ParsedSource, 'text' | 'pageItems' | 'chapters'>;
export interface LibraryWatchOptions { rescanEveryMs?: number; watchDirectory?: WatchDirectory }
export type IndexOutcome = { ok: true; source: SourceMeta } | { ok: false; reason: FileProblem['reason']; message: string };

/** What the library needs from the search engine (main/node/search implements it). */
export interface LibraryIndex {
  /** `onProgress` hears of each file as it is done (its outcome too), so what is indexed is kept even if the batch fails later. */
  indexFiles(
    files: Array<{ owner: string; absPath: string; relPath: string; folder: number; parsedCache?: string }>,
    onProgress?: (done: number, total: number, result?: { owner: string; outcome: IndexOutcome }) => void,
  ): Promise<Array<{ owner: string; outcome: IndexOutcome }>>;
  /** One file's full parse, made off this thread (the index workers), or read back from what indexing kept. */
  readSource(file: { owner: string; absPath: string; relPath: string; folder: number; parsedCache?: string }): Promise<ParseOutcome>;
  removeOwner(owner: string): Promise<void>;
  persist(fingerprint: string): Promise<unknown>;
  restore(fingerprint: string): Promise<boolean>;
  /** The owners a restored index holds (without it, the index is taken to hold what the saved state says). */
  ownerIds?(): string[];
}

/** An indexing batch that broke off (a worker died): the files it was reading then, so the next start skips them. */
export interface IndexingFailure extends Error { inFlight?: string[] }

/**
 * The sources of one or more folders: their summaries, the files that could not be read, and
 * keeping the search index in step as files change. Parsing happens in the index workers; this
 * class only holds summaries, so a library of books costs the main process little.
 */
export class Library {
  private readonly sources = new Map<string, SourceSummary>();
  private readonly problems = new Map<string, FileProblem>();
  private files = new Map<string, SourceFile>();
  private progress: IndexProgress = { phase: 'idle', done: 0, total: 0 };
  private watcher: LibraryWatcher | null = null;
  private watchStatus: WatchStatus = { mode: 'off', message: 'the library folders are not watched' };
  private persistTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private lastProgressEvent = 0;
  private closed = false;
  private readonly parsed = new Map<string, { key: string; outcome: ParseOutcome }>();
  /** Size and modification time of each file as last indexed (sources and problems). */
  private readonly stamps = new Map<string, { size: number; mtimeMs: number }>();
  /** Per-file records not yet saved. */
  private readonly changes = new Map<string, StateRecord>();
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
    const file = this.files.get(id);
    const summary = this.sources.get(id);
    const folder = file?.folder ?? summary?.folder;
    const relPath = file?.relPath ?? summary?.path;
    this.files.delete(id);
    this.sources.delete(id);
    this.stamps.delete(id);
    if (folder !== undefined && relPath !== undefined) this.problems.delete(problemKey(folder, relPath));
    this.changes.set(id, { removed: id });
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
          if (result && this.applyOutcome(result.owner, result.outcome)) changed.push(result.owner);
          if (result && !result.outcome.ok && result.outcome.reason === 'unreadable') unreadable.push(result.owner);
          onProgress?.(done);
          if (!saving && Date.now() - checkpoint > CHECKPOINT_MS) {
            saving = this.persist().catch(() => {}).finally(() => { saving = null; checkpoint = Date.now(); });
          }
        },
      );
    } catch (error) {
      for (const owner of (error as IndexingFailure).inFlight ?? []) {
        this.applyOutcome(owner, { ok: false, reason: 'parse-error', message: `indexing stopped while reading this file: ${(error as Error).message}` });
      }
      await (saving ?? Promise.resolve());
      await this.persist().catch(() => {});
      throw error;
    }
    await (saving ?? Promise.resolve());
    for (const owner of unreadable) {
      const file = this.files.get(owner);
      if (!file || (await exists(file.absPath))) continue;
      // Deleted while it was being read: it is gone, not a problem to show until the next start.
      this.files.delete(owner);
      this.problems.delete(problemKey(file.folder, file.relPath));
      this.stamps.delete(owner);
      this.changes.set(owner, { removed: owner });
      if (hadSource.has(owner)) changed.push(owner);
    }
    return changed;
  }

  /** Records one file's outcome; true when its text or title changed. */
  private applyOutcome(owner: string, outcome: IndexOutcome): boolean {
    const file = this.files.get(owner);
    if (!file) return false;
    const key = problemKey(file.folder, file.relPath);
    const stamp = { size: file.size, mtimeMs: file.mtimeMs };
    this.stamps.set(owner, stamp);
    if (outcome.ok) {
      const before = this.sources.get(owner);
      const summary = summaryOf(file, outcome.source);
      this.problems.delete(key);
      this.sources.set(owner, summary);
      // Listed and viewable, but worth a line in the problems list (a scanned PDF, an image-only book).
      if (summary.notice) this.problems.set(key, { path: file.relPath, folder: file.folder, ...summary.notice });
      this.changes.set(owner, { source: { summary, ...stamp } });
      // A new title with the same text (a <title> or PDF metadata edited) is a change too: lists and quote labels show it.
      return before?.contentHash !== outcome.source.contentHash || before?.title !== summary.title;
    }
    const problem: FileProblem = { path: file.relPath, folder: file.folder, reason: outcome.reason, message: outcome.message };
    this.sources.delete(owner);
    this.problems.set(key, problem);
    this.changes.set(owner, { problem: { id: owner, problem, ...stamp } });
    return false;
  }

  /** Saves the index (what changed since the last save) and then the per-file state that describes it. */
  private async persist(): Promise<void> {
    if (!this.stateFile || this.closed) return;
    const changes = [...this.changes.values()];
    this.changes.clear();
    try {
      await this.index.persist(this.indexKey);
      await this.stateFile.save(changes, () => this.savedState());
    } catch (error) {
      // Not saved: keep the changes for the next try (newer ones win).
      for (const c of changes) { const id = 'source' in c ? c.source.summary.id : 'problem' in c ? c.problem.id : c.removed; if (!this.changes.has(id)) this.changes.set(id, c); }
      throw error;
    }
  }

  private savedState(): SavedState {
    const state: SavedState = { sources: new Map(), problems: new Map() };
    for (const [id, summary] of this.sources) { const st = this.stamps.get(id); if (st) state.sources.set(id, { summary, ...st }); }
    for (const problem of this.problems.values()) {
      const id = sourceIdFor(problem.folder, problem.path);
      const st = this.stamps.get(id);
      if (st) state.problems.set(id, { id, problem, ...st });
    }
    return state;
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
      watch: this.watchStatus,
    };
  }

  private setSkipped(entry: SkippedEntry) {
    const id = sourceIdFor(entry.folder, entry.relPath);
    this.files.delete(id);
    // Not saved: a skipped entry (symlink, pipe…) is found again by every scan.
    if (this.sources.delete(id) || this.stamps.delete(id)) this.changes.set(id, { removed: id });
    this.problems.set(problemKey(entry.folder, entry.relPath), { path: entry.relPath, folder: entry.folder, reason: entry.reason, message: entry.message });
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

  /** A source with its full canonical text, parsed in an index worker (or the few most recently opened, if unchanged). */
  async getSource(id: string): Promise<SourceDoc> {
    const file = this.files.get(id);
    if (!file) throw new ApiError('not-found', `no source "${id}" in the library`);
    const outcome = await this.read(file);
    if (!outcome.ok) throw new ApiError('not-found', `${file.relPath}: ${outcome.message}`);
    const { text, pageItems, chapters, ...meta } = outcome.source;
    return {
      ...summaryOf(file, meta), text, outline: meta.outline, blocks: meta.blocks, passages: meta.passages,
      ...(pageItems ? { pageItems } : {}), ...(chapters ? { chapters } : {}),
    };
  }

  /**
   * A PDF's bytes for the reader to draw its pages (read, never parsed, here). Only PDFs: other
   * formats are shown from their canonical text, and nothing outside the library is reachable
   * because only a known source id names a file.
   */
  async getSourceFile(id: string): Promise<SourceBytes> {
    const file = this.files.get(id);
    const summary = this.sources.get(id);
    if (!file || !summary) throw new ApiError('not-found', `no source "${id}" in the library`);
    if (summary.format !== 'pdf') throw new ApiError('bad-request', `${file.relPath} is not a PDF: its pages are its text`);
    // As readSource opens sources: no symlink followed, no blocking on a FIFO put in its place.
    const handle = await openFile(file.absPath, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0))
      .catch(() => { throw new ApiError('not-found', `${file.relPath}: the file cannot be opened`); });
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new ApiError('not-found', `${file.relPath}: not a regular file`);
      if (info.size > MAX_SOURCE_BYTES) throw new ApiError('bad-request', `${file.relPath} is larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MB`);
      const bytes = await handle.readFile();
      return { id, contentHash: summary.contentHash, base64: bytes.toString('base64') };
    } finally {
      await handle.close().catch(() => {});
    }
  }

  /** SourceAccess for the notebook: current text, and where content with a hash lives now. */
  async getText(id: string): Promise<{ text: string; contentHash: string; title: string } | null> {
    const file = this.files.get(id);
    if (!file) return null;
    const outcome = await this.read(file);
    return outcome.ok ? { text: outcome.source.text, contentHash: outcome.source.contentHash, title: outcome.source.title } : null;
  }

  /**
   * Opening a source, quoting from it and re-anchoring its quotes read the same file in quick
   * succession; a book takes tens of milliseconds to parse, so the last few stay parsed while
   * their size and modification time say they are unchanged.
   */
  private async read(file: SourceFile) {
    const info = await stat(file.absPath).catch(() => null);
    const key = info ? `${info.size}:${info.mtimeMs}` : '';
    const cached = this.parsed.get(file.id);
    if (cached && key && cached.key === key) {
      this.parsed.delete(file.id);
      this.parsed.set(file.id, cached);
      return cached.outcome;
    }
    const outcome = await this.index.readSource(this.libraryFile(file));
    if (outcome.ok && key) {
      this.parsed.set(file.id, { key, outcome });
      if (this.parsed.size > PARSED_CACHE_SIZE) this.parsed.delete(this.parsed.keys().next().value!);
    }
    return outcome;
  }

  private parsedDir(): string {
    return path.join(path.dirname(this.cacheFile!), 'parsed');
  }

  private libraryFile(f: SourceFile) {
    const parsedCache = this.cacheFile ? path.join(this.parsedDir(), `${createHash('sha256').update(f.id).digest('hex').slice(0, 32)}.json`) : undefined;
    return { owner: f.id, absPath: f.absPath, relPath: f.relPath, folder: f.folder, ...(parsedCache ? { parsedCache } : {}) };
  }

  /** SourceAccess: a PDF page or EPUB CFI for an offset of the current text (from what the workers produced). */
  async locate(sourceId: string, start: number, contentHash: string) {
    const summary = this.sources.get(sourceId);
    if (!summary || summary.contentHash !== contentHash) return null;
    if (summary.pageStarts) return pdfPageSelector(pageAt(summary.pageStarts, start));
    if (summary.format !== 'epub') return null;
    const doc = await this.getSource(sourceId).catch(() => null);
    const cfi = doc?.chapters && doc.contentHash === contentHash ? epubCfi(doc.chapters, start) : null;
    return cfi ? epubCfiSelector(cfi) : null;
  }

  async findByHash(hash: string): Promise<string | null> {
    for (const s of this.sources.values()) if (s.contentHash === hash) return s.id;
    return null;
  }

  /**
   * Watches the folders; changed, added, removed and renamed files and folders update the library
   * incrementally. Resolves when the folders are watched (a change made after that is seen).
   */
  async startWatching(options: LibraryWatchOptions = {}): Promise<void> {
    if (this.watcher) return;
    this.watcher = new LibraryWatcher({
      folders: this.folders,
      ...options,
      onChange: (paths) => this.flushChanges(paths),
      onRescan: () => this.rescan(),
      onStatus: (status) => {
        this.watchStatus = status;
        this.emit({ type: 'watch-status', status });
      },
    });
    await this.watcher.start();
  }

  /** Scans the folders again and applies whatever differs from what the library holds (the watcher's fallback). */
  async rescan(): Promise<void> {
    await this.ready;
    const skipped: SkippedEntry[] = [];
    const found = await scanFolders(this.folders, (entry) => skipped.push(entry));
    const changed: string[] = [];
    const seen = new Set<string>();
    const seenProblems = new Set<string>();
    for (const f of found) {
      seen.add(f.id);
      const known = this.files.get(f.id);
      if (!known || known.size !== f.size || known.mtimeMs !== f.mtimeMs) changed.push(f.absPath);
    }
    for (const entry of skipped) {
      const key = problemKey(entry.folder, entry.relPath);
      if (this.problems.get(key)?.reason !== entry.reason) changed.push(path.join(this.folders[entry.folder]!, entry.relPath));
      seenProblems.add(key);
    }
    for (const f of this.files.values()) if (!seen.has(f.id)) changed.push(f.absPath);
    for (const [key, p] of this.problems) {
      if (!seenProblems.has(key) && !this.files.has(sourceIdFor(p.folder, p.path))) changed.push(path.join(this.folders[p.folder]!, p.path));
    }
    if (changed.length) await this.refresh(changed);
  }

  /**
   * Re-reads the given paths (absolute) now; the watcher calls this, tests may too. A path that
   * vanished takes everything below it along (a folder deleted or renamed); symlinks, pipes and
   * sockets become problems with their reason; files whose size and time are unchanged are not re-read.
   */
  async refresh(absPaths: string[]): Promise<void> {
    await this.ready;
    const toIndex: SourceFile[] = [];
    const removed: string[] = [];
    const forget = async (id: string, folder: number, relPath: string) => {
      if (this.sources.has(id)) removed.push(id);
      this.problems.delete(problemKey(folder, relPath));
      await this.forget(id);
    };
    for (const abs of new Set(absPaths)) {
      const folder = this.folders.findIndex((f) => isWithin(f, abs));
      if (folder < 0) continue;
      const root = this.folders[folder]!;
      const relPath = toPosix(path.relative(root, abs));
      const id = sourceIdFor(folder, relPath);
      const info = await lstat(abs).catch(() => null);
      if (!info) {
        // Gone: this file, or a folder with everything below it.
        for (const f of [...this.files.values()]) {
          if (f.folder === folder && (f.relPath === relPath || relPath === '' || f.relPath.startsWith(`${relPath}/`))) await forget(f.id, folder, f.relPath);
        }
        for (const p of [...this.problems.values()]) {
          if (p.folder === folder && (p.path === relPath || relPath === '' || p.path.startsWith(`${relPath}/`))) this.problems.delete(problemKey(folder, p.path));
        }
        continue;
      }
      if (relPath === '' || info.isDirectory()) continue; // Its files arrive one by one from the watcher.
      const skipped = skipReasonOf(info);
      if (skipped) {
        if (this.sources.has(id)) removed.push(id);
        await this.index.removeOwner(id);
        this.setSkipped({ folder, relPath, ...skipped });
        continue;
      }
      if (!info.isFile() || !sourceFormat(abs)) continue;
      const known = this.files.get(id);
      const key = problemKey(folder, relPath);
      if (known && known.size === info.size && known.mtimeMs === info.mtimeMs && (this.sources.has(id) || this.problems.has(key))) continue;
      if (this.problems.get(key)?.reason === 'symlink' || this.problems.get(key)?.reason === 'special-file') this.problems.delete(key);
      const file = { id, absPath: abs, relPath, folder, size: info.size, mtimeMs: info.mtimeMs };
      this.files.set(id, file);
      toIndex.push(file);
    }
    const indexed = toIndex.length ? await this.indexSome(toIndex) : [];
    // A file deleted while it was read comes back from indexSome without a source.
    removed.push(...indexed.filter((id) => !this.sources.has(id) && !removed.includes(id)));
    const changed = indexed.filter((id) => this.sources.has(id));
    if (!changed.length && !removed.length) return;
    this.emit({ type: 'library-changed', changed, removed });
    for (const id of new Set([...changed, ...removed])) {
      // A quote that could not be re-anchored stays where it was; the failure must not pass unseen.
      await this.onSourceChanged(id).catch((error: unknown) => console.error(`sourcebook: re-anchoring the quotes of ${id} failed:`, (error as Error)?.message ?? error));
    }
    this.schedulePersist();
  }

  /**
   * A burst of edits (a sync client, a search-and-replace across files) is saved once, after it
   * settles, and once more on close; each save writes only what changed.
   */
  private schedulePersist() {
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = setTimeout(() => void this.persistNow(), PERSIST_AFTER_MS);
  }

  private async persistNow() {
    this.persistTimer = null;
    await this.persist().catch(() => {});
  }

  /** Applies the watcher's queued paths after any batch still in progress; close() waits for them. */
  private flushChanges(paths: string[]) {
    if (!paths.length) return;
    this.flushing = this.flushing
      .then(() => this.refresh(paths))
      .catch((error: unknown) => {
        if (!this.closed) console.error('sourcebook: updating the library failed:', (error as Error)?.message ?? error);
      });
  }

  async close(): Promise<void> {
    await this.watcher?.close();
    this.watcher = null;
    await this.flushing;
    if (this.persistTimer || this.changes.size) {
      if (this.persistTimer) clearTimeout(this.persistTimer);
      await this.persistNow(); // An edit not yet saved would cost a full re-index at the next start.
    }
    this.closed = true;
  }
}

const PARSED_CACHE_SIZE = 4;
const PERSIST_AFTER_MS = 3000;
/** While a big batch is indexed, what is done so far is saved this often. */
const CHECKPOINT_MS = Number(process.env.SOURCEBOOK_CHECKPOINT_MS) || 60_000;

/** Index owners that are library files (notes and quotes are owned as note:… and annotation:…). */
const isSourceOwner = (owner: string) => !owner.startsWith('note:') && !owner.startsWith('annotation:');

const problemKey = (folder: number, relPath: string) => `${folder}:${relPath}`;

const exists = (abs: string) => lstat(abs).then(() => true, () => false);

function summaryOf(file: SourceFile, meta: SourceMeta): SourceSummary {
  return {
    id: file.id,
    path: file.relPath,
    folder: file.folder,
    title: meta.title,
    ...(meta.author ? { author: meta.author } : {}),
    ...(meta.year ? { year: meta.year } : {}),
    format: meta.format,
    contentHash: meta.contentHash,
    bytes: meta.bytes,
    passageCount: meta.passages.length,
    ...(meta.outline.length ? { headings: meta.outline.slice(0, 300) } : {}),
    modified: meta.modified,
    ...(meta.pages !== undefined ? { pages: meta.pages } : {}),
    ...(meta.pageStarts ? { pageStarts: meta.pageStarts } : {}),
    ...(meta.notice ? { notice: meta.notice } : {}),
  };
}
