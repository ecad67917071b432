import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/app/app';
import { selectionToolbar } from '../../renderer/src/reader/selection-toolbar';
import { fakeApi, fakeNotes, tick } from './app-fake-api';
import { mountReader } from './mount-reader';

describe('a deleted source in the reader', () => {
  beforeEach(() => { document.body.innerHTML = ''; });

  it('says the source is gone, keeps its text readable, and refuses to quote from it', async () => {
    const api = fakeApi();
    const { reader, messages } = mountReader(api);
    const doc = api.docs[0]!;
    await reader.open(doc.id);
    reader.sourceRemoved(doc.id);
    const status = reader.element.querySelector<HTMLElement>('[role="status"]')!;
    expect(status.hidden).toBe(false);
    expect(status.textContent).toContain('is no longer in the library');
    expect(reader.element.querySelector('.reader-content')!.textContent).toContain('Alexa');
    await reader.quoteSelection();
    expect(messages.at(-1)).toContain('nothing can be quoted');
    expect(api.calls.some((c) => c.method === 'createAnnotation')).toBe(false);
  });

  it('says nothing when another source is removed', async () => {
    const api = fakeApi();
    const { reader } = mountReader(api);
    await reader.open(api.docs[0]!.id);
    reader.sourceRemoved(api.docs[1]!.id);
    expect(reader.element.querySelector<HTMLElement>('[role="status"]')!.hidden).toBe(true);
  });
});

describe('the selection toolbar', () => {
  it('puts the comment field before the colours, so Tab from it reaches a colour', () => {
    const bar = selectionToolbar([{ name: 'claim', color: '#ffd400' }, { name: 'evidence', color: '#5fb236' }], { highlight() {}, quote() {}, editColors() {} }, 'Ctrl+Shift+Q', true);
    const focusable = [...bar.querySelectorAll<HTMLElement>('input, button')];
    const comment = focusable.findIndex((el) => el.getAttribute('aria-label') === 'Comment');
    expect(focusable[comment + 1]!.textContent).toBe('claim');
  });
});

describe('the shell in a small window', () => {
  const running: App[] = [];
  afterEach(() => { for (const a of running.splice(0)) a.dispose(); localStorage.clear(); });

  function start(width: number) {
    document.body.innerHTML = '<div id="app"></div>';
    Object.defineProperty(window, 'innerWidth', { value: width, configurable: true });
    const app = new App(document.getElementById('app')!, fakeApi(), fakeNotes().mount as never);
    running.push(app);
    const shell = document.querySelector<HTMLElement>('.shell')!;
    return { left: parseFloat(shell.style.getPropertyValue('--left')), right: parseFloat(shell.style.getPropertyValue('--right')) };
  }

  it('narrows the side panes at 800×600 so the reader keeps its room and nothing scrolls sideways', async () => {
    const { left, right } = start(800);
    expect(left + right + 12 + 280).toBeLessThanOrEqual(800);
    expect(left).toBeGreaterThanOrEqual(120);
    await tick();
  });

  it('shows the panes at their chosen widths in a wide window', () => {
    expect(start(1600)).toEqual({ left: 320, right: 420 });
  });

  it('gives the search box a placeholder short enough for a narrow pane, with the operators in its tooltip', () => {
    start(800);
    const input = document.querySelector<HTMLInputElement>('input[type="search"]')!;
    expect(input.placeholder.length).toBeLessThanOrEqual(20);
    expect(input.title).toContain('tag:');
  });
});
