import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allByRole } from '../support/roles';
import { App } from '../../renderer/src/app/app';
import { BEFORE_CLOSE_COMMAND, commands } from '../../main/common/commands';
import { RENDERER_CSP, RENDERER_META_CSP } from '../../main/common/security/csp';
import { fakeApi, fakeNotes, tick, type FakeApi } from './app-fake-api';

const running: App[] = [];

function start(api: FakeApi = fakeApi()) {
  document.body.innerHTML = '<div id="app"></div>';
  Object.defineProperty(window, 'innerWidth', { value: 1600, configurable: true });
  const notes = fakeNotes();
  const app = new App(document.getElementById('app')!, api, notes.mount as never);
  running.push(app);
  return { app, api, notes };
}

const key = (init: KeyboardEventInit) => window.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));

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
  afterEach(() => { for (const a of running.splice(0)) a.dispose(); });

  it('lays out library, reader and notes with keyboard-operable splitters between them', () => {
    const { app } = start();
    const shell = document.querySelector<HTMLElement>('.shell')!;
    expect(shell.querySelector('[aria-label="Library"]')).toBeTruthy();
    expect(shell.querySelector('[role="region"][aria-label="Source"]')).toBeTruthy();
    expect(shell.querySelector('[aria-label="Notes"]')).toBeTruthy();
    const [left] = shell.querySelectorAll<HTMLElement>('[role="separator"]');
    const before = Number(left!.getAttribute('aria-valuenow'));
    left!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    expect(Number(left!.getAttribute('aria-valuenow'))).toBe(before + 20);
    expect(shell.style.getPropertyValue('--left')).toBe(`${before + 20}px`);
  });

  it('focuses the search field named "Search" on Ctrl+F', () => {
    start();
    key({ key: 'f', code: 'KeyF', ctrlKey: true });
    const focused = document.activeElement as HTMLInputElement;
    expect(focused.type).toBe('search');
    expect(focused.getAttribute('aria-label')).toBe('Search');
  });

  it('opens a command palette on Ctrl+K listing every action with its shortcut', () => {
    start();
    key({ key: 'k', code: 'KeyK', ctrlKey: true });
    const options = [...document.querySelectorAll('[role="option"]')];
    const listed = options.map((o) => o.querySelector('.palette-label')!.textContent);
    expect(listed.sort()).toEqual(commands.filter((c) => c.id !== 'command-palette').map((c) => c.label).sort());
    const quote = options.find((o) => o.textContent!.startsWith('Quote to note'))!;
    expect(quote.querySelector('kbd')!.textContent).toBe('Ctrl+Shift+Q');
  });

  it('filters the palette fuzzily and runs the chosen command with Enter', async () => {
    const { notes } = start();
    key({ key: 'k', code: 'KeyK', ctrlKey: true });
    const input = document.activeElement as HTMLInputElement;
    input.value = 'qtn';
    input.dispatchEvent(new Event('input'));
    const first = document.querySelector('[role="option"][aria-selected="true"] .palette-label')!;
    expect(first.textContent).toBe('Quote to note');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(allByRole(document, 'dialog')).toEqual([]);

    key({ key: 'k', code: 'KeyK', ctrlKey: true });
    const again = document.activeElement as HTMLInputElement;
    again.value = 'new note';
    again.dispatchEvent(new Event('input'));
    again.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await tick(5);
    // "New note" opens an empty note in the pane; nothing is written until it is typed into.
    expect(notes.controller.log.some((l) => l.call === 'newNote')).toBe(true);
  });

  it('runs menu commands sent by the Electron shell like palette choices', () => {
    const { api } = start();
    api.emit({ type: 'menu-command', command: 'focus-search' });
    expect((document.activeElement as HTMLElement).getAttribute('aria-label')).toBe('Search');
    api.emit({ type: 'menu-command', command: 'no-such-command' }); // ignored, not thrown
  });

  it('shows indexing progress and the files that could not be read, with their reasons', async () => {
    const { api } = start();
    await tick(5);
    const status = document.querySelector('.status-line')!;
    expect(status.textContent).toContain('2 sources');
    expect(status.textContent).toContain('1 file could not be read');
    expect(status.querySelector('.problem-list')!.textContent).toBe('broken.txt — not valid UTF-8 text: byte 0xff at offset 12');
    api.emit({ type: 'index-progress', progress: { phase: 'indexing', done: 3, total: 40 } });
    expect(status.querySelector('.status-progress')!.textContent).toBe('Indexing 3 of 40…');
  });

  it('saves the open note when the page is hidden or closed', () => {
    const { notes } = start();
    window.dispatchEvent(new Event('pagehide'));
    expect(notes.controller.log.filter((l) => l.call === 'flush').length).toBe(1);
  });

  it('saves the open note when the Electron shell is about to close the window', () => {
    const api = fakeApi();
    const { notes } = start(api);
    api.emit({ type: 'menu-command', command: BEFORE_CLOSE_COMMAND });
    expect(notes.controller.log.filter((l) => l.call === 'flush').length).toBe(1);
  });
});

describe('coming back to the app', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => { for (const a of running.splice(0)) a.dispose(); });

  it('reopens the source that was open when the page was closed', async () => {
    const first = start();
    await tick(5);
    await first.app.reader.open('003_c38cac0ff9cc0db6.txt');
    window.dispatchEvent(new Event('pagehide'));
    first.app.dispose();
    const second = start();
    await tick(20);
    expect(second.app.reader.currentSource?.id).toBe('003_c38cac0ff9cc0db6.txt');
  });

  it('does not override a source opened before the library finished loading', async () => {
    localStorage.setItem('sourcebook.reader', JSON.stringify({ sourceId: '003_c38cac0ff9cc0db6.txt', at: 0 }));
    const { app } = start();
    void app.reader.open('000_fc16814f2607de2a.txt');
    await tick(20);
    expect(app.reader.currentSource?.id).toBe('000_fc16814f2607de2a.txt');
  });
});
