/**
 * End to end, in Chromium: quotes whose sentences are deleted or reworded in the source file on
 * disk reach the review list (badge → "Review quotes" → decide), "Check quotes" reports them by
 * state, and an export downloads as a file in the browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AnchoredAnnotation, SourceDoc } from '../../main/common/contract';
import { quoteToMarkdown } from '../../main/common/markdown/quote-link';
import { apiCaller, scratchFolders, startApp, type ApiCall, type RunningApp, type ScratchFolders } from './harness';
import { until } from '../support/until';

const SOURCE = '003_c38cac0ff9cc0db6.txt';
const DELETED = 'Voice interfaces are great for timers, weather, and playing music.';
const ORIGINAL = 'Shopping by voice sounds futuristic until you try to buy pants without seeing them.';
const REWORDED = 'Voice shopping sounds futuristic until you try buying pants you have never seen.';
const KEPT = 'It never happened.';

describe('reviewing quotes after their source changed', () => {
  let app: RunningApp;
  let folders: ScratchFolders;
  let library: string;
  let notebook: string;
  let call: ApiCall;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    folders = await scratchFolders();
    ({ library, notebook } = folders);
    // Three quotes, each in a note, as the reader's "Quote to note" makes them. The notes are
    // written while the app is stopped: a note file written while the app runs may be read by
    // another part of the app before the notebook's watcher indexes its links (reported).
    app = await startApp({ library, notebook });
    call = apiCaller(app.url);
    const doc = await until(() => call<SourceDoc>('getSource', SOURCE).catch(() => null), 'the source to be indexed');
    const notes: Array<[string, string]> = [];
    for (const [title, sentence] of [['Voice', DELETED], ['Shopping', ORIGINAL], ['Failure', KEPT]] as const) {
      const start = doc.text.indexOf(sentence);
      expect(start).toBeGreaterThanOrEqual(0);
      const a = await call<AnchoredAnnotation>('createAnnotation', { kind: 'quote', sourceId: SOURCE, start, end: start + sentence.length });
      ids[title] = a.id;
      notes.push([title, `# ${title}\n\n${quoteToMarkdown({ annotationId: a.id, text: sentence, label: 'The Alexa Delusion · Amazon AI' })}\n`]);
    }
    await app.stop();
    for (const [title, markdown] of notes) await writeFile(path.join(notebook, `${title}.md`), markdown);
    app = await startApp({ library, notebook });
    call = apiCaller(app.url);
    for (const [title, id] of Object.entries(ids)) await until(async () => (await call<AnchoredAnnotation>('getAnnotation', id)).quotedBy.length > 0, `“${title}” to be indexed as quoting its annotation`, 20_000);
  });
  afterAll(async () => {
    await app?.stop();
    await folders?.remove();
  });

  const editSource = async (from: string, to: string) => {
    const file = path.join(library, SOURCE);
    const text = await readFile(file, 'utf8');
    expect(text).toContain(from);
    await writeFile(file, text.replace(from, to));
  };
  const reviewDialog = () => app.page.getByRole('dialog', { name: 'Review quotes' });

  it('shows a deleted sentence in its old context, and "Keep as orphan" takes it off the list', async () => {
    const { page } = app;
    await editSource(`${DELETED} `, '');
    const badge = page.locator('.review-badge');
    await badge.waitFor({ state: 'visible', timeout: 60_000 });
    await expect(badge.textContent()).resolves.toBe('1 quote to review');
    await app.screenshot('review-01-badge');

    await badge.click();
    const item = reviewDialog().locator('.review-item');
    await item.waitFor();
    await expect(item.locator('[aria-label="As quoted"] mark').textContent()).resolves.toBe(DELETED);
    await expect(item.locator('[aria-label="As quoted"]').textContent()).resolves.toContain('The problems were fundamental.');
    await expect(item.locator('[aria-label="In the source now"]').textContent()).resolves.toContain('no longer in the source');
    await app.screenshot('review-02-orphan');

    // "Relink to another source" searches the chosen source with the real query language; cancelling changes nothing.
    await item.getByRole('button', { name: 'Relink to another source' }).click();
    const relink = item.getByRole('group', { name: 'Relink to another source' });
    await relink.getByRole('combobox', { name: 'Source' }).selectOption({ label: 'Amazon is investing billions in its favorite AI and it’s not yet Alexa — 000_fc16814f2607de2a.txt' });
    await relink.getByRole('searchbox', { name: 'Words to find' }).fill('voice OR music OR alexa');
    await relink.getByRole('searchbox', { name: 'Words to find' }).press('Enter');
    await relink.locator('.review-hit').first().waitFor({ timeout: 10_000 });
    await expect(relink.getByRole('status').textContent()).resolves.toMatch(/passages? in “Amazon is investing billions/);
    await app.screenshot('review-02b-relink');
    await relink.getByRole('button', { name: 'Cancel' }).click();
    await expect(item.getByRole('group', { name: 'Relink to another source' }).count()).resolves.toBe(0);

    await item.getByRole('button', { name: 'Keep as orphan' }).click();
    await reviewDialog().getByText('Nothing to review').waitFor();
    await badge.waitFor({ state: 'hidden' });
    await app.screenshot('review-03-kept');
    await page.keyboard.press('Escape');
    await reviewDialog().waitFor({ state: 'detached' });
    const kept = await call<AnchoredAnnotation>('getAnnotation', ids.Voice!);
    expect(kept.quote.exact).toBe(DELETED);
    expect(kept.anchor).toBeNull();
  });

  it('offers the reworded sentence, "Accept" relinks the quote to it, and "Open source" lands on the new text', async () => {
    const { page } = app;
    await editSource(ORIGINAL, REWORDED);
    const badge = page.locator('.review-badge');
    await badge.waitFor({ state: 'visible', timeout: 60_000 });

    // From the palette this time.
    await page.keyboard.press('Control+K');
    await page.getByRole('combobox', { name: 'Command' }).fill('review quotes');
    await page.keyboard.press('Enter');
    const item = reviewDialog().locator('.review-item');
    await item.waitFor();
    await expect(item.locator('[aria-label="As quoted"] mark').textContent()).resolves.toBe(ORIGINAL);
    await expect(item.locator('[aria-label="In the source now"] mark').textContent()).resolves.toBe(REWORDED);
    await expect(item.locator('[aria-label="In the source now"] h3').textContent()).resolves.toMatch(/In the source now · \d+%/);
    await expect(item.locator('.review-item-head').textContent()).resolves.toContain('quoted in “Shopping”');
    await app.screenshot('review-04-reworded');

    await item.getByRole('button', { name: 'Accept' }).click();
    await reviewDialog().getByText('Nothing to review').waitFor();
    await badge.waitFor({ state: 'hidden' });
    const moved = await call<AnchoredAnnotation>('getAnnotation', ids.Shopping!);
    expect(moved.quote.exact).toBe(REWORDED);
    expect(moved.anchor?.status).toBe('exact');
    await page.keyboard.press('Escape');

    await page.getByRole('list', { name: 'Notes' }).getByRole('button', { name: 'Shopping', exact: true }).click();
    const figure = page.getByRole('textbox', { name: 'Note' }).locator('figure.sb-quote');
    // The note still holds the words as quoted: it says the source changed, as Check quotes will.
    await figure.locator('.sb-quote-badge').waitFor();
    await expect(figure.getAttribute('data-state')).resolves.toBe('drifted');
    await figure.getByRole('button', { name: 'Open source' }).click();
    const reader = page.getByRole('region', { name: 'Source' });
    await reader.locator('mark.target').first().waitFor({ timeout: 10_000 });
    expect((await reader.locator('mark.target').allTextContents()).join('')).toBe(REWORDED);
    await app.screenshot('review-05-open-source');
  });

  it('"Check quotes" reports each quote by state, orphans first, and opens one in the reader', async () => {
    const { page } = app;
    await page.keyboard.press('Control+K');
    await page.getByRole('combobox', { name: 'Command' }).fill('check quotes');
    await page.keyboard.press('Enter');
    const report = page.getByRole('dialog', { name: 'Check quotes' });
    await report.waitFor();
    await expect(report.locator('.audit-summary').textContent()).resolves.toBe('3 quotes checked.');
    // The accepted quote was relinked to the new words, but its note still quotes the old ones:
    // drifted, as the note itself shows it (one state for every view).
    await expect(report.locator('.audit-count').allTextContents()).resolves.toEqual(['1 orphaned', '1 drifted', '0 moved', '1 intact']);
    await expect(report.locator('.audit-group').first().locator('h3').textContent()).resolves.toBe('Orphaned (1)');
    await expect(report.locator('.audit-group').first().locator('.audit-quote').textContent()).resolves.toBe(`“${DELETED}”`);
    await expect(report.locator('.audit-group').first().locator('.audit-notes').textContent()).resolves.toBe('in Voice');
    await expect(report.locator('.audit-item', { hasText: KEPT }).locator('.audit-notes').textContent()).resolves.toBe('in Failure');
    await app.screenshot('review-06-check-quotes');

    await report.locator('.audit-open', { hasText: KEPT }).click();
    await report.waitFor({ state: 'detached' });
    const reader = page.getByRole('region', { name: 'Source' });
    await reader.locator('mark.target', { hasText: KEPT }).first().waitFor({ timeout: 10_000 });
  });

  it('exports the annotations as W3C JSON and downloads them with "Save…"', async () => {
    const { page } = app;
    await page.keyboard.press('Control+K');
    await page.getByRole('combobox', { name: 'Command' }).fill('export annotations');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Annotations as W3C Web Annotations (JSON)' });
    await dialog.waitFor();
    const shown = JSON.parse(await dialog.locator('textarea').inputValue()) as { type: string; total: number; first: { items: unknown[] } };
    expect(shown.type).toBe('AnnotationCollection');
    expect(shown.total).toBe(3);
    expect(shown.first.items).toHaveLength(3);
    await app.screenshot('review-07-export');
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Save…' }).click()]);
    expect(download.suggestedFilename()).toBe('sourcebook-annotations.jsonld');
    const saved = await download.path();
    expect(JSON.parse(await readFile(saved, 'utf8'))).toEqual(shown);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('exports the open note as Markdown whose quotes carry a text fragment', async () => {
    const { page } = app;
    await page.getByRole('list', { name: 'Notes' }).getByRole('button', { name: 'Failure', exact: true }).click();
    await page.getByRole('textbox', { name: 'Note' }).locator('figure.sb-quote').waitFor();
    await page.keyboard.press('Control+K');
    await page.getByRole('combobox', { name: 'Command' }).fill('export note');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: '“Failure” as Markdown' });
    await dialog.waitFor();
    const markdown = await dialog.locator('textarea').inputValue();
    expect(markdown).toContain(`> ${KEPT}`);
    expect(markdown).toMatch(/Passage: <sourcebook:\/\/source\/[^>]*#:~:text=[^>]*It%20never%20happened/);
    await app.screenshot('review-08-export-note');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });
});
