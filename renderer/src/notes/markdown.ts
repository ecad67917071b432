/**
 * A note's Markdown, in and out of the editor: Lexical's transformers plus quotes and
 * wikilinks. Quotes come first so a quote's blockquote is never read as a plain quote.
 */
import {
  $convertFromMarkdownString, $convertToMarkdownString, TRANSFORMERS, type Transformer,
} from '@lexical/markdown';
import { SOURCE_QUOTE } from './quote/quote-markdown';
import { WIKILINK } from './wikilink/wikilink-node';

export const NOTE_TRANSFORMERS: Transformer[] = [SOURCE_QUOTE, WIKILINK, ...TRANSFORMERS];

/** Replaces the editor's content with the note. Call inside `editor.update`. */
export function $importNoteMarkdown(markdown: string): void {
  $convertFromMarkdownString(markdown.replace(/\r\n?/g, '\n'), NOTE_TRANSFORMERS);
}

/** The note as Markdown, ending in one newline. Call inside `editor.read`/`update`. */
export function $exportNoteMarkdown(): string {
  const md = $convertToMarkdownString(NOTE_TRANSFORMERS);
  return md.length ? md.replace(/\n*$/, '\n') : '';
}
