/**
 * Titles, authors and years of text sources, read from what the file says about itself.
 *
 * Pure and self-contained (no parser, no file system) so that any format module can call it:
 * HTML passes its `<title>`/`<h1>`, Markdown its front matter and first heading, plain text its
 * opening lines. Plain text is the hard case: an e-text opens with production credits, licence
 * lines, transcriber's notes and illustrations before its title page, and the first line is
 * almost never the title. The rule, in order:
 *
 * 1. A `Title:` / `Author:` / `Release Date:` block (Project Gutenberg's header) near the start.
 * 2. The file name, when it is descriptive and its words stand in the opening text in order:
 *    that span of the text is the title page's title, spelled as printed (the name lost its
 *    punctuation, the page kept it). This is how people name books: after their titles.
 * 3. The title page: the short lines above a "by …" line, after skipping credit paragraphs.
 * 4. The file name, cleaned ("Author__Title-Words.txt" → "Title Words").
 */
import { wikilinksAsShown } from '../../common/markdown/wikilinks';

export interface SourceMetadata {
  title: string;
  author?: string;
  year?: number;
}

/** How far into a text its title page may be (credits and notes come first). */
const OPENING_CHARS = 12_000;
const MAX_TITLE_CHARS = 200;

/** Paragraphs that are about the file, not the book: credits, licences, notes, illustrations. */
const CREDIT = new RegExp([
  String.raw`\b(?:produced|prepared|transcribed|digiti[sz]ed|scanned|proofread|proof-read|converted|edited for|html version)\b.*\bby\b`,
  String.raw`^\s*(?:e-?text|e-?book|etext|ebook)\b`,
  String.raw`project gutenberg|gutenberg\.org|pgdp|distributed proofread|internet archive|archive\.org|https?://|www\.`,
  String.raw`\bcopyright\b|\(c\)|©|all rights reserved|\blicen[cs]e\b|public domain`,
  String.raw`^\s*(?:\[?transcriber|\[?preparer|\[?editor'?s note|\[?note:|\[illustration|\[frontispiece|\[image)`,
  String.raw`\bthis (?:e-?book|e-?text|file|edition)\b|\be-?texts?\b|plain vanilla`,
  String.raw`^\s*(?:text enclosed by|italic text|bold text|text in italics|based on scans|obvious (?:mis)?prints|ex libris|published by|printed by|price,)`,
  String.raw`\.(?:jpe?g|png|gif)\b|full size|^\s*\[?(?:cover|illustrated text|title page)\b`,
].join('|'), 'i');

const BY_LINE = /^\s*(?:written\s+)?by\b[\s:]*(.*)$/i;
const YEAR = /\b(1[5-9]\d\d|20\d\d)\b/;

/** Metadata of a plain-text source. */
export function plainTextMetadata(text: string, relPath: string): SourceMetadata {
  const opening = text.slice(0, OPENING_CHARS);
  const header = headerBlock(opening);
  if (header?.title) return header as SourceMetadata;
  // Plain text written the Markdown way ("# Title" on its first line) says its title plainly.
  const heading = /^\s*#[ \t]+(.+?)[ \t#]*$/m.exec(opening.slice(0, opening.search(/\S/) + 400));
  if (heading && opening.trimStart().startsWith('#')) return withOptional(stripInlineMarkdown(heading[1]!), header?.author, header?.year);
  const page = titlePage(opening);
  const named = fileNameTitle(relPath);
  const spelled = named.descriptive ? spellAsPrinted(opening, named.title) : null;
  // A name that reads as a title was chosen by someone; a title page the name is not on may be
  // the first story's or a series'.
  // One word ("notes", "draft") says less than a title page's by-line does.
  const nameWins = named.descriptive && (named.title.includes(' ') || !page?.byLine);
  const title = spelled ?? (nameWins ? named.title : page?.title ?? named.title);
  return withOptional(title, header?.author ?? page?.author, header?.year ?? page?.year);
}

/** Metadata of a Markdown source: front matter, then the first heading, then as plain text. */
export function markdownMetadata(text: string, outline: ReadonlyArray<{ level: number; text: string }>, relPath: string): SourceMetadata {
  const front = frontMatter(text);
  const top = outline.find((h) => h.level === 1) ?? outline[0];
  const heading = top ? stripInlineMarkdown(top.text) : undefined;
  const title = front.title ?? (heading || undefined);
  if (title) return withOptional(title, front.author, front.year);
  const rest = plainTextMetadata(text, relPath);
  return withOptional(rest.title, front.author ?? rest.author, front.year ?? rest.year);
}

/** Metadata of an HTML source from what its parser found: `<title>`, else the first `<h1>`. */
export function htmlMetadata(
  found: { title: string | null; author?: string | null; date?: string | null },
  outline: ReadonlyArray<{ level: number; text: string }>,
  relPath: string,
): SourceMetadata {
  const h1 = outline.find((h) => h.level === 1)?.text;
  const title = clean(found.title ?? '') || clean(h1 ?? '') || fileNameTitle(relPath).title;
  const year = found.date ? YEAR.exec(found.date)?.[1] : undefined;
  return withOptional(title, clean(found.author ?? '') || undefined, year ? Number(year) : undefined);
}

/**
 * A file name as a title: the extension dropped, an "Author__" or "Author - " part dropped,
 * separators turned to spaces. `descriptive` says whether it reads like a title at all (words,
 * not "pg1342" or "notes-3").
 */
export function fileNameTitle(relPath: string): { title: string; descriptive: boolean } {
  const base = relPath.slice(relPath.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
  const parts = base.split(/__| - /);
  const name = (parts.length > 1 ? parts.slice(1).join(' ') : base).replace(/[-_.]+/g, ' ')
    // Words fused where a title met its subtitle ("IthacaAdapted"), not names like "McAdam".
    .replace(/(\p{L}\p{Ll}{2})(\p{Lu}\p{Ll}{2})/gu, '$1 $2').replace(/\s+/g, ' ').trim();
  const title = name || base;
  const words = title.split(' ').filter((w) => /^\p{L}{2,}/u.test(w));
  return { title, descriptive: words.length >= 2 || (words.length === 1 && title.length >= 4 && !/\d/.test(title)) };
}

/** `Title:` / `Author:` / `Release Date:` lines, as Project Gutenberg heads its files. */
function headerBlock(opening: string): Partial<SourceMetadata> | null {
  const title = /^\s*Title:[ \t]*(.+(?:\n[ \t]+\S.*)*)/m.exec(opening)?.[1];
  const author = /^\s*Author:[ \t]*(.+)/m.exec(opening)?.[1];
  const date = /^\s*(?:Release Date|Date|Published|First published):[ \t]*(.+)/im.exec(opening)?.[1];
  if (!title && !author) return null;
  const year = date ? YEAR.exec(date)?.[1] : undefined;
  return {
    ...(title ? { title: clean(title) } : {}),
    ...(author ? { author: clean(author) } : {}),
    ...(year ? { year: Number(year) } : {}),
  };
}

interface Line { text: string; blank: boolean; start: number; end: number }

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    lines.push({ text: raw.trim(), blank: !raw.trim(), start, end: start + raw.length });
    start += raw.length + 1;
  }
  return lines;
}

/** Paragraphs (runs of non-blank lines) with the number of blank lines before each. */
function paragraphsOf(lines: Line[]): Array<{ lines: Line[]; gap: number }> {
  const paras: Array<{ lines: Line[]; gap: number }> = [];
  let gap = 0;
  let current: Line[] | null = null;
  for (const line of lines) {
    if (line.blank) {
      if (current) { current = null; gap = 0; }
      gap++;
      continue;
    }
    if (!current) { current = []; paras.push({ lines: current, gap }); }
    current.push(line);
  }
  return paras;
}

const isCredit = (para: { lines: Line[] }) => CREDIT.test(para.lines.map((l) => l.text).join(' '));
const isTitleish = (l: Line) => l.text.length <= 80;

/**
 * The title page: the first "by …" line after the credits, with the short lines above it (back
 * to a wide gap, a credit or prose) as the title and the name after "by" as the author. Without a
 * by-line, the first short line that is not a credit, a heading like "CONTENTS" or a date.
 */
function titlePage(opening: string): (SourceMetadata & { byLine: boolean }) | null {
  const paras = paragraphsOf(linesOf(opening)).filter((p) => !isCredit(p));
  for (let i = 0; i < paras.length; i++) {
    const para = paras[i]!;
    for (let j = 0; j < para.lines.length; j++) {
      const by = BY_LINE.exec(para.lines[j]!.text);
      if (!by) continue;
      const above: string[] = [];
      for (let k = j - 1; k >= 0; k--) above.unshift(para.lines[k]!.text);
      let gap = para.gap;
      for (let p = i - 1; p >= 0 && gap <= 3 && above.length < 8; p--) {
        const prev = paras[p]!;
        if (!prev.lines.every(isTitleish) || prev.lines.length > 4) break;
        above.unshift(...prev.lines.map((l) => l.text));
        gap = prev.gap;
      }
      const title = clean(above.filter((t) => !isFrontMatterLine(t)).join(' '));
      if (!title || title.length > MAX_TITLE_CHARS) break;
      const authorText = by[1] || para.lines[j + 1]?.text || paras[i + 1]?.lines[0]?.text || '';
      const author = clean(authorText.replace(/[.,]$/, ''));
      const yearLine = paras.slice(i, i + 6).flatMap((p) => p.lines).find((l) => /^\s*(?:\p{L}+,?\s+)?(1[5-9]\d\d|20\d\d)\.?\s*$/u.test(l.text));
      const year = yearLine ? YEAR.exec(yearLine.text)?.[1] : undefined;
      return { ...withOptional(title, author && author.length <= 80 ? author : undefined, year ? Number(year) : undefined), byLine: true };
    }
    if (i > 12) break;
  }
  const first = paras.find((p) => p.lines.length <= 3 && p.lines.every((l) => l.text.length <= 80) && !isFrontMatterLine(clean(p.lines[0]!.text)));
  return first ? { title: clean(first.lines.map((l) => l.text).join(' ')), byLine: false } : null;
}

/** Lines of a title page that are not the title: contents, dedications, publisher's notes, rules. */
function isFrontMatterLine(t: string): boolean {
  return /^(?:contents|table of contents|illustrations|preface|introduction|dedication|frontispiece|[-=*_~ ]+)$/i.test(t) ||
    /^\[.*\]$/.test(t);
}

/**
 * The file name's title spelled as the text prints it: the longest run of its leading words (two
 * at least, or all of a one-word name) found together in the text, then the name's remaining
 * words as the name has them (a subtitle the title page sets apart, or a name cut short).
 */
function spellAsPrinted(text: string, title: string): string | null {
  const parts = title.split(' ');
  // Long names are often cut short ("…Concord-Massachu"): the text then says how the title ends.
  const cut = title.length >= 60;
  for (let k = parts.length; k >= Math.min(2, parts.length); k--) {
    const spelled = findSpelled(text, parts.slice(0, k).join(' '), cut && k === parts.length);
    if (spelled) return clean([spelled, ...parts.slice(k)].join(' '));
  }
  return null;
}

/**
 * Finds `title`'s words, in order, in `text` (case, punctuation and line breaks ignored) and
 * returns the span of the text they cover, cleaned. Null when they do not stand there together.
 * With `cut`, the last word may be the start of a longer one, and the span runs on to the end of
 * its paragraph (the rest of a title the name could not hold).
 */
function findSpelled(text: string, title: string, cut = false): string | null {
  const want = words(title);
  if (!want.length) return null;
  const found: Array<{ word: string; start: number; end: number }> = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) found.push({ word: fold(m[0]), start: m.index!, end: m.index! + m[0].length });
  const last = want.length - 1;
  outer: for (let i = 0; i + want.length <= found.length; i++) {
    for (let k = 0; k < want.length; k++) {
      const w = found[i + k]!.word;
      if (w !== want[k] && !(cut && k === last && w.startsWith(want[k]!))) continue outer;
    }
    // A long name was cut if its last word is cut short, or if the line goes on after it (a
    // title does not end mid-line); a whole word at a line's end ends the title there.
    const lineRest = /^[^\n]*/.exec(text.slice(found[i + last]!.end))![0];
    const runOn = cut && (found[i + last]!.word !== want[last] || /[\p{L}\p{N}]/u.test(lineRest));
    const start = found[i]!.start;
    let end = found[i + last]!.end;
    const span = text.slice(start, end);
    // The words must stand together: no paragraph of prose between them.
    if (span.length > want.join(' ').length * 3 + 40 || /\n[ \t]*\n[ \t]*\n[ \t]*\n[ \t]*\n/.test(span)) continue;
    if (runOn) {
      const para = /\n[ \t]*\n/.exec(text.slice(end));
      const rest = para ? text.slice(end, end + para.index) : '';
      if (rest.length <= MAX_TITLE_CHARS) end += rest.length;
    }
    // Keep closing punctuation that belongs to the last word ("Mars!"), not a line's full stop.
    const tail = /^[!?'’"”)\]]*/.exec(text.slice(end))![0];
    const lead = /['‘"“(]*$/.exec(text.slice(Math.max(0, start - 3), start))![0];
    return clean(lead + text.slice(start, end) + tail);
  }
  return null;
}

const fold = (w: string) => w.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/æ/g, 'ae').replace(/œ/g, 'oe');
const words = (s: string) => [...s.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => fold(m[0]));

/** Front matter's `title:`, `author:` and `date:`/`year:` fields (YAML's simple scalars only). */
function frontMatter(text: string): { title?: string; author?: string; year?: number } {
  const m = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return {};
  const field = (name: string) => {
    const v = new RegExp(`^${name}:[ \\t]*(.+)$`, 'im').exec(m[1]!)?.[1]?.trim();
    return v ? clean(v.replace(/^(['"])(.*)\1$/, '$2')) || undefined : undefined;
  };
  const date = field('date') ?? field('year');
  const year = date ? YEAR.exec(date)?.[1] : undefined;
  const title = field('title');
  const author = field('author') ?? field('authors');
  return { ...(title ? { title } : {}), ...(author ? { author: author.replace(/^\[(.*)\]$/, '$1') } : {}), ...(year ? { year: Number(year) } : {}) };
}

/** `**x**`, `_x_`, `` `x` ``, `[[a|b]]`, `[t](u)` → their shown text. */
function stripInlineMarkdown(s: string): string {
  return clean(wikilinksAsShown(s)
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|\*|_|~~|`)(.+?)\1/g, '$2')
    .replace(/\\(.)/g, '$1'));
}

/**
 * White space folded, surrounding separators dropped, and an all-capitals title (as title pages
 * print them) written in title case, so "A LOVE EPISODE." reads "A Love Episode".
 */
function clean(s: string): string {
  let t = s.replace(/(^|[\s(])[_=]+|[_=]+(?=$|[\s.,;:!?)])/g, '$1').replace(/\s+/g, ' ').replace(/^[\s\-–—=*_:;,.]+|[\s\-–—=*_:;,]+$/g, '').replace(/\.$/, '').trim();
  if (/\p{Lu}/u.test(t) && !/\p{Ll}/u.test(t)) t = titleCase(t);
  else if ((t.match(/\b\p{Lu}{3,}\b/gu) ?? []).length >= 2) t = t.replace(/\b\p{Lu}[\p{Lu}'’]+\b/gu, (w) => titleCase(w));
  return t.slice(0, MAX_TITLE_CHARS).trim();
}

const SMALL = new Set('a an and as at but by for from in into nor of on or the to with'.split(' '));

function titleCase(s: string): string {
  let first = true;
  return s.toLowerCase().replace(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu, (w) => {
    const out = !first && SMALL.has(w) ? w : /^[ivxlcdm]+$/.test(w) && w.length > 1 ? w.toUpperCase() : w[0]!.toUpperCase() + w.slice(1);
    first = false;
    return out;
  });
}

function withOptional(title: string, author: string | undefined, year: number | undefined): SourceMetadata {
  return { title, ...(author ? { author } : {}), ...(year ? { year } : {}) };
}
