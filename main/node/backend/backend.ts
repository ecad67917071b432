/**
 * The whole backend behind one NotebookApi: the library service and the notebook's services,
 * composed by the contract table (main/common/contract/api.ts groups methods by service), plus
 * one event stream. Every transport (Electron IPC, the loopback server, tests) wraps an instance.
 */
import path from 'node:path';
import type { NotebookApi, NotebookEvent, Services } from '../../common/contract';
import { composeServices } from '../../common/contract/compose';
import type { Library, LibraryWatchOptions } from '../library/library';
import { openNotebook, type Notebook } from '../notebook';
import type { SearchEngine } from '../search';
import { openIndexedLibrary } from './indexed-library';
import { DesktopService } from './desktop-service';
import { LibraryService } from './library-service';
import { NotebookIndexer } from './notebook-indexer';

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

export interface Backend extends Omit<NotebookApi, 'subscribe'> {}

export class Backend implements NotebookApi {
  private readonly listeners = new Set<Listener>();
  /** Settles once quote labels follow the titles the library read at start. */
  titlesFollowed: Promise<void> = Promise.resolve();
  private following: Promise<void> = Promise.resolve();
  private closing = false;
  readonly services: Services;
  /** Reveal, folder choice and dropped files; the Electron shell asks it where a file is. */
  get desktop(): DesktopService {
    return this.services.desktop as DesktopService;
  }

  private constructor(
    readonly library: Library,
    private readonly engine: SearchEngine,
    readonly notebook: Notebook,
    private readonly indexer: NotebookIndexer,
  ) {
    this.services = {
      library: new LibraryService(library, engine, notebook.root, () => indexer.settled()),
      ...notebook.services,
      desktop: new DesktopService(library, notebook.root),
    };
    Object.assign(this, composeServices(this.services));
  }

  static async open(options: BackendOptions): Promise<Backend> {
    let backend: Backend | undefined;
    const { library, engine } = await openIndexedLibrary({
      folders: options.libraryFolders,
      ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
      ...(options.workerUrl ? { workerUrl: options.workerUrl } : {}),
      emit: (event) => backend?.emit(event),
      onSourceChanged: async (id) => { await backend?.notebook.annotations.reanchorSource(id); },
    });
    // Notes are always watched: `watch` is about the library's folders.
    // Anchoring runs in the engine's source worker: never on this thread (Electron's main process, the HTTP request path).
    const notebook = await openNotebook(path.resolve(options.notebookDir), library, { anchoring: { run: (source, jobs) => engine.anchor(source, jobs) } });
    const indexer = new NotebookIndexer(engine, notebook, (id) => library.summary(id)?.path ?? id);
    backend = new Backend(library, engine, notebook, indexer);
    notebook.subscribe((event) => {
      indexer.onEvent(event);
      backend!.emit(event);
    });
    if (options.watch !== false) await library.startWatching(options.watch === true || options.watch === undefined ? {} : options.watch);
    indexer.start();
    // Titles that changed while the app was closed (or that a better title rule reads now): quote labels follow them.
    backend.titlesFollowed = library.ready.then(() => {
      if (backend!.closing) return;
      return (backend!.following = notebook.annotations.followTitles((id) => library.summary(id)?.title)
        .catch((err: unknown) => console.error('sourcebook: following source titles failed:', (err as Error)?.message ?? err)));
    });
    return backend;
  }

  private emit(event: NotebookEvent) {
    for (const listener of this.listeners) listener(event);
  }

  subscribe(listener: Listener) {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.indexer.close();
    this.listeners.clear();
    this.closing = true;
    await this.library.close();
    await this.following;
    await this.notebook.close();
    await this.engine.close();
  }
}
