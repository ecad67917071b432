import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/app/app';
import { snippetFragment } from '../../renderer/src/library/snippet';
import { fakeApi, fakeNotes, seedDoc, tick, type FakeApi } from './app-fake-api';

const running: App[] = [];

function start(api: FakeApi = fakeApi()) {
  document.body.innerHTML = '<div id="app"></div>';
  Object.defineProperty(window, 'innerWidth', { value: 1600, configurable: true });
  const app = new App(document.getElementById('app')!, api, fakeNotes().mount as never);
  running.push(app);
  const input = document.querySelector<HTMLInputElement>('input[type="search"]')!;
  const type = (q: string) => { input.value = q; input.dispatchEvent(new Event('input')); };
  return { app, api, input, type };
}

describe('searching from the library pane', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => { for (const a of running.splice(0)) a.dispose(); });

  it('lists the sources while the query is empty; a click opens one in the reader', async () => {
    start();
    await tick(5);
    const items = [...document.querySelectorAll<HTMLButtonElement>('.source-item')];
    expect(items.map((b) => b.querySelector('.item-title')!.textContent)).toEqual([
      'Amazon AI: The $8 Billion Confession of Failure', 'Amazon is investing billions in its favorite AI and it’s not yet Alexa',
    ]);
    items[0]!.click();
    await tick(5);
    expect(document.querySelector('.reader-title')!.textContent).toBe('Amazon AI: The $8 Billion Confession of Failure');
  });

  it('searches for the passages that link to a wikilink target with no source of its own', async () => {
    const { input, api } = start();
    await tick(5);
    document.querySelector<HTMLButtonElement>('.source-item')!.click();
    await tick(10);
    const link = [...document.querySelectorAll<HTMLElement>('[role="link"]')].find((l) => l.getAttribute('aria-label') === 'Amazon')!;
    link.click();
    await tick(100);
    expect(input.value).toBe('tag:"Amazon"');
    expect(document.activeElement).toBe(input);
    expect(api.calls.filter((c) => c.method === 'search').map((c) => c.args[0])).toEqual(['tag:"Amazon"']);
  });

  it('shows results grouped by source as you type, the matched words in <mark>', async () => {
    const { type } = start();
    type('Bedrock');
    await tick(100);
    const titles = [...document.querySelectorAll('.result-group .group-title')].map((t) => t.textContent);
    expect(titles.some((t) => t!.startsWith('Amazon AI: The $8 Billion Confession of Failure'))).toBe(true);
    const marks = [...document.querySelectorAll('.hit mark')];
    expect(marks.length).toBeGreaterThan(0);
    expect(marks.every((m) => m.textContent!.toLowerCase() === 'bedrock')).toBe(true);
  });

  it('keeps only the newest answer when an older, slower one arrives late', async () => {
    const { api, type } = start();
    api.searchDelays.push(150, 0);
    type('Alexa');
    await tick(80); // the first query is sent, and is slow
    type('Bedrock');
    await tick(250);
    expect(document.querySelector('.hit mark')!.textContent).toBe('Bedrock');
    expect(api.calls.filter((c) => c.method === 'search').map((c) => c.args[0])).toEqual(['Alexa', 'Bedrock']);
  });

  it('waits for typing to pause before searching', async () => {
    const { api, type } = start();
    for (const q of ['B', 'Be', 'Bed', 'Bedr']) type(q);
    await tick(100);
    expect(api.calls.filter((c) => c.method === 'search').map((c) => c.args[0])).toEqual(['Bedr']);
  });

  it('shows a bad query as a message next to the field, not an exception', async () => {
    const { type } = start();
    type('"voice assistant');
    await tick(100);
    const alert = document.querySelector('[role="alert"].search-error')!;
    expect(alert.textContent).toBe('Unclosed quote in the query: add the closing "');
  });

  it('says when results may be incomplete because indexing is still running', async () => {
    const { type } = start();
    type('partial');
    await tick(100);
    expect(document.querySelector('.partial-note')!.textContent).toMatch(/still being indexed/);
  });

  it('opens the reader at a hit with Enter, the matched words marked there', async () => {
    const { input, type } = start();
    type('Bedrock');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await tick(50);
    const reader = document.querySelector('[role="region"][aria-label="Source"]')!;
    const marks = [...reader.querySelectorAll('mark.match')];
    expect(marks.length).toBeGreaterThan(0);
    expect(marks[0]!.textContent).toBe('Bedrock');
  });

  it('shows source text containing markup as text', async () => {
    const doc = (await seedDoc('003_c38cac0ff9cc0db6.txt', 'html-like'));
    doc.text = doc.text.replace('It never happened.', 'It <img src=x onerror=alert(1)> never happened.');
    doc.blocks = doc.blocks.map((b) => (b.start > doc.text.indexOf('<img') ? { ...b, start: b.start + 31, end: b.end + 31 } : b));
    const api = fakeApi([{ ...doc, passages: [{ index: 0, start: 0, end: doc.text.length, links: [] }] }]);
    const { type } = start(api);
    type('never happened');
    await tick(100);
    expect(document.querySelector('img')).toBeNull();
    const frag = snippetFragment('a <b>bold</b> claim', [[2, 5]]);
    const div = document.createElement('div');
    div.appendChild(frag);
    expect(div.querySelector('b')).toBeNull();
    expect(div.querySelector('mark')!.textContent).toBe('<b>');
  });
});

describe('what a search result count and a typo-only hit say', () => {
  afterEach(() => { for (const a of running.splice(0)) a.dispose(); });

  it('shows an estimated total as "about …" and names the typo variant a hit was found through', async () => {
    const base = fakeApi();
    const doc = base.docs[0]!;
    const p = doc.passages[0]!;
    const hit = { kind: 'passage' as const, sourceId: doc.id, path: doc.path, title: doc.title, start: p.start, end: p.end, snippet: 'customizing the assistant', marks: [[0, 11]] as Array<[number, number]>, terms: ['customizing'], score: 1, typos: ['customizing'] };
    const api = new Proxy(base, {
      get: (t, prop) => (prop === 'search'
        ? async (query: string) => ({ query, hits: [hit], groups: [{ path: doc.path, sourceId: doc.id, title: doc.title, kind: 'passage' as const, hits: [hit] }], total: 2312, estimated: true, partial: false, tookMs: 1 })
        : Reflect.get(t, prop)),
    });
    const { type } = start(api);
    type('"customising the"');
    await tick(100);
    expect(document.querySelector('[role="status"]')!.textContent).toBe('about 2,300 results in 1 place');
    expect(document.querySelector('.hit')!.textContent).toContain('also: customizing');
  });
});
