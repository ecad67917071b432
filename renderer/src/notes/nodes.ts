import type { Klass, LexicalNode } from 'lexical';
import { HeadingNode, QuoteNode } from '@lexical/rich-text';
import { ListItemNode, ListNode } from '@lexical/list';
import { CodeHighlightNode, CodeNode } from '@lexical/code';
import { AutoLinkNode, LinkNode } from '@lexical/link';
import { SourceQuoteNode } from './quote/source-quote-node';
import { WikiLinkNode } from './wikilink/wikilink-node';

/** Every node a note can hold; the Markdown transformers in ./markdown depend on them. */
export const NOTE_NODES: Klass<LexicalNode>[] = [
  HeadingNode, QuoteNode, ListNode, ListItemNode, CodeNode, CodeHighlightNode, LinkNode, AutoLinkNode,
  SourceQuoteNode, WikiLinkNode,
];
