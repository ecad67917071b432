/**
 * Annotations on disk: one W3C JSON file per annotation in `.sourcebook/annotations/`,
 * written atomically, all held in memory once loaded. A file that cannot be parsed is left
 * untouched and reported in `problems`, never deleted or rewritten.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { syncDirectory, writeFileAtomic } from '../fs';
import { fromStoredJson, toStoredJson, type StoredAnnotation } from './stored-annotation';

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export class AnnotationStore {
  private readonly byId = new Map<string, StoredAnnotation>();
  private loaded: Promise<void> | undefined;
  /** Files in the annotations folder that could not be read, with the reason. */
  readonly problems: { file: string; message: string }[] = [];

  constructor(private readonly dir: string) {}

  load(): Promise<void> {
    this.loaded ??= (async () => {
      const names = await fsp.readdir(this.dir).catch(() => [] as string[]);
      for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.'))) {
        try {
          const a = fromStoredJson(await fsp.readFile(path.join(this.dir, name), 'utf8'));
          if (`${a.id}.json` !== name) throw new Error(`its id ${a.id} does not match its file name`);
          this.byId.set(a.id, a);
        } catch (err) {
          const problem = { file: name, message: `annotation file ${name} was skipped (and left as it is): ${(err as Error).message}` };
          this.problems.push(problem);
          // Nothing shows `problems` to the user yet; the log at least says why a highlight is missing.
          console.warn(`sourcebook: ${problem.message}`);
        }
      }
    })();
    return this.loaded;
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

  async save(a: StoredAnnotation): Promise<void> {
    if (!ID.test(a.id)) throw new Error(`not an annotation id: ${a.id}`);
    await fsp.mkdir(this.dir, { recursive: true });
    await writeFileAtomic(path.join(this.dir, `${a.id}.json`), toStoredJson(a));
    this.byId.set(a.id, a);
  }

  /** Saves many annotations: files written a few at a time, the folder synced once at the end. */
  async saveMany(list: StoredAnnotation[], concurrency = 8): Promise<void> {
    if (!list.length) return;
    await fsp.mkdir(this.dir, { recursive: true });
    let next = 0;
    const worker = async () => {
      while (next < list.length) {
        const a = list[next++]!;
        if (!ID.test(a.id)) throw new Error(`not an annotation id: ${a.id}`);
        await writeFileAtomic(path.join(this.dir, `${a.id}.json`), toStoredJson(a), { syncDir: false });
        this.byId.set(a.id, a);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, list.length) }, worker));
    } finally {
      await syncDirectory(this.dir);
    }
  }

  async delete(id: string): Promise<boolean> {
    if (!this.byId.has(id) || !ID.test(id)) return false;
    await fsp.rm(path.join(this.dir, `${id}.json`), { force: true });
    this.byId.delete(id);
    return true;
  }
}

function byCreation(a: StoredAnnotation, b: StoredAnnotation): number {
  return a.created.localeCompare(b.created) || a.id.localeCompare(b.id);
}
