/**
 * EPUB: the OPF spine's chapters, in order, each through the HTML path (parse5; scripts, styles
 * and handlers dropped, nothing executed), joined into one canonical text; the navigation
 * document is the outline. Each chapter keeps where its text nodes went, for EPUB CFIs.
 */
import type { Block, Heading, SourceDoc } from '../../../../common/contract';
import { htmlToTextWithPositions } from '../../html-to-text';
import type { ExtractOutcome, FormatModule } from '../types';
import { decodeXml, readNav, readNcx, readPackage, rootfilePath, type TocEntry } from './package';
import { openZip, UnsafeZipError } from './zip';

const CHAPTER_TYPES = /^(application\/xhtml\+xml|text\/html|application\/xml|text\/xml)$/;

async function extractEpub(bytes: Uint8Array): Promise<ExtractOutcome> {
  let zip;
  try {
    zip = await openZip(bytes);
  } catch (error) {
    if (error instanceof UnsafeZipError) return { ok: false, reason: 'unsafe', message: `not opened: ${error.message}` };
    return { ok: false, reason: 'parse-error', message: `not a readable EPUB (damaged zip: ${(error as Error).message})` };
  }
  try {
    const container = await zip.read('META-INF/container.xml');
    const opfPath = container ? rootfilePath(decodeXml(container)) : null;
    const opf = opfPath ? await zip.read(opfPath) : null;
    if (!opfPath || !opf) return { ok: false, reason: 'parse-error', message: 'not a readable EPUB: no package document (META-INF/container.xml → OPF)' };
    const pkg = readPackage(opfPath, decodeXml(opf));

    let toc: TocEntry[] = [];
    const navBytes = pkg.navHref ? await zip.read(pkg.navHref) : null;
    if (navBytes) toc = readNav(pkg.navHref!, decodeXml(navBytes));
    if (!toc.length && pkg.ncxHref) {
      const ncx = await zip.read(pkg.ncxHref);
      if (ncx) toc = readNcx(pkg.ncxHref, decodeXml(ncx));
    }

    let text = '';
    const blocks: Block[] = [];
    const chapters: NonNullable<SourceDoc['chapters']> = [];
    const ids = new Map<string, number>();
    let missing = 0;
    for (const item of pkg.spine) {
      if (!CHAPTER_TYPES.test(item.mediaType)) continue; // an image or SVG page: nothing to read
      const raw = await zip.read(item.href);
      if (!raw) { missing++; continue; }
      const { doc, positions } = htmlToTextWithPositions(decodeXml(raw));
      const base = doc.text.trim() ? text.length + (text.length ? 2 : 0) : text.length;
      if (doc.text.trim()) {
        if (text.length) text += '\n\n';
        text += doc.text;
        for (const b of doc.blocks) blocks.push({ ...b, start: b.start + base, end: b.end + base });
      }
      const nodes: number[] = [];
      for (let i = 0; i < positions.nodes.length; i += 3) nodes.push(positions.nodes[i]! + base, positions.nodes[i + 1]!, positions.nodes[i + 2]!);
      for (const [id, at] of positions.ids) ids.set(`${item.href}#${id}`, Math.min(base + at, text.length));
      ids.set(item.href, base);
      const own = doc.outline[0]?.text ?? doc.title ?? undefined;
      chapters.push({ href: item.href, idref: item.idref, spineIndex: item.index, ...(own ? { title: own } : {}), start: base, end: text.length, nodes, cfiPaths: positions.paths });
    }

    // The book's own table of contents is the outline; a book without one falls back on its headings.
    const outline: Heading[] = [];
    for (const entry of toc) {
      const at = (entry.fragment ? ids.get(`${entry.href}#${entry.fragment}`) : undefined) ?? ids.get(entry.href);
      if (at === undefined) continue;
      outline.push({ level: entry.level, text: entry.label, start: at, end: at });
    }
    outline.sort((a, b) => a.start - b.start);
    for (const c of chapters) {
      const entry = outline.find((h) => h.start >= c.start && h.start <= c.end);
      if (entry) c.title = entry.text;
    }
    const headings = outline.length ? outline : blocks.filter((b) => b.kind === 'heading').map((b) => ({ level: b.level ?? 1, text: text.slice(b.start, b.end), start: b.start, end: b.end }));
    return {
      ok: true,
      extracted: {
        text, title: pkg.title, ...(pkg.author ? { author: pkg.author } : {}), ...(pkg.year ? { year: pkg.year } : {}), outline: headings, blocks, chapters,
        ...(missing ? { notice: { reason: 'parse-error' as const, message: `${missing} of the book's chapters are missing from the archive` } }
          : text.trim() ? {} : { notice: { reason: 'no-text' as const, message: 'no text to index (the book is made of images)' } }),
      },
    };
  } catch (error) {
    if (error instanceof UnsafeZipError) return { ok: false, reason: 'unsafe', message: `not opened: ${error.message}` };
    return { ok: false, reason: 'parse-error', message: `a damaged EPUB: ${(error as Error).message}` };
  } finally {
    zip.close();
  }
}

export const epubFormat: FormatModule = {
  format: 'epub',
  // A zip whose first entry is the uncompressed "mimetype" file saying application/epub+zip (OCF §4.3).
  sniff(head) {
    if (head.length < 58 || head[0] !== 0x50 || head[1] !== 0x4b || head[2] !== 3 || head[3] !== 4) return false;
    return new TextDecoder().decode(head.subarray(30, 58)) === 'mimetypeapplication/epub+zip';
  },
  extract: extractEpub,
};
