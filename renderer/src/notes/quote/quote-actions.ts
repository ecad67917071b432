import type { LexicalEditor } from 'lexical';

/** What a quote's controls do; set per editor by `createSourceQuotePlugin`. */
export interface QuoteActions {
  openAnnotation(annotationId: string): void;
}

// Nodes build their DOM without access to the plugin's closure; they find the actions by editor.
const actionsByEditor = new WeakMap<LexicalEditor, QuoteActions>();

export function setQuoteActions(editor: LexicalEditor, actions: QuoteActions): () => void {
  actionsByEditor.set(editor, actions);
  return () => {
    if (actionsByEditor.get(editor) === actions) actionsByEditor.delete(editor);
  };
}

export function quoteActionsFor(editor: LexicalEditor): QuoteActions | undefined {
  return actionsByEditor.get(editor);
}
