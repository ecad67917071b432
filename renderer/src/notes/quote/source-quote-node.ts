/**
 * SourceQuoteNode: a passage quoted from a source, as one block of the note.
 *
 * The node keeps only what the Markdown file keeps (annotation id, quoted text, label), so the
 * file is the single truth: where the passage stands now is asked of the annotation, never
 * copied into the note. Named "SourceQuote" so it never clashes with @lexical/rich-text's
 * QuoteNode (a plain blockquote), which the note also uses.
 *
 * The node is a block-level DecoratorNode: the quoted text is not edited in place (it is a
 * citation); the user deletes it, moves it, or updates it from the source when it drifted.
 */
import {
  $applyNodeReplacement, DecoratorNode, createCommand,
  type DOMConversionMap, type DOMConversionOutput, type DOMExportOutput, type EditorConfig,
  type LexicalCommand, type LexicalEditor, type LexicalNode, type NodeKey, type SerializedLexicalNode,
  type Spread,
} from 'lexical';
import { annotationUri, isAnnotationId, type QuoteBlock } from '../../../../main/common/markdown/quote-link';
import { inlineMarkupNodes } from '../../reader/inline-dom';
import { quoteActionsFor } from './quote-actions';

export type SerializedSourceQuoteNode = Spread<{ annotationId: string; text: string; label: string }, SerializedLexicalNode>;

/** Inserts a quote at the selection (or at the end of the note when it has none). */
export const INSERT_SOURCE_QUOTE_COMMAND: LexicalCommand<QuoteBlock> = createCommand('INSERT_SOURCE_QUOTE_COMMAND');

/** The data attribute that marks a quote in exported HTML, so a paste back into a note restores it. */
const HTML_MARK = 'data-sourcebook-annotation';

export class SourceQuoteNode extends DecoratorNode<null> {
  __annotationId: string;
  __text: string;
  __label: string;

  static override getType(): string {
    return 'source-quote';
  }

  static override clone(node: SourceQuoteNode): SourceQuoteNode {
    return new SourceQuoteNode(node.__annotationId, node.__text, node.__label, node.__key);
  }

  constructor(annotationId = '', text = '', label = '', key?: NodeKey) {
    super(key);
    this.__annotationId = annotationId;
    this.__text = text;
    this.__label = label;
  }

  static override importJSON(json: SerializedSourceQuoteNode): SourceQuoteNode {
    // Lexical's own clipboard format is pasted JSON too: an id that is not one is dropped (quoteToMarkdown then writes no link).
    return $createSourceQuoteNode({ annotationId: isAnnotationId(json.annotationId) ? json.annotationId : '', text: String(json.text ?? ''), label: String(json.label ?? '') });
  }

  override exportJSON(): SerializedSourceQuoteNode {
    return { type: 'source-quote', version: 1, annotationId: this.__annotationId, text: this.__text, label: this.__label };
  }

  static override importDOM(): DOMConversionMap | null {
    return {
      // Only a mark that is an annotation id (pasted HTML is anyone's): anything else stays a plain blockquote.
      blockquote: (el: HTMLElement) => (isAnnotationId(el.getAttribute(HTML_MARK)) ? { conversion: $convertQuoteElement, priority: 2 } : null),
    };
  }

  /** A plain `<blockquote>` with an attribution link: readable wherever it is pasted. */
  override exportDOM(editor: LexicalEditor): DOMExportOutput {
    const doc = editor.getRootElement()?.ownerDocument ?? document;
    const quote = doc.createElement('blockquote');
    quote.setAttribute(HTML_MARK, this.__annotationId);
    for (const para of this.__text.split(/\n{2,}/)) {
      const p = doc.createElement('p');
      p.textContent = para;
      quote.append(p);
    }
    const footer = doc.createElement('footer');
    const link = doc.createElement('a');
    link.href = annotationUri(this.__annotationId);
    link.textContent = this.__label;
    footer.append('— ', link);
    quote.append(footer);
    return { element: quote };
  }

  override createDOM(_config: EditorConfig, editor: LexicalEditor): HTMLElement {
    const doc = editor.getRootElement()?.ownerDocument ?? document;
    const figure = doc.createElement('figure');
    figure.className = 'sb-quote';
    figure.contentEditable = 'false';
    figure.dataset.annotationId = this.__annotationId;
    // Named by its label, so a screen reader's list of figures says which quote each one is.
    figure.setAttribute('aria-label', `Quote from ${this.__label}`);

    const text = doc.createElement('blockquote');
    text.className = 'sb-quote-text';
    // Shown as the reader shows it (and as the note's Markdown file reads elsewhere): **bold** is
    // bold, its markers muted. The node's text stays exactly as quoted.
    text.append(...inlineMarkupNodes(doc, this.__text));

    const caption = doc.createElement('figcaption');
    caption.className = 'sb-quote-caption';
    const label = doc.createElement('span');
    label.className = 'sb-quote-label';
    label.textContent = this.__label;
    const open = doc.createElement('button');
    open.type = 'button';
    open.className = 'sb-quote-open';
    open.textContent = 'Open source';
    open.title = `Open the passage in the reader (${this.__label})`;
    const id = this.__annotationId;
    open.addEventListener('click', (event) => {
      event.preventDefault();
      quoteActionsFor(editor)?.openAnnotation(id);
    });
    // Keys on the button are the button's: Lexical must not turn Enter into a new paragraph.
    open.addEventListener('keydown', (event) => event.stopPropagation());
    caption.append(label, open);

    const drift = doc.createElement('div');
    drift.className = 'sb-quote-drift';
    drift.hidden = true;

    figure.append(text, caption, drift);
    return figure;
  }

  override updateDOM(prev: SourceQuoteNode): boolean {
    // Recreate the DOM when what it shows changed; the drift view is re-rendered by the plugin.
    return prev.__annotationId !== this.__annotationId || prev.__text !== this.__text || prev.__label !== this.__label;
  }

  override decorate(): null {
    return null;
  }

  override isInline(): false {
    return false;
  }

  /** The quoted text, so copy as plain text and word counts see the passage. */
  override getTextContent(): string {
    return this.getLatest().__text;
  }

  getAnnotationId(): string {
    return this.getLatest().__annotationId;
  }

  getText(): string {
    return this.getLatest().__text;
  }

  getLabel(): string {
    return this.getLatest().__label;
  }

  getQuote(): QuoteBlock {
    const self = this.getLatest();
    return { annotationId: self.__annotationId, text: self.__text, label: self.__label };
  }

  /** Replaces the label (it followed its source's title or the quote's new place). */
  setLabel(label: string): this {
    const self = this.getWritable();
    self.__label = label;
    return self;
  }

  /** Replaces the quoted text (used by "Update quote" when the source changed). */
  setText(text: string): this {
    const self = this.getWritable();
    self.__text = text;
    return self;
  }
}

function $convertQuoteElement(el: HTMLElement): DOMConversionOutput {
  const link = el.querySelector('footer a');
  const mark = el.getAttribute(HTML_MARK);
  const id = isAnnotationId(mark) ? mark : '';
  const paragraphs = [...el.querySelectorAll('p')].map((p) => p.textContent ?? '');
  const text = paragraphs.length ? paragraphs.join('\n\n') : (el.firstChild?.textContent ?? '');
  const label = link?.textContent ?? '';
  return { node: id ? $createSourceQuoteNode({ annotationId: id, text, label }) : null, after: () => [] };
}

export function $createSourceQuoteNode(q: QuoteBlock): SourceQuoteNode {
  return $applyNodeReplacement(new SourceQuoteNode(q.annotationId, q.text, q.label));
}

export function $isSourceQuoteNode(node: LexicalNode | null | undefined): node is SourceQuoteNode {
  return node instanceof SourceQuoteNode;
}
