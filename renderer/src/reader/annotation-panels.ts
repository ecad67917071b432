/**
 * The small panels about existing annotations: the "quoted by" marker on a passage with the notes
 * that quote it, and the editor of a highlight (recolour, comment, delete, the notes quoting it).
 */
import type { AnchoredAnnotation, ColorDef } from '../../../main/common/contract';
import { h } from '../app/dom';

export interface QuotingNote {
  annotationId: string;
  path: string;
  title: string;
}

/** A button in a block's margin; choosing it lists the notes, choosing a note opens it at the quote. */
export function quotedByMarker(
  entries: readonly QuotingNote[],
  showList: (list: HTMLElement, from: HTMLElement) => void,
  openNote: (note: QuotingNote) => void,
): HTMLElement {
  const notes = new Map(entries.map((e) => [e.path, e]));
  const count = notes.size;
  const button = h('button', {
    type: 'button', class: 'quoted-by', contenteditable: 'false',
    'aria-label': `Quoted by ${count} note${count === 1 ? '' : 's'}`, title: [...notes.values()].map((n) => n.title).join(', '),
  }, `❝ ${count}`);
  button.addEventListener('click', (e) => {
    e.stopPropagation();
    showList(h('div', { class: 'quoted-by-list', role: 'group', 'aria-label': 'Quoted by' },
      h('p', { class: 'popover-title' }, 'Quoted by'),
      ...[...notes.values()].map((n) => h('button', { type: 'button', class: 'popover-item', onclick: () => openNote(n) }, n.title)),
    ), button);
  });
  return button;
}

export interface AnnotationEditorActions {
  update(patch: { color?: string; comment?: string }): void;
  remove(): void;
  openNote(path: string): void;
}

export function annotationEditor(a: AnchoredAnnotation, colors: readonly ColorDef[], actions: AnnotationEditorActions): HTMLElement {
  const what = a.kind === 'quote' ? 'Quote' : 'Highlight';
  const comment = h('textarea', { class: 'ann-comment', 'aria-label': 'Comment', rows: 2 });
  comment.value = a.comment ?? '';
  return h('div', { class: 'ann-editor', role: 'group', 'aria-label': what },
    h('p', { class: 'popover-title' }, `${what} · ${a.color}`),
    h('div', { class: 'ann-colors' }, ...colors.map((c) => {
      const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
      swatch.style.setProperty('--swatch', c.color);
      return h('button', {
        type: 'button', class: 'sel-btn', 'aria-pressed': String(c.name === a.color), onclick: () => actions.update({ color: c.name }),
      }, swatch, c.name);
    })),
    comment,
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'button', onclick: () => actions.update({ comment: comment.value.trim() }) }, 'Save comment'),
      h('button', { type: 'button', class: 'danger', onclick: () => actions.remove() }, a.kind === 'quote' ? 'Delete quote highlight' : 'Delete highlight'),
    ),
    ...(a.quotedBy.length
      ? [h('p', { class: 'popover-title' }, 'Quoted by'),
        ...a.quotedBy.map((q) => h('button', { type: 'button', class: 'popover-item', onclick: () => actions.openNote(q.path) }, q.title))]
      : []),
  );
}
