/**
 * A notebook: a folder of Markdown notes plus Sourcebook's annotations under `.sourcebook/`.
 * Its services answer the NotebookApi contract's notes, annotations and review methods.
 * See docs/notebook.md for the on-disk layout and the rules (atomic writes, conflicts, review).
 */
import { promises as fsp } from 'node:fs';
import type { ServiceApi, Services, Unsubscribe } from '../../common/contract';
import { composeServices } from '../../common/contract/compose';
import { AnnotationStore } from './annotation-store';
import { Annotations } from './annotations';
import { ColorStore } from './colors';
import { NotebookEvents, type NotebookBackendEvent } from './events';
import { bounded, mkdirDurable, PathLocks, type AtomicWriteIo } from '../fs';
import { DataWatcher } from './data-watcher';
import { notebookLayout, type NotebookLayout } from './layout';
import { MAX_NOTE_BYTES } from './note-bytes';
import { NoteStore } from './note-store';
import { Notes } from './notes';
import { ReviewStore } from './review-store';
import { SnapshotStore } from './snapshots';
import type { SourceAccess } from './source-access';
import { Anchoring, type AnchorRunner } from './anchoring';

export interface NotebookOptions {
  /** Report notes changed by other programs (default true). */
  watch?: boolean;
  /** Largest note file that is opened (default 50 MB). */
  maxNoteBytes?: number;
  /** Replacement file operations (tests check what is fsynced). */
  io?: Partial<AtomicWriteIo>;
  /** How long a write waits for another window's lock before it is a conflict (default 10 s). */
  lockWaitMs?: number;
  /** Where quotes are anchored (default: in process; the backend passes the engine's source worker). */
  anchoring?: AnchorRunner;
}

/** Opens (creating if needed) the notebook in `folder`; its sources are reached through `sources`. */
export async function openNotebook(folder: string, sources: SourceAccess, options: NotebookOptions = {}): Promise<Notebook> {
  await fsp.mkdir(folder, { recursive: true });
  const notebook = new Notebook(await fsp.realpath(folder), sources, options);
  // Before anything is read: what a crash left (temp files, half-done renames, stray trash entries).
  await notebook.notes.store.recover();
  await notebook.ready();
  if (options.watch !== false) {
    await notebook.notes.watch();
    await notebook.watchData();
  }
  return notebook;
}

/**
 * The notebook's services, composed: `notes` answers the contract's notes methods, `annotations`
 * its annotations and review methods. The methods are also on the Notebook itself, bound by
 * composeServices (no forwarder is written by hand).
 */
export interface Notebook extends ServiceApi<'notes'>, ServiceApi<'annotations'>, ServiceApi<'review'> {}

export class Notebook {
  private readonly events = new NotebookEvents();
  readonly notes: Notes;
  readonly annotations: Annotations;
  private readonly dataWatcher: DataWatcher;
  private readonly layout: NotebookLayout;

  constructor(readonly root: string, sources: SourceAccess, options: NotebookOptions = {}) {
    const layout = notebookLayout(root);
    // One set of locks for every store: a lock file names the note or file it guards.
    const locks = new PathLocks(layout.locks, options.lockWaitMs ? { timeoutMs: options.lockWaitMs } : {});
    const io = options.io ?? {};
    const store = new NoteStore(root, { maxBytes: options.maxNoteBytes ?? MAX_NOTE_BYTES, io, locks });
    this.notes = new Notes(store, this.events, (id) => this.annotations.sourceOf(id), (id) => this.annotations.find(id));
    const annotationStore = new AnnotationStore(layout.annotations, locks, io);
    const colors = new ColorStore(layout.colors, locks);
    const review = new ReviewStore(layout.review, locks);
    // What another window or backend changed, found when the stores re-read their files.
    annotationStore.onForeignChange = (change) => this.events.emit({ type: 'annotations-changed', ...change });
    colors.onForeignChange = (now) => this.events.emit({ type: 'colors-changed', colors: now });
    review.onForeignChange = (count) => this.events.emit({ type: 'annotations-changed', changed: [], removed: [], sources: [], review: count });
    this.annotations = new Annotations({
      store: annotationStore, snapshots: new SnapshotStore(layout.snapshots), colors, review, sources, notes: this.notes.index, events: this.events,
      followLabels: async (changes) => void (await this.notes.followLabels(changes)),
      anchoring: new Anchoring(options.anchoring),
    });
    this.layout = layout;
    this.dataWatcher = new DataWatcher(layout, async () => {
      await this.annotations.ready();
      await this.annotations.getColors();
    });
    Object.assign(this, composeServices(this.services));
  }

  /** The services the backend composes behind the contract. */
  get services(): Pick<Services, 'notes' | 'annotations' | 'review'> {
    return { notes: this.notes, annotations: this.annotations, review: this.annotations };
  }

  /** Starts reporting annotations, colours and review items changed by another window or backend. */
  async watchData(): Promise<void> {
    await mkdirDurable(this.layout.data);
    await this.dataWatcher.start();
  }

  async ready(): Promise<void> {
    await Promise.all([this.notes.ready(), this.annotations.ready()]);
  }

  /** One event per change: notes-changed, annotations-changed (with the review list's size), colors-changed. */
  subscribe(listener: (event: NotebookBackendEvent) => void): Unsubscribe {
    return this.events.subscribe(listener);
  }

  async close(): Promise<void> {
    await this.notes.close();
    await bounded(this.dataWatcher.close(), 3_000, () => new Error('timed out')).catch(() => undefined);
  }
}
