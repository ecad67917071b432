/**
 * Keeping the library in step with its folders while the app runs: the watcher's changed paths,
 * the full rescan it falls back to, and saving once a burst of edits settles. What a path now is
 * (gone, a folder, a symlink, a changed file) is decided here; indexing and saving are the
 * Library's.
 */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { NotebookEvent, WatchStatus } from '../../common/contract';
import { isWithin } from '../fs';
import { skipReasonOf } from './entry-kind';
import { formatOfName as sourceFormat } from './formats/names';
import { problemKey, type LibraryCatalog } from './library-catalog';
import { LibraryWatcher, type WatchDirectory } from './library-watcher';
import { scanFolders, sourceIdFor, toPosix, type SkippedEntry, type SourceFile } from './scan';

export interface LibraryWatchOptions { rescanEveryMs?: number; watchDirectory?: WatchDirectory }

/** What refreshing needs of the Library it keeps in step. */
export interface RefreshHost {
  readonly folders: string[];
  readonly catalog: LibraryCatalog;
  /** The initial sync: a refresh waits for it. */
  ready(): Promise<void>;
  /** Drops a file from the catalog and the index. */
  forget(id: string): Promise<void>;
  removeOwner(id: string): Promise<void>;
  /** Indexes files; the ids whose text changed, or that vanished while read. */
  indexSome(files: SourceFile[]): Promise<string[]>;
  persist(): Promise<void>;
  emit(event: NotebookEvent): void;
  onSourceChanged(sourceId: string): Promise<void>;
  closed(): boolean;
}

const PERSIST_AFTER_MS = 3000;

export class LibraryRefresh {
  private watcher: LibraryWatcher | null = null;
  private persistTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  watchStatus: WatchStatus = { mode: 'off', message: 'the library folders are not watched' };

  constructor(private readonly host: RefreshHost) {}

  /** Resolves when the folders are watched (a change made after that is seen). */
  async startWatching(options: LibraryWatchOptions = {}): Promise<void> {
    if (this.watcher) return;
    this.watcher = new LibraryWatcher({
      folders: this.host.folders,
      ...options,
      onChange: (paths) => this.flushChanges(paths),
      onRescan: () => this.rescan(),
      onStatus: (status) => {
        this.watchStatus = status;
        this.host.emit({ type: 'watch-status', status });
      },
    });
    await this.watcher.start();
  }

  /** Scans the folders again and applies whatever differs from what the library holds (the watcher's fallback). */
  async rescan(): Promise<void> {
    await this.host.ready();
    const { folders, catalog } = this.host;
    const skipped: SkippedEntry[] = [];
    const found = await scanFolders(folders, (entry) => skipped.push(entry));
    const changed: string[] = [];
    const seen = new Set<string>();
    const seenProblems = new Set<string>();
    for (const f of found) {
      seen.add(f.id);
      const known = catalog.files.get(f.id);
      if (!known || known.size !== f.size || known.mtimeMs !== f.mtimeMs) changed.push(f.absPath);
    }
    for (const entry of skipped) {
      const key = problemKey(entry.folder, entry.relPath);
      if (catalog.problems.get(key)?.reason !== entry.reason) changed.push(path.join(folders[entry.folder]!, entry.relPath));
      seenProblems.add(key);
    }
    for (const f of catalog.files.values()) if (!seen.has(f.id)) changed.push(f.absPath);
    for (const [key, p] of catalog.problems) {
      if (!seenProblems.has(key) && !catalog.files.has(sourceIdFor(p.folder, p.path))) changed.push(path.join(folders[p.folder]!, p.path));
    }
    if (changed.length) await this.refresh(changed);
  }

  /**
   * Re-reads the given paths (absolute) now. A path that vanished takes everything below it
   * along (a folder deleted or renamed); symlinks, pipes and sockets become problems with their
   * reason; files whose size and time are unchanged are not re-read.
   */
  async refresh(absPaths: string[]): Promise<void> {
    await this.host.ready();
    const { folders, catalog } = this.host;
    const toIndex: SourceFile[] = [];
    const removed: string[] = [];
    const forget = async (id: string, folder: number, relPath: string) => {
      if (catalog.sources.has(id)) removed.push(id);
      catalog.problems.delete(problemKey(folder, relPath));
      await this.host.forget(id);
    };
    for (const abs of new Set(absPaths)) {
      const folder = folders.findIndex((f) => isWithin(f, abs));
      if (folder < 0) continue;
      const relPath = toPosix(path.relative(folders[folder]!, abs));
      const id = sourceIdFor(folder, relPath);
      const info = await lstat(abs).catch(() => null);
      if (!info) {
        // Gone: this file, or a folder with everything below it.
        const below = (p: string) => p === relPath || relPath === '' || p.startsWith(`${relPath}/`);
        for (const f of [...catalog.files.values()]) if (f.folder === folder && below(f.relPath)) await forget(f.id, folder, f.relPath);
        for (const p of [...catalog.problems.values()]) if (p.folder === folder && below(p.path)) catalog.problems.delete(problemKey(folder, p.path));
        continue;
      }
      if (relPath === '' || info.isDirectory()) continue; // Its files arrive one by one from the watcher.
      const skipped = skipReasonOf(info);
      if (skipped) {
        if (catalog.sources.has(id)) removed.push(id);
        await this.host.removeOwner(id);
        catalog.setSkipped({ folder, relPath, ...skipped });
        continue;
      }
      if (!info.isFile() || !sourceFormat(abs)) continue;
      const known = catalog.files.get(id);
      const key = problemKey(folder, relPath);
      if (known && known.size === info.size && known.mtimeMs === info.mtimeMs && (catalog.sources.has(id) || catalog.problems.has(key))) continue;
      if (catalog.problems.get(key)?.reason === 'symlink' || catalog.problems.get(key)?.reason === 'special-file') catalog.problems.delete(key);
      const file = { id, absPath: abs, relPath, folder, size: info.size, mtimeMs: info.mtimeMs };
      catalog.files.set(id, file);
      toIndex.push(file);
    }
    const indexed = toIndex.length ? await this.host.indexSome(toIndex) : [];
    // A file deleted while it was read comes back from indexSome without a source.
    removed.push(...indexed.filter((id) => !catalog.sources.has(id) && !removed.includes(id)));
    const changed = indexed.filter((id) => catalog.sources.has(id));
    if (!changed.length && !removed.length) return;
    this.host.emit({ type: 'library-changed', changed, removed });
    for (const id of new Set([...changed, ...removed])) {
      // A quote that could not be re-anchored stays where it was; the failure must not pass unseen.
      await this.host.onSourceChanged(id).catch((error: unknown) => console.error(`sourcebook: re-anchoring the quotes of ${id} failed:`, (error as Error)?.message ?? error));
    }
    this.schedulePersist();
  }

  /** Stops watching, applies what the watcher had queued, and saves an edit not yet saved. */
  async close(): Promise<void> {
    await this.watcher?.close();
    this.watcher = null;
    await this.flushing;
    if (this.persistTimer || this.host.catalog.changes.size) {
      if (this.persistTimer) clearTimeout(this.persistTimer);
      await this.persistNow(); // An edit not yet saved would cost a full re-index at the next start.
    }
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
    await this.host.persist().catch(() => {});
  }

  /** Applies the watcher's queued paths after any batch still in progress; close() waits for them. */
  private flushChanges(paths: string[]) {
    if (!paths.length) return;
    this.flushing = this.flushing
      .then(() => this.refresh(paths))
      .catch((error: unknown) => {
        if (!this.host.closed()) console.error('sourcebook: updating the library failed:', (error as Error)?.message ?? error);
      });
  }
}
