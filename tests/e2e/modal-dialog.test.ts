/**
 * The app's one modal, in a real browser: every dialog is a native modal `<dialog>`, so Chromium
 * keeps Tab inside it, Escape closes it, focus goes back where it was, and the shell's shortcuts
 * wait meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './harness';

describe('a modal dialog in the browser', () => {
  let app: RunningApp;
  beforeAll(async () => { app = await startApp(); });
  afterAll(async () => { await app?.stop(); });

  it('keeps Tab inside the command palette, holds back shortcuts, and gives focus back on Escape', async () => {
    const { page } = app;
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.focus();
    await page.keyboard.press('Control+K');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.waitFor();
    expect(await palette.evaluate((d) => d.matches('dialog:modal'))).toBe(true);
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      expect(await palette.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press('Control+F'); // "Focus search" must wait while the dialog is open
    expect(await palette.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await palette.waitFor({ state: 'detached' });
    expect(await search.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('opens "Review quotes" as a modal dialog that Escape closes', async () => {
    const { page } = app;
    await page.keyboard.press('Control+K');
    await page.getByRole('combobox', { name: 'Command' }).fill('review quotes');
    await page.keyboard.press('Enter');
    const review = page.getByRole('dialog', { name: 'Review quotes' });
    await review.waitFor();
    expect(await review.evaluate((d) => d.matches('dialog:modal'))).toBe(true);
    await page.keyboard.press('Shift+Tab');
    expect(await review.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await review.waitFor({ state: 'detached' });
  });
});
