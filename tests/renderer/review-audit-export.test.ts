/**
 * Check quotes and the exports in the whole app on the real backend: the four states come from a
 * real edit of the source, the exports are the notebook's own.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { quoteToMarkdown } from '../../main/common/markdown/quote-link';
import { allByRole, byRole, getByRole } from '../support/roles';
import { placeInPassage, quoteWordsQuery, sourceQuery } from '../../renderer/src/review/relink-form';
import { safeFileName } from '../../renderer/src/review/text-export';
import type { RealBackend } from '../support/real-backend';
import { ARTICLE, ARTICLE_TITLE, closeApps, startApp } from '../support/real-app';
import { until } from '../support/until';

/** Quotes that end up intact, moved, drifted and orphaned after one edit of the article (`editInEveryState`). */
const SENTENCES = [
  'Voice interfaces are great for timers, weather, and playing music.',
  'Then [[ChatGPT]] launched, and Amazon realized they weren\'t just losing—they were being lapped.',
  'Training frontier models costs billions and requires specialized talent Amazon didn\'t have.',
  'The critics called it a confession of failure.',
];

/** One quote in each state, all quoted in the note "Projects/Alexa": intact, moved, drifted, orphaned (in the order of SENTENCES). */
async function quotesInEveryState(real: RealBackend) {
  const made = [];
  for (const s of SENTENCES) made.push(await real.quote(ARTICLE, s));
  await real.writeNoteOutside('Projects/Alexa.md', made.map((a) => quoteToMarkdown({ annotationId: a.id, text: a.quote.exact, label: 'Amazon AI' })).join('\n\n') + '\n');
  await real.editSource(ARTICLE, (t) => t
    .replace(SENTENCES[1]!, `A line put before it.\n\n${SENTENCES[1]}`)
    .replace('costs billions and requires', 'costs many billions and needs')
    .replace(SENTENCES[3]!, ''));
  return made;
}

const dialog = (label: string) => byRole(document, 'dialog', label);
const group = (root: HTMLElement, state: string) => getByRole(root, 'region', state);

afterEach(closeApps);

describe('Check quotes', () => {
  beforeEach(() => localStorage.clear());

  it('reports how many quotes are intact, moved, drifted and orphaned, the ones needing attention first', async () => {
    const { app, real } = await startApp();
    await quotesInEveryState(real);
    app.run('check-quotes');
    await until(() => dialog('Check quotes'), 'the report', 10_000, 10);
    await real.idle();
    const d = dialog('Check quotes')!;
    expect(d.textContent).toContain('4 quotes checked.');
    expect(allByRole(getByRole(d, 'list', 'Quotes per state'), 'listitem').map((li) => li.textContent)).toEqual(['1 orphaned', '1 drifted', '1 moved', '1 intact']);
    const groups = allByRole(d, 'region');
    expect(groups.map((g) => getByRole(g, 'heading').textContent)).toEqual(['Orphaned (1)', 'Drifted (1)', 'Moved (1)', 'Intact (1)']);
    expect(groups.map((g) => getByRole(g, 'button', /^Open in the reader|“/).textContent)).toEqual(
      [SENTENCES[3], SENTENCES[2], SENTENCES[1], SENTENCES[0]].map((s) => `“${s}”${ARTICLE_TITLE}`));
    expect(groups[0]!.textContent).toContain('in Alexa');
  });

  it('opens a quote in the reader when it is clicked, and a note at the quote from its name', async () => {
    const { app, real } = await startApp();
    const [intact] = await quotesInEveryState(real);
    app.run('check-quotes');
    await until(() => dialog('Check quotes'), 'the report', 10_000, 10);
    allByRole(group(dialog('Check quotes')!, 'Intact'), 'button')[0]!.click();
    expect(dialog('Check quotes')).toBeNull();
    await until(() => app.reader.currentSource?.id === ARTICLE, 'the reader to open the quote', 10_000, 10);
    await real.idle();
    expect(allByRole(getByRole(document, 'region', 'Source'), 'mark').find((m) => m.getAttribute('aria-current') === 'location')?.textContent).toBe(SENTENCES[0]);

    app.run('check-quotes');
    await until(() => dialog('Check quotes'), 'the report', 10_000, 10);
    getByRole(group(dialog('Check quotes')!, 'Intact'), 'button', 'Alexa').click();
    await until(() => app.notes.currentNote() === 'Projects/Alexa.md', 'the note to open', 10_000, 10);
    // Opened at the quote: the quote in the note is the one flashed.
    await until(() => document.querySelector<HTMLElement>('figure.sb-flash')?.dataset.annotationId === intact!.id, 'the quote flashed', 10_000, 10);
  });

  it('says so when the notebook has no quotes', async () => {
    const { app, real } = await startApp();
    app.run('check-quotes');
    await until(() => dialog('Check quotes'), 'the report', 10_000, 10);
    await real.idle();
    expect(dialog('Check quotes')!.textContent).toContain('There are no quotes in the notebook yet.');
    expect(allByRole(dialog('Check quotes')!, 'region')).toHaveLength(0);
  });
});

describe('exports', () => {
  afterEach(() => { vi.restoreAllMocks(); });
  const W3C = 'Annotations as W3C Web Annotations (JSON)';

  it('shows the W3C JSON in a read-only text area with Copy and Save…', async () => {
    const { app, real } = await startApp();
    await quotesInEveryState(real);
    app.run('export-annotations');
    await until(() => dialog(W3C), 'the export', 10_000, 10);
    const d = dialog(W3C)!;
    const area = getByRole<HTMLTextAreaElement>(d, 'textbox', W3C);
    expect(area.readOnly).toBe(true);
    const parsed = JSON.parse(area.value) as { type: string; total: number };
    expect(parsed.type).toBe('AnnotationCollection');
    expect(parsed.total).toBe(4);
    expect(parsed).toEqual(await real.backend.exportAnnotations());
    expect(document.activeElement).toBe(getByRole(d, 'button', 'Copy'));

    const writeText = vi.fn(async (_: string) => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    getByRole(d, 'button', 'Copy').click();
    await until(() => d.textContent?.includes('Copied to the clipboard.'), 'the confirmation', 10_000, 10);
    expect(writeText).toHaveBeenCalledWith(area.value);
  });

  it('saves an export as a file download named after it', async () => {
    const { app, real } = await startApp();
    await quotesInEveryState(real);
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => { blobs.push(b); return 'blob:test/1'; }) as typeof URL.createObjectURL;
    URL.revokeObjectURL = vi.fn();
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) { clicked.push(this); });
    app.run('export-annotations');
    await until(() => dialog(W3C), 'the export', 10_000, 10);
    const d = dialog(W3C)!;
    getByRole(d, 'button', 'Save…').click();
    expect(clicked).toHaveLength(1);
    expect(clicked[0]!.download).toBe('sourcebook-annotations.jsonld');
    expect(clicked[0]!.getAttribute('href')).toBe('blob:test/1');
    expect(await blobs[0]!.text()).toBe(getByRole<HTMLTextAreaElement>(d, 'textbox', W3C).value);
  });

  it('offers Copy and Save… in the desktop shell too, which lets its own exports through to a save dialog', async () => {
    const shell = window as { sourcebook?: unknown };
    const { app, real } = await startApp();
    shell.sourcebook = real.api; // what the Electron preload sets
    try {
      app.run('export-annotations');
      await until(() => dialog(W3C), 'the export', 10_000, 10);
      const d = dialog(W3C)!;
      expect(allByRole(d, 'button').map((b) => b.textContent).filter((t) => t === 'Copy' || t === 'Save…')).toEqual(['Copy', 'Save…']);
    } finally {
      delete shell.sourcebook;
    }
  });

  it('exports the open note as Markdown after saving it, and asks for a note when none is open', async () => {
    const { app, real } = await startApp();
    const [a] = await quotesInEveryState(real);
    app.run('export-note-markdown');
    await real.idle();
    expect(getByRole(document, 'status', 'Notifications').textContent).toMatch(/Open a note first/);
    expect(real.count('exportNoteMarkdown')).toBe(0);

    await app.notes.openNote('Projects/Alexa.md');
    const editor = getByRole(document, 'textbox', 'Note') as unknown as { __lexicalEditor: import('lexical').LexicalEditor };
    const { $createParagraphNode, $createTextNode, $getRoot } = await import('lexical');
    editor.__lexicalEditor.update(() => { $getRoot().append($createParagraphNode().append($createTextNode('Written just now.'))); }, { discrete: true });
    app.run('export-note-markdown');
    await until(() => dialog('“Alexa” as Markdown'), 'the export', 10_000, 10);
    // Saved first, so the export holds what was just typed.
    expect(await real.markdown('Projects/Alexa.md')).toContain('Written just now.');
    expect(real.requests.filter((c) => c.method === 'exportNoteMarkdown').map((c) => c.args)).toEqual([['Projects/Alexa.md']]);
    const d = dialog('“Alexa” as Markdown')!;
    const text = getByRole<HTMLTextAreaElement>(d, 'textbox').value;
    expect(text).toContain('Written just now.');
    expect(text).toContain('Passage: <sourcebook://source/');
    expect(text).toContain(a!.id);
    getByRole(d, 'textbox').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(dialog('“Alexa” as Markdown')).toBeNull();
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
