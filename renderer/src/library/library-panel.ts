/**
 * The left pane: the search field, and below it either the sources of the library (empty query)
 * or the results grouped by source. Typing searches as you go, with no wait after a key: each
 * key sends its query at once unless one is in flight (see latest.ts). The first page of hits
 * comes at once and the next ones as the end of the list scrolls near; Enter or a click opens a hit.
 */
import { MAX_SEARCH_DEPTH, groupHits, type NotebookApi, type SearchHit, type SearchResults, type SourceSummary } from '../../../main/common/contract';
import { h, errorText } from '../app/dom';
import { FetchAhead } from './fetch-ahead';
import { latestOnly } from './latest';
import { groupItem, groupKey, hitAt, hitItem, resultCount, type HitView } from './result-items';

export { resultCount } from './result-items';

export interface LibraryPanelDeps {
  api: NotebookApi;
  openHit(hit: SearchHit): void;
  openSource(source: SourceSummary): void;
  /** A source the user is likely to open next: fetch it ahead of time. */
  prefetch(sourceId: string): void;
  searchShortcut: string;
}

/** How many of the best result groups have their source fetched ahead of a click. */
const PREFETCH_GROUPS = 2;
/** Hits per page: more than a tall window shows, few enough to answer and paint within a frame or two. */
export const SEARCH_PAGE = 30;
/** How far below the visible end of the list the next page is asked for. */
const LOAD_AHEAD_PX = 600;

interface Query { query: string; limit: number }

/** What the list shows: one query's hits so far, and where its last group's hits go. */
interface Shown {
  query: string;
  /** The best hit, which Enter opens. */
  first: SearchHit | undefined;
  hits: number;
  /** No more pages: the last one came back short, or the depth limit is reached. */
  done: boolean;
  last: { key: string; hits: HTMLUListElement } | null;
  summary: HTMLElement;
  list: HTMLUListElement;
  /** What follows the list: the More results button or the line saying where the list stops. */
  end: HTMLElement | null;
}

export class LibraryPanel {
  readonly element: HTMLElement;
  readonly input = h('input', { type: 'search', 'aria-label': 'Search', class: 'search-input', autocomplete: 'off', spellcheck: 'false' });
  private readonly results = h('div', { class: 'results', 'aria-busy': 'false' });
  /**
   * The list of sources (empty query) and the results, one of them hidden: the sources are built
   * when they change, not each time the query empties, and the first key of a query does not
   * take hundreds of them apart.
   */
  private readonly sourcesView = h('div', { class: 'sources-view' });
  private readonly resultsView = h('div', { class: 'results-view', hidden: true });
  private sourcesBuilt = false;
  private readonly sourceItems = new WeakMap<Element, SourceSummary>();
  private readonly errorLine = h('p', { class: 'search-error', role: 'alert', hidden: true });
  private sources: SourceSummary[] = [];
  /** Sources whose text the reader reads as Markdown (.md, .txt): their snippets are shown the same way. */
  private markdownSources = new Set<string>();
  private readonly hitView: HitView = {
    // A note's hit is already its text as the editor shows it (main/common/markdown/note-blocks.ts).
    asMarkdown: (hit) => hit.kind !== 'note' && hit.sourceId !== undefined && this.markdownSources.has(hit.sourceId),
    hits: new WeakMap(),
  };
  private readonly ahead = new FetchAhead((id) => this.deps.prefetch(id));
  private shown: Shown | null = null;
  /** Bumped whenever the list is rebuilt: a page asked for before that belongs to another list. */
  private listGeneration = 0;
  /** The list generation whose next page is on its way, if any. */
  private loadingMore: number | null = null;
  private readonly moreButton = h('button', { type: 'button', class: 'more-results' }, 'More results');
  private readonly nearEnd = typeof IntersectionObserver === 'function'
    ? new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) void this.loadMore(false); }, { root: this.results, rootMargin: `0px 0px ${LOAD_AHEAD_PX}px 0px` })
    : null;
  private readonly search = latestOnly(
    // The pane groups each page itself (groupHits): the answer's own groups would only double its size.
    ({ query, limit }: Query) => this.deps.api.search(query, { limit, groups: false }),
    (r, q) => this.showResults(r, q.limit),
    (e) => this.showError(e),
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
    this.results.append(this.sourcesView, this.resultsView);
    this.input.addEventListener('input', () => this.onInput());
    this.input.addEventListener('keydown', (e) => this.onInputKey(e));
    this.results.addEventListener('keydown', (e) => this.onResultsKey(e));
    // One listener each for every item of both lists, rather than one per item.
    this.results.addEventListener('click', (e) => {
      const hit = hitAt(e.target, this.hitView);
      const source = hit ? undefined : this.sourceItemAt(e.target);
      if (hit) this.deps.openHit(hit);
      else if (source) this.deps.openSource(source);
    });
    const rest = (e: Event) => this.ahead.restOn(this.sourceAt(e.target));
    this.results.addEventListener('focusin', rest);
    this.results.addEventListener('pointerover', rest);
    this.results.addEventListener('pointerleave', () => this.ahead.restOn(undefined));
    this.moreButton.addEventListener('click', () => void this.loadMore(true));
    this.showSources();
  }

  dispose(): void {
    this.ahead.dispose();
    this.nearEnd?.disconnect();
    this.search.cancel();
    this.listGeneration++;
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

  /** The list on screen: the sources or the results. */
  private get view(): HTMLElement {
    return this.resultsView.hidden ? this.sourcesView : this.resultsView;
  }

  focus(): void {
    const first = this.view.querySelector<HTMLElement>('button');
    (first ?? this.input).focus();
  }

  setSources(sources: SourceSummary[]): void {
    this.sources = [...sources].sort((a, b) => a.title.localeCompare(b.title));
    this.markdownSources = new Set(sources.filter((s) => s.format === 'markdown' || s.format === 'text').map((s) => s.id));
    this.sourcesBuilt = false;
    if (!this.input.value.trim()) this.showSources();
  }

  /** Runs the current query again (the library or the notes changed), as far down as it was read. */
  refresh(): void {
    const query = this.input.value;
    if (query.trim()) this.send({ query, limit: Math.min(MAX_SEARCH_DEPTH, Math.max(SEARCH_PAGE, this.shown?.hits ?? 0)) });
  }

  /** The source listed at `target` in the list of sources, if any. */
  private sourceItemAt(target: EventTarget | null): SourceSummary | undefined {
    const item = target instanceof Element ? target.closest('button.source-item') : null;
    return item ? this.sourceItems.get(item) : undefined;
  }

  /** The source whose text opens from the item at `target` (a source, or a hit in a passage of one), if any. */
  private sourceAt(target: EventTarget | null): string | undefined {
    const hit = hitAt(target, this.hitView);
    if (hit) return hit.kind === 'passage' ? hit.sourceId : undefined;
    return this.sourceItemAt(target)?.id;
  }

  private send(q: Query): Promise<void> {
    const settled = this.search(q);
    this.results.setAttribute('aria-busy', 'true');
    return settled;
  }

  private onInput(): void {
    this.ahead.typing();
    const query = this.input.value;
    if (!query.trim()) {
      this.search.cancel();
      this.shown = null;
      this.hideError();
      this.showSources();
      return;
    }
    void this.send({ query, limit: SEARCH_PAGE });
  }

  private async onInputKey(e: KeyboardEvent): Promise<void> {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      this.view.querySelector<HTMLElement>('button')?.focus();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const query = this.input.value;
      if (!query.trim()) return;
      await this.search.idle();
      if (this.shown?.query !== query) await this.send({ query, limit: SEARCH_PAGE });
      const first = this.shown?.query === query ? this.shown.first : undefined;
      if (first) this.deps.openHit(first);
    } else if (e.key === 'Escape' && this.input.value) {
      e.preventDefault();
      this.input.value = '';
      this.onInput();
    }
  }

  private onResultsKey(e: KeyboardEvent): void {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const buttons = [...this.view.querySelectorAll<HTMLElement>('button')];
    const i = buttons.indexOf(document.activeElement as HTMLElement);
    if (i < 0) return;
    e.preventDefault();
    if (e.key === 'ArrowUp' && i === 0) this.input.focus();
    else buttons[Math.max(0, Math.min(buttons.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))]?.focus();
  }

  private showSources(): void {
    this.listGeneration++;
    this.results.setAttribute('aria-busy', 'false');
    this.nearEnd?.unobserve(this.moreButton);
    this.resultsView.hidden = true;
    this.resultsView.replaceChildren();
    this.sourcesView.hidden = false;
    if (this.sourcesBuilt) return;
    this.sourcesBuilt = true;
    if (!this.sources.length) {
      this.sourcesView.replaceChildren(h('p', { class: 'empty' }, 'No sources yet. Sources are the .txt, .md, .html, .pdf and .epub files of the library folder.'));
      return;
    }
    this.sourcesView.replaceChildren(h('h2', { class: 'pane-title' }, `Sources (${this.sources.length})`));
    this.sourcesView.appendChild(h('ul', { class: 'source-list', 'aria-label': 'Sources' }, ...this.sources.map((s) => h('li', {},
      this.sourceItem(s)))));
  }

  private sourceItem(s: SourceSummary): HTMLButtonElement {
    // Named by its title (what a user looks for), described by its path and size.
    const meta = `${s.path} · ${s.passageCount} passages`;
    const item = h('button', { type: 'button', class: 'source-item', 'aria-label': s.title, title: meta },
      h('span', { class: 'item-title' }, s.title),
      h('span', { class: 'item-meta' }, meta),
    );
    this.sourceItems.set(item, s);
    return item;
  }

  /**
   * A query's first hits (or, for a refresh, as many as were loaded): the list is built apart, a
   * page at a time so that a refresh lays the hits out as scrolling had, and put in place whole,
   * so the page lays it out once.
   */
  private showResults(r: SearchResults, asked: number): void {
    this.listGeneration++;
    this.hideError();
    this.results.setAttribute('aria-busy', String(this.search.busy));
    // A refresh (indexing finished, notes changed) must not throw the reader out of the list.
    const active = document.activeElement as HTMLElement | null;
    const focused = this.shown?.query === r.query && active?.matches('button.hit') && this.resultsView.contains(active) ? active.dataset.hit : undefined;
    // Read only when it is put back: reading it lays the page out there and then, before the new list is in.
    const scrollTop = focused !== undefined ? this.results.scrollTop : 0;
    const summary = h('p', { class: 'results-summary', role: 'status' });
    const list = h('ul', { class: 'result-groups', 'aria-label': 'Search results' });
    const built = document.createDocumentFragment();
    built.append(summary);
    if (r.partial) built.append(h('p', { class: 'partial-note', role: 'note' }, 'The library is still being indexed: results may be incomplete.'));
    built.append(list);
    this.shown = { query: r.query, first: r.hits[0], hits: 0, done: false, last: null, summary, list, end: null };
    for (let at = 0; at === 0 || at < r.hits.length; at += SEARCH_PAGE) {
      const page = r.hits.slice(at, at + SEARCH_PAGE);
      this.addPage(r, page, at + SEARCH_PAGE >= r.hits.length ? asked - at : SEARCH_PAGE);
    }
    this.resultsView.replaceChildren(built);
    this.resultsView.hidden = false;
    this.sourcesView.hidden = true;
    if (focused !== undefined) {
      [...list.querySelectorAll<HTMLElement>('button.hit')].find((b) => b.dataset.hit === focused)?.focus();
      this.results.scrollTop = scrollTop;
    }
    const best = groupHits(r.hits.slice(0, SEARCH_PAGE)).slice(0, PREFETCH_GROUPS);
    this.ahead.afterPause(best.flatMap((g) => (g.sourceId && g.kind === 'passage' ? [g.sourceId] : [])));
  }

  /**
   * Appends a page of hits to the list, grouped by source within the page (a page that starts
   * inside the last group continues it), and says how far the list goes. `r` is the answer the
   * page came in, `asked` how many hits the page could have held. Returns the page's first hit.
   */
  private addPage(r: SearchResults, page: SearchHit[], asked: number): HTMLElement | undefined {
    const shown = this.shown!;
    const { list } = shown;
    let firstNew: HTMLElement | undefined;
    for (const group of groupHits(page)) {
      if (shown.last?.key !== groupKey(group)) {
        const { item, hits } = groupItem(group);
        list.appendChild(item);
        shown.last = { key: groupKey(group), hits };
      }
      for (const hit of group.hits) {
        const item = hitItem(hit, this.hitView);
        shown.last.hits.appendChild(item);
        firstNew ??= item.firstElementChild as HTMLElement;
      }
    }
    shown.hits += page.length;
    shown.done = page.length < asked || shown.hits >= r.total || shown.hits >= MAX_SEARCH_DEPTH;
    const places = list.children.length;
    const count = resultCount(r.total, r.estimated === true);
    shown.summary.textContent = !r.total
      ? `No results for “${r.query}”`
      : shown.done && shown.hits >= r.total ? `${count} in ${places} ${places === 1 ? 'place' : 'places'}` : count;
    shown.end?.remove();
    shown.end = null;
    this.nearEnd?.unobserve(this.moreButton);
    if (shown.done && shown.hits < r.total) {
      shown.end = h('p', { class: 'results-end' }, `Showing the first ${shown.hits.toLocaleString('en-US')}: refine the query to find the others.`);
    } else if (!shown.done) {
      shown.end = this.moreButton;
      // Observed afresh so that the observer reports whether it is near the end right now.
      this.nearEnd?.observe(this.moreButton);
    }
    if (shown.end) list.after(shown.end);
    return firstNew;
  }

  /** The next page of the query shown, unless it is all there or one is on its way. From a click, focus goes to its first hit. */
  private async loadMore(fromClick: boolean): Promise<void> {
    const shown = this.shown;
    const generation = this.listGeneration;
    if (!shown || shown.done || this.loadingMore === generation) return;
    const offset = shown.hits;
    const limit = Math.min(SEARCH_PAGE, MAX_SEARCH_DEPTH - offset);
    this.loadingMore = generation;
    this.moreButton.setAttribute('aria-busy', 'true');
    try {
      const page = await this.deps.api.search(shown.query, { offset, limit, groups: false });
      // The query changed or the list was rebuilt while this page was on its way: it belongs to no list shown.
      if (generation !== this.listGeneration || this.shown !== shown || shown.hits !== offset) return;
      const first = this.addPage(page, page.hits, limit);
      if (fromClick) (first ?? this.input).focus();
    } catch (e) {
      if (generation === this.listGeneration) this.showError(e);
    } finally {
      if (this.loadingMore === generation) {
        this.loadingMore = null;
        this.moreButton.removeAttribute('aria-busy');
      }
    }
  }

  private showError(e: unknown): void {
    this.results.setAttribute('aria-busy', String(this.search.busy));
    this.errorLine.textContent = errorText(e);
    this.errorLine.hidden = false;
  }

  private hideError(): void {
    this.errorLine.hidden = true;
    this.errorLine.textContent = '';
  }
}
