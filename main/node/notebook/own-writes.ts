/**
 * The note store's memory of its own writes, so the note watcher can tell them from another
 * program's. `known` is each note's version as the store last wrote it (or the watcher last
 * reported it); a read does not count, so a read racing the watcher cannot swallow a foreign
 * change. A watcher report read late may show one of the store's own earlier versions: it is
 * ours only if a later write of that note was under way or had begun since the read began.
 */

/** How many of its own recent versions per note the store recognises in late watcher reports. */
const RECENT_WRITES = 8;

export class OwnWrites {
  /** Each note's version as the store last wrote it or the watcher last reported it, by note path. */
  readonly known = new Map<string, string>();
  /** The last few versions written per note. */
  private readonly written = new Map<string, string[]>();
  /** Notes with a write under way (a count: writes of one note queue on its lock, but a count is what is safe to keep). */
  private readonly writing = new Map<string, number>();
  /** Writes begun per note, ever: a watcher read that a write overtook is stale even once that write is done. */
  private readonly begun = new Map<string, number>();

  /** A mark to take before reading a note for a watcher report, for `wroteLately`. */
  mark(notePath: string): number {
    return this.begun.get(notePath) ?? 0;
  }

  /**
   * Whether the file holding `version` is our own earlier write, read while a later write of the
   * note was under way or after one began since `mark` (that write's own report follows). Else an
   * older version of ours on disk was put back by someone else (an editor's undo, a checkout) and
   * is a change to report.
   */
  wroteLately(notePath: string, version: string, mark: number): boolean {
    const overtaken = this.writing.has(notePath) || this.mark(notePath) !== mark;
    return overtaken && (this.written.get(notePath)?.includes(version) ?? false);
  }

  /**
   * A write of `version` begins (it is known and remembered at once: its watcher report may come
   * before the write returns). The returned function ends it; `committed: false` puts back the
   * version known before.
   */
  begin(notePath: string, version: string): (committed: boolean) => void {
    const previous = this.known.get(notePath);
    this.known.set(notePath, version);
    const versions = (this.written.get(notePath) ?? []).filter((v) => v !== version);
    versions.push(version);
    if (versions.length > RECENT_WRITES) versions.shift();
    this.written.set(notePath, versions);
    this.begun.set(notePath, this.mark(notePath) + 1);
    this.writing.set(notePath, (this.writing.get(notePath) ?? 0) + 1);
    let ended = false;
    return (committed) => {
      if (ended) return;
      ended = true;
      const left = (this.writing.get(notePath) ?? 1) - 1;
      if (left > 0) this.writing.set(notePath, left);
      else this.writing.delete(notePath);
      if (committed) return;
      if (previous === undefined) this.known.delete(notePath);
      else this.known.set(notePath, previous);
    };
  }

  /** A note was renamed: its known version goes with it. */
  move(from: string, to: string): void {
    const version = this.known.get(from);
    this.known.delete(from);
    if (version !== undefined) this.known.set(to, version);
  }
}
