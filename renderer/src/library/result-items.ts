/** The elements of a results list: a group (a source, a note, a source's quotes) and its hits. */
import type { SearchGroup, SearchHit } from '../../../main/common/contract';
import { h } from '../app/dom';
import { snippetFragment } from './snippet';

/**
 * Whether a hit's snippet is read as Markdown (a .md or .txt source's words), and where each hit's
 * button is noted: the list listens once for clicks, focus and hover, not once per hit.
 */
export interface HitView {
  asMarkdown(hit: SearchHit): boolean;
  readonly hits: WeakMap<Element, SearchHit>;
}

/** Identifies a group across pages: a page that starts with more hits of the last group shown continues it. */
export const groupKey = (g: Pick<SearchGroup, 'kind' | 'path'>) => `${g.kind}\u0000${g.path}`;

/** A group's item and the (empty) list its hits go into, page after page. */
export function groupItem(group: Pick<SearchGroup, 'kind' | 'title' | 'path'>): { item: HTMLLIElement; hits: HTMLUListElement } {
  const kind = group.kind === 'note' ? 'Note' : group.kind === 'quote' ? 'Quotes' : '';
  const hits = h('ul', { class: 'hit-list', 'aria-label': group.title });
  const item = h('li', { class: `result-group kind-${group.kind}` },
    h('h3', { class: 'group-title' }, kind ? `${kind} · ${group.title}` : group.title, h('span', { class: 'item-meta' }, ` ${group.path}`)),
    hits,
  );
  return { item, hits };
}

/** Identifies a hit across answers (a refresh keeps the focus on it). */
export const hitKey = (hit: SearchHit) => `${hit.kind}\u0000${hit.path}\u0000${hit.annotationId ?? ''}\u0000${hit.start}\u0000${hit.end}`;

export function hitItem(hit: SearchHit, view: HitView): HTMLLIElement {
  const button = h('button', { type: 'button', class: 'hit', 'data-hit': hitKey(hit) },
    hit.heading ? h('span', { class: 'hit-heading' }, hit.heading) : null,
    h('span', { class: 'snippet' }, snippetFragment(hit.snippet, hit.marks, view.asMarkdown(hit))),
    // Found only through a typo variant of a query word: say which, so it is not mistaken for the word as typed.
    hit.typos?.length ? h('span', { class: 'hit-typos' }, `also: ${hit.typos.join(', ')}`) : null,
  );
  view.hits.set(button, hit);
  return h('li', {}, button);
}

/** The hit whose button `target` is or is inside, if any. */
export function hitAt(target: EventTarget | null, view: HitView): SearchHit | undefined {
  const button = target instanceof Element ? target.closest('button.hit') : null;
  return button ? view.hits.get(button) : undefined;
}

/** "1 result", "42 results"; an estimate rounded to two significant digits: "about 2,300 results". */
export function resultCount(total: number, estimated: boolean): string {
  if (!estimated) return total === 1 ? '1 result' : `${total.toLocaleString('en-US')} results`;
  const step = total >= 100 ? 10 ** (Math.floor(Math.log10(total)) - 1) : 1;
  return `about ${(Math.round(total / step) * step).toLocaleString('en-US')} results`;
}
