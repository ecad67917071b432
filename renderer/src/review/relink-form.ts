/**
 * "Relink to another source": choose a source, search inside it for the quote's words, and link
 * the quote to one of the passages found. Nothing is relinked until a passage is chosen.
 */
import type { NotebookApi, SearchHit, SourceSummary } from '../../../main/common/contract';
import { h, clear, errorText } from '../app/dom';
import { snippetFragment } from '../library/snippet';

export type Place = { sourceId: string; start: number; end: number };

/** Words too common to help find a passage again. */
const STOP = new Set('the and that this with from have were which their there been into than then them they what when where while would could should about also very more most some such only over your ours these those because'.split(' '));

/** The quote's distinctive words as a query that finds passages sharing any of them ("a OR b OR c"). */
export function quoteWordsQuery(exact: string, max = 8): string {
  const words: string[] = [];
  for (const w of exact.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (w.length < 4 || STOP.has(w) || words.includes(w)) continue;
    words.push(w);
  }
  words.sort((a, b) => b.length - a.length);
  return words.slice(0, max).join(' OR ');
}

/** A search limited to one source's passages; `source:` matches its path. */
export function sourceQuery(path: string, words: string): string {
  return `in:sources source:"${path.replace(/"/g, ' ')}" (${words.trim()})`;
}

/**
 * Where in a found passage the quote goes: the quoted words themselves if they are there
 * verbatim, otherwise the whole passage.
 */
export function placeInPassage(text: string, hit: Pick<SearchHit, 'start' | 'end'>, exact: string): { start: number; end: number } {
  const at = text.slice(hit.start, hit.end).indexOf(exact);
  return at >= 0 ? { start: hit.start + at, end: hit.start + at + exact.length } : { start: hit.start, end: hit.end };
}

export function relinkForm(options: {
  api: NotebookApi;
  exact: string;
  currentSourceId: string;
  /** Called with the chosen place; resolves when the backend has relinked the quote. */
  relink: (place: Place) => Promise<void>;
  cancel: () => void;
}): HTMLElement {
  const { api, exact } = options;
  const select = h('select', { class: 'review-relink-source', 'aria-label': 'Source' });
  const input = h('input', { type: 'search', class: 'review-relink-words', 'aria-label': 'Words to find', value: quoteWordsQuery(exact), autocomplete: 'off' });
  const hits = h('ul', { class: 'review-hits', 'aria-label': 'Passages found' });
  const status = h('p', { class: 'hint review-relink-status', role: 'status' });
  let sources: SourceSummary[] = [];
  let run = 0;

  const search = async () => {
    const source = sources.find((s) => s.id === select.value);
    if (!source) return;
    const mine = ++run;
    if (!input.value.trim()) {
      clear(hits);
      status.textContent = 'Type words of the passage to find it.';
      return;
    }
    status.textContent = 'Searching…';
    try {
      const result = await api.search(sourceQuery(source.path, input.value), { limit: 20 });
      if (mine !== run) return;
      const found = result.hits.filter((hit) => hit.kind === 'passage' && hit.sourceId === source.id);
      clear(hits);
      for (const hit of found) hits.appendChild(h('li', {}, hitButton(hit)));
      status.textContent = found.length
        ? `${found.length} passage${found.length === 1 ? '' : 's'} in “${source.title}”: choose the one to link the quote to.`
        : `No passage of “${source.title}” has these words.`;
    } catch (e) {
      if (mine === run) status.textContent = `Could not search: ${errorText(e)}`;
    }
  };

  const hitButton = (hit: SearchHit) => h('button', {
    type: 'button', class: 'review-hit',
    onclick: async () => {
      status.textContent = 'Relinking…';
      try {
        const doc = await api.getSource(hit.sourceId!);
        await options.relink({ sourceId: hit.sourceId!, ...placeInPassage(doc.text, hit, exact) });
      } catch (e) {
        status.textContent = `Could not relink: ${errorText(e)}`;
      }
    },
  }, hit.heading && h('span', { class: 'review-hit-where' }, hit.heading), h('span', { class: 'review-hit-snippet' }, snippetFragment(hit.snippet, hit.marks)));

  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); void search(); }
  });
  select.addEventListener('change', () => void search());

  const form = h('div', { class: 'review-relink', role: 'group', 'aria-label': 'Relink to another source' },
    h('div', { class: 'review-relink-row' },
      h('label', {}, 'Source ', select),
      h('label', {}, 'Words ', input),
      h('button', { type: 'button', onclick: () => void search() }, 'Search'),
      h('button', { type: 'button', class: 'link-btn', onclick: () => options.cancel() }, 'Cancel')),
    status, hits);

  void api.getLibrary().then((lib) => {
    sources = [...lib.sources].sort((a, b) => a.title.localeCompare(b.title));
    for (const s of sources) select.appendChild(h('option', { value: s.id }, s.title === s.path ? s.title : `${s.title} — ${s.path}`));
    if (sources.some((s) => s.id === options.currentSourceId)) select.value = options.currentSourceId;
    void search();
  }, (e) => { status.textContent = `Could not list the sources: ${errorText(e)}`; });
  return form;
}
