import { describe, expect, it } from 'vitest';
import { $getRoot, $parseSerializedNode, type SerializedLexicalNode } from 'lexical';
import { $generateNodesFromDOM } from '@lexical/html';
import { $exportNoteMarkdown } from '../../renderer/src/notes/markdown';
import { $isSourceQuoteNode, type SerializedSourceQuoteNode } from '../../renderer/src/notes/quote/source-quote-node';
import { findQuotes, quoteToMarkdown } from '../../main/common/markdown/quote-link';
import { headlessNoteEditor, markdownRoundTrip } from './notes-fixtures';

const SMUGGLED = 'x)\n\n# Heading the user never saw\n\n[click](https://evil.example/';

function pasteHtml(html: string) {
  const editor = headlessNoteEditor();
  const dom = new DOMParser().parseFromString(html, 'text/html');
  editor.update(() => { $getRoot().clear().append(...$generateNodesFromDOM(editor, dom)); }, { discrete: true });
  return editor;
}

describe('pasting and writing quotes', () => {
  it('takes a pasted blockquote as a quote only when its annotation mark is an annotation id', () => {
    const ok = pasteHtml('<blockquote data-sourcebook-annotation="a1b2"><p>Quoted.</p><footer>— <a href="sourcebook://annotation/a1b2">Label</a></footer></blockquote>');
    expect(ok.getEditorState().read(() => $getRoot().getChildren().some($isSourceQuoteNode))).toBe(true);

    const attack = `<blockquote data-sourcebook-annotation="${SMUGGLED.replace(/"/g, '&quot;').replace(/\n/g, '&#10;')}"><p>Looks like a quote.</p><footer>— <a href="sourcebook://annotation/a1b2">Label</a></footer></blockquote>`;
    const editor = pasteHtml(attack);
    const markdown = editor.getEditorState().read(() => $exportNoteMarkdown());
    expect(editor.getEditorState().read(() => $getRoot().getChildren().some($isSourceQuoteNode))).toBe(false);
    expect(markdown).not.toMatch(/^#/m);
    expect(markdown).not.toContain('evil.example');
  });

  it('writes no link for a quote node whose id came from pasted editor JSON', () => {
    const editor = headlessNoteEditor();
    editor.update(() => {
      const json: SerializedSourceQuoteNode = { type: 'source-quote', version: 1, annotationId: SMUGGLED, text: 'Looks like a quote.', label: 'Label' };
      $getRoot().clear().append($parseSerializedNode(json as SerializedLexicalNode));
    }, { discrete: true });
    const markdown = editor.getEditorState().read(() => $exportNoteMarkdown());
    expect(markdown).not.toMatch(/^#/m);
    expect(markdown).not.toContain('evil.example');
    expect(markdown).toContain('> Looks like a quote.');
  });

  it('keeps escaped text of a source as text in the quote Markdown, and reads it back unchanged', () => {
    const quote = { annotationId: 'q1', text: 'Type <script>alert(1)</script> & see: &lt;b&gt; stays literal.', label: 'On <img src=x onerror=alert(1)> & tags' };
    const markdown = quoteToMarkdown(quote);
    expect(markdown).not.toMatch(/<script|<img/);
    expect(findQuotes(markdown)).toEqual([quote]);
    const editor = headlessNoteEditor();
    expect(markdownRoundTrip(editor, `${markdown}\n`)).toBe(`${markdown}\n`);
  });

  it('leaves an ampersand or a less-than sign that starts no tag or entity as the user reads it', () => {
    const quote = { annotationId: 'q1', text: 'AT&T found that 3 < 4 and R&D grew.', label: 'Q&A' };
    const markdown = quoteToMarkdown(quote);
    expect(markdown).toContain('> AT&T found that 3 < 4 and R&D grew.');
    expect(markdown).toContain('[Q&A]');
    expect(findQuotes(markdown)).toEqual([quote]);
  });
});
