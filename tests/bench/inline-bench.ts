/**
 * Inline-markup benchmark (not a test): how long the reader's inline scan (renderer/src/reader/
 * inline.ts) takes on hostile blocks — 1 MB of `[`, of `[a`, of `![` — against the baseline of
 * 1 MB of ordinary prose with links in the same run. Target: each hostile case within 5× the
 * baseline (before the one-pass bracket matching, 1 MB of `[` took 7–11 s: quadratic).
 *
 *   npx tsx tests/bench/inline-bench.ts [--json FILE]
 */
import { writeFileSync } from 'node:fs';
import { inlineMarkup } from '../../renderer/src/reader/inline';

const MB = 1024 * 1024;
const prose = 'The sperm whale [dives](https://example.org/w) deeper than *any* other mammal. '.repeat(Math.ceil(MB / 78)).slice(0, MB);
const cases: Record<string, string> = {
  'prose with links (baseline)': prose,
  '1 MB of [': '['.repeat(MB),
  '1 MB of [a': '[a'.repeat(MB / 2),
  '1 MB of ![': '!['.repeat(MB / 2),
  '1 MB of [] ( unclosed': '[x]('.repeat(MB / 4),
};

function time(text: string): number {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    inlineMarkup(text);
    runs.push(performance.now() - t);
  }
  return Math.min(...runs);
}

const figures = Object.entries(cases).map(([name, text]) => ({ name, ms: Math.round(time(text) * 10) / 10 }));
const baseline = figures[0]!.ms;
for (const f of figures) console.log(`${f.name.padEnd(28)} ${String(f.ms).padStart(8)} ms  ${(f.ms / baseline).toFixed(2)}× baseline`);
const worst = Math.max(...figures.slice(1).map((f) => f.ms / baseline));
console.log(worst <= 5 ? `ok: worst hostile case ${worst.toFixed(2)}× baseline (target ≤ 5×)` : `OVER TARGET: worst hostile case ${worst.toFixed(2)}× baseline (target ≤ 5×)`);
const json = process.argv.indexOf('--json');
if (json > 0) writeFileSync(process.argv[json + 1]!, JSON.stringify({ baselineMs: baseline, figures, worstRatio: worst }, null, 2));
