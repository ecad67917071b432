/** Messages between the engine and its index workers (structured-cloned, JSON-safe). */
import type { ExecuteRequest, ExpandReply, HitsRequest, ShardTop, TermSpec } from './plan';
import type { LibraryFile, SearchDoc } from './types';
import type { AnchorAnswer, AnchorJob } from '../../common/anchoring';

export type WorkerRequest =
  | { op: 'setOwner'; owner: string; docs: SearchDoc[] }
  | { op: 'removeOwner'; owner: string }
  /** Answered with a FileOutcome as a JSON string. `background`: part of a big batch (the worker lowers its priority). */
  | { op: 'indexFile'; file: LibraryFile; background: boolean }
  /** Answered with the file's full ParseOutcome (text included) as a JSON string: what `getSource` shows, parsed here, not in the app. */
  | { op: 'readSource'; file: LibraryFile }
  /**
   * The source worker's: the notebook's anchoring jobs on the text with content hash `hash`
   * (kept from an earlier batch, or `text`). Answered null when the text is not kept and not given.
   */
  | { op: 'anchor'; hash: string; text?: string; jobs: AnchorJob[] }
  /** End of a batch of files: merge segments so queries are fast again. */
  | { op: 'finishBuild' }
  | { op: 'expand'; specs: TermSpec[] }
  | { op: 'execute'; req: ExecuteRequest }
  /** Answered as a JSON string: much cheaper to pass between threads than the hit objects. */
  | { op: 'hits'; req: HitsRequest }
  /** Writes a base or a delta named `name`.bin in `dir`; answers with the shard's current files. */
  | { op: 'persist'; dir: string; name: string }
  | { op: 'restore'; dir: string; files: string[] }
  | { op: 'clear' }
  /** Where shard `shard` may spill while indexing (see index-worker.ts). */
  | { op: 'configure'; shard: number; spillDir: string | null }
  /** Answered at once: the worker has started. */
  | { op: 'ping' }
  | { op: 'memory' };

export interface WorkerReplies {
  setOwner: null; removeOwner: null; indexFile: string; readSource: string; anchor: AnchorAnswer[] | null; finishBuild: null;
  expand: ExpandReply; execute: ShardTop; hits: string;
  persist: { files: string[]; bytes: number; kind: 'base' | 'delta' | 'none' }; restore: { owners: string[] }; clear: null; ping: null; configure: null;
  memory: { heapUsed: number; external: number; textBytes: number; docs: number };
}

export type WorkerMessage = { id: number } & WorkerRequest;
export type WorkerResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };
