/**
 * The "Check quotes" report: how many quotes are in each state (main/common/notebook/quote-state.ts), then the
 * quotes themselves grouped by state, the ones that need attention first. A quote opens in the
 * reader; a note name opens the note at that quote.
 */
import type { QuoteAudit } from '../../../main/common/contract';
import { clip, h } from '../app/dom';
import { noteTitle } from '../notes/note-title';
import { plural } from './context-view';
import { modalHeader, openModal, type Modal } from './modal';

type State = QuoteAudit['items'][number]['state'];

/** Worst first: what needs a decision comes before what is fine. */
const RARE = new Set<State>(['needs-review', 'kept-as-cited']);
const ORDER: ReadonlyArray<{ state: State; title: string; meaning: string }> = [
  { state: 'orphaned', title: 'Orphaned', meaning: 'The quoted words are no longer found in the source (or the source is gone).' },
  { state: 'needs-review', title: 'Needs review', meaning: 'The source changed and the passage was found only in doubt: the review list decides.' },
  { state: 'drifted', title: 'Drifted', meaning: 'The passage is still there, but its words differ from the words the note quotes.' },
  { state: 'kept-as-cited', title: 'Kept as cited', meaning: 'The words changed and you chose to keep the quote as cited, until the source changes again.' },
  { state: 'moved', title: 'Moved', meaning: 'The same words, at another place in the source.' },
  { state: 'intact', title: 'Intact', meaning: 'The same words at the same place.' },
];

export function openQuoteAudit(audit: QuoteAudit, deps: {
  openAnnotation: (id: string) => void;
  openNote: (path: string, annotationId: string) => void;
}): Modal {
  const go = (then: () => void) => { modal.close(); then(); };
  const counts = h('ul', { class: 'audit-counts', 'aria-label': 'Quotes per state' },
    // The two states only some notebooks have are counted when they occur.
    ...ORDER.filter(({ state }) => audit.counts[state] > 0 || !RARE.has(state)).map(({ state, title }) => h('li', { class: `audit-count audit-${state}` }, h('strong', {}, String(audit.counts[state])), ` ${title.toLowerCase()}`)));
  const groups = ORDER.map(({ state, title, meaning }) => {
    const items = audit.items.filter((i) => i.state === state);
    if (!items.length) return null;
    return h('section', { class: `audit-group audit-${state}`, 'aria-label': title },
      h('h3', {}, `${title} (${items.length})`),
      h('p', { class: 'hint' }, meaning),
      h('ul', { class: 'audit-items' }, ...items.map((item) => h('li', { class: 'audit-item' },
        h('button', { type: 'button', class: 'audit-open', title: 'Open in the reader', onclick: () => go(() => deps.openAnnotation(item.annotationId)) },
          h('span', { class: 'audit-quote' }, `“${clip(item.exact, 200)}”`),
          h('span', { class: 'audit-source' }, item.sourceTitle || 'its annotation is gone')),
        item.notes.length > 0 && h('span', { class: 'audit-notes' }, 'in ',
          ...item.notes.flatMap((path, i) => [i > 0 ? ', ' : '',
            h('button', { type: 'button', class: 'link-btn', onclick: () => go(() => deps.openNote(path, item.annotationId)) }, noteTitle(path))]))))));
  });
  const modal = openModal({
    label: 'Check quotes',
    className: 'audit-dialog',
    content: [
      modalHeader('Check quotes', () => modal.close()),
      h('p', { class: 'audit-summary' }, audit.checked ? `${plural(audit.checked, 'quote')} checked.` : 'There are no quotes in the notebook yet.'),
      counts,
      ...groups.filter((g): g is HTMLElement => g !== null),
    ],
  });
  return modal;
}
