/**
 * The quote plugin: the insert command, the "Open source" action, and the drift view (a quote
 * whose passage changed in the source since it was quoted shows what changed, and offers to
 * update the quote or keep it as cited).
 */
import {
  $addUpdateTag, $createParagraphNode, $getNodeByKey, $getRoot, $getSelection, $isParagraphNode, $isRangeSelection,
  COMMAND_PRIORITY_EDITOR, SKIP_DOM_SELECTION_TAG, mergeRegister, type LexicalEditor, type NodeKey,
} from 'lexical';
import { $insertNodeToNearestRoot } from '@lexical/utils';
import type { AnchoredAnnotation, NotebookApi } from '../../../../main/common/contract';
import type { QuoteBlock } from '../../../../main/common/markdown/quote-link';
import { $createSourceQuoteNode, $isSourceQuoteNode, INSERT_SOURCE_QUOTE_COMMAND, SourceQuoteNode } from './source-quote-node';
import { setQuoteActions } from './quote-actions';
// The module itself, not the anchoring index: the renderer needs the diff, not the matcher.
import { wordDiff, type DiffOp } from '../../../../main/common/anchoring/word-diff';
import { errorText } from '../../app/dom';
import { shownQuote } from '../../reader/quote-text';
import { citedState, quoteStateLabel, type QuoteState } from '../../../../main/common/notebook/quote-state';

export interface SourceQuoteDeps {
  /** "Open source": show the annotation's passage in the reader. */
  openAnnotation(annotationId: string): void;
  /** Where drift is checked and fixed; without it quotes show no drift view. */
  api?: Pick<NotebookApi, 'getAnnotation' | 'updateAnnotation'>;
  /** Tells the user that a drift decision could not be stored. */
  notify?(message: string): void;
  /** Opens the review list (from a quote that needs review or was orphaned). */
  openReview?(): void;
}

export interface SourceQuotePlugin {
  /** Forgets what is known about these annotations (an `annotations-changed` named them) and checks their quotes again. */
  refresh(annotationIds: readonly string[]): void;
  dispose(): void;
}

/** Inserts a quote at the selection, or at the end of the note; the caret lands after it. */
export function $insertSourceQuote(q: QuoteBlock): SourceQuoteNode {
  const node = $createSourceQuoteNode(q);
  const selection = $getSelection();
  const block = $isRangeSelection(selection) ? selection.anchor.getNode().getTopLevelElement() : null;
  if (block && $isParagraphNode(block) && block.getTextContentSize() === 0) block.replace(node);
  else if (selection) $insertNodeToNearestRoot(node);
  else $getRoot().append(node);
  let after = node.getNextSibling();
  if (!$isParagraphNode(after)) {
    after = $createParagraphNode();
    node.insertAfter(after);
  }
  after.selectStart();
  return node;
}

/** Registers the quote command and views on `editor`. */
export function createSourceQuotePlugin(editor: LexicalEditor, deps: SourceQuoteDeps): SourceQuotePlugin {
  const drift = deps.api ? new DriftView(editor, deps.api, (m) => deps.notify?.(m), deps.openReview) : null;
  const cleanup = mergeRegister(
    setQuoteActions(editor, { openAnnotation: (id) => deps.openAnnotation(id) }),
    editor.registerCommand(INSERT_SOURCE_QUOTE_COMMAND, (q) => {
      // Quoting from the reader must not pull the page's selection (or focus) into the note.
      const root = editor.getRootElement();
      if (!root || !root.contains(root.ownerDocument.activeElement)) $addUpdateTag(SKIP_DOM_SELECTION_TAG);
      $insertSourceQuote(q);
      return true;
    }, COMMAND_PRIORITY_EDITOR),
    drift
      ? editor.registerMutationListener(SourceQuoteNode, (mutations) => {
        for (const [key, mutation] of mutations) if (mutation !== 'destroyed') drift.check(key);
      })
      : () => {},
  );
  return {
    refresh: (annotationIds) => drift?.refresh(annotationIds),
    dispose: cleanup,
  };
}

const CONCURRENT_LOOKUPS = 4;

/** Asks the backend about each quoted annotation once and shows drift where there is some. */
class DriftView {
  private readonly known = new Map<string, Promise<AnchoredAnnotation | null>>();
  /** Kept as cited in this session: hidden at once, and also when the note's words differ from a relinked quote. */
  private readonly kept = new Set<string>();
  private readonly queue: Array<() => Promise<void>> = [];
  private running = 0;

  constructor(
    private readonly editor: LexicalEditor,
    private readonly api: NonNullable<SourceQuoteDeps['api']>,
    private readonly notify: (message: string) => void,
    private readonly openReview?: () => void,
  ) {}

  /** Looks the named annotations up again (their place or text changed); other quotes keep what they showed. */
  refresh(annotationIds: readonly string[]): void {
    for (const id of annotationIds) this.known.delete(id);
    const named = new Set(annotationIds);
    const quotes = this.editor.getEditorState().read(() =>
      $getRoot().getChildren().filter($isSourceQuoteNode).map((n) => [n.getKey(), n.getAnnotationId()] as const));
    for (const [key, id] of quotes) if (named.has(id)) this.check(key);
  }

  check(key: NodeKey): void {
    const id = this.editor.getEditorState().read(() => $getNodeByKey<SourceQuoteNode>(key)?.getAnnotationId());
    if (!id) return;
    void this.annotation(id).then((annotation) => this.render(key, annotation));
  }

  private annotation(id: string): Promise<AnchoredAnnotation | null> {
    let known = this.known.get(id);
    if (!known) {
      known = new Promise((resolve) => {
        this.queue.push(() => this.api.getAnnotation(id).then((a) => {
          resolve(a);
        }, () => {
          resolve(null);
        }));
        this.pump();
      });
      this.known.set(id, known);
    }
    return known;
  }

  private pump(): void {
    while (this.running < CONCURRENT_LOOKUPS && this.queue.length) {
      const job = this.queue.shift()!;
      this.running++;
      void job().finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private render(key: NodeKey, annotation: AnchoredAnnotation | null): void {
    const figure = this.editor.getElementByKey(key);
    const slot = figure?.querySelector<HTMLElement>('.sb-quote-drift');
    if (!figure || !slot) return;
    const text = this.editor.getEditorState().read(() => $getNodeByKey<SourceQuoteNode>(key)?.getText());
    // The source's words now: the drifted text, or the quote itself once the review list relinked
    // it elsewhere (then the annotation changed and the note still holds the old words).
    const raw = annotation?.currentText ?? annotation?.quote.exact;
    const current = raw === undefined ? undefined : shownQuote(raw);
    // One state for every view (quote-state.ts), as this note's words see it. A quote whose
    // annotation is gone is orphaned.
    const state: QuoteState = annotation ? citedState(annotation, text) : 'orphaned';
    const shown = this.kept.has(annotation?.id ?? '') && state === 'drifted' ? 'kept-as-cited' : state;
    figure.dataset.state = shown;
    const drifted = shown === 'drifted' && annotation && current !== undefined && text !== undefined;
    slot.replaceChildren();
    figure.classList.toggle('sb-quote-drifted', Boolean(drifted));
    const doc = figure.ownerDocument;
    if (shown === 'needs-review' || shown === 'orphaned' || shown === 'kept-as-cited') {
      slot.hidden = false;
      const badge = doc.createElement('span');
      badge.className = `sb-quote-state sb-quote-state-${shown}`;
      badge.textContent = quoteStateLabel(shown);
      slot.append(badge);
      if (shown !== 'kept-as-cited' && this.openReview) {
        const actions = doc.createElement('div');
        actions.className = 'sb-quote-drift-actions';
        actions.append(button(doc, 'Open review list', () => this.openReview!()));
        slot.append(actions);
      }
      return;
    }
    slot.hidden = !drifted;
    if (!drifted || !annotation) return;

    const badge = doc.createElement('span');
    badge.className = 'sb-quote-badge';
    badge.textContent = quoteStateLabel('drifted');
    const diff = doc.createElement('p');
    diff.className = 'sb-quote-diff';
    diff.setAttribute('aria-label', 'Changes in the source');
    for (const part of diffFor(annotation, text, current)) {
      const el = doc.createElement(part.op === 'delete' ? 'del' : part.op === 'insert' ? 'ins' : 'span');
      el.textContent = part.text;
      diff.append(el);
    }
    const update = button(doc, 'Update quote', () => void this.update(key, annotation, current));
    const keep = button(doc, 'Keep as cited', () => void this.keep(key, annotation));
    const actions = doc.createElement('div');
    actions.className = 'sb-quote-drift-actions';
    actions.append(update, keep);
    slot.append(badge, diff, actions);
  }

  /**
   * "Keep as cited": the flag goes at once; the backend remembers the decision against the
   * source as it reads now, so it lasts until the source changes again.
   */
  private async keep(key: NodeKey, annotation: AnchoredAnnotation): Promise<void> {
    this.kept.add(annotation.id);
    this.render(key, annotation);
    try {
      const updated = await this.api.updateAnnotation(annotation.id, { keepAsCited: true });
      this.known.set(annotation.id, Promise.resolve(updated));
    } catch (error) {
      // Not remembered: show the flag again rather than pretend the decision was kept.
      this.notify(`Could not keep the quote as cited: ${errorText(error)}`);
      this.kept.delete(annotation.id);
      this.known.delete(annotation.id);
      this.check(key);
    }
  }

  private async update(key: NodeKey, annotation: AnchoredAnnotation, current: string): Promise<void> {
    const anchor = annotation.anchor;
    if (!anchor) return;
    this.editor.update(() => {
      const node = $getNodeByKey<SourceQuoteNode>(key);
      if ($isSourceQuoteNode(node)) node.setText(shownQuote(current));
    });
    try {
      const updated = await this.api.updateAnnotation(annotation.id, {
        relocate: { sourceId: annotation.sourceId, start: anchor.start, end: anchor.end },
      });
      this.known.set(annotation.id, Promise.resolve(updated));
    } catch (error) {
      // The note already shows the new text, but the annotation keeps its old selectors: say so,
      // since the note's words now match the source and no drift flag would tell.
      this.notify(`The quote shows the new text, but its link to the source could not be updated: ${errorText(error)}`);
      this.known.delete(annotation.id);
    }
  }
}

/** The backend's diff when it starts from the text the note holds; otherwise one made here. */
function diffFor(annotation: AnchoredAnnotation, quoted: string, current: string): DiffOp[] {
  return annotation.diff && annotation.quote.exact === quoted ? annotation.diff : wordDiff(shownQuote(quoted), current);
}

function button(doc: Document, name: string, onClick: () => void): HTMLButtonElement {
  const el = doc.createElement('button');
  el.type = 'button';
  el.textContent = name;
  el.addEventListener('click', (event) => {
    event.preventDefault();
    onClick();
  });
  el.addEventListener('keydown', (event) => event.stopPropagation());
  return el;
}

