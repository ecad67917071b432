/**
 * Small dynamic-programming aligners. They run on short strings (a quote's context, the head or
 * tail of a quote against a few hundred characters), where a plain O(m·n) table is cheap; the
 * long-range search uses Myers' bit-parallel algorithm (see candidates.ts).
 */

/**
 * The last row of the Levenshtein table of `pattern` against `text`: entry j is the edit distance
 * between `pattern` and `text.slice(0, j)`.
 */
function lastRow(pattern: string, text: string): Int32Array {
  let prev = new Int32Array(text.length + 1);
  let cur = new Int32Array(text.length + 1);
  for (let j = 0; j <= text.length; j++) prev[j] = j;
  for (let i = 1; i <= pattern.length; i++) {
    cur[0] = i;
    const c = pattern.charCodeAt(i - 1);
    for (let j = 1; j <= text.length; j++) {
      const sub = prev[j - 1]! + (c === text.charCodeAt(j - 1) ? 0 : 1);
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
    }
    [prev, cur] = [cur, prev];
  }
  return prev;
}

/** Levenshtein distance between `a` and `b` (whole strings). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  return lastRow(a, b)[b.length]!;
}

/**
 * Edit distance between `pattern` and the best-matching piece of `text` that starts at the very
 * beginning of `text` (its end is free). Used for a suffix: it must follow the quote directly,
 * but may have been shortened or lengthened.
 */
export function distanceAnchoredAtStart(pattern: string, text: string): number {
  if (pattern.length === 0) return 0;
  const row = lastRow(pattern, text);
  let best = pattern.length;
  for (let j = 0; j <= text.length; j++) if (row[j]! < best) best = row[j]!;
  return best;
}

function reversed(s: string): string {
  let out = '';
  for (let i = s.length - 1; i >= 0; i--) out += s[i];
  return out;
}

/** Like distanceAnchoredAtStart, but `pattern` must end exactly where `text` ends (a prefix). */
export function distanceAnchoredAtEnd(pattern: string, text: string): number {
  return distanceAnchoredAtStart(reversed(pattern), reversed(text));
}

const DIAG = 1, UP = 2, LEFT = 3;
/**
 * Costs for boundary alignment, in half units. Text inserted inside the passage costs half as
 * much as a quote character that is gone: revisions mostly add words to a passage, and a span that
 * stops before the quote's surviving first or last words is the classic re-anchoring failure.
 */
const SUBSTITUTE = 2, DROP_PATTERN_CHAR = 2, SKIP_TEXT_CHAR = 1;

/**
 * Aligns `pattern` anywhere inside `text` (free start and end) and reports the text column where
 * the optimal alignment crosses pattern position `split`: the boundary between, e.g., a prefix
 * and the quote. Text inserted right at the split is kept outside the quote: `prefer: 'last'`
 * returns the latest column on the split row (for a start boundary), 'first' the earliest (for an
 * end boundary). `near` is the column where the alignment is expected to end (tie-breaker).
 */
export function alignSplit(pattern: string, split: number, text: string, prefer: 'first' | 'last', near: number): { column: number; cost: number } {
  const m = pattern.length, n = text.length;
  const width = n + 1;
  const dir = new Uint8Array((m + 1) * width);
  let prev = new Int32Array(width);
  let cur = new Int32Array(width);
  for (let i = 1; i <= m; i++) {
    cur[0] = i * DROP_PATTERN_CHAR;
    dir[i * width] = UP;
    const c = pattern.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const sub = prev[j - 1]! + (c === text.charCodeAt(j - 1) ? 0 : SUBSTITUTE);
      const del = prev[j]! + DROP_PATTERN_CHAR;
      const ins = cur[j - 1]! + SKIP_TEXT_CHAR;
      let best = sub, d = DIAG;
      if (del < best) { best = del; d = UP; }
      if (ins < best) { best = ins; d = LEFT; }
      cur[j] = best;
      dir[i * width + j] = d;
    }
    [prev, cur] = [cur, prev];
  }
  // Equally good alignments (a repeated phrase within reach) are decided by closeness to `near`.
  let endCol = 0;
  for (let j = 1; j <= n; j++) {
    if (prev[j]! < prev[endCol]! || (prev[j] === prev[endCol] && Math.abs(j - near) < Math.abs(endCol - near))) endCol = j;
  }
  const cost = prev[endCol]!;
  let i = m, j = endCol;
  let first = -1, last = -1;
  while (i > 0) {
    if (i === split) { if (last < 0) last = j; first = j; }
    const d = dir[i * width + j];
    if (d === DIAG) { i--; j--; } else if (d === UP) i--; else j--;
  }
  if (split === 0) { if (last < 0) last = j; first = j; }
  return { column: prefer === 'first' ? first : last, cost: cost / 2 };
}
