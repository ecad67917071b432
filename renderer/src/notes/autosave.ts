/**
 * Autosave for the open note: debounced saves that name the version they edit, an immediate
 * `flush()` for quit and note switches, and the rule that a change made elsewhere is never
 * silently overwritten: with no unsaved edits the note reloads from disk; with edits on both
 * sides both are kept until the user picks ("Keep mine" / "Use theirs").
 */
import type { NoteFile, NotebookApi } from '../../../main/common/contract';
import { errorText } from '../app/dom';
import { labelOnlyChanges } from '../../../main/common/markdown/quote-labels';

export type SaveState =
  | { kind: 'saved' }
  | { kind: 'unsaved' }
  | { kind: 'saving' }
  | { kind: 'conflict'; disk: NoteFile | null }
  | { kind: 'error'; message: string };

export interface AutosaveDeps {
  api: Pick<NotebookApi, 'saveNote' | 'readNote'>;
  /** The editor's Markdown now. */
  read(): string;
  /** Replace the editor's content with what is on disk (null: the file is gone). */
  reload(disk: NoteFile | null): void;
  /**
   * The disk's version differs from the last save only in quote labels (they followed their
   * source): set these labels (annotation id → label) on the editor's quotes.
   */
  relabel?(labels: ReadonlyMap<string, string>): void;
  /** Both sides changed: show the disk version beside the editor's (null: deleted on disk). */
  showConflict(disk: NoteFile | null, mine: string): void;
  onState?(state: SaveState): void;
  /** Quiet time after the last keystroke before saving. */
  delayMs?: number;
  /** Wait before retrying a save that failed (disk full, server gone). */
  retryMs?: number;
}

export const AUTOSAVE_DELAY_MS = 400;

export class NoteAutosave {
  /** Version on disk that `saved` corresponds to (null: the file does not exist). */
  private baseVersion: string | null;
  /** Markdown known to be on disk at `baseVersion`. */
  private saved: string;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private chain: Promise<void> = Promise.resolve();
  private conflict: { disk: NoteFile | null } | null = null;
  private disposed = false;
  /** Counts the user's edits, so a save can tell whether more came in while it ran (without exporting again). */
  private edits = 0;

  constructor(private path: string, file: { version: string | null; markdown: string }, private readonly deps: AutosaveDeps) {
    this.baseVersion = file.version;
    this.saved = file.markdown;
  }

  get notePath(): string {
    return this.path;
  }

  get version(): string | null {
    return this.baseVersion;
  }

  get inConflict(): boolean {
    return this.conflict !== null;
  }

  hasUnsavedChanges(): boolean {
    return this.deps.read() !== this.saved;
  }

  /** The user edited the note: save once typing pauses. */
  changed(): void {
    if (this.disposed) return;
    this.edits++;
    if (this.conflict) return; // nothing is written until the user resolves the conflict
    this.state({ kind: 'unsaved' });
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.deps.delayMs ?? AUTOSAVE_DELAY_MS);
  }

  /** Saves now (after any save in flight); resolves when the editor's content is on disk or in conflict. */
  flush(): Promise<void> {
    this.clearTimer();
    return this.enqueue(() => this.saveNow());
  }

  /** The note changed on disk (watcher event). Waits for our own saves so it never mistakes them. */
  externalChange(deleted: boolean): Promise<void> {
    return this.enqueue(async () => {
      let disk: NoteFile | null = null;
      if (!deleted) disk = await this.deps.api.readNote(this.path).catch(() => null);
      if (disk && disk.version === this.baseVersion) return; // our own write, or no change
      if (!disk && this.baseVersion === null) return;
      const mine = this.deps.read();
      if (disk && disk.markdown === mine) {
        this.adopt(disk);
        return;
      }
      if (disk && this.takeLabels(disk)) return;
      if (this.conflict || mine !== this.saved) {
        this.enterConflict(disk, mine);
        return;
      }
      this.deps.reload(disk);
      this.adoptReloaded(disk);
    });
  }

  /** Conflict resolved for the editor's version: it overwrites what is on disk now. */
  keepMine(): Promise<void> {
    const pending = this.conflict;
    if (!pending) return this.flush();
    this.conflict = null;
    this.baseVersion = pending.disk?.version ?? null;
    this.saved = pending.disk?.markdown ?? '\0'; // force a write even if the text matches the old save
    return this.flush();
  }

  /** Conflict resolved for the disk's version: the editor takes it. */
  useTheirs(): void {
    const pending = this.conflict;
    if (!pending) return;
    this.conflict = null;
    this.clearTimer();
    this.deps.reload(pending.disk);
    this.adoptReloaded(pending.disk);
  }

  /** The note was renamed: later saves go to the new path (content and version are unchanged). */
  moved(path: string): void {
    this.path = path;
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimer();
  }

  private async saveNow(): Promise<void> {
    if (this.conflict) return;
    const edits = this.edits;
    const markdown = this.deps.read();
    if (markdown === this.saved) {
      if (!this.timer) this.state({ kind: 'saved' });
      return;
    }
    this.state({ kind: 'saving' });
    let result;
    try {
      result = await this.deps.api.saveNote({ path: this.path, markdown, baseVersion: this.baseVersion });
    } catch (error) {
      this.state({ kind: 'error', message: errorText(error) });
      // The text is still in the editor; try again rather than leave it unsaved.
      if (!this.disposed && !this.timer) {
        this.timer = setTimeout(() => {
          this.timer = null;
          void this.flush();
        }, this.deps.retryMs ?? 2000);
      }
      return;
    }
    if (result.status === 'saved') {
      this.baseVersion = result.version;
      this.saved = markdown;
      this.state(this.timer || this.edits !== edits ? { kind: 'unsaved' } : { kind: 'saved' });
      return;
    }
    if (result.disk && result.disk.markdown === markdown) {
      this.adopt(result.disk);
      this.state({ kind: 'saved' });
      return;
    }
    if (result.disk && this.takeLabels(result.disk)) return;
    this.enterConflict(result.disk, markdown);
  }

  /**
   * Quote labels rewritten on disk to follow their source (backend notes.followLabels) are no
   * conflict: when the disk differs from our last save in quote labels alone, the editor takes
   * them into its own text, edits included, and saves that over the disk's version. Anything
   * else changed on disk is a conflict as ever.
   */
  private takeLabels(disk: NoteFile): boolean {
    if (this.conflict || !this.deps.relabel) return false;
    const labels = labelOnlyChanges(this.saved, disk.markdown);
    if (!labels) return false;
    const edited = this.deps.read() !== this.saved;
    this.deps.relabel(labels);
    this.baseVersion = disk.version;
    this.saved = disk.markdown;
    if (!edited && this.deps.read() === disk.markdown) {
      this.state({ kind: 'saved' });
      return true;
    }
    // Edits on top of the new labels: saved like any edit (the caller's queue is not re-entered).
    this.changed();
    return true;
  }

  private enterConflict(disk: NoteFile | null, mine: string): void {
    this.clearTimer();
    this.conflict = { disk };
    this.state({ kind: 'conflict', disk });
    this.deps.showConflict(disk, mine);
  }

  /**
   * After the editor took the disk's text: the editor's own rendering of it counts as saved, so
   * Markdown spelled differently on disk (spacing, list markers) is not taken for an edit.
   */
  private adoptReloaded(disk: NoteFile | null): void {
    this.adopt(disk);
    if (disk) this.saved = this.deps.read();
  }

  private adopt(disk: NoteFile | null): void {
    this.baseVersion = disk?.version ?? null;
    this.saved = disk?.markdown ?? '';
    this.state({ kind: 'saved' });
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    // Jobs still run after dispose: switching notes flushes, then disposes, and that save must land.
    const next = this.chain.then(job);
    this.chain = next.catch(() => {});
    return next;
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private state(state: SaveState): void {
    if (!this.disposed) this.deps.onState?.(state);
  }
}
