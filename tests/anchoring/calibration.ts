/**
 * Calibration of the two thresholds with whole repositories held out (used by
 * `npm run bench:anchoring -- --calibrate`; the rule is written in docs/anchoring.md).
 *
 * Every case of every development set is anchored once without the orphan threshold (`locate`),
 * which gives its best place and that place's confidence. Then, leaving out one repository at a
 * time (fit on the others, check on it):
 * - MIN_CONFIDENCE: the threshold with the fewest errors on the training repositories (each
 *   repository weighs the same; a deleted passage anchored and a present one orphaned or misplaced
 *   are both errors), the midpoint of the best range;
 * - REVIEW_THRESHOLD: the lowest confidence from which at most 1% of the training repositories'
 *   fuzzy re-anchors are wrong.
 * The shipped values must lie where every fold would put them (checked and printed).
 */
import { MIN_CONFIDENCE, REVIEW_THRESHOLD } from '../../main/common/anchoring';
import { locate } from '../../main/common/anchoring/anchor';
import { run, type LoadedSet, type Outcome } from './dev-sets';

interface Trial { repo: string; deleted: boolean; conf: number; right: boolean; fuzzy: boolean }

function trials(sets: LoadedSet[]): Trial[] {
  return sets.flatMap((set) => run(set, locate).map((o: Outcome) => ({
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

function fitOrphanThreshold(training: Trial[][]): { from: number; to: number; mid: number } {
  const macro = (t: number) => training.reduce((a, ts) => a + errorRate(ts, t), 0) / training.length;
  let best = Infinity, from = GRID[0]!, to = GRID[0]!;
  for (const t of GRID) {
    const e = macro(t);
    if (e < best - 1e-12) { best = e; from = t; to = t; } else if (Math.abs(e - best) <= 1e-12) to = t;
  }
  return { from, to, mid: +((from + to) / 2).toFixed(2) };
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
  orphanRange: { from: number; to: number; mid: number };
  heldOutErrorAtFit: number; heldOutErrorAtShipped: number;
  review: number; heldOutWrongAtFit: { n: number; wrong: number }; heldOutWrongAtShipped: { n: number; wrong: number };
}

export function calibrate(sets: LoadedSet[]): { folds: Fold[]; minConfidence: number; reviewThreshold: number; minConfidenceInEveryRange: boolean } {
  const repos = byRepo(trials(sets));
  const folds: Fold[] = [];
  for (const [heldOut, test] of repos) {
    const training = [...repos].filter(([r]) => r !== heldOut).map(([, ts]) => ts);
    const orphanRange = fitOrphanThreshold(training);
    const review = fitReviewThreshold(training.flat(), orphanRange.mid);
    folds.push({
      heldOut, cases: test.length, orphanRange,
      heldOutErrorAtFit: errorRate(test, orphanRange.mid), heldOutErrorAtShipped: errorRate(test, MIN_CONFIDENCE),
      review, heldOutWrongAtFit: wrongShareAbove(test, review, orphanRange.mid), heldOutWrongAtShipped: wrongShareAbove(test, REVIEW_THRESHOLD, MIN_CONFIDENCE),
    });
  }
  return {
    folds, minConfidence: MIN_CONFIDENCE, reviewThreshold: REVIEW_THRESHOLD,
    minConfidenceInEveryRange: folds.every((f) => f.orphanRange.from <= MIN_CONFIDENCE && MIN_CONFIDENCE <= f.orphanRange.to),
  };
}

export function printCalibration(sets: LoadedSet[], json: boolean): void {
  const report = calibrate(sets);
  if (json) { console.error(JSON.stringify({ calibration: report })); return; }
  const p = (x: number) => `${(100 * x).toFixed(1)}%`;
  const share = (s: { n: number; wrong: number }) => `${s.wrong}/${s.n}`;
  console.log(`\ncalibration, one repository held out at a time (MIN_CONFIDENCE = ${MIN_CONFIDENCE}, REVIEW_THRESHOLD = ${REVIEW_THRESHOLD})`);
  console.log('| held out | cases | best orphan threshold on the others | its errors there | errors at MIN_CONFIDENCE | review threshold fitted on the others | wrong fuzzy ≥ it there | wrong fuzzy ≥ REVIEW_THRESHOLD |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const f of report.folds) {
    console.log(`| ${f.heldOut} | ${f.cases} | ${f.orphanRange.from}–${f.orphanRange.to} (mid ${f.orphanRange.mid}) | ${p(f.heldOutErrorAtFit)} | ${p(f.heldOutErrorAtShipped)} | ${f.review} | ${share(f.heldOutWrongAtFit)} | ${share(f.heldOutWrongAtShipped)} |`);
  }
  console.log(`MIN_CONFIDENCE ${report.minConfidenceInEveryRange ? 'lies in' : 'is OUTSIDE'} every fold's best range.`);
}
