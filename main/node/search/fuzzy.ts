/**
 * Terms within a Levenshtein distance of a word, found by walking the sorted dictionary as if it
 * were a trie: rows of the edit-distance table are shared by terms with a common prefix, and a
 * whole prefix range is skipped as soon as its row cannot get back under the limit. Visits only
 * the trie nodes near the word instead of every term.
 */
import { lowerBound } from './segment';

/** lowerBound searching outward from `from`: the skipped subtree is usually small. */
function gallop(terms: string[], key: string, from: number): number {
  let lo = from;
  let step = 1;
  while (lo + step < terms.length && terms[lo + step]! < key) { lo += step; step *= 2; }
  return lowerBound(terms, key, lo, Math.min(terms.length, lo + step + 1));
}

export function fuzzyScan(terms: string[], word: string, maxDistance: number, onMatch: (t: number, distance: number) => void): void {
  const m = word.length;
  const width = m + 1;
  let rows = new Int32Array(width * 32);
  for (let j = 0; j <= m; j++) rows[j] = j;
  let prev = '';
  let valid = 0; // rows[0..valid] are correct for the prefix of `prev`
  let i = 0;
  while (i < terms.length) {
    const term = terms[i]!;
    if ((term.length + 1) * width > rows.length) {
      const bigger = new Int32Array((term.length + 1) * width * 2);
      bigger.set(rows);
      rows = bigger;
    }
    let lcp = 0;
    const limit = Math.min(valid, term.length, prev.length);
    while (lcp < limit && term.charCodeAt(lcp) === prev.charCodeAt(lcp)) lcp++;
    let pruned = -1;
    for (let d = lcp + 1; d <= term.length; d++) {
      const c = term.charCodeAt(d - 1);
      const base = d * width;
      const above = base - width;
      rows[base] = d;
      let rowMin = d;
      for (let j = 1; j <= m; j++) {
        const cost = word.charCodeAt(j - 1) === c ? 0 : 1;
        const v = Math.min(rows[above + j]! + 1, rows[base + j - 1]! + 1, rows[above + j - 1]! + cost);
        rows[base + j] = v;
        if (v < rowMin) rowMin = v;
      }
      if (rowMin > maxDistance) { pruned = d; break; }
    }
    prev = term;
    if (pruned < 0) {
      valid = term.length;
      const distance = rows[term.length * width + m]!;
      if (distance <= maxDistance) onMatch(i, distance);
      i++;
    } else {
      valid = pruned;
      i = gallop(terms, term.slice(0, pruned) + '\uffff', i + 1);
    }
  }
}
