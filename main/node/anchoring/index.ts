/**
 * Quote anchoring: describe a passage so it can be found again, find it again after the source
 * changed, and export it in open formats. Pure TypeScript (no Node, no DOM): usable in a worker.
 */
export { anchor, bestCandidates, MIN_CONFIDENCE, REVIEW_THRESHOLD } from './anchor';
export { describe, type DescribeOptions } from './describe';
export type { AnchorResult, Selectors, TextPositionSelector, TextQuoteSelector } from './selectors';
