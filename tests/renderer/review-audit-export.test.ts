import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { byRole, getByRole } from '../support/roles';
import { App } from '../../renderer/src/app/app';
import { placeInPassage, quoteWordsQuery, sourceQuery } from '../../renderer/src/review/relink-form';
import { safeFileName } from '../../renderer/src/review/text-export';
import { fakeApi, fakeNotes, seedDoc, tick } from './app-fake-api';
import { reviewFakeApi, type ReviewFakeApi } from './review-fake-api';

const ARTICLE = '003_c38cac0ff9cc0db6.txt';
const SENTENCES = [
  'Voice interfaces are great for timers, weather, and playing music.',
  'It never happened.',
  'The dream was dying.',
  'Nothing worked.',
];

const running: App[] = [];

async function start() {
  document.body.innerHTML = '<div id="app"></div>';
  const api = reviewFakeApi(fakeApi([(await seedDoc(ARTICLE))]));
  const notes = fakeNotes();
  const app = new App(document.getElementById('app')!, api, notes.mount as never);
  running.push(app);
  await tick();
  return { app, api, notes };
}

/** One quote in each state: intact, moved, drifted, orphaned (in the order of SENTENCES). */
async function quotesInEveryState(api: ReviewFakeApi) {
  const text = api.docs[0]!.text;
  const made = [];
  for (const s of SENTENCES) {
    const start = text.indexOf(s);
    const a = await api.createAnnotation({ kind: 'quote', sourceId: ARTICLE, start, end: start + s.length });
    a.quotedBy = [{ path: 'Projects/Alexa.md', title: 'Alexa' }];
    made.push(a);
  }
  const [, moved, drifted, orphaned] = made;
  moved!.anchor = { ...moved!.anchor!, start: moved!.anchor!.start + 10, end: moved!.anchor!.end + 10, status: 'moved' };
  drifted!.currentText = 'The dream was dead.';
  api.sendToReview(orphaned!.id, []);
  return made;
}

const dialog = (label: string) => byRole(document, 'dialog', label);
const buttonNamed = (root: ParentNode, name: string) => [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === name)!;

describe('Check quotes', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => { for (const a of running.splice(0)) a.dispose(); document.body.innerHTML = ''; });

  it('reports how many quotes are intact, moved, drifted and orphaned, the ones needing attention first', async () => {
    const { app, api } = await start();
    await quotesInEveryState(api);
    app.run('check-quotes');
    await tick();
    const d = dialog('Check quotes')!;
    expect(d.querySelector('.audit-summary')!.textContent).toBe('4 quotes checked.');
    expect([...d.querySelectorAll('.audit-count')].map((li) => li.textContent)).toEqual(['1 orphaned', '1 drifted', '1 moved', '1 intact']);
    const groups = [...d.querySelectorAll<HTMLElement>('.audit-group')];
    expect(groups.map((g) => g.querySelector('h3')!.textContent)).toEqual(['Orphaned (1)', 'Drifted (1)', 'Moved (1)', 'Intact (1)']);
    expect(groups.map((g) => g.querySelector('.audit-quote')!.textContent)).toEqual([SENTENCES[3], SENTENCES[2], SENTENCES[1], SENTENCES[0]].map((s) => `“${s}”`));
    expect(groups[0]!.querySelector('.audit-source')!.textContent).toBe('Amazon AI: The $8 Billion Confession of Failure');
    expect(groups[0]!.querySelector('.audit-notes')!.textContent).toBe('in Alexa');
  });

  it('opens a quote in the reader when it is clicked, and a note at the quote from its name', async () => {
    const { app, api, notes } = await start();
    const [intact] = await quotesInEveryState(api);
    app.run('check-quotes');
    await tick();
    const intactGroup = dialog('Check quotes')!.querySelector('.audit-group.audit-intact')!;
    intactGroup.querySelector<HTMLButtonElement>('.audit-open')!.click();
    expect(dialog('Check quotes')).toBeNull();
    await tick();
    expect(api.calls.some((c) => c.method === 'getAnnotation' && c.args[0] === intact!.id)).toBe(true);

    app.run('check-quotes');
    await tick();
    buttonNamed(dialog('Check quotes')!.querySelector('.audit-group.audit-intact')!, 'Alexa').click();
    expect(notes.controller.log.filter((l) => l.call === 'openNote').pop()!.args).toEqual(['Projects/Alexa.md', intact!.id]);
  });

  it('says so when the notebook has no quotes', async () => {
    const { app } = await start();
    app.run('check-quotes');
    await tick();
    expect(dialog('Check quotes')!.querySelector('.audit-summary')!.textContent).toBe('There are no quotes in the notebook yet.');
    expect(dialog('Check quotes')!.querySelectorAll('.audit-group')).toHaveLength(0);
  });
});

describe('exports', () => {
  afterEach(() => { for (const a of running.splice(0)) a.dispose(); document.body.innerHTML = ''; vi.restoreAllMocks(); });

  it('shows the W3C JSON in a read-only text area with Copy and Save…', async () => {
    const { app, api } = await start();
    await quotesInEveryState(api);
    app.run('export-annotations');
    await tick();
    const d = dialog('Annotations as W3C Web Annotations (JSON)')!;
    const area = d.querySelector('textarea')!;
    expect(area.readOnly).toBe(true);
    const parsed = JSON.parse(area.value) as { type: string; total: number };
    expect(parsed.type).toBe('AnnotationCollection');
    expect(parsed.total).toBe(4);
    expect(document.activeElement).toBe(buttonNamed(d, 'Copy'));

    const writeText = vi.fn(async (_: string) => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    buttonNamed(d, 'Copy').click();
    await tick();
    expect(writeText).toHaveBeenCalledWith(area.value);
    expect(d.textContent).toContain('Copied to the clipboard.');
  });

  it('saves an export as a file download named after it', async () => {
    const { app, api } = await start();
    await quotesInEveryState(api);
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => { blobs.push(b); return 'blob:test/1'; }) as typeof URL.createObjectURL;
    URL.revokeObjectURL = vi.fn();
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) { clicked.push(this); });
    app.run('export-annotations');
    await tick();
    const d = dialog('Annotations as W3C Web Annotations (JSON)')!;
    buttonNamed(d, 'Save…').click();
    expect(clicked).toHaveLength(1);
    expect(clicked[0]!.download).toBe('sourcebook-annotations.jsonld');
    expect(clicked[0]!.getAttribute('href')).toBe('blob:test/1');
    expect(await blobs[0]!.text()).toBe(d.querySelector('textarea')!.value);
  });

  it('offers Copy and Save… in the desktop shell too, which lets its own exports through to a save dialog', async () => {
    const shell = window as { sourcebook?: unknown };
    shell.sourcebook = fakeApi(); // what the Electron preload sets
    try {
      const { app } = await start();
      app.run('export-annotations');
      await tick();
      const d = dialog('Annotations as W3C Web Annotations (JSON)')!;
      expect([...d.querySelectorAll('.dialog-actions button')].map((b) => b.textContent)).toEqual(['Copy', 'Save…']);
    } finally {
      delete shell.sourcebook;
    }
  });

  it('exports the open note as Markdown after saving it, and asks for a note when none is open', async () => {
    const { app, api, notes } = await start();
    app.run('export-note-markdown');
    await tick();
    expect(getByRole(document, 'status', 'Notifications').textContent).toMatch(/Open a note first/);
    expect(api.calls.some((c) => c.method === 'exportNoteMarkdown')).toBe(false);

    (notes.controller as { currentNote: () => string | null }).currentNote = () => 'Projects/Alexa strategy.md';
    app.run('export-note-markdown');
    await tick(); await tick();
    expect(notes.controller.log.map((l) => l.call)).toContain('flush');
    expect(api.calls.filter((c) => c.method === 'exportNoteMarkdown').map((c) => c.args)).toEqual([['Projects/Alexa strategy.md']]);
    const d = dialog('“Alexa strategy” as Markdown')!;
    expect(d.querySelector('textarea')!.value).toContain('Passage: <sourcebook://source/');
    d.querySelector('textarea')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(dialog('“Alexa strategy” as Markdown')).toBeNull();
  });
});

describe('finding the passage to relink to', () => {
  it('searches for the quote\'s longer distinctive words, any of them', () => {
    expect(quoteWordsQuery('Voice interfaces are great for timers, weather, and playing music.')).toBe('interfaces OR weather OR playing OR timers OR voice OR great OR music');
    expect(quoteWordsQuery('It is, and was.')).toBe('');
  });

  it('limits the search to one source by its path, without letting a quote in the path end the filter', () => {
    expect(sourceQuery('notes/"draft".md', 'alexa OR echo')).toBe('in:sources source:"notes/ draft .md" (alexa OR echo)');
  });

  it('links to the quoted words where the passage has them verbatim, else to the whole passage', () => {
    const text = 'First paragraph.\n\nIt never happened. Then it did.';
    const hit = { start: 18, end: text.length };
    expect(placeInPassage(text, hit, 'It never happened.')).toEqual({ start: 18, end: 36 });
    expect(placeInPassage(text, hit, 'It never happened at all.')).toEqual(hit);
  });

  it('names saved files with characters every system accepts', () => {
    expect(safeFileName('Alexa: what/why?')).toBe('Alexa what why');
    expect(safeFileName('***')).toBe('export');
  });
});
