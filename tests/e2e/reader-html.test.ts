/**
 * Hostile and awkward sources in the reader (Chromium against `sourcebook serve`): an HTML page
 * with scripts, event handlers and entities shows as text and runs nothing; a quote taken from it
 * and from a CRLF Markdown file with emoji holds exactly the selected characters.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './harness';

const HTML = `<!doctype html><html><head><title>Fish &amp; Chips Report</title>
<script>window.__pwned = 'script';</script><style>p { color: red }</style></head>
<body onload="window.__pwned = 'onload'">
<h1>Fish &amp; Chips Report</h1>
<p>The stall at AT&amp;T Park sold &lt;b&gt;crisp&lt;/b&gt; cod for &pound;5 &mdash; a bargain.</p>
<p><img src="https://example.invalid/x.png" onerror="window.__pwned = 'onerror'">Tasters agreed the batter was light.</p>
</body></html>`;

const MARKDOWN = '# Field notes\r\n\r\nThe team 👩‍🔬 tested 🧪 samples at dawn.\r\nResults were logged by noon.\r\n\r\nA second paragraph closes the notes.\r\n';

async function selectInReader(page: Page, text: string): Promise<void> {
  await page.evaluate((needle) => {
    const region = document.querySelector('[role="region"][aria-label="Source"]')!;
    const walker = document.createTreeWalker(region, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      const at = n.data.indexOf(needle);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(n, at);
      range.setEnd(n, at + needle.length);
      window.getSelection()!.removeAllRanges();
      window.getSelection()!.addRange(range);
      return;
    }
    throw new Error(`not rendered in one text node: ${needle}`);
  }, text);
}

async function noteContaining(dir: string, needle: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    for (const f of (await readdir(dir, { recursive: true })).filter((x) => String(x).endsWith('.md'))) {
      const text = await readFile(path.join(dir, String(f)), 'utf8');
      if (text.includes(needle)) return text;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no note holds ${needle}`);
}

describe('awkward sources in the reader', () => {
  let app: RunningApp;
  let library: string;
  beforeAll(async () => {
    library = await mkdtemp(path.join(os.tmpdir(), 'sourcebook-e2e-html-'));
    await writeFile(path.join(library, 'report.html'), HTML);
    await writeFile(path.join(library, 'field-notes.md'), MARKDOWN);
    app = await startApp({ library });
  });
  afterAll(async () => {
    await app?.stop();
    if (library) await rm(library, { recursive: true, force: true });
  });

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
    expect(note).toContain(sentence);
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
