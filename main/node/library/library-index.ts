/** What the library needs from the search engine (main/node/search implements it), and what it hands over. */
import type { FileProblem } from '../../common/contract';
import type { ParsedSource, ParseOutcome } from './parse';

export type SourceMeta = Omit<ParsedSource, 'text' | 'pageItems' | 'chapters'>;
export type IndexOutcome = { ok: true; source: SourceMeta } | { ok: false; reason: FileProblem['reason']; message: string };

/** A file as the index workers read it; `parsedCache` is where its parse is kept between starts. */
export interface LibraryFile { owner: string; absPath: string; relPath: string; folder: number; parsedCache?: string }

export interface LibraryIndex {
  /** `onProgress` hears of each file as it is done (its outcome too), so what is indexed is kept even if the batch fails later. */
  indexFiles(
    files: LibraryFile[],
    onProgress?: (done: number, total: number, result?: { owner: string; outcome: IndexOutcome }) => void,
    /** `outcomes: false`: report them through onProgress only (resolve with []), not held all at once. */
    opts?: { outcomes?: boolean },
  ): Promise<Array<{ owner: string; outcome: IndexOutcome }>>;
  /** One file's full parse, made off this thread (the index workers), or read back from what indexing kept. */
  readSource(file: LibraryFile): Promise<ParseOutcome>;
  removeOwner(owner: string): Promise<void>;
  persist(fingerprint: string): Promise<unknown>;
  restore(fingerprint: string): Promise<boolean>;
  /** The owners a restored index holds (without it, the index is taken to hold what the saved state says). */
  ownerIds?(): string[];
}

/** An indexing batch that broke off (a worker died): the files it was reading then, so the next start skips them. */
export interface IndexingFailure extends Error { inFlight?: string[] }
