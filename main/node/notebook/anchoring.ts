/**
 * Where the notebook's anchoring runs. Anchoring 1,000 quotes on a 1 MB book takes about a
 * second, which on the backend's thread (Electron's main process, the HTTP request path) would
 * stall every window and request meanwhile; the backend hands it to the engine's source worker,
 * which keeps the texts it was sent by their content hash. Pure tests run it in process.
 *
 * Calls made in the same tick are sent as one batch per source text (a re-anchor, listing a
 * source's quotes, the review list), so a text crosses threads at most once per batch and only
 * when the worker lacks it, never once per quote.
 */
import { runAnchorJobs, type AnchorAnswer, type AnchorAnswers, type AnchorJob, type AnchorResult, type DescribedQuote, type Selectors } from '../../common/anchoring';

/** A text to anchor in, named by its content hash. */
export interface AnchorText { hash: string; text: string }

/** Runs a batch of anchoring jobs on one text: in process, or in a worker that keeps texts by hash. */
export interface AnchorRunner {
  run(source: AnchorText, jobs: AnchorJob[]): Promise<AnchorAnswer[]>;
}

/** Anchoring on the calling thread: for pure tests and tools that have no engine. */
export const inProcessAnchoring: AnchorRunner = {
  run: async (source, jobs) => runAnchorJobs(source.text, jobs),
};

interface Batch { source: AnchorText; jobs: AnchorJob[]; waiting: Array<{ resolve: (a: AnchorAnswer) => void; reject: (e: unknown) => void }> }

export class Anchoring {
  private readonly batches = new Map<string, Batch>();

  constructor(private readonly runner: AnchorRunner = inProcessAnchoring) {}

  /** `anchor(text, selectors)`: where the quote stands in the text now, or null (an orphan). */
  anchor(source: AnchorText, selectors: Selectors): Promise<AnchorResult | null> {
    return this.queue<'anchor'>(source, { op: 'anchor', selectors });
  }

  /** `bestCandidates(text, selectors, k)`: the k best places, for the review list's "Pick another". */
  candidates(source: AnchorText, selectors: Selectors, k: number): Promise<AnchorResult[]> {
    return this.queue<'candidates'>(source, { op: 'candidates', selectors, k });
  }

  /** `describe(text, start, end)`: the selectors that find `start`–`end` again. */
  describe(source: AnchorText, start: number, end: number): Promise<DescribedQuote> {
    return this.queue<'describe'>(source, { op: 'describe', start, end });
  }

  private queue<K extends keyof AnchorAnswers>(source: AnchorText, job: AnchorJob): Promise<AnchorAnswers[K]> {
    return new Promise<AnchorAnswer>((resolve, reject) => {
      let batch = this.batches.get(source.hash);
      if (!batch) {
        this.batches.set(source.hash, (batch = { source, jobs: [], waiting: [] }));
        // After the promise reactions of this turn: the other quotes of a listing or a re-anchor
        // reach this point in the same turn, and join the batch.
        process.nextTick(() => this.flush(source.hash));
      }
      batch.jobs.push(job);
      batch.waiting.push({ resolve, reject });
    }) as Promise<AnchorAnswers[K]>;
  }

  private flush(hash: string): void {
    const batch = this.batches.get(hash);
    if (!batch) return;
    this.batches.delete(hash);
    this.runner.run(batch.source, batch.jobs).then(
      (answers) => batch.waiting.forEach((w, i) => w.resolve(answers[i]!)),
      (error: unknown) => batch.waiting.forEach((w) => w.reject(error)),
    );
  }
}
