/**
 * Watches the notebook folder for notes changed by other programs. Reports relative note
 * paths; which changes are our own is decided by the caller (by comparing content hashes).
 */
import { watch, type FSWatcher } from 'chokidar';
import path from 'node:path';
import { isAtomicTempFile } from '../fs';
import { isHiddenName } from './layout';

export type NoteFileEvent = { kind: 'add' | 'change' | 'unlink'; path: string };

export class NoteWatcher {
  private watcher: FSWatcher | undefined;

  constructor(private readonly root: string, private readonly onEvent: (event: NoteFileEvent) => void) {}

  /** Starts watching; resolves once the initial scan is done (existing files are not reported). */
  async start(): Promise<void> {
    if (this.watcher) return;
    const root = this.root;
    this.watcher = watch(root, {
      ignoreInitial: true,
      followSymlinks: false,
      // Editors often save in several writes; wait until a file is stable before reading it.
      awaitWriteFinish: { stabilityThreshold: 120, pollInterval: 40 },
      ignored: (file, stats) => {
        const rel = path.relative(root, file);
        if (!rel || rel.startsWith('..')) return false;
        const parts = rel.split(path.sep);
        if (parts.some(isHiddenName) || isAtomicTempFile(file)) return true;
        return Boolean(stats?.isFile()) && !/\.md$/i.test(file);
      },
    });
    for (const kind of ['add', 'change', 'unlink'] as const) {
      this.watcher.on(kind, (file: string) => {
        if (!/\.md$/i.test(file)) return;
        this.onEvent({ kind, path: path.relative(root, file).split(path.sep).join('/') });
      });
    }
    this.watcher.on('error', (err) => console.error('notebook watcher:', err));
    await new Promise<void>((resolve) => this.watcher!.once('ready', () => resolve()));
  }

  async close(): Promise<void> {
    await this.watcher?.close();
    this.watcher = undefined;
  }
}
