/**
 * Re-anchoring benchmark.
 *
 *   npm run bench:anchoring [-- --cases FILE] [--json] [--show-misses N] [--calibrate] [--prose] [--no-speed]
 *
 * 1. Accuracy: bundles the project's `anchor` (main/common/anchoring/index.ts) to a temporary .mjs
 *    and runs ../shared/anchoring/reanchor-dev/score.mjs on it (default cases: that folder's
 *    cases.jsonl; --cases: any file of the same format with its texts/ beside it). The scorer's
 *    output is passed through unchanged.
 * 2. Speed: re-anchors 1,000 quotes on a ~1 MB Gutenberg book after an edit, and the same quotes
 *    with first-indexOf as a baseline, and prints both.
 * 3. With --calibrate: the hold-out calibration of MIN_CONFIDENCE (tests/anchoring/calibration.ts).
 * 4. With --prose: quotes in Gutenberg paragraphs under typical edits (tests/anchoring/prose-edits.ts).
 * With --json, stdout is exactly the scorer's JSON; the speed and calibration figures go to stderr.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { runCalibration } from '../anchoring/calibration';
import { runProseEdits } from '../anchoring/prose-edits';
import { runSpeedBenchmark } from '../anchoring/speed-scenario';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const devDir = path.resolve(root, '../shared/anchoring/reanchor-dev');
const args = process.argv.slice(2);
const opt = (name: string): string | undefined => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const json = args.includes('--json');

const scorer = path.join(devDir, 'score.mjs');
if (!fs.existsSync(scorer)) {
  console.error(`The scorer is missing: ${scorer} (../shared/anchoring is not on this machine).`);
  process.exit(2);
}
const cases = path.resolve(opt('--cases') ?? path.join(devDir, 'cases.jsonl'));
if (!fs.existsSync(cases)) {
  console.error(`No such cases file: ${cases}`);
  process.exit(2);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sourcebook-anchor-'));
const bundle = path.join(tmp, 'anchor.mjs');
try {
  await build({
    entryPoints: [path.join(root, 'main/common/anchoring/index.ts')],
    bundle: true, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'],
    outfile: bundle, logLevel: 'error',
  });
  const scorerArgs = [scorer, bundle, '--cases', cases];
  if (json) scorerArgs.push('--json');
  const misses = opt('--show-misses');
  if (misses) scorerArgs.push('--show-misses', misses);
  const run = spawnSync(process.execPath, scorerArgs, { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

if (args.includes('--calibrate')) runCalibration(cases, json);
if (args.includes('--prose')) runProseEdits(json);
if (!args.includes('--no-speed')) runSpeedBenchmark({ json });
