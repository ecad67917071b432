import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AnchoredAnnotation, SourceDoc } from '../../main/common/contract';
import { quoteToMarkdown } from '../../main/common/markdown/quote-link';
import { apiCaller, scratchFolders, startApp, type ApiCall, type RunningApp, type ScratchFolders } from './harness';
import { until } from '../support/until';

const SOURCE = '003_c38cac0ff9cc0db6.txt';
const SENTENCE = 'Voice interfaces are great for timers, weather, and playing music.';
const REWORDED = SENTENCE.replace('great for timers', 'fine for timers');

describe('a quote whose source changed after it was quoted', () => {
  let app: RunningApp;
  let folders: ScratchFolders;
  let library: string;
  let notebook: string;
  let call: ApiCall;

  beforeAll(async () => {
    folders = await scratchFolders();
    ({ library, notebook } = folders);
    app = await startApp({ library, notebook });
    call = apiCaller(app.url);
  });
  afterAll(async () => {
    await app?.stop();
    await folders?.remove();
  });

  it('shows "source changed since quoted" with the changed words, and "Update quote" takes the new wording', async () => {
    const doc = await until(() => call<SourceDoc>('getSource', SOURCE).catch(() => null), 'the source to be indexed');
    const start = doc.text.indexOf(SENTENCE);
    expect(start).toBeGreaterThanOrEqual(0);
    const annotation = await call<AnchoredAnnotation>('createAnnotation', { kind: 'quote', sourceId: SOURCE, start, end: start + SENTENCE.length });
    const note = `# Voice\n\n${quoteToMarkdown({ annotationId: annotation.id, text: SENTENCE, label: 'The Alexa Delusion · ¶4 · Amazon AI' })}\n`;
    await writeFile(path.join(notebook, 'Voice.md'), note);

    const file = path.join(library, SOURCE);
    await writeFile(file, (await readFile(file, 'utf8')).replace(SENTENCE, REWORDED));
    await until(async () => (await call<AnchoredAnnotation>('getAnnotation', annotation.id)).currentText === REWORDED, 'the backend to see the drift');

    const { page } = app;
    const list = page.getByRole('list', { name: 'Notes' });
    await list.getByRole('button', { name: 'Voice', exact: true }).click();
    const quote = page.getByRole('textbox', { name: 'Note' }).locator('figure.sb-quote');
    await quote.getByText('source changed since quoted').waitFor({ timeout: 30_000 });
    await expect(quote.locator('.sb-quote-diff del').allTextContents()).resolves.toEqual([expect.stringContaining('great')]);
    await expect(quote.locator('.sb-quote-diff ins').allTextContents()).resolves.toEqual([expect.stringContaining('fine')]);
    await app.screenshot('notes-07-source-changed');

    await quote.getByRole('button', { name: 'Update quote' }).click();
    await until(async () => (await readFile(path.join(notebook, 'Voice.md'), 'utf8')).includes(REWORDED), 'the note to hold the new wording');
    const updated = await until(async () => {
      const a = await call<AnchoredAnnotation>('getAnnotation', annotation.id);
      return a.quote.exact === REWORDED ? a : null;
    }, 'the annotation to be re-anchored');
    expect(updated.currentText).toBeUndefined();
    await expect(quote.getByText('source changed since quoted').count()).resolves.toBe(0);
    await expect(quote.locator('blockquote').textContent()).resolves.toBe(REWORDED);
    await app.screenshot('notes-08-quote-updated');
  });
});
