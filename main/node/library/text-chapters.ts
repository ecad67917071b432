/**
 * Chapters of plain-text books: the lines that head a part of the book ("CHAPTER I", "Book II.",
 * "STAVE ONE", a roman numeral alone, an all-capitals heading on its own line) become heading
 * blocks and the outline, so a long .txt is reached by its chapters instead of by scrolling.
 *
 * Pure and self-contained: it takes the blocks `markdownStructure` found and returns them with
 * the heading lines marked. Offsets never change; only block kinds and the outline do.
 */
import type { Block, Heading } from '../../common/contract';
import type { Structure } from './text-structure';

const MAX_HEADING_CHARS = 80;
/** Parts that hold chapters (level 1 when the book has them). */
const PART = /^(?:book|part|volume|vol\.)\s+([ivxlcdm]+|\d+|[a-z]+)\b[.:]?\s*(?:[-—–:.]\s*)?(.*)$/i;
/** Chapter-like divisions. */
const CHAPTER = /^(?:chapter|chap\.|stave|canto|letter|act|section|scene)\s+([ivxlcdm]+|\d+|[a-z]+(?:-[a-z]+)?)\b[.:]?\s*(?:[-—–:.]\s*)?(.*)$/i;
/** A roman numeral (or a number) alone, perhaps with a title after it: "XII.", "IV. THE STORM". */
const NUMERAL = /^([IVXLCDM]{1,8}|\d{1,3})\.?(?:\s+[-—–]?\s*(\S.*))?$/;
const WORD_NUMBER = /^(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|the\s+\w+)$/i;

type Kind = 'part' | 'chapter' | 'caps';

/** Marks the heading lines of a plain-text book and builds its outline from them. */
export function plainTextChapters(text: string, structure: Structure): Structure {
  // A text written the Markdown way ("# Heading") already has its outline.
  if (structure.outline.length) return structure;
  const blocks = structure.blocks;
  const found: Array<{ index: number; kind: Kind; label: string }> = [];
  const capsCount = new Map<string, number>();
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.kind !== 'paragraph') continue;
    const lines = text.slice(b.start, b.end).split('\n');
    // One line, or a chapter marker with its title on the next ("Chapter One\nArrest - …").
    if (lines.length > 2 || lines.some((l) => l.length > MAX_HEADING_CHARS)) continue;
    const t = lines[0]!.trim().replace(/[_*=]/g, '');
    const kind = headingKind(t);
    if (!kind || (lines.length === 2 && kind === 'caps')) continue;
    if (lines.length === 2) {
      if (!isTitleLine(lines[1]!)) continue;
      found.push({ index: i, kind, label: `${t} · ${lines[1]!.trim()}` });
      continue;
    }
    found.push({ index: i, kind, label: t });
    if (kind === 'caps') capsCount.set(t, (capsCount.get(t) ?? 0) + 1);
  }
  const hasParts = found.some((f) => f.kind === 'part');
  const hasChapters = found.filter((f) => f.kind === 'chapter').length >= 2;
  // A capitalised line that keeps coming back is a speaker or a running head, not a heading;
  // with real chapter markers, capitals alone head nothing (they title the chapter they follow).
  const keep = found.filter((f) => f.kind !== 'caps' || (!hasChapters && capsCount.get(f.label) === 1));
  if (keep.length < 2 || keep.length > Math.max(8, blocks.length / 4)) return structure;

  const out = blocks.slice();
  const outline: Heading[] = [];
  const marked = new Set(keep.map((f) => f.index));
  for (const f of keep) {
    const level = f.kind === 'part' ? 1 : hasParts ? 2 : 1;
    const b = blocks[f.index]!;
    out[f.index] = { kind: 'heading', start: b.start, end: b.end, level };
    let label = tidy(f.label);
    // "CHAPTER IV" then "THE STORM" on the next line: the chapter is named by both.
    const next = blocks[f.index + 1];
    if (f.kind !== 'caps' && next && next.kind === 'paragraph' && !marked.has(f.index + 1) && isTitleLine(text.slice(next.start, next.end))) {
      out[f.index + 1] = { kind: 'heading', start: next.start, end: next.end, level: Math.min(6, level + 1) };
      label = `${label} · ${tidy(text.slice(next.start, next.end))}`;
      outline.push({ level, text: label, start: b.start, end: next.end });
      continue;
    }
    outline.push({ level, text: label, start: b.start, end: b.end });
  }
  return { blocks: out, outline };
}

function headingKind(t: string): Kind | null {
  if (PART.test(t) && partOk(PART.exec(t)!)) return 'part';
  if (CHAPTER.test(t) && partOk(CHAPTER.exec(t)!)) return 'chapter';
  if (NUMERAL.test(t)) {
    const m = NUMERAL.exec(t)!;
    // "I" alone is as often the pronoun as chapter one; a title after it decides.
    if (m[1] === 'I' && !m[2] && !/\.$/.test(t)) return 'chapter';
    if (!m[2]) return 'chapter';
    // With a title, the numeral needs its full stop ("IV. The Storm") or the title its capitals.
    if (m[2].length <= 60 && (isCaps(m[2]) || /^(?:[IVXLCDM]+|\d+)\./.test(t))) return 'chapter';
  }
  if (isCaps(t) && /\p{L}{2}/u.test(t) && !/[,;]$/.test(t) && t.split(/\s+/).length <= 10) return 'caps';
  return null;
}

/** The number of a part or chapter is a numeral or a number word, not any word ("Chapter and verse"). */
function partOk(m: RegExpExecArray): boolean {
  const n = m[1]!;
  return /^(?:[ivxlcdm]+|\d+)$/i.test(n) || WORD_NUMBER.test(n) || /^(?:[a-z]+-[a-z]+)$/i.test(n);
}

const isCaps = (t: string) => /\p{Lu}/u.test(t) && !/\p{Ll}/u.test(t);

function isTitleLine(line: string): boolean {
  const t = line.trim();
  return !t.includes('\n') && t.length <= 60 && !/[,;:]$/.test(t) && !/^[a-z]/.test(t) && !(/[.!?]$/.test(t) && t.split(/\s+/).length > 8);
}

function tidy(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/[_*=]/g, '').replace(/[.:]$/, '').trim();
}
