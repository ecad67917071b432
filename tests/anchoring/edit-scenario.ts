/**
 * A reproducible "the source was revised" scenario on a real book: paragraphs deleted, new ones
 * inserted, sentences reworded; plus quotes described in the old text with where each one
 * should be found in the new text. Used by the round-trip tests and the speed benchmark.
 */
import { describe, type Selectors } from '../../main/common/anchoring';
import { seededRandom } from '../support/seeded-random';

export type Fate = 'kept' | 'reworded' | 'deleted';
export interface ScenarioQuote {
  selectors: Selectors;
  fate: Fate;
  /** kept: the exact new span; reworded: the new span of its paragraph; deleted: null. */
  expected: { start: number; end: number } | null;
}
export interface Scenario { oldText: string; newText: string; quotes: ScenarioQuote[] }

const SWAPS: [RegExp, string][] = [[/\bvery\b/, 'truly'], [/\bsaid\b/, 'remarked'], [/\blittle\b/, 'small'], [/\bgreat\b/, 'large'], [/\bthe\b/, 'that']];

/** Rewords a paragraph lightly: a few words swapped, one dropped, a clause added in the middle. */
function reword(p: string, rnd: () => number): string {
  let out = p;
  for (const [re, to] of SWAPS) if (rnd() < 0.6) out = out.replace(re, to);
  const words = out.split(' ');
  if (words.length > 12) {
    words.splice(Math.floor(words.length * 0.3 + rnd() * 3), 1);
    words.splice(Math.floor(words.length * 0.6), 0, 'as it happens,');
  }
  return words.join(' ');
}

/**
 * Splits `book` into paragraphs, deletes `deletions` of them, inserts as many new ones (taken
 * from `donor`), rewords `rewordings`, and describes `quoteCount` quotes (3–30 words, inside one
 * paragraph) in the old text.
 */
export function makeScenario(book: string, donor: string, opts: { quoteCount: number; deletions: number; rewordings: number; seed: number }): Scenario {
  const rnd = seededRandom(opts.seed);
  const paras = book.split(/\n\n+/);
  const donorParas = donor.split(/\n\n+/).filter((p) => p.length > 200);
  const fates: Fate[] = paras.map(() => 'kept');
  const long = paras.map((p, i) => (p.length > 300 ? i : -1)).filter((i) => i >= 0);
  const pick = () => long[Math.floor(rnd() * long.length)]!;
  for (let n = 0; n < opts.deletions; n++) fates[pick()] = 'deleted';
  for (let n = 0; n < opts.rewordings; n++) { const i = pick(); if (fates[i] === 'kept') fates[i] = 'reworded'; }
  const inserts = new Map<number, string>();
  for (let n = 0; n < opts.deletions; n++) inserts.set(Math.floor(rnd() * paras.length), donorParas[Math.floor(rnd() * donorParas.length)]!);

  const oldStarts: number[] = [];
  let at = 0;
  for (const p of paras) { oldStarts.push(at); at += p.length + 2; }
  const oldText = paras.join('\n\n');
  const newParts: string[] = [];
  const newStarts: (number | null)[] = [];
  let nat = 0;
  paras.forEach((p, i) => {
    const ins = inserts.get(i);
    if (ins) { newParts.push(ins); nat += ins.length + 2; }
    if (fates[i] === 'deleted') { newStarts.push(null); return; }
    const text = fates[i] === 'reworded' ? reword(p, rnd) : p;
    newStarts.push(nat);
    newParts.push(text);
    nat += text.length + 2;
  });
  const newText = newParts.join('\n\n');

  // Quotes: the deleted and reworded paragraphs get a fair share so every fate is exercised.
  const quotes: ScenarioQuote[] = [];
  const targets = [...long.filter((i) => fates[i] !== 'kept'), ...Array.from({ length: opts.quoteCount }, pick)];
  for (const i of targets.slice(0, opts.quoteCount)) {
    const p = paras[i]!;
    const words = [...p.matchAll(/\S+/g)];
    const first = Math.floor(rnd() * Math.max(1, words.length - 3));
    const count = Math.min(words.length - first, 3 + Math.floor(rnd() * 28));
    const s = oldStarts[i]! + words[first]!.index;
    const lastWord = words[first + count - 1]!;
    const e = oldStarts[i]! + lastWord.index + lastWord[0].length;
    const selectors: Selectors = [describe(oldText, s, e), { type: 'TextPositionSelector', start: s, end: e }];
    const ns = newStarts[i] ?? null;
    let expected: ScenarioQuote['expected'] = null;
    if (ns !== null && fates[i] === 'kept') expected = { start: ns + (s - oldStarts[i]!), end: ns + (e - oldStarts[i]!) };
    if (ns !== null && fates[i] === 'reworded') {
      const paraEnd = newText.indexOf('\n\n', ns);
      expected = { start: ns, end: paraEnd < 0 ? newText.length : paraEnd };
    }
    quotes.push({ selectors, fate: fates[i]!, expected });
  }
  return { oldText, newText, quotes };
}
