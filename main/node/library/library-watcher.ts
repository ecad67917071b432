import { watch as fsWatch, type FSWatcher } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { WatchStatus } from '../../common/contract';
import { isSkippedName } from './scan';

/** `fs.watch` on one directory; replaceable so tests can play the OS running out of watches. */
export type WatchDirectory = (dir: string, onEvent: (type: string, name: string | null) => void) => FSWatcher;

export interface LibraryWatcherOptions {
  folders: readonly string[];
  /**
   * A batch of absolute paths that may have been added, changed or removed: files, but also folders
   * that appeared (their files follow in the same or a later batch) or vanished (with all below them).
   */
  onChange(absPaths: string[]): void;
  /** Re-scan everything and compare: the fallback when the OS cannot watch every folder. */
  onRescan(): Promise<void>;
  onStatus(status: WatchStatus): void;
  rescanEveryMs?: number;
  watchDirectory?: WatchDirectory;
}

const nativeWatch: WatchDirectory = (dir, onEvent) => fsWatch(dir, { persistent: false }, (type, name) => onEvent(type, name === null ? null : String(name)));

/**
 * Watches the library folders with one OS watch per *folder* (not per file, which exhausts inotify
 * on big libraries). Symlinks are never followed: a link is reported like any other entry and the
 * library lists it as a problem. Every error is caught here: a folder that cannot be watched is
 * re-tried, one that vanished is forgotten (and watched again when it comes back), and when the
 * OS limit is reached (ENOSPC, EMFILE) the watcher falls back to periodic re-scans and says so.
 * Nothing here may throw into the process.
 */
export class LibraryWatcher {
  private readonly dirs = new Map<string, FSWatcher>();
  private readonly pending = new Set<string>();
  private readonly missingRoots = new Set<string>();
  private flushTimer: NodeJS.Timeout | null = null;
  private firstPending = 0;
  private rootTimer: NodeJS.Timeout | null = null;
  private rescanTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private status: WatchStatus = { mode: 'off', message: 'not watching' };
  private readonly watchDirectory: WatchDirectory;

  constructor(private readonly options: LibraryWatcherOptions) {
    this.watchDirectory = options.watchDirectory ?? nativeWatch;
  }

  get currentStatus(): WatchStatus {
    return this.status;
  }

  /** Resolves once every folder present now is watched (so a change made after it is seen). */
  async start(): Promise<void> {
    this.setStatus({ mode: 'native', message: 'changes to the library folders are picked up as they happen' });
    await Promise.all(this.options.folders.map((root) => this.watchTree(root, false)));
  }

  /** Watches `dir` and every folder below it; `report` also queues what is inside (a folder that just appeared). */
  private async watchTree(dir: string, report: boolean): Promise<void> {
    if (this.closed) return;
    const isRoot = this.options.folders.includes(dir);
    const info = await lstat(dir).catch(() => null);
    if (!info?.isDirectory()) {
      if (isRoot) this.rootMissing(dir);
      return;
    }
    this.unwatch(dir, false);
    if (!this.addWatch(dir)) return;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // Unreadable: the scan reports nothing from it either; an event will bring us back.
    }
    await Promise.all(entries.map(async (entry) => {
      if (isSkippedName(entry.name)) return;
      const abs = path.join(dir, entry.name);
      // Dirent types come from lstat semantics: a symlink to a folder is not a folder here.
      if (entry.isDirectory()) await this.watchTree(abs, report);
      else if (report) this.queue(abs);
    }));
  }

  private addWatch(dir: string): boolean {
    if (this.closed) return false;
    try {
      const watcher = this.watchDirectory(dir, (type, name) => this.onEvent(dir, type, name));
      watcher.on('error', (error) => this.onWatchError(dir, error));
      this.dirs.set(dir, watcher);
      return true;
    } catch (error) {
      this.onWatchError(dir, error);
      return false;
    }
  }

  private onEvent(dir: string, type: string, name: string | null) {
    if (this.closed) return;
    if (name === null) {
      // The OS lost track of which entry changed: look at the whole folder again.
      void this.watchTree(dir, true).catch(() => {});
      return;
    }
    if (isSkippedName(path.basename(name))) return;
    const abs = path.join(dir, name);
    this.queue(abs);
    // Contents changes need nothing more; an entry appearing, vanishing or being renamed might be a folder.
    if (type === 'rename') void this.checkEntry(abs).catch(() => {});
    if (this.options.folders.includes(dir)) void lstat(dir).catch(() => this.rootMissing(dir));
  }

  private async checkEntry(abs: string) {
    const info = await lstat(abs).catch(() => null);
    if (info?.isDirectory()) {
      // New, or deleted and re-created under the same name: the old watch (if any) watches nothing.
      this.unwatch(abs, true);
      await this.watchTree(abs, true);
    } else {
      this.unwatch(abs, true);
    }
  }

  private onWatchError(dir: string, error: unknown) {
    const code = (error as NodeJS.ErrnoException)?.code;
    this.unwatch(dir, false);
    if (this.closed) return;
    if (code === 'ENOSPC' || code === 'EMFILE' || code === 'ENFILE') {
      this.fallBackToRescan(code);
      return;
    }
    // The folder went away (or became something else): forget it; its parent's event, or the root check, brings it back.
    if (code !== 'ENOENT' && code !== 'EPERM') console.error(`sourcebook: watching ${dir} failed (${code ?? (error as Error)?.message})`);
    void lstat(dir).then((info) => {
      // A folder we may not read is not read by the scan either; anything else is made up for by re-scans.
      if (info.isDirectory() && code !== 'EACCES' && code !== 'EPERM') this.fallBackToRescan(code ?? 'error');
    }, () => {
      if (this.options.folders.includes(dir)) this.rootMissing(dir);
      this.queue(dir);
    });
  }

  /** Closes the watch on `dir` (and, with `subtree`, every folder below it). */
  private unwatch(dir: string, subtree: boolean) {
    for (const [watched, watcher] of this.dirs) {
      if (watched === dir || (subtree && watched.startsWith(dir + path.sep))) {
        this.dirs.delete(watched);
        try { watcher.close(); } catch { /* already closed by the OS */ }
      }
    }
  }

  /** A library folder that does not exist (yet, or any more) is looked for every few seconds. */
  private rootMissing(root: string) {
    if (this.closed || this.missingRoots.has(root)) return;
    this.unwatch(root, true);
    this.missingRoots.add(root);
    this.queue(root);
    if (this.rootTimer) return;
    this.rootTimer = setInterval(() => {
      for (const missing of [...this.missingRoots]) {
        void lstat(missing).then((info) => {
          if (!info.isDirectory() || !this.missingRoots.delete(missing)) return;
          if (!this.missingRoots.size && this.rootTimer) { clearInterval(this.rootTimer); this.rootTimer = null; }
          void this.watchTree(missing, true).catch(() => {});
        }, () => {});
      }
    }, ROOT_POLL_MS);
    this.rootTimer.unref();
  }

  private fallBackToRescan(code: string) {
    if (this.status.mode === 'rescan' || this.closed) return;
    const every = this.options.rescanEveryMs ?? RESCAN_EVERY_MS;
    const reason = code === 'ENOSPC'
      ? 'the system limit on file watches is reached (ENOSPC; raise fs.inotify.max_user_watches to restore instant updates)'
      : `a folder could not be watched (${code})`;
    this.setStatus({ mode: 'rescan', message: `${reason}: the library is re-scanned every ${Math.round(every / 1000)} s (less often if a scan takes long) instead` });
    // A re-scan of a huge library takes seconds of disk time: the pause after one is at least ten times its length.
    const next = (delay: number) => {
      if (this.closed) return;
      this.rescanTimer = setTimeout(() => {
        const started = Date.now();
        this.options.onRescan()
          .catch((error: unknown) => console.error('sourcebook: re-scanning the library failed:', (error as Error)?.message ?? error))
          .finally(() => next(Math.max(every, (Date.now() - started) * 10)));
      }, delay);
      this.rescanTimer.unref();
    };
    next(every);
  }

  private setStatus(status: WatchStatus) {
    this.status = status;
    this.options.onStatus(status);
  }

  /** Bursts (a sync client, an unpacked archive) arrive as one batch: quiet for BATCH_MS, or at most MAX_BATCH_WAIT_MS. */
  private queue(abs: string) {
    if (this.closed) return;
    if (!this.pending.size) this.firstPending = Date.now();
    this.pending.add(abs);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    const wait = Math.max(0, Math.min(BATCH_MS, this.firstPending + MAX_BATCH_WAIT_MS - Date.now()));
    this.flushTimer = setTimeout(() => this.flush(), wait);
  }

  private flush() {
    this.flushTimer = null;
    const paths = [...this.pending];
    this.pending.clear();
    if (paths.length && !this.closed) this.options.onChange(paths);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of [this.flushTimer, this.rootTimer, this.rescanTimer]) if (timer) clearTimeout(timer);
    this.flushTimer = this.rootTimer = this.rescanTimer = null;
    this.pending.clear();
    for (const watcher of this.dirs.values()) {
      try { watcher.close(); } catch { /* already closed by the OS */ }
    }
    this.dirs.clear();
  }
}

const BATCH_MS = 60;
const MAX_BATCH_WAIT_MS = 500;
const ROOT_POLL_MS = 2000;
const RESCAN_EVERY_MS = 10_000;
