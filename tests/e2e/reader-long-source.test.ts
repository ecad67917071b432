/**
 * A 1 MB Gutenberg book in the reader (Chromium against `sourcebook serve`): it opens at a passage
 * near its end with that passage on screen and marked, without putting the whole book in the DOM,
 * and scrolling back to the start shows the start.
 */
import { copyFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppOnNewLibrary, type RunningApp } from './harness';

const BOOK = '/work/shared/corpora/gutenberg/Bronte-Charlotte__Jane-Eyre-An-Autobiography.txt';
const present = existsSync(BOOK);

describe.skipIf(!present)('a long source in the reader (skipped without ../shared/corpora/gutenberg)', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startAppOnNewLibrary('sourcebook-e2e-long-', (library) => copyFile(BOOK, path.join(library, 'jane-eyre.txt')));
  });
  afterAll(async () => { await app?.stop(); });

  it('opens at a passage near the end, in view and marked, rendering only a window of the book', async () => {
    const { page } = app;
    await page.getByRole('searchbox', { name: 'Search' }).fill('"Reader, I married him"');
    const hit = page.locator('.hit').first();
    await hit.waitFor({ timeout: 30_000 });
    await hit.click();
    const reader = page.getByRole('region', { name: 'Source' });
    const match = reader.locator('mark.match').first();
    await match.waitFor({ timeout: 10_000 });
    await app.screenshot('reader-long-01-near-the-end');

    const [inView, counts] = await page.evaluate(() => {
      const scroller = document.querySelector('.reader-scroll')!.getBoundingClientRect();
      const mark = document.querySelector('mark.match')!.getBoundingClientRect();
      const blocks = document.querySelectorAll('.reader-content .blk').length;
      const text = [...document.querySelectorAll('mark.match')].map((m) => m.textContent).join(' ');
      return [mark.top >= scroller.top && mark.bottom <= scroller.bottom, { blocks, text }] as const;
    });
    expect(inView).toBe(true);
    expect(counts.text).toMatch(/Reader/);
    expect(counts.blocks).toBeGreaterThan(10);
    expect(counts.blocks).toBeLessThan(400); // the book has thousands of blocks

    await reader.locator('.reader-scroll').focus();
    await page.keyboard.press('Control+Alt+ArrowUp');
    await reader.getByText('JANE EYRE', { exact: false }).first().waitFor({ timeout: 10_000 });
    const top = await page.evaluate(() => document.querySelector('.reader-scroll')!.scrollTop);
    expect(top).toBe(0);
    await app.screenshot('reader-long-02-back-at-the-start');
  });
});
