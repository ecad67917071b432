/**
 * Reading a real paper in Chromium: its pages drawn by pdf.js, a sentence on page 3 selected in
 * the text layer and quoted, the quote on disk with its page, and "Open source" from the note
 * bringing page 3 back with the sentence marked. Screenshots go to test-output/e2e/.
 */
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startAppOnNewLibrary, type RunningApp } from './harness';
import { inViewOf, noteContaining } from './reader-steps';

const PAPER = 'caching_2q-a-low-overhead-high-performance-buffer-management-replacement-algorithm.pdf';


/** Selects, by a DOM range over the text layer's spans, the first whole sentence of 8+ words on page `n`; returns its words. */
function selectSentenceOnPage(page: Page, n: number): Promise<string> {
  return page.evaluate((n) => {
    const spans = [...document.querySelectorAll<HTMLElement>(`.pdf-page[data-page="${n}"] .textLayer span[data-item]`)].filter((s) => s.textContent);
    let joined = '';
    const at: Array<{ span: HTMLElement; from: number }> = [];
    for (const s of spans) { if (joined) joined += ' '; at.push({ span: s, from: joined.length }); joined += s.textContent; }
    // A sentence with no line-end hyphen, so the spans' words are the canonical words.
    const m = /(?<=[.!?] )[A-Z][a-z][^.!?\-&<>]{60,240}[.!?]/.exec(joined); // & < > are written as entities in notes
    if (!m) throw new Error('no sentence on the page');
    const point = (pos: number) => {
      let k = at.length - 1;
      while (k > 0 && at[k]!.from > pos) k--;
      return { node: at[k]!.span.firstChild as Text, offset: Math.min(pos - at[k]!.from, (at[k]!.span.textContent ?? '').length) };
    };
    const s = point(m.index);
    const e = point(m.index + m[0].length);
    window.getSelection()!.setBaseAndExtent(s.node, s.offset, e.node, e.offset);
    return m[0].replace(/\s+/g, ' ');
  }, n);
}

describe('a PDF paper in the reader', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startAppOnNewLibrary('sb-e2e-pdf-', async (library) => {
      await copyFile(path.join(repoRoot, '../shared/corpora/papers', PAPER), path.join(library, PAPER));
      await copyFile(path.join(repoRoot, 'seeds/000_fc16814f2607de2a.txt'), path.join(library, 'alexa.txt'));
    });
  }, 60_000);
  afterAll(async () => { await app?.stop(); });

  it('quotes a sentence from page 3 with its page, and "Open source" shows page 3 with the sentence marked', async () => {
    const { page } = app;
    const reader = page.getByRole('region', { name: 'Source' });
    const scroller = reader.locator('.reader-scroll');
    await page.getByRole('button', { name: /2Q: A Low Overhead/ }).click({ timeout: 20_000 });
    await reader.locator('.pdf-page[data-page="1"][data-rendered]').waitFor({ timeout: 20_000 });
    await app.screenshot('pdf-01-opened');

    await reader.getByRole('spinbutton', { name: 'Page' }).fill('3');
    await reader.getByRole('spinbutton', { name: 'Page' }).press('Enter');
    await reader.locator('.pdf-page[data-page="3"][data-rendered]').waitFor();
    const sentence = await selectSentenceOnPage(page, 3);
    const quote = page.getByRole('button', { name: 'Quote to note' });
    await quote.waitFor();
    await app.screenshot('pdf-02-selected');
    await quote.click();

    const markdown = await noteContaining(app.notebookDir, sentence.slice(0, 40));
    expect(markdown.replace(/\s*\n>\s*/g, ' ')).toContain(sentence);
    expect(markdown).toMatch(/· p\. 3 · 2Q: A Low Overhead/);
    await reader.locator('.pdf-page[data-page="3"] .pdf-mark.highlight').first().waitFor();
    // Beside the quote on the page: the note that quotes it.
    await reader.locator('.pdf-page[data-page="3"]').getByRole('button', { name: 'Quoted by 1 note' }).waitFor({ timeout: 10_000 });
    await app.screenshot('pdf-03-quoted');

    await page.getByRole('button', { name: /Alexa/ }).first().click();
    await reader.locator('.reader-content[data-format="text"]').waitFor();
    const open = page.getByRole('button', { name: 'Open source' }).first();
    await open.waitFor({ timeout: 10_000 });
    await open.click();
    const target = reader.locator('.pdf-page[data-page="3"] .pdf-mark.target').first();
    await target.waitFor({ timeout: 10_000 });
    expect(await inViewOf(scroller, target)).toBe(true);
    // The marks cover the sentence's words: the text layer under them reads the sentence.
    const covered = await page.evaluate(() => {
      const marks = [...document.querySelectorAll<HTMLElement>('.pdf-page[data-page="3"] .pdf-mark.target')].map((m) => m.getBoundingClientRect());
      const spans = [...document.querySelectorAll<HTMLElement>('.pdf-page[data-page="3"] .textLayer span[data-item]')];
      return spans.filter((s) => { const r = s.getBoundingClientRect(); return marks.some((m) => r.top < m.bottom - 1 && r.bottom > m.top + 1 && r.left < m.right && r.right > m.left); }).map((s) => s.textContent).join(' ');
    });
    expect(covered.replace(/\s+/g, ' ')).toContain(sentence.split(' ').slice(1, 6).join(' '));
    await app.screenshot('pdf-04-open-source');
  });

  it('selects a paragraph on a page with the keyboard, widens it by words and quotes it, as in the text reader', async () => {
    const { page } = app;
    const reader = page.getByRole('region', { name: 'Source' });
    await page.getByRole('button', { name: /2Q: A Low Overhead/ }).first().click();
    await reader.getByRole('spinbutton', { name: 'Page' }).fill('2');
    await reader.getByRole('spinbutton', { name: 'Page' }).press('Enter');
    await reader.locator('.pdf-page[data-page="2"][data-rendered]').waitFor({ timeout: 20_000 });
    await page.keyboard.press('Control+2');
    const selected = () => page.evaluate(() => window.getSelection()!.toString().replace(/\s+/g, ' ').trim());
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Quote to note' }).waitFor();
    const paragraph = await selected();
    expect(paragraph.split(' ').length).toBeGreaterThan(3);
    // ↓ selects the next paragraph; Shift+← takes its last two words back off.
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction((before) => window.getSelection()!.toString().replace(/\s+/g, ' ').trim() !== before, paragraph);
    const next = await selected();
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Shift+ArrowLeft');
    await page.waitForFunction((full) => window.getSelection()!.toString().replace(/\s+/g, ' ').trim().length < full.length, next);
    const trimmed = await selected();
    expect(next.startsWith(trimmed.slice(0, 20))).toBe(true);
    await app.screenshot('pdf-05-keyboard-selection');

    await page.keyboard.press('Control+Shift+Q');
    const words = trimmed.split(' ').filter((w) => /^[A-Za-z]{3,}$/.test(w)).slice(0, 4).join(' ');
    // The note that holds this quote: the first test's note holds words of this page too, and a
    // wait for one of its words found that note before this quote was saved (a load flake).
    const markdown = await noteContaining(app.notebookDir, '· p. 2 · 2Q: A Low Overhead');
    expect(markdown.replace(/\s*\n>\s*/g, ' ')).toContain(words.split(' ')[0]!);
    await reader.locator('.pdf-mark.highlight').nth(1).waitFor({ timeout: 10_000 });
  }, 60_000);
});
