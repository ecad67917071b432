import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { selectionToolbar } from '../../renderer/src/reader/selection-toolbar';
import { ARTICLE, closeApps, NEWS, readerPane, startApp } from '../support/real-app';
import { allByRole, getByRole } from '../support/roles';
import { until } from '../support/until';

describe('a deleted source in the app', () => {
  afterEach(closeApps);
  const readerStatus = () => allByRole(readerPane(), 'status').map((s) => s.textContent ?? '').join(' ');

  it('says the source is gone, keeps its text readable, and refuses to quote from it', async () => {
    const { app, real } = await startApp();
    await app.reader.open(ARTICLE);
    const file = path.join(real.libraryDir, ARTICLE);
    await rm(file);
    await real.backend.library.refresh([file]);
    await until(() => readerStatus().includes('is no longer in the library'), 'the reader to say so', 10_000, 10);
    expect(readerPane().textContent).toContain('Alexa');
    await app.reader.quoteSelection();
    expect(getByRole(document, 'status', 'Notifications').textContent).toContain('nothing can be quoted');
    expect(real.count('createAnnotation')).toBe(0);
  });

  it('says nothing when another source is removed', async () => {
    const { app, real } = await startApp();
    await app.reader.open(ARTICLE);
    const file = path.join(real.libraryDir, NEWS);
    await rm(file);
    await real.backend.library.refresh([file]);
    await real.idle();
    expect((await real.api.getLibrary()).sources.map((s) => s.id)).toEqual([ARTICLE]);
    expect(readerStatus()).not.toContain('is no longer in the library');
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
  afterEach(async () => { await closeApps(); localStorage.clear(); });

  /** The side panes' widths as laid out (the layout itself is no element a user names). */
  async function start(width: number) {
    await startApp({ width });
    const shell = getByRole(document, 'complementary', 'Library').parentElement!;
    return { left: parseFloat(shell.style.getPropertyValue('--left')), right: parseFloat(shell.style.getPropertyValue('--right')) };
  }

  it('narrows the side panes at 800×600 so the reader keeps its room and nothing scrolls sideways', async () => {
    const { left, right } = await start(800);
    expect(left + right + 12 + 280).toBeLessThanOrEqual(800);
    expect(left).toBeGreaterThanOrEqual(120);
  });

  it('shows the panes at their chosen widths in a wide window', async () => {
    expect(await start(1600)).toEqual({ left: 320, right: 420 });
  });

  it('gives the search box a placeholder short enough for a narrow pane, with the operators in its tooltip', async () => {
    await start(800);
    const input = getByRole<HTMLInputElement>(document, 'searchbox', 'Search');
    expect(input.placeholder.length).toBeLessThanOrEqual(20);
    expect(input.title).toContain('tag:');
  });
});
