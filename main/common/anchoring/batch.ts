import { anchor, bestCandidates } from './anchor';
import { describe, type DescribedQuote } from './describe';
import type { AnchorResult, Selectors } from './selectors';

/**
 * One piece of anchoring work on a text, in a form that crosses threads (structured-clone safe):
 * the notebook sends many at once with the text named by its hash, so a worker that holds the
 * text runs them all without the text being copied per quote.
 */
export type AnchorJob =
  | { op: 'anchor'; selectors: Selectors }
  | { op: 'candidates'; selectors: Selectors; k: number }
  | { op: 'describe'; start: number; end: number };

/** What each job answers: `anchor`'s place (null: an orphan), `bestCandidates`' list, `describe`'s quote. */
export interface AnchorAnswers {
  anchor: AnchorResult | null;
  candidates: AnchorResult[];
  describe: DescribedQuote;
}
export type AnchorAnswer = AnchorAnswers[keyof AnchorAnswers];

/** Runs `jobs` on `text`, in order; one answer per job. */
export function runAnchorJobs(text: string, jobs: readonly AnchorJob[]): AnchorAnswer[] {
  return jobs.map((job) => {
    switch (job.op) {
      case 'anchor': return anchor(text, job.selectors);
      case 'candidates': return bestCandidates(text, job.selectors, job.k);
      case 'describe': return describe(text, job.start, job.end);
    }
  });
}
