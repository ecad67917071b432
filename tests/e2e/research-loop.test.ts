/**
 * The research loop in Chromium against `sourcebook serve` on the seeds and a fresh notebook:
 * search → open hit → select a sentence → Quote to note → the note file holds the sentence and
 * its link → reload → "Open source" → the reader shows that sentence in view, marked.
 * Also: highlighting in a named colour. Screenshots of each step go to test-output/e2e/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './harness';
import { inViewOf, noteContaining, selectInReader } from './reader-steps';

const SENTENCE = 'It was a tacit admission: Amazon\'s own AI (the Titan series) couldn\'t compete with the best models.';
const BY_KEYBOARD = 'But it also exposed Amazon\'s core weakness: they had no model worth bragging about.';
const HIGHLIGHT = 'By 2024, it included AI agents for multi-step tasks, guardrails for safety, and knowledge bases for retrieval-augmented generation.';


describe('the research loop in the browser', () => {
  let app: RunningApp;
  beforeAll(async () => { app = await startApp(); });
  afterAll(async () => { await app?.stop(); });

  it('quotes a sentence into a note and leads back to it after a reload', async () => {
    const { page } = app;
    const reader = page.getByRole('region', { name: 'Source' });
    const scroller = reader.locator('.reader-scroll');

    await page.getByRole('searchbox', { name: 'Search' }).fill('Bedrock');
    const hit = page.locator('.hit', { hasText: 'tacit admission' }).first();
    await hit.waitFor({ timeout: 10_000 });
    await app.screenshot('loop-01-search-bedrock');

    await hit.click();
    await reader.locator('mark.match', { hasText: 'Bedrock' }).first().waitFor();
    await app.screenshot('loop-02-opened-hit');

    await selectInReader(page, SENTENCE);
    const quote = page.getByRole('button', { name: 'Quote to note' });
    await quote.waitFor();
    await app.screenshot('loop-03-selected');
    await quote.click();

    const markdown = await noteContaining(app.notebookDir, 'sourcebook://annotation/');
    expect(markdown).toContain(SENTENCE);
    expect(markdown).toMatch(/\(sourcebook:\/\/annotation\/[A-Za-z0-9_-]+\)/);
    await reader.locator('mark.hl-quote', { hasText: 'tacit admission' }).first().waitFor();
    await app.screenshot('loop-04-quoted');

    await app.reload();
    await page.getByRole('searchbox', { name: 'Search' }).waitFor();
    const noteButton = page.getByRole('list', { name: 'Notes' }).getByRole('button').first();
    await noteButton.waitFor({ timeout: 10_000 });
    await noteButton.click();
    const open = page.getByRole('button', { name: 'Open source' }).first();
    await open.waitFor({ timeout: 10_000 });
    await app.screenshot('loop-05-reloaded-note');

    await open.click();
    const target = reader.locator('mark.target', { hasText: 'tacit admission' }).first();
    await target.waitFor({ timeout: 10_000 });
    const marked = await reader.locator('mark.target').allTextContents();
    expect(marked.join('')).toBe(SENTENCE);
    expect(await inViewOf(scroller, target)).toBe(true);
    await app.screenshot('loop-06-open-source');
  });

  it('highlights a selection in a named colour and shows it in that colour', async () => {
    const { page } = app;
    const reader = page.getByRole('region', { name: 'Source' });
    await selectInReader(page, HIGHLIGHT);
    const toolbar = page.getByRole('toolbar', { name: 'Selection' });
    await toolbar.waitFor();
    const names = await toolbar.locator('.sel-color').allTextContents();
    expect(names.length).toBeGreaterThan(1);
    const chosen = names[1]!;
    await toolbar.getByRole('button', { name: chosen, exact: true }).click();
    const mark = reader.locator('mark.hl', { hasText: 'guardrails for safety' }).first();
    await mark.waitFor();
    expect(await mark.getAttribute('title')).toBe(chosen);
    const [hl, background] = await mark.evaluate((el) => [el.style.getPropertyValue('--hl'), getComputedStyle(el).backgroundColor]);
    expect(hl).toMatch(/^#[0-9a-f]{6}$/i);
    expect(background).not.toBe('rgba(0, 0, 0, 0)');
    await app.screenshot('loop-07-highlight');

    // The highlight is stored: it is there again after a reload.
    await app.reload();
    await page.getByRole('searchbox', { name: 'Search' }).fill('guardrails');
    await page.locator('.hit').first().click();
    await reader.locator('mark.hl', { hasText: 'guardrails for safety' }).first().waitFor({ timeout: 10_000 });
  });

  it('quotes with Ctrl+Shift+Q, and lists the command with that shortcut in the palette', async () => {
    const { page } = app;
    const reader = page.getByRole('region', { name: 'Source' });
    await reader.getByText('core weakness').first().waitFor();
    await selectInReader(page, BY_KEYBOARD);
    await page.keyboard.press('Control+Shift+Q');
    await noteContaining(app.notebookDir, BY_KEYBOARD);
    await reader.locator('mark.hl-quote', { hasText: 'core weakness' }).first().waitFor();

    await page.keyboard.press('Control+K');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.getByRole('combobox', { name: 'Command' }).fill('quote');
    const option = palette.getByRole('option').first();
    expect(await option.textContent()).toBe('Quote to noteCtrl+Shift+Q');
    await app.screenshot('loop-08-palette');
    await page.keyboard.press('Escape');
    expect(await palette.count()).toBe(0);
  });
});
