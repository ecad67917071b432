/**
 * The text-fidelity measure shared by `bench:formats` and `formats-misses.ts`: seeded sentences
 * from pdftotext's output, and why one of them is not found in ours.
 */

export function rng(seed: number) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

/**
 * Sentences of 6+ words from pdftotext output (no URLs, digits-only or symbol soup). Lines are
 * joined within pdftotext's own blocks (it separates blocks by a blank line and pages by a form
 * feed), never across them: joining everything glued headings, list items and references into the
 * sentence before them, "sentences" no reader would look for.
 */
export function sentencesOf(text: string): string[] {
  const blocks = text.split(/\f|\n[ \t]*\n/).map((b) => b.replace(/\s+/g, ' ').trim()).filter(Boolean);
  return blocks.flatMap((b) => b.split(/(?<=[.!?])\s+(?=[A-Z])/)).map((s) => s.trim().normalize('NFKC')).filter((s) => {
    const words = s.split(' ').filter((w) => /\p{L}{2,}/u.test(w));
    // Double quotes would end the phrase query; a person would not type them either.
    return words.length >= 6 && s.length <= 400 && !/https?:|www\.|@|"/.test(s) && words.length / s.split(' ').length > 0.7;
  });
}

export const tokens = (s: string) => s.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
/** The distinct words of a text (for telling a paper pdf.js cannot read from one it reads differently). */
export const vocabularyOf = (s: string) => new Set(tokens(s).filter((w) => w.length > 3));

/**
 * Words pdftotext joined across a line-end hyphen, as it prints them → with the hyphen, from its
 * `-raw` output of the same file (which keeps line ends and hyphens as drawn). pdftotext's default
 * output drops every such hyphen, so a compound broken at a line end ("Monte-" + "Carlo") comes
 * out as a word the paper never writes ("MonteCarlo"); which of the two the paper means, the
 * reference cannot say.
 */
export function lineEndJoins(raw: string): Map<string, string> {
  const joins = new Map<string, string>();
  for (const m of raw.normalize('NFKC').matchAll(/(\p{L}+)[-\u2010]\n(\p{L}+)/gu)) joins.set(m[1]! + m[2]!, `${m[1]}-${m[2]}`);
  return joins;
}

/**
 * The forms of a sampled sentence a search may rightly find: as pdftotext printed it; where it
 * joined a word at a line-end hyphen, with that hyphen kept; and without the spaces it set before
 * punctuation. Any counts as found: counting only the first scored a right "Monte-Carlo" or
 * "T, which" as a miss.
 */
export function sentenceForms(sentence: string, joins: Map<string, string>): string[] {
  // Each joined word either way: a sentence holding "computer" (a word hyphenated to fit) and
  // "MonteCarlo" (a compound) is found only as "computer ... Monte-Carlo". At most 3 such words.
  const words = [...new Set([...sentence.matchAll(/\p{L}+/gu)].map((m) => m[0]).filter((w) => joins.has(w)))].slice(0, 3);
  const forms: string[] = [];
  for (let mask = 0; mask < 1 << words.length; mask++) {
    let form = sentence;
    words.forEach((w, k) => { if (mask & (1 << k)) form = form.replace(new RegExp(`(?<!\\p{L})${w}(?!\\p{L})`, 'gu'), joins.get(w)!); });
    forms.push(form);
  }
  // pdftotext also sets a space before punctuation that follows italics or math ("the tree T ,
  // which"): the paper reads "T, which", and a search for that is as right.
  return [...new Set([...forms, ...forms.map(tightPunctuation)])];
}

/**
 * What pdftotext's own word boxes (`-bbox-layout`) say about its text, for the corrected measure:
 * - `touching`: two words it printed with a space between although the page draws no gap there
 *   (under an eighth of the smaller word's height): it starts a new word at every change of type
 *   size or baseline, so a subscript, a superscript or small capitals come out as "σ 2",
 *   "Pending objID", "x init", "O CAML", where the page and our text read "σ2", "PendingobjID".
 * - `breaks`: a line end inside one of its blocks where the next line is in another type size
 *   (over 15% apart), or after a line under 60% of the block's width (where prose runs on, its
 *   lines are full), or after a block of one line, or ending in such a line or a sentence's end
 *   (pdftotext prints the blocks of one flow with no blank line between them): a heading, a caption, a section number or a paragraph's end it ran into
 *   the text after it. A sentence over such a break is two texts, each of which a reader would
 *   look for on its own.
 * Each is kept as the pair of words on either side ("a b"), as `lineEndJoins` keeps its words.
 */
export function bboxHints(layout: string): { touching: Set<string>; breaks: Set<string> } {
  const touching = new Set<string>();
  const breaks = new Set<string>();
  const unescape = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&').normalize('NFKC');
  // Blocks follow one another in one flow with no blank line between them in pdftotext's text.
  let endOfBlock: { last: string; ended: boolean } | null = null;
  for (const block of layout.split('<block').slice(1)) {
    const lines = block.split('<line').slice(1).map((line) => [...line.matchAll(/<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g)]
      .map((m) => ({ x0: +m[1]!, x1: +m[3]!, h: +m[4]! - +m[2]!, text: unescape(m[5]!) }))).filter((l) => l.length);
    const left = Math.min(...lines.map((l) => l[0]!.x0));
    const width = Math.max(...lines.map((l) => l[l.length - 1]!.x1)) - left;
    if (!lines.length) continue;
    if (endOfBlock?.ended && /\p{L}/u.test(endOfBlock.last + lines[0]![0]!.text)) breaks.add(`${endOfBlock.last} ${lines[0]![0]!.text}`);
    let before: { last: string; height: number; short: boolean } | null = null;
    for (const words of lines) {
      for (let i = 1; i < words.length; i++) {
        const [a, b] = [words[i - 1]!, words[i]!];
        if (Math.abs(b.x0 - a.x1) <= 0.125 * Math.min(a.h, b.h)) touching.add(`${a.text} ${b.text}`);
      }
      const heights = words.map((w) => w.h).sort((x, y) => x - y);
      const height = heights[Math.floor(heights.length / 2)]!;
      const sized = before && Math.max(height, before.height) > 1.15 * Math.min(height, before.height);
      if (before && (sized || before.short) && /\p{L}/u.test(before.last + words[0]!.text)) breaks.add(`${before.last} ${words[0]!.text}`);
      before = { last: words[words.length - 1]!.text, height, short: words[words.length - 1]!.x1 - words[0]!.x0 < 0.6 * width };
    }
    // A block of one line (a heading, a caption's line, a label), one whose last line is short or
    // closes a sentence ended its text; a paragraph going on in the next column ends its block
    // with a full line in mid-sentence.
    endOfBlock = { last: before!.last, ended: lines.length === 1 || before!.short || /[.!?:]["'”’)\]]*$/.test(before!.last) };
  }
  return { touching, breaks };
}

/**
 * The corrected measure's pieces of a sentence, each with its forms: it counts as found when
 * every piece is found in one of its forms. The sentence's words that pdftotext's boxes show touching are joined, and it is cut
 * where pdftotext ran a line of another type size into it (see `bboxHints`). The sentence itself
 * stays in the sample: only what counts as finding it changes.
 */
export function correctedForms(sentence: string, joins: Map<string, string>, hints: { touching: Set<string>; breaks: Set<string> }): string[][] {
  const words = sentence.split(' ');
  const pieces: string[] = [];
  let piece = words[0] ?? '';
  for (let i = 1; i < words.length; i++) {
    const pair = `${words[i - 1]} ${words[i]}`;
    if (hints.breaks.has(pair)) { pieces.push(piece); piece = words[i]!; } else piece += (hints.touching.has(pair) ? '' : ' ') + words[i];
  }
  pieces.push(piece);
  // Each piece in the forms the measure already allows (a compound's hyphen, tight punctuation).
  return pieces.map((p) => sentenceForms(p, joins));
}

/** Causes that are the reference's doing, not ours: the bench reports them apart, and still counts them as misses. */
export const REFERENCE_CAUSES = new Set([
  'reference ran a heading, list item or reference into the sentence',
  'reference spaced punctuation (italic or math before it)',
  "reference dropped a compound's hyphen",
]);

const HYPHENS = /[-\u2010\u2011]/g;
const squash = (s: string) => s.replace(/\s+/g, ' ');
const tightPunctuation = (s: string) => s.replace(/\s+([,.;:!?)\]’”])/g, '$1').replace(/([(\[‘“])\s+/g, '$1');
const MATH = /[=+<>≤≥∑∏∫√∈∉⊂⊆∪∩→←↔⇒×·∆∇∂αβγδεζηθλμνπρστφχψωΣΠΦΨΩ∞≈≠±]/u;

/** Why `sentence` (from pdftotext) is not found in our canonical text `ours`, as a named cause. */
export function missCause(sentence: string, ours: string, vocabulary?: { ours: Set<string>; reference: Set<string> }): string {
  if (!ours.trim()) return 'no text extracted';
  if (vocabulary) {
    let shared = 0;
    for (const w of vocabulary.reference) if (vocabulary.ours.has(w)) shared++;
    if (shared < vocabulary.reference.size * 0.5) return 'not extractable by pdf.js (fonts without a text mapping)';
  }
  const lines = ours.replace(/[ \t]*\n(?!\n)[ \t]*/g, ' ').replace(/[ \t]+/g, ' ');
  if (lines.includes(sentence)) return 'search (text is there)';
  const flat = squash(ours);
  if (flat.includes(sentence)) {
    // Where we break: after a sentence's end, before a list marker or after a few words with no
    // punctuation (a heading), pdftotext ran two blocks together; anywhere else the break is ours.
    const raw = squash(ours.replace(/\n\n/g, '\u0001'));
    const inRaw = raw.slice(raw.replace(/\u0001/g, ' ').indexOf(sentence)).slice(0, sentence.length + 1);
    const breaks = [...inRaw.matchAll(/\u0001/g)].map((m) => m.index!);
    const theirs = breaks.every((b) => {
      const before = inRaw.slice(0, b).trimEnd();
      const after = inRaw.slice(b + 1).trimStart();
      return /[.!?:]["'”’)\]]*$/.test(before) || /^(?:\[\d+\]|\(?[a-z\d]{1,3}[.)]|[•–—-])\s/i.test(after) || (before.split(/[.!?]["'”’)\]]* /).pop() ?? '').split(' ').length <= 8;
    });
    return theirs ? 'reference ran a heading, list item or reference into the sentence' : 'paragraph break inside the sentence';
  }
  if (tightPunctuation(flat).includes(tightPunctuation(sentence))) {
    return tightPunctuation(sentence) !== sentence ? 'reference spaced punctuation (italic or math before it)' : 'spacing around punctuation';
  }
  const stripped = stripHyphens(flat);
  const at = stripped.text.indexOf(stripHyphens(sentence).text);
  if (at >= 0) {
    // More hyphens in ours there than in pdftotext's: it joined "proof-" + "of-work" into "proofof-work".
    const end = at + stripHyphens(sentence).text.length;
    const span = flat.slice(stripped.map[at]!, stripped.map[Math.max(at, end - 1)]! + 1);
    const count = (x: string) => x.match(HYPHENS)?.length ?? 0;
    return count(span) > count(sentence) ? "reference dropped a compound's hyphen" : 'hyphenation';
  }
  const want = tokens(sentence).join(' ');
  const have = tokens(ours).join(' ');
  if (MATH.test(sentence) || (sentence.match(/(?:^| )\p{L}(?= |$)/gu)?.length ?? 0) >= 3) return 'formulas and symbols';
  if (have.includes(want)) return 'punctuation or characters differ';
  if (have.replace(/ /g, '').includes(want.replace(/ /g, ''))) return 'word spacing';
  const t = tokens(sentence);
  if (have.includes(t.slice(0, 3).join(' ')) && have.includes(t.slice(-3).join(' '))) return 'reading order / headers (split)';
  return 'other (extracted differently)';
}

/** `s` without hyphens and the spaces around them, with each kept character's index in `s`. */
function stripHyphens(s: string): { text: string; map: number[] } {
  let text = '';
  const map: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (/[-\u2010\u2011]/.test(s[i]!)) { while (text.endsWith(' ')) { text = text.slice(0, -1); map.pop(); } while (s[i + 1] === ' ') i++; continue; }
    text += s[i];
    map.push(i);
  }
  return { text, map };
}
