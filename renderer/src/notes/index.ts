/** The notes side of the renderer. The shell mounts it with `mountNotes`. */
export { mountNotes, type NotesController, type NotesDeps } from './notes-controller';
export {
  SourceQuoteNode, $createSourceQuoteNode, $isSourceQuoteNode, INSERT_SOURCE_QUOTE_COMMAND,
} from './quote/source-quote-node';
export { createSourceQuotePlugin, type SourceQuoteDeps } from './quote/register-source-quote';
export { SOURCE_QUOTE } from './quote/quote-markdown';
export { NOTE_TRANSFORMERS } from './markdown';
