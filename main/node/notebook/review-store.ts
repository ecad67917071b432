/**
 * The review list: quotes that could not be re-anchored with confidence after their source
 * changed, waiting for the user's decision. Persisted in `.sourcebook/review.json`.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ReviewItem } from '../../common/contract';
import { writeFileAtomic } from '../fs';

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
  private loaded: Promise<void> | undefined;

  constructor(private readonly file: string) {}

  load(): Promise<void> {
    this.loaded ??= (async () => {
      const text = await fsp.readFile(this.file, 'utf8').catch(() => null);
      if (text === null) return;
      const parsed = ReviewFile.safeParse(parseJson(text));
      if (!parsed.success) {
        // Keep the damaged file (bad JSON or bad shape) for the user; the list is rebuilt by the next re-anchoring.
        await fsp.rename(this.file, `${this.file}.damaged-${Date.now()}`).catch(() => undefined);
        return;
      }
      for (const item of parsed.data.items) this.items.set(item.annotationId, item);
    })();
    return this.loaded;
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

  /** Applies several additions and removals with one write; returns whether anything changed. */
  async apply(put: StoredReviewItem[], remove: string[]): Promise<boolean> {
    let changed = false;
    for (const id of remove) changed = this.items.delete(id) || changed;
    for (const item of put) {
      const before = this.items.get(item.annotationId);
      if (!before || JSON.stringify({ ...before, added: '' }) !== JSON.stringify({ ...item, added: '' })) changed = true;
      this.items.set(item.annotationId, before ? { ...item, added: before.added } : item);
    }
    if (changed) {
      await fsp.mkdir(path.dirname(this.file), { recursive: true });
      await writeFileAtomic(this.file, JSON.stringify({ version: 1, items: this.all() }, null, 2) + '\n');
    }
    return changed;
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
