/**
 * The left pane: the search field, and below it either the sources of the library (empty query)
 * or the results grouped by source. Typing searches as you go; Enter or a click opens a hit.
 */
import type { NotebookApi, SearchHit, SearchResults, SourceSummary } from '../../../main/common/contract';
import { h, clear, errorText } from '../app/dom';
import { latestDebounced } from './latest';
import { snippetFragment } from './snippet';

export interface LibraryPanelDeps {
  api: NotebookApi;
  openHit(hit: SearchHit): void;
  openSource(source: SourceSummary): void;
  /** A source the user is likely to open next: fetch it ahead of time. */
  prefetch(sourceId: string): void;
  searchShortcut: string;
}

const DEBOUNCE_MS = 60;
/** How many of the best result groups have their source fetched ahead of a click. */
const PREFETCH_GROUPS = 2;
const LIMIT = 200;

export class LibraryPanel {
  readonly element: HTMLElement;
  readonly input = h('input', { type: 'search', 'aria-label': 'Search', class: 'search-input', autocomplete: 'off', spellcheck: 'false' });
  private readonly results = h('div', { class: 'results' });
  private readonly errorLine = h('p', { class: 'search-error', role: 'alert', hidden: true });
  private sources: SourceSummary[] = [];
  private lastResults: SearchResults | null = null;
  private readonly search = latestDebounced(
    (q: string) => this.deps.api.search(q, { limit: LIMIT }),
    (r) => this.showResults(r),
    (e) => this.showError(e),
    DEBOUNCE_MS,
  );

  constructor(private readonly deps: LibraryPanelDeps) {
    // Short enough for the narrowest pane; the operators are in the tooltip.
    this.input.placeholder = `Search (${deps.searchShortcut})`;
    this.input.title = 'Search the library: "a phrase", -word to leave out, source:, tag:, color:';
    this.element = h('div', { class: 'library' },
      h('div', { class: 'search-box' }, this.input),
      this.errorLine,
      this.results,
    );
    this.input.addEventListener('input', () => this.onInput());
    this.input.addEventListener('keydown', (e) => this.onInputKey(e));
    this.results.addEventListener('keydown', (e) => this.onResultsKey(e));
    this.showSources();
  }

  focusSearch(): void {
    this.input.focus();
    this.input.select();
  }

  /** Puts a query in the search field and runs it, as if typed (the reader's wikilinks use it). */
  searchFor(query: string): void {
    this.input.value = query;
    this.onInput();
    this.focusSearch();
  }

  focus(): void {
    const first = this.results.querySelector<HTMLElement>('button');
    (first ?? this.input).focus();
  }

  setSources(sources: SourceSummary[]): void {
    this.sources = [...sources].sort((a, b) => a.title.localeCompare(b.title));
    if (!this.input.value.trim()) this.showSources();
  }

  /** Runs the current query again (the library or the notes changed). */
  refresh(): void {
    if (this.input.value.trim()) void this.search.now(this.input.value);
  }

  private onInput(): void {
    const q = this.input.value;
    if (!q.trim()) {
      this.search.cancel();
      this.lastResults = null;
      this.hideError();
      this.showSources();
      return;
    }
    this.search(q);
  }

  private async onInputKey(e: KeyboardEvent): Promise<void> {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      this.results.querySelector<HTMLElement>('button')?.focus();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (!this.input.value.trim()) return;
      await this.search.now(this.input.value);
      const first = this.lastResults?.hits[0];
      if (first) this.deps.openHit(first);
    } else if (e.key === 'Escape' && this.input.value) {
      e.preventDefault();
      this.input.value = '';
      this.onInput();
    }
  }

  private onResultsKey(e: KeyboardEvent): void {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const buttons = [...this.results.querySelectorAll<HTMLElement>('button')];
    const i = buttons.indexOf(document.activeElement as HTMLElement);
    if (i < 0) return;
    e.preventDefault();
    if (e.key === 'ArrowUp' && i === 0) this.input.focus();
    else buttons[Math.max(0, Math.min(buttons.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))]?.focus();
  }

  private showSources(): void {
    clear(this.results);
    if (!this.sources.length) {
      this.results.appendChild(h('p', { class: 'empty' }, 'No sources yet. Sources are the .txt, .md, .html, .pdf and .epub files of the library folder.'));
      return;
    }
    this.results.appendChild(h('h2', { class: 'pane-title' }, `Sources (${this.sources.length})`));
    this.results.appendChild(h('ul', { class: 'source-list' }, ...this.sources.map((s) => h('li', {},
      h('button', {
        type: 'button', class: 'source-item', onclick: () => this.deps.openSource(s),
        onpointerenter: () => this.deps.prefetch(s.id), onfocus: () => this.deps.prefetch(s.id),
      },
        h('span', { class: 'item-title' }, s.title),
        h('span', { class: 'item-meta' }, `${s.path} · ${s.passageCount} passages`),
      )))));
  }

  private showResults(r: SearchResults): void {
    this.lastResults = r;
    this.hideError();
    // A refresh (indexing finished, notes changed) must not throw the reader out of the list.
    const buttons = [...this.results.querySelectorAll<HTMLElement>('button')];
    const focused = buttons.indexOf(document.activeElement as HTMLElement);
    const scrollTop = this.results.scrollTop;
    clear(this.results);
    const count = resultCount(r.total, r.estimated === true);
    this.results.appendChild(h('p', { class: 'results-summary', role: 'status' },
      r.total ? `${count} in ${r.groups.length} ${r.groups.length === 1 ? 'place' : 'places'}` : `No results for “${r.query}”`));
    if (r.partial) this.results.appendChild(h('p', { class: 'partial-note' }, 'The library is still being indexed: results may be incomplete.'));
    const list = h('ul', { class: 'result-groups', 'aria-label': 'Search results' });
    for (const group of r.groups) {
      const kind = group.kind === 'note' ? 'Note' : group.kind === 'quote' ? 'Quotes' : '';
      list.appendChild(h('li', { class: `result-group kind-${group.kind}` },
        h('h3', { class: 'group-title' }, kind ? `${kind} · ${group.title}` : group.title, h('span', { class: 'item-meta' }, ` ${group.path}`)),
        h('ul', { class: 'hit-list', 'aria-label': group.title }, ...group.hits.map((hit) => h('li', {},
          h('button', { type: 'button', class: 'hit', onclick: () => this.deps.openHit(hit) },
            hit.heading ? h('span', { class: 'hit-heading' }, hit.heading) : null,
            h('span', { class: 'snippet' }, snippetFragment(hit.snippet, hit.marks)),
            // Found only through a typo variant of a query word: say which, so it is not mistaken for the word as typed.
            hit.typos?.length ? h('span', { class: 'hit-typos' }, `also: ${hit.typos.join(', ')}`) : null,
          )))),
      ));
    }
    this.results.appendChild(list);
    if (focused >= 0) {
      this.results.querySelectorAll<HTMLElement>('button')[focused]?.focus();
      this.results.scrollTop = scrollTop;
    }
    for (const group of r.groups.slice(0, PREFETCH_GROUPS)) if (group.sourceId && group.kind === 'passage') this.deps.prefetch(group.sourceId);
  }

  private showError(e: unknown): void {
    this.errorLine.textContent = errorText(e);
    this.errorLine.hidden = false;
  }

  private hideError(): void {
    this.errorLine.hidden = true;
    this.errorLine.textContent = '';
  }
}

/** "1 result", "42 results"; an estimate rounded to two significant digits: "about 2,300 results". */
export function resultCount(total: number, estimated: boolean): string {
  if (!estimated) return total === 1 ? '1 result' : `${total.toLocaleString('en-US')} results`;
  const step = total >= 100 ? 10 ** (Math.floor(Math.log10(total)) - 1) : 1;
  return `about ${(Math.round(total / step) * step).toLocaleString('en-US')} results`;
}
