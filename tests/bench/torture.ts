/**
 * `npm run torture -- [--kills N] [--json FILE]`: the kill torture (tests/bench/torture/kills.ts).
 * `npm run torture -- --race [--rounds N] [--json FILE]`: two backends racing on one notebook
 * (tests/bench/torture/race.ts). Prints the JSON report; exits 1 if anything was lost.
 */
import { promises as fsp } from 'node:fs';
import { runKillTorture } from './torture/kills';
import { runRaceTorture } from './torture/race';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const count = (name: string, fallback: number) => {
  const value = Number(option(name) ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} needs a positive whole number`);
  return value;
};

const race = args.includes('--race');
const report = race ? await runRaceTorture(count('--rounds', 1000)) : await runKillTorture(count('--kills', 1000));
const json = JSON.stringify(report, null, 2);
console.log(json);
const file = option('--json');
if (file) await fsp.writeFile(file, json + '\n');
const bad = race ? report.lost + (report as { reverted: number }).reverted : report.lost + (report as { corrupted: number }).corrupted;
process.exitCode = bad ? 1 : 0;
