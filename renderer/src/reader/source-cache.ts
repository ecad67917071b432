/**
 * Loading: the last few sources fetched, as promises, so that a result list can fetch ahead of a
 * click and reopening a source only renders. A failed fetch is forgotten so the next open retries.
 */
import type { NotebookApi, SourceDoc } from '../../../main/common/contract';

const SOURCE_CACHE = 4;

export class SourceCache {
  private readonly cache = new Map<string, Promise<SourceDoc>>();

  constructor(private readonly api: Pick<NotebookApi, 'getSource'>, private readonly size = SOURCE_CACHE) {}

  get(id: string): Promise<SourceDoc> {
    let p = this.cache.get(id);
    if (!p) {
      p = this.api.getSource(id);
      p.catch(() => this.cache.delete(id));
      this.cache.set(id, p);
      if (this.cache.size > this.size) this.cache.delete(this.cache.keys().next().value!);
    }
    return p;
  }

  /** Forgets a source (it changed on disk). */
  delete(id: string): void {
    this.cache.delete(id);
  }
}
