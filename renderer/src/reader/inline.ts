/**
 * Inline Markdown of a source's canonical text, as ranges the reader paints over it: the syntax
 * characters (`**`, `` ` ``, `[[`, `](url)`, a backslash escape) to be shown muted, the content
 * they style (strong, emphasis, code, strikethrough) and the links (`[[Target|shown]]`,
 * `[text](url)`). Pure: nothing is removed from the text, so every character keeps its offset.
 *
 * Emphasis follows CommonMark's delimiter rules (flanking runs, `_` never inside a word, the rule
 * of three), code spans protect their content, an unclosed marker stays literal text. Wikilinks are
 * found with the same pattern the search index uses (`main/common/markdown/wikilinks.ts`), so a
 * link the reader shows is a `tag:` the search knows.
 */
import { findWikiLinks } from '../../../main/common/markdown/wikilinks';

export type InlineStyle = 'strong' | 'em' | 'code' | 'strike';

export type InlineMark =
  /** Markup characters: kept in the DOM, shown muted. */
  | { kind: 'syntax'; start: number; end: number }
  /** Text shown bold, italic, monospace or struck through. */
  | { kind: 'style'; style: InlineStyle; start: number; end: number }
  /** The whole `[[…]]`; `target` is the page it names, `heading` its `#Heading` part. */
  | { kind: 'wikilink'; start: number; end: number; target: string; heading?: string }
  /** The whole `[text](url)` (or `![alt](url)`). */
  | { kind: 'link'; start: number; end: number; href: string };

interface Delimiter {
  ch: '*' | '_' | '~';
  /** Start of the characters not used yet (a closer is consumed from its front). */
  pos: number;
  /** Characters not used yet (an opener is consumed from its back). */
  length: number;
  orig: number;
  canOpen: boolean;
  canClose: boolean;
}

const ESCAPABLE = /[!-/:-@[-`{-~]/;
const WHITE = /\s/u;
const PUNCT = /[\p{P}\p{S}]/u;
const LINK_TAIL = /\(\s*(<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)/y;

/** The inline markup of `text[from, to)`, offsets into `text`, in no particular order. */
export function inlineMarkup(text: string, from = 0, to = text.length): InlineMark[] {
  const out: InlineMark[] = [];
  scan(text, from, to, out, closingBrackets(text, from, to));
  return out;
}

/**
 * For every `[` of `text[from, to)`, the `]` that balances it (nested brackets counted, backslash
 * escapes skipped, never across a blank line), in one pass: looking for it from each `[` would
 * take quadratic time on a source full of unmatched brackets (1 MB of `[` froze the reader).
 */
function closingBrackets(text: string, from: number, to: number): Map<number, number> {
  const close = new Map<number, number>();
  const open: number[] = [];
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '\n' && text[i + 1] === '\n') open.length = 0;
    else if (c === '[') open.push(i);
    else if (c === ']' && open.length) close.set(open.pop()!, i);
  }
  return close;
}

/** `closers` null: inside a link's text, where no further link starts. */
function scan(text: string, from: number, to: number, out: InlineMark[], closers: Map<number, number> | null): void {
  const links = closers !== null;
  const wikilinks = links
    ? new Map(findWikiLinks(text.slice(from, to)).map((l) => [from + l.start, { ...l, start: from + l.start, end: from + l.end }]))
    : new Map<number, never>();
  const delimiters: Delimiter[] = [];
  let i = from;
  while (i < to) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < to && ESCAPABLE.test(text[i + 1]!)) {
      out.push({ kind: 'syntax', start: i, end: i + 1 });
      i += 2;
    } else if (c === '`') {
      i = codeSpan(text, i, to, out);
    } else if (c === '[' && wikilinks.has(i)) {
      i = wikilink(text, wikilinks.get(i)!, out);
    } else if ((c === '[' || (c === '!' && text[i + 1] === '[')) && links) {
      i = link(text, i, to, out, closers!) ?? i + 1;
    } else if (c === '*' || c === '_' || (c === '~' && text[i + 1] === '~')) {
      let end = i;
      while (end < to && text[end] === c) end++;
      delimiters.push(delimiter(text, c, i, end, from, to));
      i = end;
    } else {
      i++;
    }
  }
  emphasis(delimiters, out);
}

/** A backtick run and its closing run of the same length; an unclosed run is literal. */
function codeSpan(text: string, at: number, to: number, out: InlineMark[]): number {
  let open = at;
  while (open < to && text[open] === '`') open++;
  const run = open - at;
  for (let i = open; i < to;) {
    if (text[i] !== '`') { i++; continue; }
    let end = i;
    while (end < to && text[end] === '`') end++;
    if (end - i === run) {
      out.push({ kind: 'syntax', start: at, end: open }, { kind: 'syntax', start: i, end });
      if (i > open) out.push({ kind: 'style', style: 'code', start: open, end: i });
      return end;
    }
    i = end;
  }
  return open;
}

/** `[[Target]]` shows its target; `[[Target|shown]]` shows only "shown", the rest is syntax. */
function wikilink(text: string, l: { target: string; start: number; end: number }, out: InlineMark[]): number {
  const inner = text.slice(l.start + 2, l.end - 2);
  const hash = inner.indexOf('#');
  const pipe = inner.indexOf('|');
  const heading = hash >= 0 ? inner.slice(hash + 1, pipe > hash ? pipe : undefined).trim() : '';
  out.push({ kind: 'wikilink', start: l.start, end: l.end, target: l.target, ...(heading ? { heading } : {}) });
  out.push({ kind: 'syntax', start: l.start, end: pipe >= 0 ? l.start + 3 + pipe : l.start + 2 });
  out.push({ kind: 'syntax', start: l.end - 2, end: l.end });
  return l.end;
}

/** `[text](url)`: the brackets and the URL are syntax; the text may hold emphasis but no links. */
function link(text: string, at: number, to: number, out: InlineMark[], closers: Map<number, number>): number | null {
  const open = text[at] === '!' ? at + 1 : at;
  const close = closers.get(open) ?? -1;
  if (close <= open + 1) return null;
  LINK_TAIL.lastIndex = close + 1;
  const tail = LINK_TAIL.exec(text);
  if (!tail || close + 1 + tail[0].length > to) return null;
  const end = close + 1 + tail[0].length;
  const href = tail[1]!.replace(/^<|>$/g, '');
  out.push({ kind: 'link', start: at, end, href }, { kind: 'syntax', start: at, end: open + 1 }, { kind: 'syntax', start: close, end });
  scan(text, open + 1, close, out, null);
  return end;
}

/** A run of `*`, `_` or `~` with what CommonMark lets it do: open, close, both or neither. */
function delimiter(text: string, ch: '*' | '_' | '~', start: number, end: number, from: number, to: number): Delimiter {
  const before = start > from ? text[start - 1]! : ' ';
  const after = end < to ? text[end]! : ' ';
  const left = !WHITE.test(after) && (!PUNCT.test(after) || WHITE.test(before) || PUNCT.test(before));
  const right = !WHITE.test(before) && (!PUNCT.test(before) || WHITE.test(after) || PUNCT.test(after));
  // Underscores never open or close inside a word: snake_case stays as written.
  const canOpen = ch === '_' ? left && (!right || PUNCT.test(before)) : left;
  const canClose = ch === '_' ? right && (!left || PUNCT.test(after)) : right;
  return { ch, pos: start, length: end - start, orig: end - start, canOpen, canClose };
}

/** CommonMark's "process emphasis": each closer takes the nearest opener it may pair with. */
function emphasis(delimiters: Delimiter[], out: InlineMark[]): void {
  // Below these indexes no opener exists for a closer of that kind: keeps unmatched runs linear.
  const bottom = new Map<string, number>();
  for (let c = 0; c < delimiters.length; c++) {
    const closer = delimiters[c]!;
    while (closer.canClose && closer.length > 0) {
      const key = `${closer.ch}${closer.canOpen}${closer.orig % 3}`;
      let o = c - 1;
      const floor = bottom.get(key) ?? -1;
      for (; o > floor; o--) {
        const opener = delimiters[o]!;
        if (opener.ch !== closer.ch || !opener.canOpen || opener.length === 0) continue;
        if (closer.ch === '~' && (opener.length < 2 || closer.length < 2)) continue;
        const oddMatch = (opener.canClose || closer.canOpen) && (opener.orig + closer.orig) % 3 === 0 && (opener.orig % 3 !== 0 || closer.orig % 3 !== 0);
        if (closer.ch !== '~' && oddMatch) continue;
        break;
      }
      if (o <= floor) {
        bottom.set(key, c - 1);
        break;
      }
      const opener = delimiters[o]!;
      const use = closer.ch === '~' || (opener.length >= 2 && closer.length >= 2) ? 2 : 1;
      const openAt = opener.pos + opener.length - use;
      out.push(
        { kind: 'syntax', start: openAt, end: openAt + use },
        { kind: 'syntax', start: closer.pos, end: closer.pos + use },
        { kind: 'style', style: closer.ch === '~' ? 'strike' : use === 2 ? 'strong' : 'em', start: openAt + use, end: closer.pos },
      );
      opener.length -= use;
      closer.pos += use;
      closer.length -= use;
      // Runs between a pair can no longer pair with anything outside it.
      for (let k = o + 1; k < c; k++) delimiters[k]!.length = 0;
    }
  }
}
