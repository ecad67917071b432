/**
 * Long work in an index worker (a persist, a compaction, the merge at the end of a build,
 * tokenizing a big book) is written as a generator that yields every few hundred units of work
 * (documents, terms, postings). `runNow` drives it in one go (tests, small shards); a `Slicer`
 * drives it in slices of a few milliseconds and lets the worker's event loop run between them,
 * so a query that arrives meanwhile is answered within a slice instead of after the whole job.
 * The shard such work reads must not change meanwhile: the worker makes changes wait for it.
 */

/** Work that yields between units and returns T. */
export type Steps<T> = Generator<void, T, void>;

/** Runs `steps` to the end without pausing. */
export function runNow<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** What a slicer does between slices: by default it lets the event loop run (messages, I/O, timers). */
export type Pause = () => Promise<void>;
const nextTurn: Pause = () => new Promise((resolve) => setImmediate(resolve));

/** Slices of at most `budgetMs` of work between two turns of the event loop. */
export const SLICE_MS = 4;

export class Slicer {
  /** Pauses so far (how many times the work let others in). */
  pauses = 0;
  private last = performance.now();
  constructor(private readonly budgetMs = SLICE_MS, private readonly pause: Pause = nextTurn) {}

  /** Runs `steps`, pausing whenever a slice has used its budget. */
  async run<T>(steps: Steps<T>): Promise<T> {
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      await this.due();
    }
  }

  /** Pauses if the current slice has used its budget (for loops that are not generators, e.g. between writes). */
  async due(): Promise<void> {
    const took = performance.now() - this.last;
    if (took < this.budgetMs) return;
    this.pauses++;
    await this.pause();
    this.last = performance.now();
  }
}

/** Yields after every `every` calls: `if (tick()) yield;` inside a generator's loop. */
export function ticker(every = 256): () => boolean {
  let n = 0;
  return () => (++n % every === 0);
}
