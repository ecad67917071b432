/**
 * One reading of a note: the search index reads a note's Markdown (main/common/markdown/note-blocks.ts,
 * used by the backend's note documents) block for block as the notes editor's Lexical transformers
 * read it. The editor here is the real one, with the app's nodes and transformers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { $getRoot, $isElementNode, createEditor, type LexicalNode } from 'lexical';
import { $isListNode } from '@lexical/list';
import { readNoteBlocks } from '../../main/common/markdown/note-blocks';
import { quoteToMarkdown } from '../../main/common/markdown/quote-link';
import { noteDocuments } from '../../main/node/backend/note-documents';
import { $importNoteMarkdown } from '../../renderer/src/notes/markdown';
import { NOTE_NODES } from '../../renderer/src/notes/nodes';

/** The editor's blocks: its top-level nodes, with each list item (nested ones too) a block of its own. */
function editorBlocks(markdown: string): Array<{ kind: string; text: string }> {
  const editor = createEditor({ nodes: NOTE_NODES, onError: (e) => { throw e; } });
  editor.update(() => $importNoteMarkdown(markdown), { discrete: true });
  const kinds: Record<string, string> = { heading: 'heading', paragraph: 'paragraph', quote: 'quote', 'source-quote': 'source-quote', code: 'code' };
  const out: Array<{ kind: string; text: string }> = [];
  const items = (list: LexicalNode) => {
    for (const item of $isElementNode(list) ? list.getChildren() : []) {
      const children = $isElementNode(item) ? item.getChildren() : [];
      const nested = children.filter($isListNode);
      if (nested.length === children.length) nested.forEach(items);
      else out.push({ kind: 'list-item', text: item.getTextContent() });
    }
  };
  editor.getEditorState().read(() => {
    for (const node of $getRoot().getChildren()) {
      if ($isListNode(node)) items(node);
      else out.push({ kind: kinds[node.getType()] ?? node.getType(), text: node.getTextContent() });
    }
  });
  return out;
}

const quote = quoteToMarkdown({ annotationId: 'a1b2c3', text: 'For nearly a decade, Amazon told a beautiful lie.', label: 'The Alexa Delusion · ¶1' });
const notes: Record<string, string> = {
  'headings and paragraphs': '# Alexa\n\nWhy it failed,\nin two lines.\n\n## Next\nWhat to read.\n',
  'inline marks, links and wikilinks': 'A **bold** claim, an _aside_, `code`, ~~gone~~, [a link](https://example.org) and [[Projects/Bedrock|Bedrock]].\n',
  'lists, nested and numbered': '- one\n- two **strong**\n  - nested\n1. first\n2. second\n',
  'a Sourcebook quote beside a plain one': `${quote}\n\n> Just a thought,\n> quoted.\n`,
  'a code fence': '```ts\nconst x = 1;\n\nreturn x;\n```\n\nAfter.\n',
  'tags and escapes': 'Text #tag and \\*not emphasis\\*.\n',
  'the sample article as a note': readFileSync(path.join(import.meta.dirname, '../../seeds/003_c38cac0ff9cc0db6.txt'), 'utf8'),
};

describe("a note's reading", () => {
  for (const [name, markdown] of Object.entries(notes)) {
    it(`is the same for search and the editor: ${name}`, () => {
      expect(readNoteBlocks(markdown).map(({ kind, text }) => ({ kind, text }))).toEqual(editorBlocks(markdown));
    });
  }

  it('is what the search index holds for the note, block for block', () => {
    const markdown = notes['headings and paragraphs']! + '\n' + notes['lists, nested and numbered']!;
    const docs = noteDocuments({ path: 'Alexa.md', title: 'Alexa', markdown, version: 'v', modified: 0, bytes: markdown.length });
    expect(docs.map((d) => d.text)).toEqual(editorBlocks(markdown).map((b) => b.text));
    expect(docs.find((d) => d.text === 'What to read.')?.heading).toBe('Next');
  });
});
