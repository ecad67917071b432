/**
 * Fuzzy matching for the command palette: the query's characters must appear in order; matches
 * at word starts and in runs score higher, so "qn" finds "Quote to note" before "Quit now…".
 */
export interface FuzzyMatch {
  score: number;
  /** Indexes of the matched characters in the label. */
  positions: number[];
}

export function fuzzyMatch(query: string, label: string): FuzzyMatch | null {
  const q = query.toLowerCase().replace(/\s+/g, '');
  if (!q) return { score: 0, positions: [] };
  const l = label.toLowerCase();
  const positions: number[] = [];
  let score = 0;
  let from = 0;
  let previous = -2;
  for (const ch of q) {
    // Prefer the next word start holding ch, else the next occurrence.
    let at = -1;
    for (let i = from; i < l.length; i++) {
      if (l[i] === ch && (i === 0 || /[\s\-·…(]/.test(l[i - 1]!))) { at = i; break; }
    }
    const plain = l.indexOf(ch, from);
    if (plain >= 0 && (at < 0 || plain === previous + 1)) at = plain;
    if (at < 0) return null;
    const wordStart = at === 0 || /[\s\-·…(]/.test(l[at - 1]!);
    score += 1 + (wordStart ? 3 : 0) + (at === previous + 1 ? 2 : 0);
    positions.push(at);
    previous = at;
    from = at + 1;
  }
  if (positions[0] === 0) score += 2; // what the label starts with is what people type first
  score -= label.length * 0.01; // shorter labels first among equals
  return { score, positions };
}

export function fuzzyFilter<T>(items: readonly T[], query: string, label: (item: T) => string): Array<{ item: T } & FuzzyMatch> {
  const out: Array<{ item: T } & FuzzyMatch> = [];
  items.forEach((item) => {
    const m = fuzzyMatch(query, label(item));
    if (m) out.push({ item, ...m });
  });
  if (query.trim()) out.sort((a, b) => b.score - a.score);
  return out;
}
