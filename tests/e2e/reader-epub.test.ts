/**
 * Reading a real EPUB in Chromium: its chapters shown as text with the book's table of contents as
 * the outline, a sentence of a chapter quoted (the note cites the chapter), and "Open source" from
 * the note bringing the sentence back, marked, after another source was opened.
 */
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startAppOnNewLibrary, type RunningApp } from './harness';
import { inViewOf, noteContaining, selectInReader } from './reader-steps';

const BOOK = 'accessible_epub_3.epub';


describe('an EPUB book in the reader', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startAppOnNewLibrary('sb-e2e-epub-', async (library) => {
      await copyFile(path.join(repoRoot, '../shared/corpora/epub', BOOK), path.join(library, BOOK));
      await copyFile(path.join(repoRoot, 'seeds/000_fc16814f2607de2a.txt'), path.join(library, 'alexa.txt'));
    });
  }, 60_000);
  afterAll(async () => { await app?.stop(); });

  it('shows chapters with the TOC as outline, quotes a sentence citing its chapter, and leads back to it', async () => {
    const { page } = app;
    const reader = page.getByRole('region', { name: 'Source' });
    const scroller = reader.locator('.reader-scroll');
    await page.getByRole('button', { name: /Accessible EPUB 3/ }).click({ timeout: 20_000 });
    const outline = reader.getByRole('combobox', { name: 'Outline' });
    await outline.waitFor();
    const entries = await outline.locator('option').allTextContents();
    expect(entries.map((e) => e.trim())).toContain('1. Introduction');

    // Jump to the chapter through the outline, as a reader would.
    const value = await outline.locator('option', { hasText: '1. Introduction' }).first().getAttribute('value');
    await outline.selectOption(value!);
    const paragraph = reader.locator('.blk', { hasText: 'accessibility' }).first();
    await paragraph.waitFor();
    // The first whole sentence rendered in one text node at or below the chapter's start.
    const sentence = await page.evaluate(() => {
      const scroller = document.querySelector('[role="region"][aria-label="Source"] .reader-scroll')!.getBoundingClientRect();
      for (const b of document.querySelectorAll<HTMLElement>('[role="region"][aria-label="Source"] .blk')) {
        if (b.getBoundingClientRect().top < scroller.top - 1) continue;
        const walker = document.createTreeWalker(b, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
          const m = /[A-Z][a-z][^.!?&<>]{50,200}\./.exec(n.data);
          if (m) return m[0];
        }
      }
      return null;
    });
    expect(sentence).toBeTruthy();
    await selectInReader(page, sentence!);
    await page.getByRole('button', { name: 'Quote to note' }).click();
    const markdown = await noteContaining(app.notebookDir, sentence!.slice(0, 40));
    expect(markdown).toContain(sentence!);
    expect(markdown).toMatch(/— \[.+ · Accessible EPUB 3\]\(sourcebook:\/\/annotation\//);
    await app.screenshot('epub-01-quoted');

    await page.getByRole('button', { name: /Alexa/ }).first().click();
    await reader.locator('.reader-content[data-format="text"]').waitFor();
    await page.getByRole('button', { name: 'Open source' }).first().click();
    const target = reader.locator('mark.target').first();
    await target.waitFor({ timeout: 10_000 });
    expect((await reader.locator('mark.target').allTextContents()).join('')).toBe(sentence);
    expect(await inViewOf(scroller, target)).toBe(true);
    await app.screenshot('epub-02-open-source');
  });
});
