import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startApp, type RunningApp } from './harness';
import { until } from '../support/until';

/** Polls until `probe` returns something truthy; fails with `what` after `ms`. */
describe('notes in the browser: wikilinks, backlinks and edits from other programs', () => {
  let app: RunningApp;
  let notebook: string;
  const note = (title: string) => path.join(notebook, `${title}.md`);
  const onDisk = (title: string) => readFile(note(title), 'utf8').catch(() => '');

  beforeAll(async () => {
    notebook = await mkdtemp(path.join(os.tmpdir(), 'sourcebook-e2e-notes-'));
    await writeFile(note('Alexa'), '# Alexa\n\nVoice was supposed to be the future of computing.\n');
    await writeFile(note('Bedrock pivot'), '# Bedrock pivot\n\nIf you can\'t build it, host it.\n');
    await writeFile(note('Anthropic deal'), '# Anthropic deal\n\nEight billion dollars to rent an alignment team.\n');
    app = await startApp({ notebook });
  });
  afterAll(async () => {
    await app?.stop();
    await rm(notebook, { recursive: true, force: true });
  });

  const openFromList = async (title: string) => {
    await app.page.getByRole('list', { name: 'Notes' }).getByRole('button', { name: title, exact: true }).click();
    await app.page.locator('.sb-note-title', { hasText: title }).waitFor();
  };

  it('completes a [[wikilink]] from the note titles, saves it, and shows the backlink on the target', async () => {
    const { page } = app;
    await openFromList('Alexa');
    const editor = page.getByRole('textbox', { name: 'Note' });
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Compare with [[bed');
    const listbox = page.getByRole('listbox', { name: 'Link to note' });
    await listbox.getByRole('option', { name: 'Bedrock pivot' }).waitFor();
    expect(await listbox.getByRole('option').allTextContents()).toEqual(['Bedrock pivot']);
    await app.screenshot('notes-01-wikilink-autocomplete');

    await page.keyboard.press('Enter');
    await page.keyboard.type(' for the hosting story.');
    await until(async () => (await onDisk('Alexa')).includes('Compare with [[Bedrock pivot]] for the hosting story.'), 'the autosave of the link');
    expect(await onDisk('Alexa')).toBe('# Alexa\n\nVoice was supposed to be the future of computing.\n\nCompare with [[Bedrock pivot]] for the hosting story.\n');

    await editor.locator('.sb-wikilink', { hasText: 'Bedrock pivot' }).click();
    await page.locator('.sb-note-title', { hasText: 'Bedrock pivot' }).waitFor();
    const backlinks = page.getByRole('list', { name: 'Backlinks' });
    await backlinks.getByRole('button', { name: 'Alexa' }).waitFor();
    await app.screenshot('notes-02-backlinks');
  });

  it('reloads an open note changed by another program when nothing is unsaved', async () => {
    const { page } = app;
    await openFromList('Anthropic deal');
    const editor = page.getByRole('textbox', { name: 'Note' });
    await writeFile(note('Anthropic deal'), '# Anthropic deal\n\nRewritten in another editor: $8 billion for Claude.\n');
    await editor.getByText('Rewritten in another editor').waitFor({ timeout: 20_000 });
    await expect(editor.textContent()).resolves.not.toContain('alignment team');
    await app.screenshot('notes-03-external-reload');
  });

  it('deletes a note with undo and renames one, on disk', async () => {
    const { page } = app;
    const list = page.getByRole('list', { name: 'Notes' });
    await list.getByRole('button', { name: 'Delete “Anthropic deal”' }).click();
    await page.getByRole('button', { name: 'Undo' }).waitFor();
    await until(async () => !(await onDisk('Anthropic deal')), 'the file to leave the notebook');
    await app.screenshot('notes-06-deleted-with-undo');
    await page.getByRole('button', { name: 'Undo' }).click();
    await until(async () => (await onDisk('Anthropic deal')).includes('$8 billion for Claude'), 'the restored file');
    await list.getByRole('button', { name: 'Anthropic deal', exact: true }).waitFor();

    await list.getByRole('button', { name: 'Rename “Anthropic deal”' }).click();
    const field = list.getByRole('textbox', { name: 'New title for “Anthropic deal”' });
    await field.fill('Anthropic investment');
    await field.press('Enter');
    await until(async () => (await onDisk('Anthropic investment')).includes('$8 billion for Claude'), 'the renamed file');
    expect(await onDisk('Anthropic deal')).toBe('');
  });

  it('keeps both versions side by side when the note changed here and on disk, and "Keep mine" wins only when chosen', async () => {
    const { page } = app;
    // The page's own clock from here on, so "nothing happens while the user has not chosen" is
    // checked by running its timers ahead, not by waiting; saves in flight are counted in the page.
    await page.clock.install();
    await page.evaluate(() => {
      const w = window as unknown as { __saving: number; fetch: typeof fetch };
      const real = w.fetch.bind(window);
      w.__saving = 0;
      w.fetch = (input, init) => {
        if (!String(input).includes('/api/saveNote')) return real(input, init);
        w.__saving++;
        return real(input, init).finally(() => { w.__saving--; });
      };
    });
    await openFromList('Bedrock pivot');
    const editor = page.getByRole('textbox', { name: 'Note' });
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Typed in Sourcebook.');
    // Another program writes before the autosave's pause is over.
    await writeFile(note('Bedrock pivot'), '# Bedrock pivot\n\nWritten by another program.\n');
    const disk = page.getByRole('textbox', { name: 'Version on disk' });
    await disk.getByText('Written by another program.').waitFor({ timeout: 20_000 });
    await expect(editor.textContent()).resolves.toContain('Typed in Sourcebook.');
    await app.screenshot('notes-04-side-by-side');
    // Nothing was overwritten while the user has not chosen: every timer of the next 10 s (the
    // autosave's pause is 400 ms) has fired, and every save it asked for has been answered.
    await page.clock.runFor(10_000);
    await page.waitForFunction(() => (window as unknown as { __saving: number }).__saving === 0, undefined, { polling: 50 });
    expect(await onDisk('Bedrock pivot')).toBe('# Bedrock pivot\n\nWritten by another program.\n');

    await page.getByRole('button', { name: 'Keep mine' }).click();
    await until(async () => (await onDisk('Bedrock pivot')).includes('Typed in Sourcebook.'), 'the save of my version');
    expect(await onDisk('Bedrock pivot')).not.toContain('Written by another program.');
    await expect(disk.count()).resolves.toBe(0);
    await app.screenshot('notes-05-kept-mine');
  });
});
