/**
 * Speed figure for the benchmark: 1,000 quotes re-anchored on a ~1 MB book after a revision
 * (paragraphs deleted and inserted, sentences reworded), timed for Sourcebook's anchor and for a
 * first-indexOf baseline on the same quotes. Also counts how the quotes came out.
 */
import { performance } from 'node:perf_hooks';
import { anchor, type AnchorResult, type TextQuoteSelector } from '../../main/common/anchoring';
import { makeScenario, type Scenario } from './edit-scenario';
import { gutenbergBook } from './fixtures';

export function speedScenario(): { name: string; scenario: Scenario } | null {
  const book = gutenbergBook(1_000_000);
  const donor = gutenbergBook(300_000);
  if (!book || !donor) return null;
  // About 1 MB: the smallest book of at least 1 MB, cut at a paragraph break.
  const cut = book.text.indexOf('\n\n', 1_000_000);
  const text = cut > 0 ? book.text.slice(0, cut) : book.text;
  return { name: book.name, scenario: makeScenario(text, donor.text, { quoteCount: 1000, deletions: 10, rewordings: 40, seed: 7 }) };
}

function overlapOk(got: AnchorResult | null, exp: { start: number; end: number } | null, fate: string): boolean {
  if (exp === null) return got === null;
  if (got === null) return false;
  if (fate === 'reworded') return got.start >= exp.start && got.end <= exp.end;
  return got.start === exp.start && got.end === exp.end;
}

export function runSpeedBenchmark({ json }: { json: boolean }): void {
  const made = speedScenario();
  if (!made) { console.log('speed: skipped (../shared/corpora/gutenberg is not on this machine)'); return; }
  const { scenario } = made;
  const { newText, quotes } = scenario;

  const t0 = performance.now();
  const results = quotes.map((q) => anchor(newText, q.selectors));
  const ours = performance.now() - t0;

  const t1 = performance.now();
  let naiveFound = 0;
  for (const q of quotes) if (newText.indexOf((q.selectors[0] as TextQuoteSelector).exact) >= 0) naiveFound++;
  const naive = performance.now() - t1;

  const byFate: Record<string, { n: number; right: number }> = {};
  const status: Record<string, number> = { exact: 0, moved: 0, fuzzy: 0, orphan: 0 };
  quotes.forEach((q, i) => {
    const r = results[i]!;
    const f = (byFate[q.fate] ??= { n: 0, right: 0 });
    f.n++;
    if (overlapOk(r, q.expected, q.fate)) f.right++;
    status[r ? r.status : 'orphan']!++;
  });
  const summary = {
    book: made.name, textChars: newText.length, quotes: quotes.length,
    ms: Math.round(ours), baselineIndexOfMs: Math.round(naive), baselineIndexOfFound: naiveFound,
    status, byFate,
  };
  // With --json, stdout carries only the scorer's JSON (machine-readable); extras go to stderr.
  if (json) { console.error(JSON.stringify({ speed: summary })); return; }
  console.log(`\nspeed: ${quotes.length} quotes re-anchored on ${made.name} (${(newText.length / 1e6).toFixed(2)}M chars) after 10 paragraphs deleted, 10 inserted, 40 reworded`);
  console.log(`  anchor():        ${summary.ms} ms total (${(ours / quotes.length).toFixed(2)} ms/quote, text preparation included; target < 1000 ms)`);
  console.log(`  indexOf baseline: ${summary.baselineIndexOfMs} ms (finds ${naiveFound} of ${quotes.length}; no context, no edits, no orphans)`);
  console.log(`  outcome: ${Object.entries(status).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`  right place: ${Object.entries(byFate).map(([k, v]) => `${k} ${v.right}/${v.n}`).join(', ')}  (kept: exact span; reworded: inside its paragraph; deleted: orphaned)`);
}
