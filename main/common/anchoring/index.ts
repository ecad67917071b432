/**
 * Quote anchoring: describe a passage so it can be found again, find it again after the source
 * changed, show what changed, and export quotes in open formats.
 *
 * Pure TypeScript (no Node, no DOM), so it also runs in a worker. All offsets are UTF-16 units
 * (JavaScript string indices) except in the W3C export, which counts code points and says so.
 *
 * Typical use:
 *   const quote = describe(text, start, end);                 // when the user quotes
 *   const sel = [quote, { type: 'TextPositionSelector', start, end }];
 *   const now = anchor(changedText, sel);                     // after the source changed
 *   // now === null: orphan. now.status 'exact' | 'moved': update the stored selectors.
 *   // 'fuzzy' with now.confidence < REVIEW_THRESHOLD: put it on the review list.
 */

/**
 * `anchor(text, selectors)` → `{ start, end, status, confidence }` or null (an orphan).
 * - 'exact': the quoted text, verbatim (ignoring whitespace, typographic quotes and accents'
 *   encoding), at its old offset or with its old context around it (≥ 0.75 similar).
 * - 'moved': verbatim, but somewhere else with other context.
 * - 'fuzzy': the passage was edited; confidence (0..1) says how sure the match is.
 * Results under MIN_CONFIDENCE are returned as null, and so are places that share fewer than
 * MIN_WORD_SIMILARITY of their words with the quote (other text, not the passage edited).
 *
 * `bestCandidates(text, selectors, k)`: the k best distinct places, best first, at any
 * confidence (for the review list's "Pick another").
 */
export { anchor, bestCandidates, MIN_CONFIDENCE, MIN_WORD_SIMILARITY, REVIEW_THRESHOLD } from './anchor';

/**
 * `describe(text, start, end, options?)` → TextQuoteSelector with ≥ 32 characters of context on
 * each side (rounded to whole words) where the text has them, extended while the quote would be
 * ambiguous. Options reproduce Apache Annotator's (`minimalContext`, `minimumQuoteLength`,
 * `maxWordLength`); `minContext: 0` turns the Sourcebook minimum off.
 */
export { describe, type DescribedQuote, type DescribeOptions } from './describe';

/**
 * `wordDiff(oldText, newText)` → `[{ op: 'equal' | 'insert' | 'delete', text }]` word by word,
 * for the "source changed since quoted" badge. Whitespace-only changes count as equal, so
 * `ops.every((o) => o.op === 'equal')` means "no real change".
 */
export { wordDiff, type DiffOp } from './word-diff';

/**
 * `toW3C(annotation, sourceText)` → a W3C Web Annotation (JSON-LD) with a TextQuoteSelector and
 * a TextPositionSelector in code points (`sourcebook:positionUnit: "codepoint"`);
 * `toW3CCollection(items, { id?, label? })` → an AnnotationCollection with one embedded page;
 * `sourceIri(sourceId)` → `sourcebook://source/<id>`, how a source is named in annotations.
 */
export { sourceIri, toW3C, toW3CCollection, type W3CAnnotation, type W3CAnnotationCollection } from './w3c';

/** `textFragment(quote)` → `#:~:text=prefix-,exact,-suffix`, percent-encoded, for Markdown export. */
export { textFragment } from './text-fragment';

export type { AnchorResult, Selectors, TextPositionSelector, TextQuoteSelector } from './selectors';

/**
 * `runAnchorJobs(text, jobs)`: many `anchor` / `bestCandidates` / `describe` calls on one text in
 * one go, in a form that crosses threads (the backend runs them in the engine's source worker).
 */
export { runAnchorJobs, type AnchorAnswer, type AnchorAnswers, type AnchorJob } from './batch';
