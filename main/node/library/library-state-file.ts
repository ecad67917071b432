/**
 * What the library knew when it last saved, per file: each source's summary and each problem,
 * with the file's size and modification time (its fingerprint; the summary carries the content
 * hash). Kept as JSON lines, one record a line after a header: saving after an edit appends the
 * records that changed instead of rewriting every file's, and the log is rewritten whole (to a
 * temp file, then renamed) only once it holds far more records than files. Read line by line, so
 * no single string holds the whole file. A last line cut short by a crash is ignored.
 */
import { createReadStream } from 'node:fs';
import { appendFile, open, rename, unlink } from 'node:fs/promises';
import readline from 'node:readline';
import type { FileProblem, SourceSummary } from '../../common/contract';

export interface FileStamp { size: number; mtimeMs: number }
export type SavedSource = { summary: SourceSummary } & FileStamp;
export type SavedProblem = { id: string; problem: FileProblem } & FileStamp;
export type StateRecord = { source: SavedSource } | { problem: SavedProblem } | { removed: string };

export interface SavedState { sources: Map<string, SavedSource>; problems: Map<string, SavedProblem> }

const HEADER_KIND = 'sourcebook-library-state';

export class LibraryStateFile {
  /** Records in the file now (header excluded), to know when a rewrite pays. */
  private records = 0;

  constructor(private readonly file: string, private readonly key: string) {}

  /** The saved state, or null when there is none for this key (or it cannot be read). */
  async load(): Promise<SavedState | null> {
    const state: SavedState = { sources: new Map(), problems: new Map() };
    let header = false;
    let records = 0;
    try {
      const lines = readline.createInterface({ input: createReadStream(this.file, 'utf8'), crlfDelay: Infinity });
      for await (const line of lines) {
        if (!line) continue;
        let value: unknown;
        try { value = JSON.parse(line); } catch { continue; /* a record cut short by a crash */ }
        if (!header) {
          const h = value as { kind?: string; key?: string };
          if (h?.kind !== HEADER_KIND || h.key !== this.key) { lines.close(); return null; }
          header = true;
          continue;
        }
        records++;
        apply(state, value as StateRecord);
      }
    } catch {
      return null;
    }
    if (!header) return null;
    this.records = records;
    return state;
  }

  /** Saves `changes` (appended), or the whole `state` when the log has grown well past it. */
  async save(changes: StateRecord[], state: () => SavedState): Promise<void> {
    if (!changes.length && this.records) return;
    const whole = state();
    const live = whole.sources.size + whole.problems.size;
    if (!this.records || this.records + changes.length > 2 * live + 1000) return this.rewrite(whole);
    await appendFile(this.file, changes.map((c) => `${JSON.stringify(c)}\n`).join(''));
    this.records += changes.length;
  }

  private async rewrite(state: SavedState): Promise<void> {
    const temp = `${this.file}.${process.pid}.sb-tmp`;
    const fh = await open(temp, 'w');
    let records = 0;
    try {
      let batch = `${JSON.stringify({ kind: HEADER_KIND, key: this.key })}\n`;
      const flush = async () => { if (batch) await fh.write(batch); batch = ''; };
      for (const source of state.sources.values()) { batch += `${JSON.stringify({ source })}\n`; records++; if (batch.length > 1 << 20) await flush(); }
      for (const problem of state.problems.values()) { batch += `${JSON.stringify({ problem })}\n`; records++; if (batch.length > 1 << 20) await flush(); }
      await flush();
      await fh.sync();
    } catch (error) {
      await fh.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await fh.close();
    await rename(temp, this.file);
    this.records = records;
  }
}

function apply(state: SavedState, record: StateRecord): void {
  if ('source' in record) { state.problems.delete(record.source.summary.id); state.sources.set(record.source.summary.id, record.source); }
  else if ('problem' in record) { state.sources.delete(record.problem.id); state.problems.set(record.problem.id, record.problem); }
  else if ('removed' in record) { state.sources.delete(record.removed); state.problems.delete(record.removed); }
}
