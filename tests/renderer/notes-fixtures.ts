/** A headless note editor in jsdom with every node and transformer a note uses. */
import { createEditor, type LexicalEditor } from 'lexical';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOTE_NODES } from '../../renderer/src/notes/nodes';
import { $exportNoteMarkdown, $importNoteMarkdown } from '../../renderer/src/notes/markdown';

export function headlessNoteEditor(): LexicalEditor {
  return createEditor({
    namespace: 'test-note',
    nodes: NOTE_NODES,
    onError: (error) => {
      throw error;
    },
  });
}

export function markdownRoundTrip(editor: LexicalEditor, markdown: string): string {
  editor.update(() => $importNoteMarkdown(markdown), { discrete: true });
  return editor.getEditorState().read(() => $exportNoteMarkdown());
}

// jsdom rewrites import.meta.url's scheme, so resolve from the file path instead.
const seedsDir = join(import.meta.dirname, '../../seeds/');

/** The seed's paragraph that starts with `opening`, whole. */
export function seedParagraph(file: string, opening: string): string {
  const text = readFileSync(seedsDir + file, 'utf8').replace(/\r\n?/g, '\n');
  const para = text.split(/\n\s*\n/).find((p) => p.trim().startsWith(opening));
  if (!para) throw new Error(`no paragraph starting with “${opening}” in seeds/${file}`);
  return para.trim();
}

/** The first sentence of the seed's paragraph that starts with `opening`. */
export function seedSentence(file: string, opening: string): string {
  const para = seedParagraph(file, opening);
  const m = /^.*?[.!?](?=\s|$)/s.exec(para);
  return m ? m[0] : para;
}

export const ARTICLE = '003_c38cac0ff9cc0db6.txt';
export const NEWS = '000_fc16814f2607de2a.txt';
