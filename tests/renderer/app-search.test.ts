/**
 * Searching from the library pane, against the real backend in process (the sample library and
 * a private notebook): each key's query goes out at once, only the newest answer is shown, hits
 * come a page at a time, and note and quote hits read as the editor and the reader show them.
 * Every wait is on the pane's own state (`aria-busy`, the hits shown) or on the backend going idle.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NotebookApi, SearchOptions } from '../../main/common/contract';
import { App } from '../../renderer/src/app/app';
import { HIT_REST_MS, PREFETCH_PAUSE_MS } from '../../renderer/src/library/fetch-ahead';
import { SEARCH_PAGE, resultCount } from '../../renderer/src/library/library-panel';
import { mountNotes } from '../../renderer/src/notes';
import { openRealBackend, type RealBackend, type RealBackendOptions } from '../support/real-backend';
import { readerTitle } from '../support/real-app';
import { accessibleName, allByRole, getByRole } from '../support/roles';
import { until } from '../support/until';

const BEDROCK_SEED = '003_c38cac0ff9cc0db6.txt';

/** The browser's IntersectionObserver, as far as the pane uses it: the test says when the end of the list scrolled near. */
class ScrolledNear {
  static last: ScrolledNear | null = null;
  readonly targets = new Set<Element>();
  constructor(private readonly callback: IntersectionObserverCallback) { ScrolledNear.last = this; }
  observe(target: Element) { this.targets.add(target); }
  unobserve(target: Element) { this.targets.delete(target); }
  disconnect() { this.targets.clear(); }
  /** The watched element came within the load-ahead margin of the visible end of the list. */
  scrollNear() {
    const entries = [...this.targets].map((target) => ({ target, isIntersecting: true }) as unknown as IntersectionObserverEntry);
    if (entries.length) this.callback(entries, this as unknown as IntersectionObserver);
  }
}

interface Gate { match: (query: string, options?: SearchOptions) => boolean; open: () => void; opened: Promise<void> }

const running: Array<{ app: App; real: RealBackend }> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const { app, real } of running.splice(0)) { app.dispose(); await real.close(); }
  vi.unstubAllGlobals();
  localStorage.clear();
});

async function start(options: RealBackendOptions & { partial?: boolean } = {}) {
  const real = await openRealBackend({ library: 'seeds', ...options });
  const sent: Array<[string, SearchOptions | undefined]> = [];
  const gates: Gate[] = [];
  // The real api, noting each search the pane sends; a held answer is computed at once and delivered when its gate opens.
  const api = new Proxy(real.api, {
    get(target, name, receiver) {
      if (name !== 'search') return Reflect.get(target, name, receiver);
      return async (query: string, opts?: SearchOptions) => {
        sent.push([query, opts]);
        const gate = gates.find((g) => g.match(query, opts));
        if (gate) gates.splice(gates.indexOf(gate), 1);
        const results = await target.search(query, opts);
        await gate?.opened;
        return options.partial ? { ...results, partial: true } : results;
      };
    },
  }) as NotebookApi;
  document.body.innerHTML = '<div id="app"></div>';
  Object.defineProperty(window, 'innerWidth', { value: 1600, configurable: true });
  const app = new App(document.getElementById('app')!, api, mountNotes);
  running.push({ app, real });
  const pane = getByRole(document.body, 'complementary', 'Library');
  const input = getByRole<HTMLInputElement>(pane, 'searchbox', 'Search');
  const results = pane.querySelector<HTMLElement>('[aria-busy]')!;
  const type = (q: string) => { input.value = q; input.dispatchEvent(new Event('input')); };
  /** Types `word` one key at a time, with no pause between keys. */
  const typeKeys = (word: string) => { for (let i = 1; i <= word.length; i++) type(word.slice(0, i)); };
  /** Resolves when the pane awaits no answer and the backend is idle. */
  const settled = async () => {
    await until(() => results.getAttribute('aria-busy') === 'false', 'the results to settle', 10_000, 5);
    await real.idle();
  };
  const hold = (match: Gate['match']) => {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => { open = resolve; });
    gates.push({ match, open, opened });
    return open;
  };
  const summary = () => allByRole(pane, 'status')[0]?.textContent ?? '';
  const hitList = () => allByRole(pane, 'list', 'Search results')[0];
  const hitButtons = () => { const list = hitList(); return list ? allByRole<HTMLButtonElement>(list, 'button') : []; };
  // A hit is one button: what is inside it has no role of its own (a button's children are
  // presentational), so its snippet, apart from the passage's heading above it, is found by class.
  const snippetOf = (hit: HTMLElement) => hit.querySelector<HTMLElement>('.snippet')!;
  /** The hits' snippets as they read on screen (runs of white space show as one space). */
  const snippets = () => hitButtons().map((b) => snippetOf(b).textContent!.replace(/\s+/g, ' '));
  /** The snippets as the reader shows text: without the Markdown syntax the pane hides (a purely visual rule: hidden by CSS). */
  const shownSnippets = () => hitButtons().map((b) => {
    const copy = snippetOf(b).cloneNode(true) as HTMLElement;
    for (const syntax of copy.querySelectorAll('.syntax')) syntax.remove();
    return copy.textContent!.replace(/\s+/g, ' ');
  });
  /** The matched words marked in the hits. */
  const hitMarks = () => hitButtons().flatMap((b) => allByRole(b, 'mark'));
  const groupTitles = () => { const list = hitList(); return list ? allByRole(list, 'heading') : []; };
  const sourceButtons = () => { const list = allByRole(pane, 'list', 'Sources')[0]; return list ? allByRole<HTMLButtonElement>(list, 'button') : []; };
  const more = () => allByRole<HTMLButtonElement>(pane, 'button', 'More results')[0];
  /**
   * Resolves when the pane awaits no answer and the backend is idle, waiting on the pane's
   * aria-busy itself (no timer), so it works on Vitest's clock too.
   */
  const answered = async () => {
    if (results.getAttribute('aria-busy') !== 'false') {
      await new Promise<void>((resolve) => {
        const watch = new MutationObserver(() => { if (results.getAttribute('aria-busy') === 'false') { watch.disconnect(); resolve(); } });
        watch.observe(results, { attributes: true, attributeFilter: ['aria-busy'] });
      });
    }
    await real.idle();
  };
  /** The sources fetched since `since` (an index into the calls), in order. */
  const fetched = (since: number) => real.requests.slice(since).filter((r) => r.method === 'getSource').map((r) => r.args[0]);
  return { app, real, api: real.api, pane, input, results, type, typeKeys, settled, hold, sent, summary, hitList, hitButtons, hitMarks, groupTitles, sourceButtons, snippets, shownSnippets, more, fetched, answered };
}

describe('searching from the library pane', () => {
  it('lists the sources while the query is empty; a click opens one in the reader', async () => {
    const { sourceButtons } = await start();
    const items = await until(() => { const b = sourceButtons(); return b.length ? [...b] : null; }, 'the sources to be listed', 10_000, 5);
    expect(items.map((b) => accessibleName(b))).toEqual([
      'Amazon AI: The $8 Billion Confession of Failure', 'Amazon is investing billions in its favorite AI and it’s not yet Alexa',
    ]);
    items[0]!.click();
    await until(() => readerTitle() === 'Amazon AI: The $8 Billion Confession of Failure', 'the source to open in the reader', 10_000, 5);
  });

  it('searches for the passages that link to a wikilink target with no source of its own', async () => {
    const { input, sent, pane, settled, sourceButtons } = await start();
    const item = await until(() => sourceButtons().find((b) => b.textContent!.includes(BEDROCK_SEED)), 'the sources to be listed', 10_000, 5);
    item.click();
    const link = await until(() => allByRole(document.body, 'link', 'Amazon')[0], 'the reader to show the [[Amazon]] link', 10_000, 5);
    link.click();
    await until(() => input.value === 'tag:"Amazon"', 'the search field to take the link’s query', 10_000, 5);
    expect(document.activeElement).toBe(input);
    await settled();
    expect(sent.map(([q]) => q)).toEqual(['tag:"Amazon"']);
  });

  it('sends each key’s query the moment it is typed, without waiting for typing to pause', async () => {
    const { type, sent, settled, snippets } = await start();
    type('B');
    expect(sent.map(([q]) => q)).toEqual(['B']);
    await settled();
    type('Be');
    expect(sent.map(([q]) => q)).toEqual(['B', 'Be']);
    await settled();
    expect(snippets().length).toBeGreaterThan(0);
  });

  it('shows results grouped by source as you type, the matched words in <mark>', async () => {
    const { typeKeys, settled, groupTitles, hitMarks } = await start();
    typeKeys('Bedrock');
    await settled();
    const titles = groupTitles().map((t) => t.textContent);
    expect(titles.some((t) => t!.startsWith('Amazon AI: The $8 Billion Confession of Failure'))).toBe(true);
    const marks = hitMarks();
    expect(marks.length).toBeGreaterThan(0);
    expect(marks.every((m) => m.textContent!.toLowerCase() === 'bedrock')).toBe(true);
  });

  it('while an answer is on its way sends only the newest of the keys typed meanwhile, and never paints the stale answer', async () => {
    const { typeKeys, settled, sent, hold, hitMarks, results } = await start();
    const painted: string[] = [];
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n instanceof Element) for (const m of n.querySelectorAll('mark')) painted.push(m.textContent!.toLowerCase());
    }).observe(results, { childList: true, subtree: true });
    const release = hold((q) => q === 'B');
    typeKeys('Bedr');
    expect(sent.map(([q]) => q)).toEqual(['B']);
    release();
    await settled();
    expect(sent.map(([q]) => q)).toEqual(['B', 'Bedr']);
    // "B" matches "billion", "by", "build"…: none of its marks may ever have been on screen.
    expect(painted.length).toBeGreaterThan(0);
    expect(painted.every((m) => m.startsWith('bedr'))).toBe(true);
    expect(hitMarks().every((m) => m.textContent!.toLowerCase() === 'bedrock')).toBe(true);
  });

  it('drops a next page that lands after a new query was typed, so the list shows only the new query’s hits', async () => {
    const { type, settled, hold, more, summary, snippets, api } = await start();
    type('amazon');
    await settled();
    const release = hold((q, o) => q === 'amazon' && (o?.offset ?? 0) > 0);
    more()!.click();
    type('Bedrock');
    await settled();
    release();
    await settled();
    const bedrock = await api.search('Bedrock', { limit: 100 });
    expect(summary()).toBe(`${bedrock.total} results in ${bedrock.groups.length} places`);
    expect(snippets()).toEqual(bedrock.groups.flatMap((g) => g.hits).map((h) => h.snippet.replace(/\s+/g, ' ')));
  });

  it('shows the first page of hits at once and the next as the end of the list scrolls near, each page the next slice of the ranking', async () => {
    vi.stubGlobal('IntersectionObserver', ScrolledNear);
    const { type, settled, sent, snippets, summary, more, pane, api, groupTitles } = await start();
    const ranking = await api.search('amazon', { limit: 100 });
    expect(ranking.total).toBeGreaterThan(SEARCH_PAGE);
    expect(ranking.total).toBeLessThan(2 * SEARCH_PAGE);
    // Each page is shown grouped by source, in the order of each source's best hit on that page.
    const inGroups = (hits: typeof ranking.hits) => [...new Set(hits.map((h) => h.path))].flatMap((p) => hits.filter((h) => h.path === p));
    const first = inGroups(ranking.hits.slice(0, SEARCH_PAGE));
    const second = inGroups(ranking.hits.slice(SEARCH_PAGE));
    type('amazon');
    await settled();
    expect(sent).toEqual([['amazon', { limit: SEARCH_PAGE, groups: false }]]);
    expect(snippets()).toEqual(first.map((h) => h.snippet.replace(/\s+/g, ' ')));
    expect(summary()).toBe(`${ranking.total} results`);
    expect(more()).toBeDefined();
    ScrolledNear.last!.scrollNear();
    await until(() => snippets().length > SEARCH_PAGE, 'the next page to be appended', 10_000, 5);
    await settled();
    expect(sent[1]).toEqual(['amazon', { offset: SEARCH_PAGE, limit: SEARCH_PAGE, groups: false }]);
    expect(snippets()).toEqual([...first, ...second].map((h) => h.snippet.replace(/\s+/g, ' ')));
    // A page that starts inside the last source shown continues it under the same heading.
    const continues = first.at(-1)!.path === second[0]!.path;
    const headings = new Set(first.map((h) => h.path)).size + new Set(second.map((h) => h.path)).size - (continues ? 1 : 0);
    expect(groupTitles().length).toBe(headings);
    expect(summary()).toBe(`${ranking.total} results in ${headings} places`);
    expect(more()).toBeUndefined();
    ScrolledNear.last!.scrollNear();
    await settled();
    expect(sent).toHaveLength(2);
  });

  it('loads the next page from the More results button, and puts the keyboard on its first new hit', async () => {
    const { type, settled, more, snippets, pane, hitButtons } = await start();
    type('amazon');
    await settled();
    more()!.click();
    await until(() => snippets().length > SEARCH_PAGE, 'the next page to be appended', 10_000, 5);
    const hits = hitButtons();
    expect(document.activeElement).toBe(hits[SEARCH_PAGE]);
  });

  it('keeps every page loaded and the focused hit when the results refresh after a change', async () => {
    const { type, settled, more, snippets, pane, api, real, hitButtons } = await start();
    type('amazon');
    await settled();
    more()!.click();
    await until(() => snippets().length > SEARCH_PAGE, 'the next page to be appended', 10_000, 5);
    const before = snippets();
    const focused = hitButtons()[SEARCH_PAGE + 3]!;
    focused.focus();
    const focusedText = focused.textContent;
    const since = real.calls.length;
    await api.createNote('Amazon reading');
    await until(() => real.count('search', since) > 0, 'the results to refresh on the notes change', 10_000, 5);
    await settled();
    expect(snippets().length).toBeGreaterThanOrEqual(before.length);
    expect(document.activeElement).not.toBe(focused); // the list was rebuilt…
    expect((document.activeElement as HTMLElement).textContent).toBe(focusedText); // …and the same hit has the focus
  });

  it('fetches the best results’ sources ahead of a click once typing pauses, not at every key', async () => {
    const { type, answered, real, api, fetched } = await start();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const since = real.calls.length;
    for (const query of ['B', 'Be', 'Bed', 'Bedr', 'Bedro', 'Bedroc', 'Bedrock']) {
      type(query);
      await answered();
      await vi.advanceTimersByTimeAsync(PREFETCH_PAUSE_MS / 2);
    }
    expect(fetched(since)).toEqual([]);
    await vi.advanceTimersByTimeAsync(PREFETCH_PAUSE_MS);
    await real.idle();
    const best = (await api.search('Bedrock', { limit: SEARCH_PAGE })).groups.slice(0, 2).filter((g) => g.kind === 'passage').map((g) => g.sourceId);
    expect(best.length).toBeGreaterThan(0);
    expect(fetched(since)).toEqual(best);
  });

  it('fetches a hit’s source once the focus or the pointer rests on it, and nothing for a sweep across the list', async () => {
    const { type, answered, hitList, real, api, fetched } = await start();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    type('amazon');
    await answered();
    const groups = (await api.search('amazon', { limit: SEARCH_PAGE })).groups;
    const passages = groups.flatMap((g, i) => (g.kind === 'passage' ? [{ source: g.sourceId, i }] : []));
    expect(passages.length).toBeGreaterThanOrEqual(2);
    // The groups are the results list's own items (each holds its hits' list).
    const shown = allByRole(hitList()!, 'listitem').filter((item) => item.parentElement === hitList());
    const hitOf = (n: number) => allByRole(shown[passages[n]!.i]!, 'button')[0]!;
    const markOf = (n: number) => allByRole(hitOf(n), 'mark')[0]!;
    const since = real.calls.length;
    hitOf(1).focus();
    await vi.advanceTimersByTimeAsync(HIT_REST_MS);
    await real.idle();
    expect(fetched(since)).toEqual([passages[1]!.source]);
    // The pointer crosses a hit of the other source on its way out of the list.
    markOf(0).dispatchEvent(new Event('pointerover', { bubbles: true }));
    await vi.advanceTimersByTimeAsync(HIT_REST_MS / 2);
    getByRole(shown[passages[0]!.i]!, 'heading').dispatchEvent(new Event('pointerover', { bubbles: true }));
    await vi.advanceTimersByTimeAsync(HIT_REST_MS);
    await real.idle();
    expect(fetched(since)).toEqual([passages[1]!.source]);
    markOf(0).dispatchEvent(new Event('pointerover', { bubbles: true }));
    await vi.advanceTimersByTimeAsync(HIT_REST_MS);
    await real.idle();
    expect(fetched(since)).toEqual([passages[1]!.source, passages[0]!.source]);
  });

  it('moves from the field through the hits with the arrow keys and back, and through the sources once the query is cleared', async () => {
    const { type, settled, pane, input, hitButtons, sourceButtons } = await start();
    const press = (el: Element, key: string) => el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    const sources = await until(() => { const b = sourceButtons(); return b.length ? [...b] : null; }, 'the sources to be listed', 10_000, 5);
    type('amazon');
    await settled();
    const hits = hitButtons();
    expect(hits.length).toBeGreaterThan(2);
    press(input, 'ArrowDown');
    expect(document.activeElement).toBe(hits[0]);
    press(hits[0]!, 'ArrowDown');
    expect(document.activeElement).toBe(hits[1]);
    press(hits[1]!, 'ArrowUp');
    press(hits[0]!, 'ArrowUp');
    expect(document.activeElement).toBe(input);
    expect(allByRole(pane, 'heading', `Sources (${sources.length})`)).toEqual([]);
    press(input, 'Escape');
    expect(allByRole(pane, 'list', 'Search results')).toEqual([]);
    expect(getByRole(pane, 'heading', `Sources (${sources.length})`)).toBeDefined();
    press(input, 'ArrowDown');
    expect(document.activeElement?.textContent).toBe(sources[0]!.textContent);
    press(document.activeElement!, 'ArrowDown');
    expect(document.activeElement?.textContent).toBe(sources[1]!.textContent);
  });

  it('shows a bad query as a message next to the field, not an exception, until the query is good again', async () => {
    const { type, settled, pane, snippets } = await start();
    type('in:bogus');
    await settled();
    expect(getByRole(pane, 'alert').textContent).toBe('in: expects sources, notes or quotes (got "bogus")');
    type('in:sources Bedrock');
    await settled();
    expect(allByRole(pane, 'alert')).toEqual([]);
    expect(snippets().length).toBeGreaterThan(0);
  });

  it('says when results may be incomplete because indexing is still running', async () => {
    const { type, settled, pane } = await start({ partial: true });
    type('alexa');
    await settled();
    expect(getByRole(pane, 'note').textContent).toMatch(/still being indexed/);
  });

  it('opens the reader at a hit with Enter pressed before the answer came, the matched words marked there', async () => {
    const { input, type } = await start();
    type('Bedrock');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    const reader = getByRole(document.body, 'region', 'Source');
    // Marked on its own: the passage shown is one mark (aria-current), the word matched another inside it.
    await until(() => allByRole(reader, 'mark').find((m) => m.textContent === 'Bedrock'), 'the reader to mark the hit', 10_000, 5);
  });

  it('shows text containing markup as text', async () => {
    const { type, settled, pane, snippets } = await start({ notes: { 'Markup.md': 'It <img src=x onerror=alert(1)> never happened.\n' } });
    type('never happened');
    await settled();
    expect(pane.querySelector('img')).toBeNull();
    expect(snippets()).toContain('It <img src=x onerror=alert(1)> never happened.');
  });
});

describe('what note and quote hits show', () => {
  it('shows a note’s hit as the editor shows the note: no Markdown marks, link addresses or quote links', async () => {
    const { type, settled, snippets } = await start({
      notes: {
        'Field notes.md': [
          '# Field notes', '',
          'The **saltmarsh** claim, see [the survey](https://example.org/survey) and _tides_.', '',
          '> The saltmarsh is the quote itself.', '>', '> — [Amazon AI · ¶2](sourcebook://annotation/abc123)', '',
        ].join('\n'),
      },
    });
    type('saltmarsh');
    await settled();
    expect(snippets().sort()).toEqual(['The saltmarsh claim, see the survey and tides.', 'The saltmarsh is the quote itself.']);
  });

  it('shows a quote’s hit as its words and comment, with no link to the annotation', async () => {
    const { type, settled, api, pane, snippets, groupTitles } = await start();
    const source = await api.getSource(BEDROCK_SEED);
    const at = source.text.indexOf('Bedrock');
    const quote = await api.createAnnotation({ kind: 'quote', sourceId: BEDROCK_SEED, start: at, end: at + 'Bedrock'.length, comment: 'Compare the quillwort memo' });
    type('quillwort');
    await settled();
    expect(groupTitles().map((t) => t.textContent)).toEqual([`Quotes · ${source.title} ${BEDROCK_SEED}`]);
    expect(snippets()).toEqual(['Bedrock Compare the quillwort memo']);
    expect(pane.textContent).not.toContain(quote.id);
  });
});

describe('what a source’s passage and a quote of it show', () => {
  // The seed is a .txt written in Markdown: the reader hides its syntax, and so do its hits.
  const LINE = '- **[[Andy Jassy]]** — CEO since 2021, oversaw Bedrock launch and Anthropic investments';

  it('shows a passage as the reader shows it: Markdown syntax hidden, the matched word marked, the characters kept', async () => {
    const { type, settled, hitButtons, snippets, shownSnippets } = await start();
    type('Jassy');
    await settled();
    const i = snippets().findIndex((t) => t.includes('[[Andy Jassy]]'));
    expect(i).toBeGreaterThanOrEqual(0);
    expect(shownSnippets()[i]).toContain('Andy Jassy — CEO since 2021');
    expect(shownSnippets()[i]).not.toMatch(/\*\*|\[\[|\]\]/);
    const hit = hitButtons()[i]!;
    expect(allByRole(hit, 'mark').map((m) => m.textContent)).toEqual(['Jassy']);
    // Bold as the reader shows it: purely visual styling, so found by its class.
    expect([...hit.querySelectorAll('.md-strong:not(.syntax)')].map((e) => e.textContent).join('')).toMatch(/^Andy Jassy(?!\])/);
  });

  it('shows a quote of such a passage without its Markdown syntax', async () => {
    const { type, settled, api, groupTitles, shownSnippets } = await start();
    const source = await api.getSource(BEDROCK_SEED);
    const at = source.text.indexOf(LINE) + 2;
    await api.createAnnotation({ kind: 'quote', sourceId: BEDROCK_SEED, start: at, end: at + '**[[Andy Jassy]]** — CEO since 2021'.length });
    type('in:quotes Jassy');
    await settled();
    expect(groupTitles()[0]!.textContent).toMatch(/^Quotes · /);
    expect(shownSnippets()).toEqual(['Andy Jassy — CEO since 2021']);
  });
});

describe('what a search result count and a typo-only hit say', () => {
  it('shows an estimated total as "about …", rounded to two significant digits', () => {
    expect([resultCount(2312, true), resultCount(87, true), resultCount(1, false), resultCount(2312, false)])
      .toEqual(['about 2,300 results', 'about 87 results', '1 result', '2,312 results']);
  });

  it('names the typo variant a hit was found through', async () => {
    const { type, settled, hitButtons } = await start();
    type('Bedrok');
    await settled();
    expect(accessibleName(hitButtons()[0]!)).toContain('also: bedrock');
  });
});

