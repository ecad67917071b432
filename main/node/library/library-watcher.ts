import { watch, type FSWatcher } from 'chokidar';
import path from 'node:path';
import { isSkippedName } from './scan';

export interface LibraryWatcherOptions {
  folders: readonly string[];
  /** A batch of absolute paths that were added, changed or removed (a burst of events arrives as one batch). */
  onChange(absPaths: string[]): void;
}

/** Watches the library folders and reports changed paths in batches; the library decides what they mean. */
export class LibraryWatcher {
  private watcher: FSWatcher | null = null;
  private readonly pending = new Set<string>();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: LibraryWatcherOptions) {}

  start(): void {
    if (this.watcher) return;
    const { folders } = this.options;
    this.watcher = watch([...folders], {
      ignoreInitial: true,
      // Below a library folder, exactly what a scan skips (the folders themselves may be anywhere).
      ignored: (p: string) => !folders.includes(p) && isSkippedName(path.basename(p)),
      awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 20 },
    });
    const queue = (abs: string) => {
      this.pending.add(abs);
      if (this.flushTimer) clearTimeout(this.flushTimer);
      this.flushTimer = setTimeout(() => this.flush(), BATCH_MS);
    };
    this.watcher.on('add', queue).on('change', queue).on('unlink', queue);
  }

  private flush() {
    this.flushTimer = null;
    const paths = [...this.pending];
    this.pending.clear();
    if (paths.length) this.options.onChange(paths);
  }

  async close(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.pending.clear();
    await this.watcher?.close();
    this.watcher = null;
  }
}

const BATCH_MS = 60;
