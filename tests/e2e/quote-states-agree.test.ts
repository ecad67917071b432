/**
 * End to end, in Chromium against `sourcebook serve`: scenario 3 of issue 10. Three quotes in one
 * note; their source is edited on disk so that one is reworded and accepted in review, then kept
 * as cited in the note, one is reworded past recognition (needs review) and one deleted
 * (orphaned). The note, the reader, Check quotes, the review list and the exports then tell the
 * same state, after a page reload and after a restart too. Then a source's title changes while
 * its note is open and being typed into: the quote's label follows, the typing stays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import type { AnchoredAnnotation, SourceDoc } from '../../main/common/contract';
import { locatorLabel } from '../../main/common/library/locator';
import { findQuotes, quoteToMarkdown } from '../../main/common/markdown/quote-link';
import { apiCaller, scratchFolders, startApp, type ApiCall, type RunningApp, type ScratchFolders } from './harness';
import { until } from '../support/until';

const SOURCE = '003_c38cac0ff9cc0db6.txt';
// Accepted in review, then kept as cited: the note keeps these words, the source reads ACCEPTED.
const KEPT = "Let that sink in: Amazon was hemorrhaging billions annually on a voice assistant that couldn't figure out how to make money.";
const ACCEPTED = 'Let that sink in: Amazon was losing billions every year on a voice assistant that could not figure out how to earn money.';
// Reworded too far to be placed without the user: waits in the review list.
const DOUBTFUL = 'The Alexa team that once numbered over 10,000 employees was gutted.';
const DOUBTFUL_NOW = 'The Alexa team that once counted more than 10,000 staff was gutted.';
// Deleted from the source: orphaned.
const DELETED = 'Voice interfaces are great for timers, weather, and playing music.';
const MARSH = 'marsh.html';
const marshHtml = (title: string) => `<!doctype html><html><head><title>${title}</title></head><body><h1>Salt marshes</h1><p>Tidal creeks carry sediment inland twice a day.</p><p>Restored marshes trap carbon faster than forests.</p></body></html>`;
const MARSH_SENTENCE = 'Restored marshes trap carbon faster than forests.';

describe('one quote state in every view (issue 10, scenario 3)', () => {
  let app: RunningApp;
  let folders: ScratchFolders;
  let call: ApiCall;
  const ids: Record<'kept' | 'doubtful' | 'deleted' | 'marsh', string> = { kept: '', doubtful: '', deleted: '', marsh: '' };

  const start = async () => {
    app = await startApp({ library: folders.library, notebook: folders.notebook });
    call = apiCaller(app.url);
  };

  beforeAll(async () => {
    folders = await scratchFolders();
    await writeFile(path.join(folders.library, MARSH), marshHtml('Coastal notes'));
    await start();
    // The quotes as the reader's "Quote to note" makes them (its locator labels them); the notes
    // are written while the app is stopped, as in review-quotes.test.ts.
    const quote = async (sourceId: string, sentence: string) => {
      const doc = await until(() => call<SourceDoc>('getSource', sourceId).catch(() => null), `${sourceId} to be indexed`);
      const at = doc.text.indexOf(sentence);
      expect(at).toBeGreaterThanOrEqual(0);
      const a = await call<AnchoredAnnotation>('createAnnotation', { kind: 'quote', sourceId, start: at, end: at + sentence.length });
      return { id: a.id, md: quoteToMarkdown({ annotationId: a.id, text: sentence, label: locatorLabel(doc, at) }) };
    };
    const kept = await quote(SOURCE, KEPT);
    const doubtful = await quote(SOURCE, DOUBTFUL);
    const deleted = await quote(SOURCE, DELETED);
    const marsh = await quote(MARSH, MARSH_SENTENCE);
    Object.assign(ids, { kept: kept.id, doubtful: doubtful.id, deleted: deleted.id, marsh: marsh.id });
    await app.stop();
    await writeFile(path.join(folders.notebook, 'Scenario.md'), `# Scenario\n\n${kept.md}\n\n${doubtful.md}\n\n${deleted.md}\n`);
    await writeFile(path.join(folders.notebook, 'Marsh.md'), `# Marsh\n\n${marsh.md}\n\nMy first thought.\n`);
    await start();
    for (const id of Object.values(ids)) await until(async () => (await call<AnchoredAnnotation>('getAnnotation', id)).quotedBy.length > 0, 'the notes to be indexed', 20_000);
  });
  afterAll(async () => {
    await app?.stop();
    await folders?.remove();
  });

  const noteQuote = (words: string): Locator => app.page.getByRole('textbox', { name: 'Note' }).getByRole('figure').filter({ hasText: words });
  const openNote = async (title: string) => {
    await app.page.getByRole('list', { name: 'Notes' }).getByRole('button', { name: title, exact: true }).click();
    await app.page.getByRole('heading', { name: title, level: 2 }).waitFor();
  };
  const reviewDialog = () => app.page.getByRole('dialog', { name: 'Review quotes' });
  const reviewItems = () => reviewDialog().getByRole('list', { name: 'Quotes to review' }).getByRole('listitem', { name: /^Quote from/ });
  const command = async (name: string) => {
    await app.page.keyboard.press('Control+K');
    await app.page.getByRole('combobox', { name: 'Command' }).fill(name);
    await app.page.keyboard.press('Enter');
  };
  const closeDialog = async (dialog: Locator) => {
    await app.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  };
  const reader = () => app.page.getByRole('region', { name: 'Source' });

  it('shows quotes waiting for review or orphaned as such in the note, with a way to their review entry', async () => {
    const file = path.join(folders.library, SOURCE);
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(KEPT, ACCEPTED).replace(DOUBTFUL, DOUBTFUL_NOW).replace(`${DELETED} `, ''));
    const badge = app.page.getByRole('button', { name: '3 quotes to review' });
    await badge.waitFor({ timeout: 60_000 });

    await openNote('Scenario');
    for (const [words, state, shown] of [[KEPT, 'needs-review', 'needs review'], [DOUBTFUL, 'needs-review', 'needs review'], [DELETED, 'orphaned', 'passage not found']] as const) {
      const figure = noteQuote(words);
      await figure.getByText(shown, { exact: true }).waitFor({ timeout: 20_000 });
      await expect(figure.getAttribute('data-state')).resolves.toBe(state);
      await expect(figure.getByRole('button', { name: 'Open review list' }).isVisible()).resolves.toBe(true);
    }
    await app.screenshot('states-01-note-before-review');

    await noteQuote(DELETED).getByRole('button', { name: 'Open review list' }).click();
    await reviewDialog().waitFor();
    await until(async () => (await reviewItems().count()) === 3, 'the three quotes in the review list', 20_000);
    await expect(reviewItems().filter({ hasText: DELETED }).getByRole('region', { name: 'In the source now' }).textContent()).resolves.toContain('no longer in the source');
  });

  it('accepts the reworded passage in review, and "Keep as cited" in the note keeps the old words against it', async () => {
    const item = reviewItems().filter({ hasText: KEPT });
    await expect(item.getByRole('region', { name: 'In the source now' }).locator('mark').textContent()).resolves.toBe(ACCEPTED);
    await item.getByRole('button', { name: 'Accept' }).click();
    await until(async () => (await reviewItems().count()) === 2, 'the accepted quote to leave the review list', 20_000);
    await closeDialog(reviewDialog());

    // The note still quotes the words as quoted: the source changed since, as every view will say.
    const figure = noteQuote(KEPT);
    await figure.getByText('source changed since quoted').waitFor({ timeout: 20_000 });
    await expect(figure.getAttribute('data-state')).resolves.toBe('drifted');
    await figure.getByRole('button', { name: 'Keep as cited' }).click();
    await figure.getByText('kept as cited', { exact: true }).waitFor();
    await until(async () => (await call<AnchoredAnnotation>('getAnnotation', ids.kept)).state === 'kept-as-cited', 'the backend to keep the decision');
    await app.screenshot('states-02-kept-as-cited');
  });

  /** What each view says about the three quotes; all must agree. */
  const expectAllViewsAgree = async (when: string) => {
    const { page } = app;
    // The note.
    await openNote('Scenario');
    for (const [words, state, shown] of [[KEPT, 'kept-as-cited', 'kept as cited'], [DOUBTFUL, 'needs-review', 'needs review'], [DELETED, 'orphaned', 'passage not found']] as const) {
      const figure = noteQuote(words);
      await figure.getByText(shown, { exact: true }).waitFor({ timeout: 20_000 });
      await expect(figure.getAttribute('data-state'), `${when}: the note on “${words.slice(0, 30)}…”`).resolves.toBe(state);
      await expect(figure.getByRole('button', { name: 'Open review list' }).count()).resolves.toBe(state === 'kept-as-cited' ? 0 : 1);
    }
    await expect(noteQuote(KEPT).getByText('source changed since quoted').count(), `${when}: no drift shown on the kept quote`).resolves.toBe(0);
    await expect(noteQuote(KEPT).getByText(ACCEPTED).count(), `${when}: the note keeps the words as quoted`).resolves.toBe(0);

    // Check quotes.
    await command('check quotes');
    const report = page.getByRole('dialog', { name: 'Check quotes' });
    await report.waitFor();
    const counts = await report.getByRole('list', { name: 'Quotes per state' }).getByRole('listitem').allTextContents();
    expect(counts, `${when}: Check quotes`).toEqual(expect.arrayContaining(['1 orphaned', '1 needs review', '0 drifted', '1 kept as cited', '1 intact']));
    await expect(report.getByRole('region', { name: 'Kept as cited' }).textContent()).resolves.toContain(KEPT);
    await expect(report.getByRole('region', { name: 'Kept as cited' }).textContent()).resolves.not.toContain(ACCEPTED);
    await expect(report.getByRole('region', { name: 'Needs review' }).textContent()).resolves.toContain(DOUBTFUL);
    await expect(report.getByRole('region', { name: 'Orphaned' }).textContent()).resolves.toContain(DELETED);
    await closeDialog(report);

    // The review list: the two undecided quotes, not the accepted one.
    await page.getByRole('button', { name: '2 quotes to review' }).click();
    await reviewDialog().waitFor();
    await until(async () => (await reviewItems().count()) === 2, `${when}: the review list`, 20_000);
    await expect(reviewItems().filter({ hasText: DOUBTFUL }).count()).resolves.toBe(1);
    await expect(reviewItems().filter({ hasText: DELETED }).count()).resolves.toBe(1);
    await closeDialog(reviewDialog());

    // The reader: the kept quote opens on the accepted passage and says it is kept as cited.
    await noteQuote(KEPT).getByRole('button', { name: 'Open source' }).click();
    await reader().locator('mark.target').first().waitFor({ timeout: 10_000 });
    expect((await reader().locator('mark.target').allTextContents()).join('')).toBe(ACCEPTED);
    await reader().getByRole('status').filter({ hasText: 'Kept as cited' }).waitFor();
    // A quote waiting for review: "Open source" says so and offers the way to its entry.
    await noteQuote(DOUBTFUL).getByRole('button', { name: 'Open source' }).click();
    await reader().getByRole('status').filter({ hasText: 'needs review' }).waitFor();
    await reader().getByRole('button', { name: 'Open review list' }).click();
    await reviewDialog().waitFor();
    await expect(reviewItems().filter({ hasText: DOUBTFUL }).isVisible()).resolves.toBe(true);
    await closeDialog(reviewDialog());
    await noteQuote(DELETED).getByRole('button', { name: 'Open source' }).click();
    await reader().getByRole('status').filter({ hasText: 'can no longer be found' }).waitFor();
    await reader().getByRole('button', { name: 'Open review list' }).waitFor();

    // The exported note quotes the kept words under a fragment of those words, and says what the source reads now.
    await command('export note');
    const exported = page.getByRole('dialog', { name: '“Scenario” as Markdown' });
    await exported.waitFor();
    const markdown = await exported.getByRole('textbox').inputValue();
    const block = markdown.split(/\n(?!>)/).find((b) => b.includes(`> ${KEPT}`));
    expect(block, `${when}: the exported note`).toBeDefined();
    // The fragment (text=[prefix-,]start[,end][,-suffix]) finds the kept words, not the source's new ones.
    const parts = /#:~:text=([^>]*)>/.exec(block!)![1]!.split(',').filter((p) => !p.endsWith('-') && !p.startsWith('-')).map(decodeURIComponent);
    const finds = (words: string) => words.startsWith(parts[0]!) && words.endsWith(parts[parts.length - 1]!);
    expect(finds(KEPT), `${when}: the fragment ${parts.join(' … ')}`).toBe(true);
    expect(finds(ACCEPTED)).toBe(false);
    expect(block).toContain(`Source now reads: “${ACCEPTED}”`);
    await closeDialog(exported);
    // The W3C export describes the annotation where the reader shows it.
    const w3c = await call<{ first: { items: Array<{ id: string; target: { selector: Array<{ type: string; exact?: string }> } }> } }>('exportAnnotations');
    const keptItem = w3c.first.items.find((i) => i.id.endsWith(ids.kept))!;
    expect(keptItem.target.selector.find((s) => s.type === 'TextQuoteSelector')?.exact).toBe(ACCEPTED);
  };

  it('tells the same state in the note, Check quotes, the review list, the reader and the exports', async () => {
    await expectAllViewsAgree('at once');
    await app.screenshot('states-03-agree');
  });

  it('tells the same after a reload of the page', async () => {
    await app.reload();
    await expectAllViewsAgree('after a reload');
  });

  it('tells the same after the app is restarted', async () => {
    await app.stop();
    await start();
    await expectAllViewsAgree('after a restart');
    await app.screenshot('states-04-after-restart');
  });

  it('has an open note follow its quote\'s source title while it is typed into, keeping the typing', async () => {
    const { page } = app;
    await openNote('Marsh');
    await page.getByRole('textbox', { name: 'Note' }).getByRole('figure').filter({ hasText: 'Salt marshes · ¶2 · Coastal notes' }).waitFor();
    await page.getByRole('textbox', { name: 'Note' }).getByText('My first thought.').click();
    await page.keyboard.press('End');
    await writeFile(path.join(folders.library, MARSH), marshHtml('Saltmarsh restoration'));
    await page.keyboard.type(' And a second one.');
    await page.getByRole('textbox', { name: 'Note' }).getByRole('figure').filter({ hasText: 'Salt marshes · ¶2 · Saltmarsh restoration' }).waitFor({ timeout: 30_000 });
    await expect(page.getByRole('textbox', { name: 'Version on disk' }).count(), 'no conflict is shown').resolves.toBe(0);
    await expect(page.getByRole('textbox', { name: 'Note' }).textContent()).resolves.toContain('My first thought. And a second one.');
    const onDisk = await until(async () => {
      const md = await readFile(path.join(folders.notebook, 'Marsh.md'), 'utf8');
      return md.includes('And a second one.') && findQuotes(md)[0]?.label === 'Salt marshes · ¶2 · Saltmarsh restoration' ? md : null;
    }, 'the note on disk to hold both the typing and the new label', 20_000);
    expect(onDisk).toContain('My first thought. And a second one.');
    await app.screenshot('states-05-label-followed');
  });
});
