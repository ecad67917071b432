/**
 * What the reader says above a quote it opens: why it cannot show one that lost its passage, and
 * how the passage changed since it was quoted. The states are the ones every view gives
 * (quote-state.ts), so the reader never shows a drifted or kept quote as if it were intact.
 */
import type { AnchoredAnnotation } from '../../../main/common/contract';
import { clip } from '../app/dom';

/** A quote with no anchor: needs review, or gone from its source or from the library. */
export function unanchoredMessage(a: AnchoredAnnotation, sourceExists: boolean, offersReview: boolean): string {
  const review = offersReview ? ' The review list decides where it belongs.' : '';
  if (a.state === 'needs-review') {
    return `The quoted passage “${inMessage(a.quote.exact)}” needs review: the source changed and it was found only in doubt.${review}`;
  }
  return `The quoted passage “${inMessage(a.quote.exact)}” can no longer be found in “${a.sourceTitle}”` +
    (sourceExists ? ': the source has changed since it was quoted.' : ': the source is no longer in the library.') + review;
}

/** For an anchored quote, how its source changed since it was quoted (undefined when it did not). */
export function changedMessage(a: AnchoredAnnotation): string | undefined {
  if (a.state === 'kept-as-cited') return 'Kept as cited: the source changed since this was quoted, and the note keeps the words as quoted.';
  if (a.currentText !== undefined && (a.anchor?.status !== 'exact' || a.state === 'drifted')) {
    return `The source changed since this was quoted; the passage now reads “${inMessage(a.currentText)}”.`;
  }
  if (a.state === 'drifted') return 'The source changed since this was quoted: the note still quotes the earlier words.';
  return undefined;
}

/** A passage on one line, clipped, to quote inside a message. */
function inMessage(passage: string): string {
  return clip(passage.replace(/\s+/g, ' ').trim(), 160);
}
