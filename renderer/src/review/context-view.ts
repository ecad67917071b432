/**
 * A quote in its context: "…before **exact** after…", the quoted words marked. Used for the text
 * as quoted (from the snapshot) and for each place the quote might be now.
 */
import { h } from '../app/dom';

/** Characters of context shown on each side; the backend sends more, cut here at a word. */
const SHOWN = 110;

export function contextView(parts: { before: string; exact: string; after: string }, label: string): HTMLElement {
  return h('p', { class: 'review-context', 'aria-label': label },
    h('span', { class: 'review-context-before' }, leading(parts.before)),
    h('mark', { class: 'review-context-exact' }, parts.exact),
    h('span', { class: 'review-context-after' }, trailing(parts.after)));
}

/** Context stops at a paragraph break: the quote's own paragraph is what identifies it. */
const PARAGRAPH = /\r?\n[ \t]*\r?\n/g;

function leading(whole: string): string {
  const breaks = [...whole.matchAll(PARAGRAPH)];
  const last = breaks.at(-1);
  const text = last ? whole.slice(last.index + last[0].length) : whole;
  if (text.length <= SHOWN) return text;
  const cut = text.slice(-SHOWN);
  const space = cut.search(/\s/);
  return `…${space >= 0 && space < 30 ? cut.slice(space) : cut}`;
}

function trailing(whole: string): string {
  const text = whole.split(PARAGRAPH)[0]!;
  if (text.length <= SHOWN) return text;
  const cut = text.slice(0, SHOWN);
  const space = cut.search(/\s\S*$/);
  return `${space > SHOWN - 30 ? cut.slice(0, space) : cut}…`;
}

/** A confidence in [0, 1] as people read it: "87%". */
export function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

/** "1 quote", "3 quotes". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
