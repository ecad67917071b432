/**
 * What the reader paints over the canonical text: highlights in their colours, the words a search
 * matched, and the passage being pointed at. Pure functions: a block's text is cut into segments at
 * every decoration boundary, each segment knowing which decorations cover it.
 */

export type Decoration =
  | { kind: 'highlight'; start: number; end: number; id: string; color: string; name: string; quote: boolean; comment?: string }
  | { kind: 'match'; start: number; end: number }
  | { kind: 'target'; start: number; end: number };

export interface Segment<T> {
  start: number;
  end: number;
  decorations: T[];
}

/** Cuts [start, end) into maximal segments covered by the same set of ranges (decorations, markup). */
export function segment<T extends { start: number; end: number }>(start: number, end: number, decorations: readonly T[]): Array<Segment<T>> {
  const inside = decorations.filter((d) => d.end > start && d.start < end && d.end > d.start);
  const cuts = new Set<number>([start, end]);
  for (const d of inside) {
    cuts.add(Math.max(start, d.start));
    cuts.add(Math.min(end, d.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: Array<Segment<T>> = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const s = points[i]!;
    const e = points[i + 1]!;
    if (e <= s) continue;
    segments.push({ start: s, end: e, decorations: inside.filter((d) => d.start <= s && d.end >= e) });
  }
  return segments;
}

/**
 * Where the words a search matched stand in a passage: every occurrence of each term, matched
 * case-insensitively at the start of a word (terms are prefixes while the user is still typing).
 */
export function findTermRanges(text: string, start: number, end: number, terms: readonly string[]): Array<{ start: number; end: number }> {
  const words = [...new Set(terms.map((t) => t.trim()).filter((t) => t.length > 0))];
  if (!words.length || end <= start) return [];
  const pattern = words.sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${pattern})`, 'giu');
  const slice = text.slice(start, end);
  const ranges: Array<{ start: number; end: number }> = [];
  for (const m of slice.matchAll(re)) {
    if (!m[0]) continue;
    ranges.push({ start: start + m.index!, end: start + m.index! + m[0].length });
  }
  return ranges;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
