/**
 * The Markdown transformer for quotes: a blockquote whose last line is an attribution link
 * `— [label](sourcebook://annotation/<id>)` becomes a SourceQuoteNode, and back, byte for byte
 * as `quoteToMarkdown` writes it. A blockquote without that link is left to Lexical's QUOTE.
 */
import type { MultilineElementTransformer } from '@lexical/markdown';
import { parseQuoteLines, quoteToMarkdown } from '../../../../main/common/markdown/quote-link';
import { $createSourceQuoteNode, $isSourceQuoteNode, SourceQuoteNode } from './source-quote-node';

const BLOCKQUOTE_LINE = /^\s{0,3}>/;

export const SOURCE_QUOTE: MultilineElementTransformer = {
  type: 'multiline-element',
  dependencies: [SourceQuoteNode],
  regExpStart: BLOCKQUOTE_LINE,
  // Never matches: the block's end is found by handleImportAfterStartMatch, and a required end
  // keeps the typing shortcuts from offering this transformer (typing "> " makes a plain quote).
  regExpEnd: /(?!)/,
  handleImportAfterStartMatch({ lines, rootNode, startLineIndex }) {
    let end = startLineIndex;
    while (end + 1 < lines.length && BLOCKQUOTE_LINE.test(lines[end + 1]!)) end++;
    const quote = parseQuoteLines(lines.slice(startLineIndex, end + 1));
    if (!quote) return null;
    rootNode.append($createSourceQuoteNode(quote));
    return [true, end];
  },
  replace: () => false,
  export: (node) => ($isSourceQuoteNode(node) ? quoteToMarkdown(node.getQuote()) : null),
};
