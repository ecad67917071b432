/**
 * WikiLinkNode: `[[Target]]` (or `[[Target|shown]]`, `[[Target#Heading]]`) kept verbatim as the
 * node's text, so the Markdown file gets back exactly what the user typed. It is a text entity:
 * typed text that matches becomes one, and one edited so it no longer matches turns back into
 * plain text (see registerWikiLinks).
 */
import {
  $applyNodeReplacement, TextNode,
  type EditorConfig, type LexicalNode, type NodeKey, type SerializedTextNode,
} from 'lexical';
import type { TextMatchTransformer } from '@lexical/markdown';
import { findWikiLinks, WIKILINK_PATTERN } from '../../../../main/common/markdown/wikilinks';

export class WikiLinkNode extends TextNode {
  static override getType(): string {
    return 'wikilink';
  }

  static override clone(node: WikiLinkNode): WikiLinkNode {
    return new WikiLinkNode(node.__text, node.__key);
  }

  constructor(text = '', key?: NodeKey) {
    super(text, key);
  }

  static override importJSON(json: SerializedTextNode): WikiLinkNode {
    return $createWikiLinkNode(json.text).updateFromJSON(json);
  }

  override exportJSON(): SerializedTextNode {
    return { ...super.exportJSON(), type: 'wikilink' };
  }

  override createDOM(config: EditorConfig): HTMLElement {
    const el = super.createDOM(config);
    el.classList.add('sb-wikilink');
    el.dataset.wikilink = this.getTarget();
    el.title = `Open note “${this.getTarget()}”`;
    return el;
  }

  override updateDOM(prev: this, dom: HTMLElement, config: EditorConfig): boolean {
    const changed = super.updateDOM(prev, dom, config);
    dom.dataset.wikilink = this.getTarget();
    return changed;
  }

  /** The note title the link points at (without `#heading` or `|alias`). */
  getTarget(): string {
    return findWikiLinks(this.getTextContent())[0]?.target ?? '';
  }

  override isTextEntity(): true {
    return true;
  }

  override canInsertTextBefore(): boolean {
    return false;
  }

  override canInsertTextAfter(): boolean {
    return false;
  }
}

export function $createWikiLinkNode(text: string): WikiLinkNode {
  return $applyNodeReplacement(new WikiLinkNode(text));
}

export function $isWikiLinkNode(node: LexicalNode | null | undefined): node is WikiLinkNode {
  return node instanceof WikiLinkNode;
}

/** Markdown import/export of wikilinks: written back verbatim, never escaped. */
export const WIKILINK: TextMatchTransformer = {
  type: 'text-match',
  dependencies: [WikiLinkNode],
  importRegExp: WIKILINK_PATTERN,
  // Typing is handled by the text-entity transform, not by a Markdown shortcut trigger.
  regExp: /(?!)/,
  replace: (textNode) => {
    textNode.replace($createWikiLinkNode(textNode.getTextContent()));
  },
  export: (node) => ($isWikiLinkNode(node) ? node.getTextContent() : null),
};
