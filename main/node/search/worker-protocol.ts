/** Messages between the engine and its index workers (structured-cloned, JSON-safe). */
import type { ExecuteRequest, ExpandReply, ShardHits, TermSpec } from './plan';
import type { FileOutcome, LibraryFile, SearchDoc } from './types';

export type WorkerRequest =
  | { op: 'setOwner'; owner: string; docs: SearchDoc[] }
  | { op: 'removeOwner'; owner: string }
  | { op: 'indexFile'; file: LibraryFile }
  /** End of a batch of files: merge segments so queries are fast again. */
  | { op: 'finishBuild' }
  | { op: 'expand'; specs: TermSpec[] }
  | { op: 'execute'; req: ExecuteRequest }
  | { op: 'persist'; file: string }
  | { op: 'restore'; file: string }
  | { op: 'clear' }
  | { op: 'memory' };

export interface WorkerReplies {
  setOwner: null; removeOwner: null; indexFile: FileOutcome; finishBuild: null;
  expand: ExpandReply; execute: ShardHits;
  persist: { bytes: number }; restore: { owners: string[] }; clear: null;
  memory: { heapUsed: number; external: number; textBytes: number; docs: number };
}

export type WorkerMessage = { id: number } & WorkerRequest;
export type WorkerResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };
