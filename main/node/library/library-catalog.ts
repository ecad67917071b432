/**
 * What the library knows of its files, in memory: each source's summary, the files that are
 * problems, the size and time each was last indexed at, and the records not yet saved. The
 * library's restart path, its refresh and its source reader share one catalog; only the
 * Library saves it.
 */
import type { FileProblem, SourceSummary } from '../../common/contract';
import type { FileStamp, SavedState, StateRecord } from './library-state-file';
import type { IndexOutcome, SourceMeta } from './library-index';
import { sourceIdFor, type SkippedEntry, type SourceFile } from './scan';

export class LibraryCatalog {
  readonly sources = new Map<string, SourceSummary>();
  /** Keyed by `problemKey` (a problem has a path, not always a source id). */
  readonly problems = new Map<string, FileProblem>();
  readonly files = new Map<string, SourceFile>();
  /** Size and modification time of each file as last indexed (sources and problems). */
  readonly stamps = new Map<string, FileStamp>();
  /** Per-file records not yet saved. */
  readonly changes = new Map<string, StateRecord>();

  /** Records one file's outcome; true when its text or title changed. */
  applyOutcome(owner: string, outcome: IndexOutcome): boolean {
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

  /** Forgets a file that left the folders (the caller removes it from the index). */
  drop(id: string): void {
    const file = this.files.get(id);
    const summary = this.sources.get(id);
    const folder = file?.folder ?? summary?.folder;
    const relPath = file?.relPath ?? summary?.path;
    this.files.delete(id);
    this.sources.delete(id);
    this.stamps.delete(id);
    if (folder !== undefined && relPath !== undefined) this.problems.delete(problemKey(folder, relPath));
    this.changes.set(id, { removed: id });
  }

  /** A file deleted while it was being read: gone, not a problem to show until the next start. */
  vanished(id: string): void {
    const file = this.files.get(id);
    this.files.delete(id);
    if (file) this.problems.delete(problemKey(file.folder, file.relPath));
    this.stamps.delete(id);
    this.changes.set(id, { removed: id });
  }

  setSkipped(entry: SkippedEntry): void {
    const id = sourceIdFor(entry.folder, entry.relPath);
    this.files.delete(id);
    // Not saved: a skipped entry (symlink, pipe…) is found again by every scan.
    if (this.sources.delete(id) || this.stamps.delete(id)) this.changes.set(id, { removed: id });
    this.problems.set(problemKey(entry.folder, entry.relPath), { path: entry.relPath, folder: entry.folder, reason: entry.reason, message: entry.message });
  }

  /** The records to save now; `keep` puts them back if the save failed (newer ones win). */
  takeChanges(): { records: StateRecord[]; keep(): void } {
    const records = [...this.changes.values()];
    this.changes.clear();
    return {
      records,
      keep: () => {
        for (const c of records) {
          const id = 'source' in c ? c.source.summary.id : 'problem' in c ? c.problem.id : c.removed;
          if (!this.changes.has(id)) this.changes.set(id, c);
        }
      },
    };
  }

  savedState(): SavedState {
    const state: SavedState = { sources: new Map(), problems: new Map() };
    for (const [id, summary] of this.sources) { const st = this.stamps.get(id); if (st) state.sources.set(id, { summary, ...st }); }
    for (const problem of this.problems.values()) {
      const id = sourceIdFor(problem.folder, problem.path);
      const st = this.stamps.get(id);
      if (st) state.problems.set(id, { id, problem, ...st });
    }
    return state;
  }
}

export const problemKey = (folder: number, relPath: string) => `${folder}:${relPath}`;

export function summaryOf(file: SourceFile, meta: SourceMeta): SourceSummary {
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
