import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { NotebookEvent } from '../../common/contract';
import { Library } from '../library/library';
import { SearchEngine } from '../search';

/** The OS cache folder for a library, so two libraries never share an index. */
export function defaultCacheDir(folders: string[]): string {
  const base = process.env.XDG_CACHE_HOME ?? (process.platform === 'darwin' ? path.join(os.homedir(), 'Library/Caches') : process.platform === 'win32' ? (process.env.LOCALAPPDATA ?? os.tmpdir()) : path.join(os.homedir(), '.cache'));
  const key = createHash('sha256').update(folders.map((f) => path.resolve(f)).join('\0')).digest('hex').slice(0, 32);
  return path.join(base, 'sourcebook', key);
}

export interface IndexedLibraryOptions {
  /** Source folders; the first is folder 0. */
  folders: string[];
  /** Where the persisted index lives; defaults to the OS cache folder. */
  cacheDir?: string;
  /** Index worker threads (= shards); default: the number of cores, at most 4. */
  workers?: number;
  /** The index worker script (out/index-worker.mjs); the engine finds it beside its bundle by default. */
  workerUrl?: URL;
  emit?: (event: NotebookEvent) => void;
  onSourceChanged?: (sourceId: string) => Promise<void>;
}

/**
 * A library and its search engine, scanned and restored or being indexed: what the app's backend
 * and the command line both start from.
 */
export async function openIndexedLibrary(options: IndexedLibraryOptions): Promise<{ library: Library; engine: SearchEngine }> {
  const folders = options.folders.map((f) => path.resolve(f));
  const cacheDir = options.cacheDir ?? defaultCacheDir(folders);
  await mkdir(cacheDir, { recursive: true });
  const engine = await SearchEngine.create({ cacheDir: path.join(cacheDir, 'index'), ...(options.workerUrl ? { workerUrl: options.workerUrl } : {}), ...(options.workers ? { workers: options.workers } : {}) });
  const library = new Library(folders, engine, options.emit ?? (() => {}), path.join(cacheDir, 'library-state.jsonl'), options.onSourceChanged);
  await library.open();
  return { library, engine };
}
