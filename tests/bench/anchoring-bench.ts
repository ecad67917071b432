/**
 * Re-anchoring benchmark.
 *
 *   npm run bench:anchoring [-- --cases FILE ...] [--json] [--show-misses N] [--calibrate] [--prose] [--no-speed] [--no-reference]
 *
 * 1. Accuracy on both development sets (../shared/anchoring/reanchor-dev and reanchor-more), or on
 *    the files given with --cases (any file of that format, its texts/ beside it): one table per
 *    set with a row per repository, then the pooled figures, the edited cases' exact-span rate and
 *    the wrong share among re-anchors at or above REVIEW_THRESHOLD. The hit counts are checked
 *    against the sets' reference scorer (score.mjs, run on a bundle of main/common/anchoring).
 * 2. Speed: re-anchors 1,000 quotes on a ~1 MB Gutenberg book after an edit, and the same quotes
 *    with first-indexOf as a baseline, and prints both.
 * 3. With --calibrate: the thresholds fitted with one repository held out at a time (tests/anchoring/calibration.ts).
 * 4. With --prose: quotes in Gutenberg paragraphs under typical edits (tests/anchoring/prose-edits.ts).
 * With --json, stdout is the accuracy JSON; the speed and calibration figures go to stderr.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { anchor, REVIEW_THRESHOLD } from '../../main/common/anchoring';
import { printCalibration } from '../anchoring/calibration';
import { DEV_SETS, loadSet, row, run, STATUSES, TABLE_HEAD, tally, unmetTargets, type LoadedSet, type Outcome } from '../anchoring/dev-sets';
import { runProseEdits } from '../anchoring/prose-edits';
import { runSpeedBenchmark } from '../anchoring/speed-scenario';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name: string): string | undefined => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const json = args.includes('--json');
const given = args.flatMap((a, i) => (a === '--cases' && args[i + 1] ? [path.resolve(args[i + 1]!)] : []));
const files = given.length ? given : DEV_SETS;
for (const f of files) {
  if (!fs.existsSync(f)) { console.error(`No such cases file: ${f}${given.length ? '' : ' (../shared/anchoring is not on this machine)'}`); process.exit(2); }
}

const sets = files.map(loadSet);
const results = sets.map((set) => ({ set, outcomes: run(set, anchor) }));

/** Hit counts per status from the set's own scorer, on a bundle of the same module. */
function referenceHits(set: LoadedSet, bundle: string): Record<string, number> | null {
  const scorer = [path.join(path.dirname(set.file), 'score.mjs'), path.join(path.dirname(DEV_SETS[0]!), 'score.mjs')].find((f) => fs.existsSync(f));
  if (!scorer) return null;
  const out = spawnSync(process.execPath, [scorer, bundle, '--cases', set.file, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (out.status !== 0) throw new Error(`the reference scorer failed on ${set.file}: ${out.stderr}`);
  const summary = JSON.parse(out.stdout) as { byStatus: Record<string, { hit: number }> };
  return Object.fromEntries(STATUSES.map((s) => [s, summary.byStatus[s]?.hit ?? 0]));
}

const disagreements: string[] = [];
if (!args.includes('--no-reference')) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sourcebook-anchor-'));
  const bundle = path.join(tmp, 'anchor.mjs');
  try {
    await build({
      entryPoints: [path.join(root, 'main/common/anchoring/index.ts')],
      bundle: true, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'], outfile: bundle, logLevel: 'error',
    });
    for (const { set, outcomes } of results) {
      const ref = referenceHits(set, bundle);
      if (!ref) continue;
      for (const s of STATUSES) {
        const ours = outcomes.filter((o) => o.c.expected.status === s && o.hit).length;
        if (ours !== ref[s]) disagreements.push(`${set.name} ${s}: ${ours} here, ${ref[s]} by score.mjs`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const repos = (outcomes: Outcome[]) => [...new Set(outcomes.map((o) => o.c.repo))];
const pooled = results.flatMap((r) => r.outcomes);

if (json) {
  console.log(JSON.stringify({
    reviewThreshold: REVIEW_THRESHOLD,
    sets: results.map(({ set, outcomes }) => ({ set: set.name, ...tally(outcomes, REVIEW_THRESHOLD), unmet: unmetTargets(tally(outcomes, REVIEW_THRESHOLD)),
      byRepo: Object.fromEntries(repos(outcomes).map((r) => [r, tally(outcomes.filter((o) => o.c.repo === r), REVIEW_THRESHOLD)])) })),
    pooled: tally(pooled, REVIEW_THRESHOLD),
    referenceScorer: disagreements.length ? { agrees: false, disagreements } : { agrees: true },
  }, null, 2));
} else {
  console.log(`re-anchoring accuracy (hit: null for deleted, else ≥ 80% overlap both ways); "wrong ≥ review": re-anchors with confidence ≥ REVIEW_THRESHOLD (${REVIEW_THRESHOLD}) that are wrong`);
  for (const { set, outcomes } of results) {
    const t = tally(outcomes, REVIEW_THRESHOLD);
    console.log(`\n${set.name} (${path.relative(process.cwd(), set.file)})`);
    console.log(TABLE_HEAD);
    console.log(row(`**${set.name}**`, t));
    const rs = repos(outcomes);
    if (rs.length > 1) for (const r of rs) console.log(row(r, tally(outcomes.filter((o) => o.c.repo === r), REVIEW_THRESHOLD)));
    const unmet = unmetTargets(t);
    console.log(unmet.length ? `targets not met: ${unmet.join('; ')}` : 'all targets met');
  }
  if (results.length > 1) {
    console.log('\npooled');
    console.log(TABLE_HEAD);
    console.log(row('**pooled**', tally(pooled, REVIEW_THRESHOLD)));
  }
  console.log(disagreements.length ? `\nREFERENCE SCORER DISAGREES: ${disagreements.join('; ')}` : args.includes('--no-reference') ? '' : '\nreference scorer (score.mjs): same hit counts');
  const misses = Number(opt('--show-misses') ?? 0);
  if (misses > 0) {
    for (const o of pooled.filter((x) => !x.hit).slice(0, misses)) {
      const e = o.c.expected;
      console.log('miss', JSON.stringify({ id: o.c.id, status: e.status, expected: e.start === undefined ? null : { start: e.start, end: e.end }, got: o.got }));
    }
  }
}
if (disagreements.length) process.exitCode = 1;

if (args.includes('--calibrate')) printCalibration(sets, json);
if (args.includes('--prose')) runProseEdits(json);
if (!args.includes('--no-speed')) runSpeedBenchmark({ json });
