/** One `[[Target]]`, `[[Target|shown text]]` or `[[Target#Heading]]` (Obsidian's link forms); group 1 is the target. */
export const WIKILINK_PATTERN = /\[\[([^\[\]|#\n]+)(?:#[^\[\]|\n]*)?(?:\|[^\[\]\n]*)?\]\]/;
const WIKILINK = new RegExp(WIKILINK_PATTERN.source, 'g');

export interface WikiLink {
  target: string;
  start: number;
  end: number;
}

export function findWikiLinks(text: string): WikiLink[] {
  return [...text.matchAll(WIKILINK)].map((m) => ({ target: m[1]!.trim(), start: m.index!, end: m.index! + m[0].length }));
}

/** Link targets compare case-insensitively, with runs of white space folded, as Obsidian resolves them. */
export function normalizeLinkTarget(target: string): string {
  return target.trim().replace(/\s+/g, ' ').toLowerCase();
}
