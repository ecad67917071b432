/**
 * Hostile and awkward sources in the reader (Chromium against `sourcebook serve`): an HTML page
 * with scripts, event handlers and entities shows as text and runs nothing; a quote taken from it
 * and from a CRLF Markdown file with emoji holds exactly the selected characters.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppOnNewLibrary, type RunningApp } from './harness';
import { noteContaining, selectInReader } from './reader-steps';

const HTML = `<!doctype html><html><head><title>Fish &amp; Chips Report</title>
<script>window.__pwned = 'script';</script><style>p { color: red }</style></head>
<body onload="window.__pwned = 'onload'">
<h1>Fish &amp; Chips Report</h1>
<p>The stall at AT&amp;T Park sold &lt;b&gt;crisp&lt;/b&gt; cod for &pound;5 &mdash; a bargain.</p>
<p><img src="https://example.invalid/x.png" onerror="window.__pwned = 'onerror'">Tasters agreed the batter was light.</p>
</body></html>`;

const MARKDOWN = '# Field notes\r\n\r\nThe team 👩‍🔬 tested 🧪 samples at dawn.\r\nResults were logged by noon.\r\n\r\nA second paragraph closes the notes.\r\n';

describe('awkward sources in the reader', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startAppOnNewLibrary('sourcebook-e2e-html-', async (library) => {
      await writeFile(path.join(library, 'report.html'), HTML);
      await writeFile(path.join(library, 'field-notes.md'), MARKDOWN);
    });
  });
  afterAll(async () => { await app?.stop(); });

  it('shows an HTML page as text, running none of its scripts or handlers, and quotes it exactly', async () => {
    const { page } = app;
    await page.locator('.source-item', { hasText: 'Fish & Chips Report' }).click();
    const reader = page.getByRole('region', { name: 'Source' });
    await reader.getByText('crisp', { exact: false }).first().waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(await reader.locator('img, script, b').count()).toBe(0);
    const shown = await reader.locator('.reader-content').textContent();
    expect(shown).toContain('AT&T Park sold <b>crisp</b> cod for £5 — a bargain.');
    await app.screenshot('reader-html-01-hostile-page');

    const sentence = 'AT&T Park sold <b>crisp</b> cod for £5';
    await selectInReader(page, sentence);
    await page.getByRole('button', { name: 'Quote to note' }).click();
    const note = await noteContaining(app.notebookDir, 'sourcebook://annotation/');
    // The page's escaped tag stays text in the note file too: written as &lt; so no Markdown viewer
    // reads it as HTML, while "AT&T" stays as typed.
    expect(note).toContain('AT&T Park sold &lt;b>crisp&lt;/b> cod for £5');
    expect(note).not.toContain('<b>');
  });

  it('quotes across emoji and CRLF line ends without losing or adding a character', async () => {
    const { page } = app;
    await page.locator('.source-item', { hasText: 'Field notes' }).click();
    const reader = page.getByRole('region', { name: 'Source' });
    await reader.getByText('samples at dawn', { exact: false }).first().waitFor({ timeout: 10_000 });
    await selectInReader(page, '👩‍🔬 tested 🧪 samples');
    await page.getByRole('button', { name: 'Quote to note' }).click();
    const note = await noteContaining(app.notebookDir, '👩‍🔬 tested 🧪 samples');
    expect(note).toMatch(/> .*👩‍🔬 tested 🧪 samples/);
    await reader.locator('mark.hl-quote', { hasText: '🧪' }).first().waitFor();
    expect(await reader.locator('mark.hl-quote').first().textContent()).toBe('👩‍🔬 tested 🧪 samples');
    await app.screenshot('reader-html-02-emoji-crlf-quote');
  });
});
