/**
 * Search results on screen in Chromium: the first page of hits at once, the next when the list
 * is scrolled to its end, and snippets that read as the reader shows the text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCaller, startApp, type RunningApp } from './harness';

describe('search results in the browser', () => {
  let app: RunningApp;
  beforeAll(async () => { app = await startApp(); });
  afterAll(async () => { await app?.stop(); });

  it('shows the first page of hits at once and loads the rest when the list is scrolled to its end', async () => {
    const { page } = app;
    const { total } = await apiCaller(app.url)<{ total: number }>('search', 'amazon', { limit: 1 });
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('amazon');
    const results = page.getByRole('list', { name: 'Search results' });
    const hits = results.getByRole('button');
    await page.getByRole('status').filter({ hasText: `${total} results` }).waitFor({ timeout: 10_000 });
    const first = await hits.count();
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(total);
    await app.screenshot('search-paging-01-first-page');

    await page.locator('.results').evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await page.waitForFunction((n) => document.querySelectorAll('[aria-label="Search results"] button.hit').length === n, total, { timeout: 10_000 });
    await expect(page.getByRole('status').filter({ hasText: /results in \d+ places/ }).count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: 'More results' }).count()).resolves.toBe(0);
    await app.screenshot('search-paging-02-all-loaded');
  });

  it('shows a passage written in Markdown without its syntax, as the reader does', async () => {
    const { page } = app;
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('Jassy');
    await page.getByRole('status').filter({ hasText: '1 result in 1 place' }).waitFor({ timeout: 10_000 });
    const hit = page.getByRole('list', { name: 'Search results' }).getByRole('button').filter({ hasText: 'CEO since 2021' }).first();
    await hit.waitFor({ timeout: 10_000 });
    // Hits lay out lazily (content-visibility: auto): until the next frame has placed this one its
    // innerText is empty, so ask again until its words show, as the user waits for the paint.
    await expect.poll(() => hit.locator('.snippet').innerText(), { timeout: 10_000 }).toContain('Andy Jassy — CEO since 2021');
    const shown = await hit.locator('.snippet').innerText();
    expect(shown).not.toMatch(/\*\*|\[\[/);
  });
});
