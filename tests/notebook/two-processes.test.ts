/**
 * Small runs of the torture benchmarks (npm run torture) as tests: two backend processes on one
 * notebook, and a backend killed at random moments. The full runs (≥ 1,000 rounds and kills)
 * are benchmarks; these keep the invariants from regressing in `npm test`.
 */
import { describe, expect, it } from 'vitest';
import { runKillTorture } from '../bench/torture/kills';
import { runRaceTorture } from '../bench/torture/race';

describe('two backend processes on one notebook', () => {
  it('never lose an acknowledged save or rename, nor revert an annotation edit or a link rewrite', async () => {
    const report = await runRaceTorture(48, 7);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ rounds: 48, lost: 0, reverted: 0 });
    // One of two same-version saves is refused each round: the conflict is shown, not swallowed.
    expect(report.conflictsShown).toBeGreaterThanOrEqual(12);
  }, 60_000);
});

describe('a backend killed at random moments', () => {
  it('leaves every file whole, every acknowledged operation on disk and no temp file behind', async () => {
    const report = await runKillTorture(10, 7);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ kills: 10, lost: 0, corrupted: 0, unexpectedErrors: 0, tempFilesAfterStart: 0 });
    expect(report.saves).toBeGreaterThan(0);
  }, 60_000);
});
