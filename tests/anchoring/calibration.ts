/**
 * Calibration of the two thresholds with whole repositories held out (used by
 * `npm run bench:anchoring -- --calibrate`; the rule is written in docs/anchoring.md).
 *
 * Every case of every development set is anchored without the orphan threshold (`locate`), once
 * per candidate MIN_WORD_SIMILARITY, which gives its best admissible place and that place's
 * confidence. Then, leaving out one repository at a time (fit on the others, check on it):
 * - MIN_WORD_SIMILARITY and MIN_CONFIDENCE: the pair with the fewest errors on the training
 *   repositories (each repository weighs the same; a deleted passage anchored and a present one
 *   orphaned or misplaced are both errors); among equally good pairs, the median word threshold
 *   and the midpoint of the best confidence range at it;
 * - REVIEW_THRESHOLD: the lowest confidence from which at most 1% of the training repositories'
 *   fuzzy re-anchors are wrong.
 * The shipped values must lie where every fold would put them (checked and printed).
 */
import { MIN_CONFIDENCE, MIN_WORD_SIMILARITY, REVIEW_THRESHOLD } from '../../main/common/anchoring';
import { locate } from '../../main/common/anchoring/anchor';
import { run, type LoadedSet, type Outcome } from './dev-sets';

interface Trial { repo: string; deleted: boolean; conf: number; right: boolean; fuzzy: boolean }

const WORD_GRID = [0, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65];

function trials(sets: LoadedSet[], minWords: number): Trial[] {
  return sets.flatMap((set) => run(set, (text, sel) => locate(text, sel, minWords)).map((o: Outcome) => ({
    repo: o.c.repo,
    deleted: o.c.expected.status === 'deleted',
    conf: o.got?.confidence ?? 0,
    // Right place, judged without a threshold: isHit on a deleted case wants null, so ask directly.
    right: o.c.expected.status !== 'deleted' && o.got !== null && o.hit,
    fuzzy: o.got?.status === 'fuzzy',
  })));
}

/** Error rate at orphan threshold t: present passages must be found at the right place, deleted ones orphaned. */
function errorRate(ts: Trial[], t: number): number {
  let wrong = 0;
  for (const x of ts) if (x.deleted ? x.conf >= t : !(x.right && x.conf >= t)) wrong++;
  return ts.length ? wrong / ts.length : 0;
}

const GRID = Array.from({ length: 61 }, (_, i) => +(0.3 + i * 0.01).toFixed(2));

function byRepo(ts: Trial[]): Map<string, Trial[]> {
  const m = new Map<string, Trial[]>();
  for (const x of ts) { const l = m.get(x.repo); if (l) l.push(x); else m.set(x.repo, [x]); }
  return m;
}

function fitOrphanThreshold(training: Trial[][]): { from: number; to: number; mid: number; error: number } {
  const macro = (t: number) => training.reduce((a, ts) => a + errorRate(ts, t), 0) / training.length;
  let best = Infinity, from = GRID[0]!, to = GRID[0]!;
  for (const t of GRID) {
    const e = macro(t);
    if (e < best - 1e-12) { best = e; from = t; to = t; } else if (Math.abs(e - best) <= 1e-12) to = t;
  }
  return { from, to, mid: +((from + to) / 2).toFixed(2), error: best };
}

function wrongShareAbove(ts: Trial[], t: number, minConf: number): { n: number; wrong: number } {
  const above = ts.filter((x) => x.fuzzy && x.conf >= Math.max(t, minConf));
  return { n: above.length, wrong: above.filter((x) => !x.right).length };
}

const REVIEW_GRID = Array.from({ length: 71 }, (_, i) => +(0.3 + i * 0.01).toFixed(2));

function fitReviewThreshold(training: Trial[], minConf: number): number {
  for (const t of REVIEW_GRID) {
    const { n, wrong } = wrongShareAbove(training, t, minConf);
    if (n === 0 || wrong / n <= 0.01) return t;
  }
  return 1;
}

export interface Fold {
  heldOut: string; cases: number;
  minWords: number; orphanRange: { from: number; to: number; mid: number };
  heldOutErrorAtFit: number; heldOutErrorAtShipped: number;
  review: number; heldOutWrongAtFit: { n: number; wrong: number }; heldOutWrongAtShipped: { n: number; wrong: number };
}

export function calibrate(sets: LoadedSet[]): { folds: Fold[]; minConfidence: number; minWords: number; reviewThreshold: number; shippedInEveryFold: boolean } {
  const byWords = new Map(WORD_GRID.map((w) => [w, byRepo(trials(sets, w))]));
  const repoNames = [...byWords.get(WORD_GRID[0]!)!.keys()];
  const folds: Fold[] = [];
  for (const heldOut of repoNames) {
    const fits = WORD_GRID.map((w) => {
      const repos = byWords.get(w)!;
      return { w, fit: fitOrphanThreshold(repoNames.filter((r) => r !== heldOut).map((r) => repos.get(r)!)) };
    });
    const least = Math.min(...fits.map((f) => f.fit.error));
    const tied = fits.filter((f) => f.fit.error <= least + 1e-12);
    const { w, fit } = tied[(tied.length - 1) >> 1]!;
    const repos = byWords.get(w)!;
    const training = repoNames.filter((r) => r !== heldOut).flatMap((r) => repos.get(r)!);
    const test = repos.get(heldOut)!;
    const shipped = byWords.get(MIN_WORD_SIMILARITY)?.get(heldOut) ?? trials(sets.map((st) => ({ ...st, cases: st.cases.filter((c) => c.repo === heldOut) })), MIN_WORD_SIMILARITY);
    const review = fitReviewThreshold(training, fit.mid);
    folds.push({
      heldOut, cases: test.length, minWords: w, orphanRange: fit,
      heldOutErrorAtFit: errorRate(test, fit.mid), heldOutErrorAtShipped: errorRate(shipped, MIN_CONFIDENCE),
      review, heldOutWrongAtFit: wrongShareAbove(test, review, fit.mid), heldOutWrongAtShipped: wrongShareAbove(shipped, REVIEW_THRESHOLD, MIN_CONFIDENCE),
    });
  }
  return {
    folds, minConfidence: MIN_CONFIDENCE, minWords: MIN_WORD_SIMILARITY, reviewThreshold: REVIEW_THRESHOLD,
    shippedInEveryFold: folds.every((f) => f.orphanRange.from <= MIN_CONFIDENCE && MIN_CONFIDENCE <= f.orphanRange.to),
  };
}

export function printCalibration(sets: LoadedSet[], json: boolean): void {
  const report = calibrate(sets);
  if (json) { console.error(JSON.stringify({ calibration: report })); return; }
  const p = (x: number) => `${(100 * x).toFixed(1)}%`;
  const share = (s: { n: number; wrong: number }) => `${s.wrong}/${s.n}`;
  console.log(`\ncalibration, one repository held out at a time (shipped: MIN_WORD_SIMILARITY = ${MIN_WORD_SIMILARITY}, MIN_CONFIDENCE = ${MIN_CONFIDENCE}, REVIEW_THRESHOLD = ${REVIEW_THRESHOLD})`);
  console.log('| held out | cases | fitted on the others: word threshold, orphan threshold range (mid) | held-out errors at the fit | at the shipped values | review threshold fitted on the others | held-out wrong fuzzy ≥ it | ≥ REVIEW_THRESHOLD |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const f of report.folds) {
    console.log(`| ${f.heldOut} | ${f.cases} | ${f.minWords}, ${f.orphanRange.from}–${f.orphanRange.to} (${f.orphanRange.mid}) | ${p(f.heldOutErrorAtFit)} | ${p(f.heldOutErrorAtShipped)} | ${f.review} | ${share(f.heldOutWrongAtFit)} | ${share(f.heldOutWrongAtShipped)} |`);
  }
  console.log(`MIN_CONFIDENCE ${report.shippedInEveryFold ? 'lies in' : 'is OUTSIDE'} every fold's best range.`);
}
