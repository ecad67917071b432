/**
 * A page load as a user's console sees it, and the shell in a small window: no CSP warning, no
 * failed request, no sideways scrolling at 800×600, focus rings on the splitters.
 */
import { describe, expect, it } from 'vitest';
import { serverAndBrowserPerSuite } from './harness';

describe('loading the app in Chromium', () => {
  const suite = serverAndBrowserPerSuite();

  it('logs no warning or error and asks for nothing that is not there', async () => {
    const page = await suite.browser().newPage({ viewport: { width: 1400, height: 900 } });
    const console: string[] = [];
    const failed: string[] = [];
    page.on('console', (m) => { if (m.type() === 'warning' || m.type() === 'error') console.push(`${m.type()}: ${m.text()}`); });
    page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
    page.on('requestfailed', (r) => failed.push(`failed ${r.url()}`));
    await page.goto(suite.server().url);
    await page.locator('.source-item').first().waitFor();
    await page.waitForLoadState('load'); // not networkidle: the event stream stays open
    expect(console).toEqual([]);
    expect(failed).toEqual([]);
    await page.close();
  });

  it('fits an 800×600 window: the notes pane in view and no sideways scroll', async () => {
    const page = await suite.browser().newPage({ viewport: { width: 800, height: 600 } });
    await page.goto(suite.server().url);
    await page.locator('.source-item').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
    const notes = await page.getByRole('region', { name: 'Notes' }).or(page.locator('.pane-notes')).first().boundingBox();
    expect(notes!.x + notes!.width).toBeLessThanOrEqual(800);
    // A splitter reached with Tab shows where focus is.
    const splitter = page.getByRole('separator', { name: 'Resize the notes pane' });
    await splitter.focus();
    await page.keyboard.press('ArrowLeft'); // keyboard use: :focus-visible applies
    expect(await splitter.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    await page.close();
  });
});
