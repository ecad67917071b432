/**
 * Reading order for one PDF page: text items (as pdf.js gives them) → lines → columns → the
 * lines in the order a reader reads them. Pure geometry, no pdf.js: the extractor feeds it and
 * tests can too. y grows upwards (PDF user space).
 */

export interface PageItem {
  /** Index in the page's `getTextContent()` items: the reader's text layer has one span per item. */
  index: number;
  str: string;
  x: number;
  y: number;
  width: number;
  /** Font size in user-space units. */
  size: number;
  /** Upright text; rotated items (margin stamps, vertical scripts) are read after the page's body. */
  upright: boolean;
  /** The item drawn just before this one is a space of its own (set by `readingOrder`, which leaves blank items out). */
  spaceBefore?: boolean;
}

export interface Line {
  items: PageItem[];
  x0: number;
  x1: number;
  y: number;
  size: number;
  /** 0: spans the page or single column; 1: left column; 2: right column. */
  column: 0 | 1 | 2;
}

const median = (values: number[]) => {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/** Groups items sharing a baseline (within a fraction of the font size, so super- and subscripts stay on their line). */
export function groupLines(items: PageItem[]): PageItem[][] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: PageItem[][] = [];
  let current: PageItem[] = [];
  let baseY = Infinity;
  let baseSize = 0;
  for (const it of sorted) {
    if (current.length && Math.abs(baseY - it.y) <= 0.45 * Math.max(baseSize, it.size)) {
      current.push(it);
      // The line's baseline is its biggest text's, not a superscript's.
      if (it.size > baseSize) { baseSize = it.size; baseY = it.y; }
      continue;
    }
    if (current.length) lines.push(current);
    current = [it];
    baseY = it.y;
    baseSize = it.size;
  }
  if (current.length) lines.push(current);
  for (const l of lines) l.sort((a, b) => a.x - b.x);
  return lines;
}

/** Splits a line's items where a gap is wider than `gap` or where it crosses `cut` (the gutter). */
function splitLine(items: PageItem[], gap: (size: number) => number, cut: number | null): PageItem[][] {
  const parts: PageItem[][] = [];
  let part: PageItem[] = [];
  for (const it of items) {
    const prev = part[part.length - 1];
    if (prev) {
      const end = prev.x + prev.width;
      const across = cut !== null && end <= cut + 1 && it.x >= cut - 1 && it.x - end > 0.5 * it.size;
      if (across || it.x - end > gap(Math.max(prev.size, it.size))) { parts.push(part); part = []; }
    }
    part.push(it);
  }
  if (part.length) parts.push(part);
  return parts;
}

function toLine(items: PageItem[], column: Line['column']): Line {
  // A glyph that advances nothing (a Type 3 bullet pdf.js sizes at 21 pt in 9 pt text) says nothing of the type size.
  const drawn = items.filter((i) => i.width > 0);
  const big = (drawn.length ? drawn : items).reduce((a, b) => (b.size > a.size ? b : a));
  return {
    items, column, y: big.y, size: big.size,
    x0: Math.min(...items.map((i) => i.x)),
    x1: Math.max(...items.map((i) => i.x + i.width)),
  };
}

/**
 * The x of a column gutter, if the page has two columns: a vertical band near the middle that
 * almost no line crosses, with enough lines on either side of it.
 */
export function findGutter(lines: PageItem[][], pageWidth: number): number | null {
  if (lines.length < 8 || pageWidth <= 0) return null;
  const bins = Math.ceil(pageWidth);
  const cover = new Uint16Array(bins + 1);
  const spans: Array<[number, number]> = [];
  for (const line of lines) {
    for (const part of splitLine(line, (s) => 0.6 * s, null)) {
      const x0 = Math.max(0, Math.floor(Math.min(...part.map((i) => i.x))));
      const x1 = Math.min(bins, Math.ceil(Math.max(...part.map((i) => i.x + i.width))));
      if (x1 <= x0) continue;
      spans.push([x0, x1]);
      for (let x = x0; x < x1; x++) cover[x]!++;
    }
  }
  const lo = Math.floor(pageWidth * 0.3);
  const hi = Math.ceil(pageWidth * 0.7);
  const allowed = Math.max(1, Math.floor(spans.length * 0.25));
  // Among the x where almost no line crosses, the gutter is where column edges gather: many lines
  // end just left of it and many start just right of it (a figure's white space has no such edges).
  const ends = new Uint16Array(bins + 2);
  const starts = new Uint16Array(bins + 2);
  for (const [s0, e0] of spans) { ends[e0]!++; starts[s0]!++; }
  const window = 24;
  let best = -1;
  let bestScore = 0;
  for (let x = lo; x <= hi; x++) {
    if (cover[x]! > allowed) continue;
    let score = 0;
    for (let k = Math.max(0, x - window); k <= x; k++) score += ends[k]!;
    for (let k = x; k <= Math.min(bins, x + window); k++) score += starts[k]!;
    if (score > bestScore || (score === bestScore && best >= 0 && cover[x]! < cover[best]!)) { best = x; bestScore = score; }
  }
  if (best < 0) return null;
  // The middle of the empty stretch around the best x.
  let from = best;
  let to = best;
  while (from > lo && cover[from - 1]! <= cover[best]!) from--;
  while (to < hi && cover[to + 1]! <= cover[best]!) to++;
  const mid = (from + to) / 2;
  const left = spans.filter(([, e]) => e <= mid).length;
  const right = spans.filter(([s]) => s >= mid).length;
  return left >= 4 && right >= 4 && left + right >= spans.length * 0.6 ? mid : null;
}

/**
 * The page's lines in reading order: on a two-column page, each stretch of column text is read
 * left column first, then right; lines that span the gutter (titles, wide figures) stand between.
 */
export function readingOrder(items: PageItem[], pageWidth: number): Line[] {
  // Blank items take no part in the layout, but a space drawn as one is a space between words.
  // Only one the next word starts where it ends: pdf.js also makes blanks of kerning in old TeX
  // output ("p" + " " + "ersonalized"), whose width the next word then overlaps.
  const blank = new Map(items.filter((i) => i.str.length && !i.str.trim()).map((i) => [i.index, i]));
  for (const it of items) {
    const b = blank.get(it.index - 1);
    if (b && b.width >= 0.04 * it.size && Math.abs(it.x - (b.x + b.width)) <= 0.1 * it.size) it.spaceBefore = true;
  }
  const upright = items.filter((i) => i.upright && i.str.trim());
  const rotated = items.filter((i) => !i.upright && i.str.trim());
  const grouped = groupLines(upright);
  const gutter = findGutter(grouped, pageWidth);
  const out: Line[] = [];
  if (gutter === null) {
    for (const l of grouped) for (const part of splitLine(l, (s) => 4 * s, null)) out.push(toLine(part, 0));
  } else {
    let left: Line[] = [];
    let right: Line[] = [];
    const flush = () => { out.push(...left, ...right); left = []; right = []; };
    for (const l of grouped) {
      const parts = splitLine(l, (s) => 4 * s, gutter).map((p) => toLine(p, 0));
      for (const part of parts) {
        if (part.x1 <= gutter + 1) left.push({ ...part, column: 1 });
        else if (part.x0 >= gutter - 1) right.push({ ...part, column: 2 });
        else { flush(); out.push(part); }
      }
    }
    flush();
  }
  const merged = withScripts(out);
  // Rotated text keeps the order it was drawn in: it is rare and seldom part of the body.
  if (rotated.length) for (const part of [rotated]) merged.push({ ...toLine(part, 0) });
  return merged;
}

/**
 * Sub- and superscripts put back on their line. Grouping by baseline chains through the other
 * column on a two-column page (its lines sit a few points off this one's), so a subscript a point
 * or two below its base can start a line of its own ("f = 130.81Hz", then "C3" as a paragraph).
 * A line in smaller type whose baseline lies inside another line's glyphs (from a third of its size
 * below to seven tenths above) and whose words stand within that line's width is part of it.
 */
function withScripts(lines: Line[]): Line[] {
  const into = new Map<Line, PageItem[]>();
  const gone = new Set<Line>();
  for (const small of lines) {
    let host: Line | null = null;
    for (const big of lines) {
      if (big === small || gone.has(big) || big.column !== small.column || small.size >= 0.9 * big.size) continue;
      const dy = small.y - big.y;
      if (dy < -0.35 * big.size || dy > 0.7 * big.size) continue;
      if (small.x0 < big.x0 - 0.5 * big.size || small.x1 > big.x1 + 2 * big.size) continue;
      if (!host || Math.abs(dy) < Math.abs(small.y - host.y)) host = big;
    }
    if (!host || into.has(small)) continue;
    gone.add(small);
    into.set(host, [...(into.get(host) ?? host.items), ...small.items]);
  }
  if (!gone.size) return lines;
  return lines.filter((l) => !gone.has(l)).map((l) => {
    const items = into.get(l);
    return items ? { ...l, items: [...items].sort((a, b) => a.x - b.x), x0: Math.min(l.x0, ...items.map((i) => i.x)), x1: Math.max(l.x1, ...items.map((i) => i.x + i.width)) } : l;
  });
}

/**
 * The usual distance between consecutive lines of text of a given type size on a page (for
 * telling paragraphs apart): a page with a section of body text above dense references in
 * smaller type has two spacings, and the body's lines are not each a paragraph.
 */
export function lineSpacing(lines: Line[]): (size: number) => number {
  const bySize = new Map<number, number[]>();
  const ratios: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1]!;
    const b = lines[i]!;
    if (a.column !== b.column || a.y <= b.y || Math.abs(a.size - b.size) > 0.05 * a.size) continue;
    const key = Math.round(b.size * 2) / 2;
    bySize.set(key, [...(bySize.get(key) ?? []), a.y - b.y]);
    ratios.push((a.y - b.y) / b.size);
  }
  // Too few lines to tell the usual gap from a paragraph gap: assume single spacing.
  const ratio = ratios.length >= 5 ? median(ratios) : 1.2;
  return (size) => {
    const gaps = bySize.get(Math.round(size * 2) / 2);
    return gaps && gaps.length >= 5 ? median(gaps) : ratio * (size || 10);
  };
}

/**
 * The type size most of the text is set in: the median over characters, not items (a figure's
 * labels and a table's cells are many short items in small type; the body is few long ones).
 */
export function bodySize(lines: Line[]): number {
  const sizes = lines.flatMap((l) => l.items).map((i) => [i.size, i.str.trim().length] as const).filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = sizes.reduce((sum, [, n]) => sum + n, 0);
  let seen = 0;
  for (const [size, n] of sizes) if ((seen += n) * 2 >= total) return size;
  return 0;
}
