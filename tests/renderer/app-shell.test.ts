import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { $createParagraphNode, $createTextNode, $getRoot, type LexicalEditor } from 'lexical';
import { allByRole, byRole, getByRole } from '../support/roles';
import { ARTICLE, closeApps, NEWS, startApp } from '../support/real-app';
import { until } from '../support/until';
import { StatusLine } from '../../renderer/src/app/status-line';
import { BEFORE_CLOSE_COMMAND, commands } from '../../main/common/commands';
import { RENDERER_CSP, RENDERER_META_CSP } from '../../main/common/security/csp';

const key = (init: KeyboardEventInit) => window.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));

/** An option's label as listed, without the shortcut shown beside it. */
const optionLabel = (o: HTMLElement) => (o.textContent ?? '').slice(0, (o.textContent ?? '').length - (o.querySelector('kbd')?.textContent ?? '').length);

/** Types a paragraph at the end of the open note, as a user would. */
function typeInNote(text: string) {
  const editor = (getByRole(document, 'textbox', 'Note') as unknown as { __lexicalEditor: LexicalEditor }).__lexicalEditor;
  editor.update(() => { $getRoot().append($createParagraphNode().append($createTextNode(text))); }, { discrete: true });
}

/** One turn of the event loop: every microtask the last action queued has run (an ordering barrier, not a wait for time). */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('index.html', () => {
  const html = readFileSync(path.resolve(__dirname, '../../renderer/index.html'), 'utf8');
  it('declares exactly the shared renderer CSP, less frame-ancestors, which a meta tag cannot carry', () => {
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    expect(meta?.[1]).toBe(RENDERER_META_CSP);
    expect(meta?.[1]).not.toContain('frame-ancestors');
    expect(RENDERER_CSP).toContain("frame-ancestors 'none'"); // the header keeps it
  });
  it('has no inline script or style for the CSP to block', () => {
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });
});

describe('the app shell', () => {
  beforeEach(() => localStorage.clear());
  afterEach(closeApps);

  it('lays out library, reader and notes with keyboard-operable splitters between them', async () => {
    await startApp();
    expect(byRole(document, 'complementary', 'Library')).toBeTruthy();
    expect(byRole(document, 'region', 'Source')).toBeTruthy();
    expect(byRole(document, 'region', 'Notes')).toBeTruthy();
    const left = getByRole(document, 'separator', 'Resize the library pane');
    const before = Number(left.getAttribute('aria-valuenow'));
    left.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    expect(Number(left.getAttribute('aria-valuenow'))).toBe(before + 20);
    const shell = getByRole(document, 'complementary', 'Library').parentElement!;
    expect(shell.style.getPropertyValue('--left')).toBe(`${before + 20}px`);
  });

  it('focuses the search field named "Search" on Ctrl+F', async () => {
    await startApp();
    key({ key: 'f', code: 'KeyF', ctrlKey: true });
    expect(document.activeElement).toBe(getByRole(document, 'searchbox', 'Search'));
  });

  it('opens a command palette on Ctrl+K listing every action with its shortcut', async () => {
    await startApp();
    key({ key: 'k', code: 'KeyK', ctrlKey: true });
    const options = allByRole(document, 'option');
    expect(options.map(optionLabel).sort()).toEqual(commands.filter((c) => c.id !== 'command-palette').map((c) => c.label).sort());
    const quote = options.find((o) => optionLabel(o) === 'Quote to note')!;
    expect(quote.querySelector('kbd')!.textContent).toBe('Ctrl+Shift+Q');
  });

  it('filters the palette fuzzily and runs the chosen command with Enter', async () => {
    const { app, real } = await startApp();
    key({ key: 'k', code: 'KeyK', ctrlKey: true });
    const input = document.activeElement as HTMLInputElement;
    input.value = 'qtn';
    input.dispatchEvent(new Event('input'));
    expect(optionLabel(allByRole(document, 'option').find((o) => o.getAttribute('aria-selected') === 'true')!)).toBe('Quote to note');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(allByRole(document, 'dialog')).toEqual([]);

    key({ key: 'k', code: 'KeyK', ctrlKey: true });
    const again = document.activeElement as HTMLInputElement;
    again.value = 'new note';
    again.dispatchEvent(new Event('input'));
    again.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await real.idle();
    // "New note" opens an empty note in the pane; nothing is written until it is typed into.
    expect(getByRole(document, 'textbox', 'Note').textContent).toBe('');
    expect(await real.api.listNotes()).toEqual([]);
    typeInNote('A first thought.');
    await until(async () => (await real.markdown('Untitled.md'))?.includes('A first thought.'), 'the typed note on disk', 15_000, 20);
    expect(app.notes.currentNote()).toBe('Untitled.md');
  });

  it('runs menu commands sent by the Electron shell like palette choices', async () => {
    const { real } = await startApp();
    real.shellEvent({ type: 'menu-command', command: 'focus-search' });
    expect(document.activeElement).toBe(getByRole(document, 'searchbox', 'Search'));
    real.shellEvent({ type: 'menu-command', command: 'no-such-command' }); // ignored, not thrown
  });

  it('shows the sources and the files that could not be read, with their reasons', async () => {
    await startApp({ sources: { 'broken.txt': new Uint8Array([0x68, 0x69, 0xff, 0xfe, 0x0a]) } });
    const status = getByRole(document, 'contentinfo');
    expect(status.textContent).toContain('2 sources');
    const problems = getByRole(status, 'group');
    expect(getByRole(problems, 'button').textContent).toBe('1 file could not be read');
    expect(allByRole(problems, 'listitem').map((li) => li.textContent)).toEqual([expect.stringMatching(/^broken\.txt — not valid UTF-8 text: /)]);
  });

  it('shows indexing progress as it is reported', () => {
    const line = new StatusLine(() => {});
    line.setProgress({ phase: 'indexing', done: 3, total: 40 }, 2);
    expect(line.element.textContent).toBe('Indexing 3 of 40…');
    line.setProgress({ phase: 'ready', done: 40, total: 40 }, 40);
    expect(line.element.textContent).toBe('40 sources');
  });

  it('saves the open note when the page is hidden or closed', async () => {
    const { app, real } = await startApp({ notes: { 'Alexa.md': '# Alexa\n' } });
    await app.notes.openNote('Alexa.md');
    typeInNote('Typed just before closing.');
    window.dispatchEvent(new Event('pagehide'));
    await turn();
    // Saved at once, not after autosave's pause.
    expect(real.count('saveNote')).toBe(1);
    await real.idle();
    expect(await real.markdown('Alexa.md')).toBe('# Alexa\n\nTyped just before closing.\n');
  });

  it('saves the open note when the Electron shell is about to close the window', async () => {
    const { app, real } = await startApp({ notes: { 'Alexa.md': '# Alexa\n' } });
    await app.notes.openNote('Alexa.md');
    typeInNote('Typed just before quitting.');
    real.shellEvent({ type: 'menu-command', command: BEFORE_CLOSE_COMMAND });
    await turn();
    expect(real.count('saveNote')).toBe(1);
    await real.idle();
    expect(await real.markdown('Alexa.md')).toBe('# Alexa\n\nTyped just before quitting.\n');
  });
});

describe('coming back to the app', () => {
  beforeEach(() => localStorage.clear());
  afterEach(closeApps);

  it('reopens the source that was open when the page was closed', async () => {
    const first = await startApp();
    await first.app.reader.open(ARTICLE);
    window.dispatchEvent(new Event('pagehide'));
    const second = await first.reload();
    expect(second.app.reader.currentSource?.id).toBe(ARTICLE);
  });

  it('does not override a source opened before the library finished loading', async () => {
    localStorage.setItem('sourcebook.reader', JSON.stringify({ sourceId: ARTICLE, at: 0 }));
    const { app, real } = await startApp({ onMount: (mounted) => void mounted.reader.open(NEWS) });
    await real.idle();
    expect(app.reader.currentSource?.id).toBe(NEWS);
  });
});
