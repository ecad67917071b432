/**
 * The note editor: vanilla Lexical with rich text, history, lists, Markdown shortcuts, source
 * quotes and wikilinks, reading and writing the note's Markdown.
 */
import {
  $getRoot, $createParagraphNode, $isDecoratorNode, CLEAR_HISTORY_COMMAND, RootNode, COMMAND_PRIORITY_EDITOR, INDENT_CONTENT_COMMAND,
  KEY_TAB_COMMAND, OUTDENT_CONTENT_COMMAND, $getSelection, $isRangeSelection, createEditor, mergeRegister,
  type LexicalEditor,
} from 'lexical';
import { registerRichText } from '@lexical/rich-text';
import { createEmptyHistoryState, registerHistory } from '@lexical/history';
import { $isListItemNode, registerList } from '@lexical/list';
import { registerMarkdownShortcuts } from '@lexical/markdown';
import { $findMatchingParent } from '@lexical/utils';
import { $isRootTextContentEmpty } from '@lexical/text';
import type { NotebookApi } from '../../../main/common/contract';
import type { QuoteBlock } from '../../../main/common/markdown/quote-link';
import { NOTE_NODES } from './nodes';
import { $exportNoteMarkdown, $importNoteMarkdown, NOTE_TRANSFORMERS } from './markdown';
import { createSourceQuotePlugin } from './quote/register-source-quote';
import { $isSourceQuoteNode, INSERT_SOURCE_QUOTE_COMMAND } from './quote/source-quote-node';
import { registerWikiLinks } from './wikilink/register-wikilinks';

/** Marks updates that load a note, so they are not taken for the user's edits. */
export const LOAD_TAG = 'sb-load';

export interface NoteEditorDeps {
  openAnnotation(annotationId: string): void;
  openReview?(): void;
  api?: Pick<NotebookApi, 'getAnnotation' | 'updateAnnotation'>;
  /** Note titles for `[[` autocomplete. */
  titles(): readonly string[];
  /** Ranked `[[` suggestions for what was typed (notes and sources); else `titles` filtered here. */
  suggest?(query: string): readonly string[];
  openWikiLink(target: string): void;
  /** The user changed the note (not called for loads). */
  onEdit(): void;
  /** The editor lost focus. */
  onBlur(): void;
  /** A short message for the user (a quote's drift decision could not be stored). */
  notify?(message: string): void;
  /** Read-only view (the disk side of a conflict): no plugins that write or fetch. */
  readOnly?: boolean;
}

export interface NoteEditor {
  readonly editor: LexicalEditor;
  readonly root: HTMLElement;
  /** Replaces the content with `markdown`; clears undo history. */
  load(markdown: string): void;
  markdown(): string;
  insertQuote(q: QuoteBlock): void;
  /** Scrolls to the quote of `annotationId` and flashes it; false when the note has none. */
  revealQuote(annotationId: string): boolean;
  /** Annotation ids of the note's quotes, in document order. */
  quoteIds(): string[];
  /** Sets the labels of these annotations' quotes (annotation id → label), not as a user's edit. */
  setQuoteLabels(labels: ReadonlyMap<string, string>): void;
  /** Re-checks the quotes of these annotations for drift (an annotations-changed event named them). */
  refreshQuotes(annotationIds: readonly string[]): void;
  focus(): void;
  dispose(): void;
}

export function createNoteEditor(host: HTMLElement, deps: NoteEditorDeps): NoteEditor {
  const doc = host.ownerDocument;
  const root = doc.createElement('div');
  root.className = 'sb-note-editor';
  root.contentEditable = deps.readOnly ? 'false' : 'true';
  root.setAttribute('role', 'textbox');
  root.setAttribute('aria-multiline', 'true');
  if (!deps.readOnly) root.setAttribute('aria-autocomplete', 'list'); // `[[` offers note titles
  root.setAttribute('aria-label', deps.readOnly ? 'Version on disk' : 'Note');
  root.spellcheck = true;
  host.append(root);

  const editor = createEditor({
    namespace: 'sourcebook-note',
    nodes: NOTE_NODES,
    editable: !deps.readOnly,
    theme: {
      paragraph: 'sb-p',
      quote: 'sb-blockquote',
      heading: { h1: 'sb-h1', h2: 'sb-h2', h3: 'sb-h3', h4: 'sb-h4', h5: 'sb-h5', h6: 'sb-h6' },
      list: { ul: 'sb-ul', ol: 'sb-ol', listitem: 'sb-li', nested: { listitem: 'sb-li-nested' } },
      link: 'sb-link',
      code: 'sb-code',
      text: { bold: 'sb-bold', italic: 'sb-italic', underline: 'sb-underline', code: 'sb-inline-code', strikethrough: 'sb-strike' },
    },
    onError: (error) => console.error('note editor:', error),
  });
  editor.setRootElement(root);

  const quotes = createSourceQuotePlugin(editor, {
    openAnnotation: deps.openAnnotation, api: deps.readOnly ? undefined : deps.api, ...(deps.notify ? { notify: deps.notify } : {}),
    ...(deps.openReview ? { openReview: deps.openReview } : {}),
  });
  const cleanups: Array<() => void> = [
    quotes.dispose, registerRichText(editor), registerList(editor),
    // An empty note shows a hint (CSS ::before), never text that could end up in the file.
    // A note never ends in a quote: the caret needs a paragraph after it to keep writing
    // (Ctrl+End, a click below the quote). The empty paragraph adds nothing to the Markdown.
    editor.registerNodeTransform(RootNode, (rootNode) => {
      const last = rootNode.getLastChild();
      if ($isDecoratorNode(last)) last.insertAfter($createParagraphNode());
    }),
    editor.registerUpdateListener(({ editorState }) => {
      root.classList.toggle('sb-empty', editorState.read(() => $isRootTextContentEmpty(editor.isComposing(), true)));
    }),
  ];
  if (!deps.readOnly) {
    cleanups.push(
      registerHistory(editor, createEmptyHistoryState(), 300),
      registerMarkdownShortcuts(editor, NOTE_TRANSFORMERS),
      registerWikiLinks(editor, { titles: deps.titles, ...(deps.suggest ? { suggest: deps.suggest } : {}), openTarget: deps.openWikiLink, popupHost: host }),
      registerListTabIndent(editor),
      editor.registerUpdateListener(({ dirtyElements, dirtyLeaves, tags }) => {
        if (tags.has(LOAD_TAG) || (dirtyElements.size === 0 && dirtyLeaves.size === 0)) return;
        deps.onEdit();
      }),
    );
    root.addEventListener('focusout', (event) => {
      // Focus moving to a quote's own button is still inside the note.
      if (!root.contains(event.relatedTarget as Node | null)) deps.onBlur();
    });
  }

  return {
    editor,
    root,
    load(markdown) {
      editor.update(() => {
        $importNoteMarkdown(markdown);
        if ($getRoot().getChildrenSize() === 0) $getRoot().append($createParagraphNode());
      }, { discrete: true, tag: LOAD_TAG });
      editor.dispatchCommand(CLEAR_HISTORY_COMMAND, undefined);
    },
    markdown: () => editor.getEditorState().read(() => $exportNoteMarkdown()),
    insertQuote(q) {
      editor.dispatchCommand(INSERT_SOURCE_QUOTE_COMMAND, q);
    },
    revealQuote(annotationId) {
      const el = [...root.querySelectorAll<HTMLElement>('figure.sb-quote')].find((f) => f.dataset.annotationId === annotationId);
      if (!el) return false;
      el.scrollIntoView?.({ block: 'center' });
      el.classList.remove('sb-flash');
      void el.offsetWidth; // restart the animation when revealed twice in a row
      el.classList.add('sb-flash');
      return true;
    },
    quoteIds: () => editor.getEditorState().read(() =>
      $getRoot().getChildren().filter($isSourceQuoteNode).map((n) => n.getAnnotationId())),
    setQuoteLabels(labels) {
      editor.update(() => {
        for (const node of $getRoot().getChildren()) {
          if (!$isSourceQuoteNode(node)) continue;
          const label = labels.get(node.getAnnotationId());
          if (label !== undefined && label !== node.getLabel()) node.setLabel(label);
        }
      }, { discrete: true, tag: LOAD_TAG });
    },
    refreshQuotes: (annotationIds) => quotes.refresh(annotationIds),
    focus: () => editor.focus(),
    dispose() {
      mergeRegister(...cleanups)();
      editor.setRootElement(null);
      root.remove();
    },
  };
}

/** Tab / Shift+Tab indent and outdent list items; elsewhere Tab leaves the editor as usual. */
function registerListTabIndent(editor: LexicalEditor): () => void {
  return editor.registerCommand(KEY_TAB_COMMAND, (event) => {
    const selection = $getSelection();
    if (!$isRangeSelection(selection)) return false;
    const inList = $findMatchingParent(selection.anchor.getNode(), $isListItemNode);
    if (!inList) return false;
    event.preventDefault();
    return editor.dispatchCommand(event.shiftKey ? OUTDENT_CONTENT_COMMAND : INDENT_CONTENT_COMMAND, undefined);
  }, COMMAND_PRIORITY_EDITOR);
}
