/** What the query rounds read of a shard (shard.ts holds it; shard-query.ts and shard-hits.ts read it). */
import type { DocStore } from './doc-store';
import type { Segment } from './segment';

export interface ShardView {
  readonly store: DocStore;
  readonly segments: Segment[];
  readonly liveCount: number;
  readonly fieldLength: number[];
  /** Changes whenever documents are renumbered. */
  readonly version: number;
  /** Per-document scratch for scoring (dense accumulators), at least store.count long. */
  readonly scratch: Float64Array;
  readonly counter: Uint8Array;
  /** One bit per document: which scratch entries a scoring pass touched (see collect in shard-query.ts). */
  readonly touched: Uint32Array;
}
