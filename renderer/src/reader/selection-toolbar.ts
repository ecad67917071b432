/**
 * The toolbar shown over a selection in the reader: one button per highlight colour (named by
 * what the colour means), an optional comment, "Quote to note", and the colour editor.
 * Buttons do not take the selection away: mousedown is cancelled on them.
 */
import type { ColorDef } from '../../../main/common/contract';
import { h } from '../app/dom';

export interface SelectionToolbarActions {
  highlight(color: string, comment: string): void;
  quote(comment: string): void;
  editColors(): void;
}

export function selectionToolbar(colors: readonly ColorDef[], actions: SelectionToolbarActions, quoteShortcut: string, withComment = false): HTMLElement {
  const comment = h('input', { type: 'text', class: 'sel-comment', 'aria-label': 'Comment', placeholder: 'Comment, then pick a colour', hidden: !withComment });
  const commentToggle = h('button', {
    type: 'button', class: 'sel-btn', 'aria-expanded': String(withComment), title: 'Add a comment to the highlight',
    onclick: () => {
      comment.hidden = !comment.hidden;
      commentToggle.setAttribute('aria-expanded', String(!comment.hidden));
      if (!comment.hidden) comment.focus();
    },
  }, 'Comment…');
  // The comment comes first, as its placeholder says: Tab from it reaches the colours.
  const bar = h('div', { role: 'toolbar', 'aria-label': 'Selection', class: 'sel-toolbar' },
    comment,
    ...colors.map((c) => {
      const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
      swatch.style.setProperty('--swatch', c.color);
      return h('button', { type: 'button', class: 'sel-btn sel-color', title: `Highlight as “${c.name}”`, onclick: () => actions.highlight(c.name, comment.value.trim()) }, swatch, c.name);
    }),
    commentToggle,
    h('button', { type: 'button', class: 'sel-btn sel-quote', title: `Quote to note (${quoteShortcut})`, onclick: () => actions.quote(comment.value.trim()) }, 'Quote to note'),
    h('button', { type: 'button', class: 'sel-btn', 'aria-label': 'Edit colours', title: 'Edit highlight colours', onclick: () => actions.editColors() }, '⚙'),
  );
  bar.addEventListener('mousedown', (e) => {
    if (e.target !== comment) e.preventDefault();
  });
  comment.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      actions.highlight(colors[0]?.name ?? 'highlight', comment.value.trim());
    }
  });
  return bar;
}
