/**
 * Where a quote stands: the one answer every view gives (the note, the reader, Check quotes, the
 * review list, the exports). Pure: it reads the stored annotation's facts and the current
 * source's, never a view's memory, so a reload cannot change the answer.
 *
 * - `intact`: the quoted words stand where they were quoted.
 * - `moved`: the same words, elsewhere in the source.
 * - `drifted`: the words the note holds differ from what the source says there now.
 * - `kept-as-cited`: drifted, and the user chose to keep the quote as cited against the source as
 *   it reads now (until it changes again).
 * - `needs-review`: re-anchoring found only a doubtful place; the review list decides.
 * - `orphaned`: nowhere to be found (the annotation, its source or its passage is gone).
 */
import { LIST_MARKER } from '../library/list-marker';
import { wikilinksAsShown } from '../markdown/wikilinks';

/** A heading's `#`s, a quote's `>` or a list item's marker at the start of a line. */
const LINE_MARKERS = new RegExp(`^[ \\t]{0,3}(?:#{1,6}|>)[ \\t]+|${LIST_MARKER.source}`, 'gm');

export type QuoteState = 'intact' | 'moved' | 'drifted' | 'kept-as-cited' | 'needs-review' | 'orphaned';

export const QUOTE_STATES: readonly QuoteState[] = ['intact', 'moved', 'drifted', 'kept-as-cited', 'needs-review', 'orphaned'];

export interface QuoteFacts {
  /** The annotation still exists. */
  exists: boolean;
  /** Waiting in the review list, and why. */
  review?: 'orphaned' | 'low-confidence';
  /** Where it stands in the current source, or null when it is not placed. */
  anchor: { start: number; end: number } | null;
  /** Where it was quoted (or last accepted). */
  quotedAt: { start: number; end: number };
  /** The annotation's words (as quoted, or as accepted in review). */
  exact: string;
  /** The source's words at the anchor now, when they differ from `exact`. */
  current?: string;
  /** The user kept the quote as cited against the source as it reads now. */
  keptAsCited: boolean;
  /** The words the note holds, when a note is asked about (a note may lag behind an Accept). */
  noteText?: string;
}

/** The state of one quote from its facts. */
export function quoteState(f: QuoteFacts): QuoteState {
  if (!f.exists) return 'orphaned';
  if (f.review) return f.review === 'low-confidence' ? 'needs-review' : 'orphaned';
  if (!f.anchor) return 'orphaned';
  const now = f.current ?? f.exact;
  const cited = f.noteText ?? f.exact;
  if (!sameWords(cited, now)) return f.keptAsCited ? 'kept-as-cited' : 'drifted';
  return f.anchor.start !== f.quotedAt.start ? 'moved' : 'intact';
}

/**
 * Whether two quotes say the same: white space, Markdown emphasis and list markers aside (a
 * note's quote is the passage as the reader shows it, the source keeps its markup).
 */
export function sameWords(a: string, b: string): boolean {
  return wordsOf(a) === wordsOf(b);
}

function wordsOf(s: string): string {
  return wikilinksAsShown(s.replace(LINE_MARKERS, ''))
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|~~|[*_`])/g, '')
    .replace(/\\(.)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What the state is called on screen. */
export function quoteStateLabel(state: QuoteState): string {
  switch (state) {
    case 'intact': return 'intact';
    case 'moved': return 'moved';
    case 'drifted': return 'source changed since quoted';
    case 'kept-as-cited': return 'kept as cited';
    case 'needs-review': return 'needs review';
    case 'orphaned': return 'passage not found';
  }
}

/** The parts of an anchored annotation (as the backend sends it) that its state is read from. */
export interface StatedAnnotation {
  state?: QuoteState;
  quote: { exact: string };
  currentText?: string;
  keptAsCited?: boolean;
}

/**
 * A quote's state as a note holding `noteText` sees it. The backend's state is over the
 * annotation alone; a note may still hold the words from before an Accept in the review list, and
 * then the quote has drifted for that note, or is kept as cited if the user said so.
 */
export function citedState(a: StatedAnnotation, noteText?: string): QuoteState {
  const base = a.state ?? (a.currentText !== undefined ? 'drifted' : 'intact');
  if (base === 'orphaned' || base === 'needs-review' || base === 'kept-as-cited' || noteText === undefined) return base;
  if (!sameWords(noteText, a.currentText ?? a.quote.exact)) return a.keptAsCited ? 'kept-as-cited' : 'drifted';
  return base === 'drifted' ? 'intact' : base;
}
