import { describe, expect, it } from 'vitest';
import { $getRoot, $parseSerializedNode, type SerializedLexicalNode } from 'lexical';
import { $generateHtmlFromNodes, $generateNodesFromDOM } from '@lexical/html';
import { findQuotes, quoteToMarkdown, type QuoteBlock } from '../../main/common/markdown/quote-link';
import {
  $createSourceQuoteNode, $isSourceQuoteNode, SourceQuoteNode,
} from '../../renderer/src/notes/quote/source-quote-node';
import { ARTICLE, NEWS, headlessNoteEditor, markdownRoundTrip, seedParagraph, seedSentence } from './notes-fixtures';
import { getByRole } from '../support/roles';

const alexa: QuoteBlock = {
  annotationId: '8f14e45f-ceea-467f-a0e6-3b1c5c2f6a10',
  text: seedSentence(ARTICLE, 'For nearly a decade'),
  label: 'The Alexa Delusion · ¶1 · Amazon AI: The $8 Billion Confession of Failure',
};
const nvidia: QuoteBlock = {
  annotationId: 'c9f0f895-fb98-4b9a-8f6e-1d2b3c4d5e6f',
  // Two paragraphs with curly quotes and an em dash: a blank line inside the quote must survive.
  text: `${seedParagraph(NEWS, 'Amazon announced the fresh investment')}\n\n${seedSentence(NEWS, 'Nvidia, now the most valuable')}`,
  label: 'Amazon is investing billions [news] · ¶3',
};

function quotesIn(editor: ReturnType<typeof headlessNoteEditor>): QuoteBlock[] {
  return editor.getEditorState().read(() =>
    $getRoot().getChildren().filter($isSourceQuoteNode).map((n) => n.getQuote()));
}

describe('the source quote node', () => {
  it('survives a JSON round trip with its annotation id, text and label', () => {
    const editor = headlessNoteEditor();
    editor.update(() => { $getRoot().clear().append($createSourceQuoteNode(alexa), $createSourceQuoteNode(nvidia)); }, { discrete: true });
    const json = JSON.stringify(editor.getEditorState().toJSON());
    expect(json).toContain('"type":"source-quote"');

    const restored = headlessNoteEditor();
    restored.setEditorState(restored.parseEditorState(json));
    expect(quotesIn(restored)).toEqual([alexa, nvidia]);
  });

  it('parses a single serialised node back into an equal quote', () => {
    const editor = headlessNoteEditor();
    editor.update(() => {
      const json = $createSourceQuoteNode(nvidia).exportJSON() as SerializedLexicalNode;
      const node = $parseSerializedNode(json);
      expect($isSourceQuoteNode(node)).toBe(true);
      expect((node as SourceQuoteNode).getQuote()).toEqual(nvidia);
    }, { discrete: true });
  });

  it('exports HTML that reads as a blockquote with a link back, and imports it as the same quote', () => {
    const editor = headlessNoteEditor();
    editor.update(() => { $getRoot().clear().append($createSourceQuoteNode(nvidia)); }, { discrete: true });
    const html = editor.getEditorState().read(() => $generateHtmlFromNodes(editor));
    const dom = new DOMParser().parseFromString(html, 'text/html');
    const quote = dom.querySelector('blockquote')!;
    expect(quote.querySelectorAll('p')).toHaveLength(2);
    expect(quote.querySelector('footer a')!.getAttribute('href')).toBe(`sourcebook://annotation/${nvidia.annotationId}`);
    expect(quote.querySelector('footer a')!.textContent).toBe(nvidia.label);

    const other = headlessNoteEditor();
    other.update(() => { $getRoot().clear().append(...$generateNodesFromDOM(other, dom)); }, { discrete: true });
    expect(quotesIn(other)).toEqual([nvidia]);
  });

  it('writes exactly the shared quote Markdown and reads it back', () => {
    const editor = headlessNoteEditor();
    const markdown = `${quoteToMarkdown(alexa)}\n`;
    expect(markdownRoundTrip(editor, markdown)).toBe(markdown);
    expect(quotesIn(editor)).toEqual([alexa]);
  });

  it('shows the quoted text, its label and a button named "Open source" in the editor', () => {
    const editor = headlessNoteEditor();
    const root = document.createElement('div');
    root.contentEditable = 'true';
    editor.setRootElement(root);
    editor.update(() => { $getRoot().clear().append($createSourceQuoteNode(alexa)); }, { discrete: true });
    const figure = getByRole(root, 'figure', `Quote from ${alexa.label}`);
    expect(figure.querySelector('blockquote')!.textContent).toBe(alexa.text);
    expect(figure.textContent).toContain(alexa.label);
    expect([...figure.querySelectorAll('button')].map((b) => b.textContent)).toContain('Open source');
    editor.setRootElement(null);
  });
});

describe('a whole note in Markdown', () => {
  const note = [
    '# Amazon and Anthropic',
    '',
    'Reading notes for [[Amazon AI strategy]] and [[Alexa#Timeline|the Alexa timeline]].',
    '',
    '## Claims',
    '',
    '- Alexa lost money for a decade',
    '- Claude may power Alexa+, see [[Anthropic_deal notes]]',
    '',
    '1. first source',
    '2. second source',
    '',
    quoteToMarkdown(alexa),
    '',
    'Between the quotes, **bold** and *italic* words.',
    '',
    quoteToMarkdown(nvidia),
    '',
    '> A plain blockquote stays a plain blockquote.',
    '',
  ].join('\n');

  it('comes back unchanged: headings, lists, wikilinks and two quotes', () => {
    const editor = headlessNoteEditor();
    expect(markdownRoundTrip(editor, note)).toBe(note);
    expect(quotesIn(editor)).toEqual([alexa, nvidia]);
    expect(findQuotes(note)).toEqual([alexa, nvidia]);
  });

  it('is stable over a second round trip', () => {
    const editor = headlessNoteEditor();
    const once = markdownRoundTrip(editor, note);
    expect(markdownRoundTrip(headlessNoteEditor(), once)).toBe(once);
  });
});
