/**
 * Terms within a Levenshtein distance of a word, found by walking the sorted dictionary as if it
 * were a trie: rows of the edit-distance table are shared by terms with a common prefix, only the
 * band of cells that can stay within the distance is computed, and a whole prefix range is
 * skipped as soon as its row cannot get back under the limit. Like most search engines, the first
 * letter is taken as typed (typos there are rare), which narrows the walk to one letter's terms.
 */
import { lowerBound } from './segment';

/** lowerBound searching outward from `from`: the skipped subtree is usually small. */
function gallop(terms: string[], key: string, from: number, to: number): number {
  let lo = from;
  let step = 1;
  while (lo + step < to && terms[lo + step]! < key) { lo += step; step *= 2; }
  return lowerBound(terms, key, lo, Math.min(to, lo + step + 1));
}

export function fuzzyScan(terms: string[], word: string, maxDistance: number, onMatch: (t: number, distance: number) => void): void {
  const m = word.length;
  if (!m) return;
  const width = m + 1;
  const INF = maxDistance + 1;
  let rows = new Int32Array(width * 32);
  for (let j = 0; j <= m; j++) rows[j] = j <= maxDistance ? j : INF;
  const first = word[0]!;
  const end = lowerBound(terms, first + '\uffff', 0);
  let i = lowerBound(terms, first, 0);
  let prev = '';
  let valid = 0; // rows[0..valid] are correct for the prefix of `prev`
  while (i < end) {
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
      const lo = Math.max(1, d - maxDistance);
      const hi = Math.min(m, d + maxDistance);
      rows[base] = d <= maxDistance ? d : INF;
      if (lo > 1) rows[base + lo - 1] = INF;
      let rowMin = rows[base]!;
      for (let j = lo; j <= hi; j++) {
        const sub = rows[above + j - 1]! + (word.charCodeAt(j - 1) === c ? 0 : 1);
        const del = rows[above + j]! + 1;
        const ins = rows[base + j - 1]! + 1;
        let v = sub < del ? sub : del;
        if (ins < v) v = ins;
        if (v > INF) v = INF;
        rows[base + j] = v;
        if (v < rowMin) rowMin = v;
      }
      if (hi < m) rows[base + hi + 1] = INF;
      if (rowMin > maxDistance) { pruned = d; break; }
    }
    prev = term;
    if (pruned < 0) {
      valid = term.length;
      if (Math.abs(term.length - m) <= maxDistance) {
        const distance = rows[term.length * width + m]!;
        if (distance <= maxDistance) onMatch(i, distance);
      }
      i++;
    } else {
      valid = pruned;
      i = gallop(terms, term.slice(0, pruned) + '\uffff', i + 1, end);
    }
  }
}
