/**
 * Watches `.sourcebook/` for annotations, colours and the review list changed by another
 * window or backend, so this one's views hear of it (annotations-changed with the annotation and
 * source ids and the review list's size, colors-changed) instead of showing stale highlights until they happen to re-read. The stores
 * decide what changed (they compare with what they hold, so our own writes are not reported);
 * this only says when to look. Bursts are coalesced.
 */
import { watch, type FSWatcher } from 'chokidar';
import path from 'node:path';
import { isAtomicTempFile } from '../fs';
import type { NotebookLayout } from './layout';

const SETTLE_MS = 80;

export class DataWatcher {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly layout: NotebookLayout, private readonly look: () => Promise<void>) {}

  async start(): Promise<void> {
    if (this.watcher) return;
    const watched = new Set([this.layout.colors, this.layout.review]);
    this.watcher = watch(this.layout.data, {
      ignoreInitial: true,
      followSymlinks: false,
      depth: 1,
      ignored: (file, stats) => {
        if (file === this.layout.data || file === this.layout.annotations) return false;
        if (isAtomicTempFile(file)) return true;
        if (path.dirname(file) === this.layout.annotations) return Boolean(stats?.isDirectory()) || !file.endsWith('.json');
        return !watched.has(file);
      },
    });
    for (const kind of ['add', 'change', 'unlink'] as const) this.watcher.on(kind, () => this.soon());
    this.watcher.on('error', (err) => console.error('notebook data watcher:', err));
    await new Promise<void>((resolve) => this.watcher!.once('ready', () => resolve()));
  }

  private soon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.running.then(this.look).catch((err) => console.error('notebook data watcher:', err));
    }, SETTLE_MS);
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    await this.watcher?.close();
    this.watcher = undefined;
    await this.running;
  }
}
