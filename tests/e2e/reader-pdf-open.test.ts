/**
 * Opening a PDF at a page in Chromium: the page asked for is drawn first, alone, and its
 * neighbours after it. pdf.js's worker answers in turn and each page's drawing takes turns on the
 * page's thread, so drawing the pages in view side by side made the one asked for wait for the
 * others (a hit on page 300 of a book drew 299 first).
 */
import { copyFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSource } from '../../main/node/library/parse';
import { repoRoot, startAppOnNewLibrary, type RunningApp } from './harness';

const PAPER = 'caching_2q-a-low-overhead-high-performance-buffer-management-replacement-algorithm.pdf';
const PAGE = 5;

describe('a PDF opened at a page', () => {
  let app: RunningApp;
  let phrase = '';
  beforeAll(async () => {
    const file = path.join(repoRoot, '../shared/corpora/papers', PAPER);
    const parsed = await parseSource(PAPER, await readFile(file));
    if (!parsed.ok) throw new Error(parsed.message);
    const { text, pageStarts } = parsed.source;
    const onPage = text.slice(pageStarts![PAGE - 1], pageStarts![PAGE]);
    // Six plain words in a row from the middle of the page: a phrase only this page holds.
    phrase = /(?:\p{L}{3,} ){5}\p{L}{3,}/u.exec(onPage.slice(Math.floor(onPage.length / 2)))![0];
    app = await startAppOnNewLibrary('sb-e2e-pdf-open-', (library) => copyFile(file, path.join(library, PAPER)));
  }, 60_000);
  afterAll(async () => { await app?.stop(); });

  it('draws the page of a search hit before any of its neighbours', async () => {
    const { page } = app;
    // Which page starts being drawn (aria-busy) and which is painted, in order.
    await page.evaluate(() => {
      const events: string[] = [];
      (window as unknown as { events: string[] }).events = events;
      new MutationObserver((records) => {
        for (const r of records) {
          const el = r.target as HTMLElement;
          if (!el.matches('.pdf-page')) continue;
          if (r.attributeName === 'aria-busy' && el.getAttribute('aria-busy') === 'true') events.push(`drawing ${el.dataset.page}`);
          if (r.attributeName === 'data-painted' && el.hasAttribute('data-painted')) events.push(`painted ${el.dataset.page}`);
        }
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['aria-busy', 'data-painted'] });
    });
    await page.getByRole('searchbox', { name: 'Search' }).fill(`"${phrase}"`);
    await page.locator('.hit').first().click({ timeout: 20_000 });
    const reader = page.getByRole('region', { name: 'Source' });
    await reader.locator(`.pdf-page[data-page="${PAGE}"][data-rendered]`).waitFor({ timeout: 20_000 });
    // Its neighbours follow once it is drawn.
    await reader.locator(`.pdf-page[data-page="${PAGE + 1}"][data-painted]`).waitFor({ timeout: 20_000 });
    const events = await page.evaluate(() => (window as unknown as { events: string[] }).events);
    // Page PAGE is the first drawn, and no other page is begun before it is painted.
    expect(events.slice(0, 2)).toEqual([`drawing ${PAGE}`, `painted ${PAGE}`]);
    expect(events).toContain(`painted ${PAGE + 1}`);
    // The search hit's words are marked on it.
    await reader.locator(`.pdf-page[data-page="${PAGE}"] .pdf-mark`).first().waitFor({ timeout: 10_000 });
  }, 60_000);
});
