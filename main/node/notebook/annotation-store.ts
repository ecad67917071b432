/**
 * Annotations on disk: one W3C JSON file per annotation in `.sourcebook/annotations/`, written
 * atomically. A file that cannot be parsed is left untouched and reported in `problems`, never
 * deleted or rewritten.
 *
 * The disk is the truth, not this process's memory: another window or backend may change any
 * file. `refresh()` brings the cache in line (the folder is re-listed when it changed, a file
 * re-read when its version did, see disk-cache.ts), and every change is a read-modify-write of
 * the file as it is on disk now, under the store's lock, so no acknowledged edit is reverted.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { mkdirDurable, PathLocks, readRegularFile, syncDirectory, writeFileAtomic, type AtomicWriteIo } from '../fs';
import { seenNow, stillSeen, type Seen } from './disk-cache';
import { fromStoredJson, toStoredJson, type StoredAnnotation } from './stored-annotation';

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
/** One lock for the folder: changes are small and rare; a re-anchoring of 1,000 takes it once. */
const LOCK = 'annotations';

/** What a change does with the annotation as on disk now: the new version, or null to leave it. */
export type AnnotationEdit = (current: StoredAnnotation) => StoredAnnotation | null | Promise<StoredAnnotation | null>;

export class AnnotationStore {
  private readonly byId = new Map<string, StoredAnnotation>();
  private readonly seenFiles = new Map<string, Seen>();
  private readonly problemsByFile = new Map<string, { file: string; message: string }>();
  private seenDir: Seen | undefined;
  private refreshing: Promise<void> | undefined;
  private scanned = false;
  /** Called with the source ids of annotations another process created, changed or deleted (found by a refresh). */
  onForeignChange: (change: ForeignAnnotationChange) => void = () => undefined;
  private foreign: ForeignAnnotationChange = emptyChange();

  constructor(
    private readonly dir: string,
    private readonly locks = new PathLocks(path.join(path.dirname(dir), 'locks')),
    private readonly io: Partial<AtomicWriteIo> = {},
  ) {}

  /** Files in the annotations folder that could not be read, with the reason. */
  get problems(): { file: string; message: string }[] {
    return [...this.problemsByFile.values()];
  }

  load(): Promise<void> {
    return this.refresh();
  }

  /** Brings the in-memory annotations in line with the folder. */
  refresh(): Promise<void> {
    this.refreshing ??= this.scan().finally(() => {
      this.refreshing = undefined;
      // The first scan is the load, not a change.
      const change = this.foreign;
      this.foreign = emptyChange();
      if (this.scanned && (change.changed.length || change.removed.length)) this.onForeignChange(change);
      this.scanned = true;
    });
    return this.refreshing;
  }

  get(id: string): StoredAnnotation | undefined {
    return this.byId.get(id);
  }

  /** Every annotation, oldest first. */
  all(): StoredAnnotation[] {
    return [...this.byId.values()].sort(byCreation);
  }

  /** The annotations on one source, oldest first (the others are not sorted on the way). */
  forSource(sourceId: string): StoredAnnotation[] {
    return [...this.byId.values()].filter((a) => a.sourceId === sourceId).sort(byCreation);
  }

  /** Writes a new annotation (its id must be new). */
  async create(a: StoredAnnotation): Promise<void> {
    checkId(a.id);
    await this.locks.with([LOCK], async () => {
      await mkdirDurable(this.dir, this.io);
      await writeFileAtomic(this.fileOf(a.id), toStoredJson(a), { exclusive: true, io: this.io });
      await this.wrote(a);
    });
  }

  /** Applies `edit` to the annotation as on disk now; returns the result (undefined: there is none). */
  async update(id: string, edit: AnnotationEdit): Promise<StoredAnnotation | undefined> {
    checkId(id);
    return this.locks.with([LOCK], async () => {
      const current = await this.readFresh(id);
      if (!current) return undefined;
      const next = await edit(current);
      if (!next) return current;
      await writeFileAtomic(this.fileOf(id), toStoredJson(next), { io: this.io });
      await this.wrote(next);
      return next;
    });
  }

  /** `update` for many: files written a few at a time, the folder synced once at the end. */
  async updateMany(ids: string[], edit: AnnotationEdit, concurrency = 8): Promise<StoredAnnotation[]> {
    if (!ids.length) return [];
    ids.forEach(checkId);
    return this.locks.with([LOCK], async () => {
      const written: StoredAnnotation[] = [];
      let next = 0;
      const worker = async () => {
        while (next < ids.length) {
          const id = ids[next++]!;
          const current = await this.readFresh(id);
          const changed = current && (await edit(current));
          if (!changed) continue;
          await writeFileAtomic(this.fileOf(id), toStoredJson(changed), { syncDir: false, io: this.io });
          await this.wrote(changed);
          written.push(changed);
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
      } finally {
        await syncDirectory(this.dir, this.io);
      }
      return written;
    });
  }

  /** Deletes the annotation's file (and syncs the folder); returns what was deleted, if anything. */
  async delete(id: string): Promise<StoredAnnotation | undefined> {
    if (!ID.test(id)) return undefined;
    return this.locks.with([LOCK], async () => {
      const current = await this.readFresh(id);
      if (!current) return undefined;
      try {
        await fsp.unlink(this.fileOf(id));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      await syncDirectory(this.dir, this.io);
      this.byId.delete(id); // ours: not reported as another process's change
      this.forget(`${id}.json`);
      return current;
    });
  }

  private async scan(): Promise<void> {
    const dirStats = await fsp.stat(this.dir).catch(() => null);
    if (!dirStats) {
      for (const name of [...this.seenFiles.keys()]) this.forget(name);
      this.seenDir = undefined;
      return;
    }
    // Each write renames a file into the folder, which changes the folder's own stat.
    if (stillSeen(dirStats, this.seenDir)) return;
    const readAt = Date.now();
    const names = new Set((await fsp.readdir(this.dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json') && !n.startsWith('.')));
    for (const name of [...this.seenFiles.keys(), ...this.problemsByFile.keys()]) if (!names.has(name)) this.forget(name);
    for (const name of names) {
      const stats = await fsp.lstat(path.join(this.dir, name)).catch(() => null);
      if (!stats) {
        this.forget(name);
        continue;
      }
      if (stillSeen(stats, this.seenFiles.get(name))) continue;
      await this.readInto(name);
    }
    this.seenDir = seenNow(dirStats, readAt);
  }

  /** Reads one file into the cache; returns the annotation, or undefined if it is missing or unreadable. */
  private async readInto(name: string): Promise<StoredAnnotation | undefined> {
    const readAt = Date.now();
    try {
      const read = await readRegularFile(path.join(this.dir, name), 50_000_000);
      if (!read) {
        this.forget(name);
        return undefined;
      }
      const a = fromStoredJson(read.bytes.toString('utf8'));
      if (`${a.id}.json` !== name) throw new Error(`its id ${a.id} does not match its file name`);
      const before = this.byId.get(a.id);
      if (!before || toStoredJson(before) !== toStoredJson(a)) {
        this.foreign.changed.push(a.id);
        addOnce(this.foreign.sources, a.sourceId);
        if (before) addOnce(this.foreign.sources, before.sourceId);
      }
      this.byId.set(a.id, a);
      this.seenFiles.set(name, seenNow(read.stats, readAt));
      this.problemsByFile.delete(name);
      return a;
    } catch (err) {
      const known = this.problemsByFile.has(name);
      this.forget(name);
      const problem = { file: name, message: `annotation file ${name} was skipped (and left as it is): ${(err as Error).message}` };
      this.problemsByFile.set(name, problem);
      // Nothing shows `problems` to the user yet; the log at least says why a highlight is missing.
      if (!known) console.warn(`sourcebook: ${problem.message}`);
      return undefined;
    }
  }

  private readFresh(id: string): Promise<StoredAnnotation | undefined> {
    return this.readInto(`${id}.json`);
  }

  private async wrote(a: StoredAnnotation): Promise<void> {
    this.byId.set(a.id, a);
    const stats = await fsp.lstat(this.fileOf(a.id)).catch(() => null);
    if (stats) this.seenFiles.set(`${a.id}.json`, seenNow(stats, Date.now()));
  }

  private forget(name: string): void {
    const known = this.byId.get(name.replace(/\.json$/, ''));
    if (known) {
      this.foreign.removed.push(known.id);
      addOnce(this.foreign.sources, known.sourceId);
    }
    this.seenFiles.delete(name);
    this.problemsByFile.delete(name);
    this.byId.delete(name.replace(/\.json$/, ''));
  }

  private fileOf(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }
}

function checkId(id: string): void {
  if (!ID.test(id)) throw new Error(`not an annotation id: ${id}`);
}

function byCreation(a: StoredAnnotation, b: StoredAnnotation): number {
  return a.created.localeCompare(b.created) || a.id.localeCompare(b.id);
}

/** Annotations another window or backend wrote or deleted, found when the folder was read again. */
export interface ForeignAnnotationChange {
  changed: string[];
  removed: string[];
  sources: string[];
}

const emptyChange = (): ForeignAnnotationChange => ({ changed: [], removed: [], sources: [] });
const addOnce = (list: string[], item: string) => { if (!list.includes(item)) list.push(item); };
