/**
 * Where an offset of a source's canonical text is in the original document: its PDF page, its
 * EPUB chapter and CFI. Pure: the notebook (for quotes and exports) and the reader use it on what
 * the index workers produced, never re-reading the file.
 */
import type { SourceDoc } from '../contract';

/** The 1-based page holding canonical offset `offset`, given where each page's text begins. */
export function pageAt(pageStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = pageStarts.length - 1;
  if (hi < 0) return 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pageStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  // Pages without text share their start with the next page: the text belongs to the last of them.
  return lo + 1;
}

/** The W3C FragmentSelector for a PDF page (RFC 3778's `page=` parameter). */
export function pdfPageSelector(page: number) {
  return { type: 'FragmentSelector' as const, conformsTo: 'http://tools.ietf.org/rfc/rfc3778', value: `page=${page}` };
}

type Chapter = NonNullable<SourceDoc['chapters']>[number];

/** The chapter of an EPUB holding `offset`, or null past the last one. */
export function chapterAt(chapters: readonly Chapter[], offset: number): Chapter | null {
  let found: Chapter | null = null;
  for (const c of chapters) {
    if (c.start > offset) break;
    found = c;
  }
  return found;
}

/**
 * An EPUB CFI for a canonical offset: the spine step of its chapter, then the element path to
 * its text node and the character offset inside it (EPUB CFI 1.1, §3).
 */
export function epubCfi(chapters: readonly Chapter[], offset: number): string | null {
  const index = chapters.findIndex((c) => c.start <= offset && offset <= c.end);
  if (index < 0) return null;
  const chapter = chapters[index]!;
  // The package's spine is its third element child (/6); itemrefs are its element children.
  const head = `/6/${2 * (chapter.spineIndex + 1)}[${escapeCfi(chapter.idref)}]!`;
  const nodes = chapter.nodes;
  let best = -1;
  for (let i = 0; i < nodes.length; i += 3) {
    if (nodes[i]! <= offset) best = i;
    else break;
  }
  if (best < 0) return `epubcfi(${head}/4)`;
  const path = chapter.cfiPaths[nodes[best + 1]!]!;
  const inNode = nodes[best + 2]! + (offset - nodes[best]!);
  return `epubcfi(${head}${path}:${inNode})`;
}

const escapeCfi = (s: string) => s.replace(/[\^[\](),;=]/g, (c) => `^${c}`);

/** The FragmentSelector for an EPUB CFI (as the W3C model names it). */
export function epubCfiSelector(cfi: string) {
  return { type: 'FragmentSelector' as const, conformsTo: 'http://www.idpf.org/epub/linking/cfi/epub-cfi.html', value: cfi };
}
