import type { Anchor } from '../../common/contract';

/** W3C TextQuoteSelector: the quoted text and (ideally) some text on either side of it. */
export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix?: string;
  suffix?: string;
}

/** W3C TextPositionSelector. Inside Sourcebook, offsets are UTF-16 units (JavaScript string indices). */
export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

/** What `anchor` accepts: the W3C pair recorded when the quote was made; either may be missing. */
export type Selectors = ReadonlyArray<TextQuoteSelector | TextPositionSelector>;

/** Where a quote stands now: UTF-16 offsets into the current text, how it was found, and how sure. */
export type AnchorResult = Anchor;

/** The selectors in the form the matcher works with (normalised strings, context clipped). */
export interface Query {
  exact: string;
  /** Normalised quote, prefix (its last CONTEXT_WINDOW chars) and suffix (its first ones). */
  q: string;
  p: string;
  s: string;
  oldStart: number | null;
  oldEnd: number | null;
  /** Whether the quote began/ended on a word boundary when it was made (boundaries snap to words). */
  startsAtWord: boolean;
  endsAtWord: boolean;
  /** Whether the quote began (ended) a block: a paragraph or a list item (see blocks.ts). */
  startsBlock: boolean;
  endsBlock: boolean;
}

export function quoteOf(selectors: Selectors): TextQuoteSelector | undefined {
  return selectors.find((s): s is TextQuoteSelector => s?.type === 'TextQuoteSelector');
}

export function positionOf(selectors: Selectors): TextPositionSelector | undefined {
  return selectors.find((s): s is TextPositionSelector => s?.type === 'TextPositionSelector');
}
