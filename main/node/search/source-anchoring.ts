/**
 * Worker side of the notebook's anchoring (main/node/notebook/anchoring.ts): runs a batch of
 * anchoring jobs in the engine's source worker, on texts kept by content hash so that a book is
 * sent once, not with every batch. A batch for a text not kept is answered null: the caller sends
 * it again with the text.
 */
import { runAnchorJobs, type AnchorAnswer, type AnchorJob } from '../../common/anchoring';

/** Texts kept: the few sources being worked on (a re-anchor, the reader's listing), in characters. */
export const KEPT_TEXTS = 4; // mirrored by SearchEngine.anchor, which sends a text it does not believe kept at once
const KEPT_CHARS = 64 * 1024 * 1024;
const kept = new Map<string, string>();

export function anchorJobs(hash: string, text: string | undefined, jobs: AnchorJob[]): AnchorAnswer[] | null {
  const known = text ?? kept.get(hash);
  if (known === undefined) return null;
  keep(hash, known);
  return runAnchorJobs(known, jobs);
}

/** Most recently used last; the oldest go first when there are too many or they are too big (never the one in use). */
function keep(hash: string, text: string): void {
  kept.delete(hash);
  kept.set(hash, text);
  let chars = 0;
  for (const t of kept.values()) chars += t.length;
  for (const [h, t] of kept) {
    if (h === hash || (kept.size <= KEPT_TEXTS && chars <= KEPT_CHARS)) break;
    kept.delete(h);
    chars -= t.length;
  }
}
