/**
 * Markdown in the reader (Chromium against `sourcebook serve` on a copy of the seeds): bold list
 * items render bold with their `**` muted, `[[wikilinks]]` are links that open the source they
 * name, a quote selected across bold text holds exactly the selected characters, and a passage can
 * be selected and quoted with the keyboard alone.
 */
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startAppOnNewLibrary, type RunningApp } from './harness';
import { noteContaining, selectAcross } from './reader-steps';

const SEED = '003_c38cac0ff9cc0db6.txt';
const ECHO = '# Amazon Echo\n\nA smart speaker.\n\n## Sales\n\nOver 100 million devices were sold by 2019.\n';

describe('Markdown in the reader', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startAppOnNewLibrary('sourcebook-e2e-markdown-', async (library) => {
      await copyFile(path.join(repoRoot, 'seeds', SEED), path.join(library, SEED));
      await writeFile(path.join(library, 'Amazon Echo.md'), ECHO);
    });
  });
  afterAll(async () => { await app?.stop(); });

  it('shows bold list items bold with their syntax hidden and their number shown, and wikilinks as links', async () => {
    const { page } = app;
    await page.locator('.source-item', { hasText: 'Amazon AI' }).click();
    const reader = page.getByRole('region', { name: 'Source' });
    const item = reader.locator('.blk-list-item', { hasText: 'Let others do the hard research.' });
    await item.waitFor({ timeout: 10_000 });
    await item.scrollIntoViewIfNeeded();

    const bold = item.locator('.md-strong').first();
    expect(await bold.textContent()).toBe('Let others do the hard research.');
    expect(Number(await bold.evaluate((el) => getComputedStyle(el).fontWeight))).toBeGreaterThanOrEqual(600);
    const markers = await item.locator('.syntax').evaluateAll((els) => els.map((el) => ({ text: el.textContent, display: getComputedStyle(el).display })));
    // The list number is the list's marker and shows; the bold markers are syntax and do not.
    expect(markers).toEqual([{ text: '1. ', display: 'inline' }, { text: '**', display: 'none' }, { text: '**', display: 'none' }]);
    expect(await item.innerText()).toMatch(/^1\. Let others do the hard research\. Training/);
    // The markers are still text in the DOM: offsets stay those of the file.
    expect(await item.evaluate((el) => [...el.childNodes].map((n) => n.textContent).join(''))).toMatch(/^1\. \*\*Let others do the hard research\.\*\* Training/);

    const link = reader.getByRole('link', { name: 'Amazon Echo', exact: true });
    expect(await link.count()).toBe(1);
    expect(await link.textContent()).toBe('[[Amazon Echo]]');
    expect(await link.getAttribute('tabindex')).toBe('0');
    await app.screenshot('reader-markdown-01-bold-and-links');
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.screenshot('reader-markdown-01b-dark-theme');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('quotes a selection across bold text with exactly the selected characters', async () => {
    const { page } = app;
    const reader = page.getByRole('region', { name: 'Source' });
    const needle = 'the hard research.** Training frontier models';
    await selectAcross(page, needle);
    const quote = page.getByRole('button', { name: 'Quote to note' });
    await quote.waitFor();
    await app.screenshot('reader-markdown-02-selected-across-bold');
    await quote.click();
    const note = await noteContaining(app.notebookDir, 'Training frontier models');
    // The note quotes the words as shown; the highlight covers the exact characters of the file.
    expect(note).toContain(`> ${needle.replace(/\*\*/g, '')}`);
    const item = reader.locator('.blk-list-item', { hasText: 'Let others do the hard research.' });
    await item.locator('mark.hl-quote').first().waitFor();
    expect((await item.locator('mark.hl-quote').allTextContents()).join('')).toBe(needle);
    // The bold stays bold inside the highlight.
    expect(await item.locator('mark.hl-quote .md-strong').first().textContent()).toBe('the hard research.');
    await app.screenshot('reader-markdown-03-quoted-across-bold');
  });

  it('selects a passage with the keyboard, trims it by a sentence and quotes it', async () => {
    const { page } = app;
    const reader = page.getByRole('region', { name: 'Source' });
    await page.keyboard.press('Control+2');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('blk'))).toBe(true);

    const passage = reader.locator('.blk-list-item', { hasText: 'Own the enterprise deployment layer.' });
    await passage.focus();
    await page.keyboard.press('Enter');
    const whole = await page.evaluate(() => window.getSelection()!.toString());
    // What the selection says is what shows: no hidden "**".
    expect(whole).toMatch(/^Own the enterprise deployment layer\. .* AWS excels at boring enterprise requirements\.$/);
    await page.getByRole('button', { name: 'Quote to note' }).waitFor();

    await page.keyboard.press('Shift+ArrowUp');
    const expected = whole.replace(/ AWS excels at boring enterprise requirements\.$/, '');
    expect(await page.evaluate(() => window.getSelection()!.toString())).toBe(expected);
    await app.screenshot('reader-markdown-04-keyboard-selection');

    await page.keyboard.press('Control+Shift+Q');
    const note = await noteContaining(app.notebookDir, 'Own the enterprise');
    expect(note).toContain(`> ${expected}`);
    expect((await passage.locator('mark.hl-quote').allTextContents()).join('').replace(/\*\*/g, '')).toBe(expected);
    // The passage re-rendered with its highlight and kept the focus: the next quote can follow.
    expect(await page.evaluate(() => document.activeElement?.textContent?.startsWith('2. **Own the enterprise'))).toBe(true);
  });

  it('opens the source a wikilink names, from the keyboard', async () => {
    const { page } = app;
    const reader = page.getByRole('region', { name: 'Source' });
    const link = reader.getByRole('link', { name: 'Amazon Echo', exact: true });
    await link.focus();
    await page.keyboard.press('Enter');
    await reader.locator('.reader-title', { hasText: 'Amazon Echo' }).waitFor({ timeout: 10_000 });
    expect(await reader.locator('.reader-content').textContent()).toContain('Over 100 million devices');
    await app.screenshot('reader-markdown-05-wikilink-opened');
  });
});
