/**
 * The review list: quotes that could not be re-anchored with confidence after their source
 * changed, waiting for the user's decision. Persisted in `.sourcebook/review.json`.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ReviewItem } from '../../common/contract';
import { mkdirDurable, PathLocks, writeFileAtomic } from '../fs';
import { FileCache } from './disk-cache';

/** A review entry as stored: everything but the annotation itself, which is looked up live. */
export const StoredReviewItem = ReviewItem.omit({ annotation: true }).extend({
  annotationId: z.string(),
  /** sha256 of the source text the candidates were found in. */
  sourceHash: z.string().nullable(),
  added: z.string(),
});
export type StoredReviewItem = z.infer<typeof StoredReviewItem>;

const ReviewFile = z.object({ version: z.literal(1), items: z.array(StoredReviewItem) });

export class ReviewStore {
  private items = new Map<string, StoredReviewItem>();
  private readonly cache: FileCache<Map<string, StoredReviewItem> | 'damaged'>;
  private last: string | undefined;
  /** Called when a read finds the list changed by another process (with its new size). */
  onForeignChange: (count: number) => void = () => undefined;

  constructor(private readonly file: string, private readonly locks = new PathLocks(path.join(path.dirname(file), 'locks'))) {
    this.cache = new FileCache(file, (text) => {
      const parsed = ReviewFile.safeParse(parseJson(text));
      return parsed.success ? new Map(parsed.data.items.map((item) => [item.annotationId, item])) : 'damaged';
    });
  }

  /** Brings the list in line with the file (another window may have changed it). */
  async load(): Promise<void> {
    this.items = await this.current(await this.cache.get());
    const now = this.fingerprint();
    if (this.last !== undefined && now !== this.last) this.onForeignChange(this.items.size);
    this.last = now;
  }

  all(): StoredReviewItem[] {
    return [...this.items.values()];
  }

  has(annotationId: string): boolean {
    return this.items.has(annotationId);
  }

  get size(): number {
    return this.items.size;
  }

  /**
   * Applies several additions and removals with one write, to the list as on disk now (under
   * its lock, so another window's additions are kept); returns whether anything changed.
   */
  async apply(put: StoredReviewItem[], remove: string[]): Promise<boolean> {
    return this.locks.with(['review.json'], async () => {
      const items = await this.current(await this.cache.fresh());
      let changed = false;
      for (const id of remove) changed = items.delete(id) || changed;
      for (const item of put) {
        const before = items.get(item.annotationId);
        if (!before || JSON.stringify({ ...before, added: '' }) !== JSON.stringify({ ...item, added: '' })) changed = true;
        items.set(item.annotationId, before ? { ...item, added: before.added } : item);
      }
      this.items = items;
      if (changed) {
        await mkdirDurable(path.dirname(this.file));
        await writeFileAtomic(this.file, JSON.stringify({ version: 1, items: [...items.values()] }, null, 2) + '\n');
        await this.cache.wrote(new Map(items));
      }
      this.last = this.fingerprint();
      return changed;
    });
  }

  private fingerprint(): string {
    return JSON.stringify([...this.items.entries()]);
  }

  private async current(read: Map<string, StoredReviewItem> | 'damaged' | null): Promise<Map<string, StoredReviewItem>> {
    if (read !== 'damaged') return new Map(read ?? []);
    // Keep the damaged file (bad JSON or bad shape) for the user; the list is rebuilt by the next re-anchoring.
    await fsp.rename(this.file, `${this.file}.damaged-${Date.now()}`).catch(() => undefined);
    return new Map();
  }
}

/** The JSON value of `text`, or undefined if it is not JSON (a file cut short by a full disk, say). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
