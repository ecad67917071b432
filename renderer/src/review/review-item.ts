/**
 * One quote on the review list: the quote as it was (from the snapshot) beside the best place it
 * might be now, the candidate places with their confidence, and the four decisions. Each button
 * calls the backend; the panel then reloads the list.
 */
import type { NotebookApi, ReviewItem } from '../../../main/common/contract';
import { h, errorText } from '../app/dom';
import { contextView, percent } from './context-view';
import { relinkForm, type Place } from './relink-form';

export interface ReviewItemActions {
  api: NotebookApi;
  /** Moves the quote to `place` (Accept, Pick another, Relink). */
  relocate(item: ReviewItem, place: Place): Promise<void>;
  keepAsOrphan(item: ReviewItem): Promise<void>;
}

const REASONS: Record<ReviewItem['reason'], string> = {
  orphaned: 'Not found in the source any more',
  'low-confidence': 'Found only with low confidence',
};

export function reviewItemView(item: ReviewItem, actions: ReviewItemActions): HTMLElement {
  const a = item.annotation;
  const best = item.candidates[0];
  const error = h('p', { class: 'form-error', role: 'alert' });
  const quoted = a.quotedBy.length ? `quoted in ${a.quotedBy.map((n) => `“${n.title}”`).join(', ')}` : 'not quoted in any note';
  const placeOf = (c: { start: number; end: number }): Place => ({ sourceId: a.sourceId, start: c.start, end: c.end });

  const act = async (button: HTMLButtonElement, work: () => Promise<void>) => {
    error.textContent = '';
    button.disabled = true;
    try {
      await work();
    } catch (e) {
      error.textContent = `${button.textContent} failed: ${errorText(e)}`;
      button.disabled = false;
    }
  };

  const candidates = h('ol', { class: 'review-candidates', 'aria-label': 'Candidate places' },
    ...item.candidates.map((c, i) => {
      const use = h('button', { type: 'button', class: 'review-use', hidden: true }, 'Use this place');
      use.addEventListener('click', () => void act(use, () => actions.relocate(item, placeOf(c))));
      return h('li', { class: 'review-candidate' },
        h('span', { class: 'review-confidence', title: 'How sure the match is' }, `${percent(c.confidence)}${i === 0 ? ' · best' : ''}`),
        contextView({ before: c.before, exact: c.text, after: c.after }, `Candidate ${i + 1}, ${percent(c.confidence)}`),
        use);
    }));

  const relinkSlot = h('div', { class: 'review-relink-slot' });
  const accept = h('button', { type: 'button', class: 'primary', disabled: !best, title: best ? 'Link the quote to the best place found' : 'No place was found in the source' }, 'Accept');
  const pick = h('button', { type: 'button', disabled: item.candidates.length < 2, title: item.candidates.length < 2 ? 'There is no other candidate' : 'Choose among the candidate places' }, 'Pick another');
  const relink = h('button', { type: 'button', 'aria-expanded': 'false' }, 'Relink to another source');
  const keep = h('button', { type: 'button' }, 'Keep as orphan');

  accept.addEventListener('click', () => { if (best) void act(accept, () => actions.relocate(item, placeOf(best))); });
  pick.addEventListener('click', () => {
    const uses = [...candidates.querySelectorAll<HTMLButtonElement>('.review-use')];
    const showing = pick.getAttribute('aria-pressed') === 'true';
    pick.setAttribute('aria-pressed', String(!showing));
    uses.forEach((b, i) => { b.hidden = showing || i === 0; });
    if (!showing) uses[1]?.focus();
  });
  relink.addEventListener('click', () => {
    if (relinkSlot.firstChild) return closeRelink();
    relink.setAttribute('aria-expanded', 'true');
    relinkSlot.appendChild(relinkForm({
      api: actions.api,
      exact: a.quote.exact,
      currentSourceId: a.sourceId,
      relink: (place) => actions.relocate(item, place),
      cancel: () => closeRelink(),
    }));
    relinkSlot.querySelector<HTMLElement>('select')?.focus();
  });
  const closeRelink = () => {
    relinkSlot.replaceChildren();
    relink.setAttribute('aria-expanded', 'false');
    relink.focus();
  };
  keep.addEventListener('click', () => void act(keep, () => actions.keepAsOrphan(item)));

  return h('li', { class: 'review-item', 'data-annotation': a.id, 'aria-label': `Quote from ${a.sourceTitle}` },
    h('p', { class: 'review-item-head' },
      h('span', { class: `review-reason review-reason-${item.reason}` }, REASONS[item.reason]),
      ` · ${a.sourceTitle} · ${quoted}`),
    h('div', { class: 'review-sides' },
      h('section', { class: 'review-side', 'aria-label': 'As quoted' },
        h('h3', {}, 'As quoted'),
        contextView(item.oldContext, 'The quote in its context when it was made')),
      h('section', { class: 'review-side', 'aria-label': 'In the source now' },
        h('h3', {}, best ? `In the source now · ${percent(best.confidence)}` : 'In the source now'),
        best
          ? contextView({ before: best.before, exact: best.text, after: best.after }, 'The best place found now')
          : h('p', { class: 'review-gone' }, 'no longer in the source'))),
    // One candidate is already shown beside the quote; a list only helps when there is a choice.
    item.candidates.length > 1 && h('section', { class: 'review-candidates-box' },
      h('h3', {}, `${item.candidates.length} candidate places`), candidates),
    h('div', { class: 'review-actions' }, accept, pick, relink, keep),
    relinkSlot,
    error);
}
