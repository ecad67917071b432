/** `[[links]]` to sources in a note, in the whole app on the real backend. */
import { afterEach, describe, expect, it } from 'vitest';
import { ARTICLE, ARTICLE_TITLE, closeApps, readerTitle, startApp } from '../support/real-app';
import { getByRole } from '../support/roles';
import { until } from '../support/until';

afterEach(closeApps);

/** The link as the user sees it in the note: the text `[[…]]` they click. */
const linkInNote = (text: string) => [...getByRole(document, 'textbox', 'Note').querySelectorAll<HTMLElement>('span')].find((s) => s.textContent === text);

describe('[[links]] to sources in a note', () => {
  it('opens the source a [[link]] names in the reader instead of making an empty note', async () => {
    const { app, real } = await startApp({ notes: { 'Plan.md': `Read [[${ARTICLE_TITLE}]] first.\n` } });
    await app.notes.openNote('Plan.md');
    const link = await until(() => linkInNote(`[[${ARTICLE_TITLE}]]`), 'the wikilink', 5000, 10);
    link.dispatchEvent(new MouseEvent('click', { bubbles: true, button: 0 }));
    await until(() => app.reader.currentSource?.id === ARTICLE, 'the source opened', 5000, 10);
    expect(readerTitle()).toBe(ARTICLE_TITLE);
    await real.idle();
    expect(real.count('createNote')).toBe(0);
    expect((await real.api.listNotes()).map((n) => n.path)).toEqual(['Plan.md']);
    expect(app.notes.currentNote()).toBe('Plan.md');
  });

  it('still makes the note when neither a note nor a source has the name', async () => {
    const { app, real } = await startApp({ notes: { 'Plan.md': 'See [[Field diary]].\n' } });
    await app.notes.openNote('Plan.md');
    const link = await until(() => linkInNote('[[Field diary]]'), 'the wikilink', 5000, 10);
    link.dispatchEvent(new MouseEvent('click', { bubbles: true, button: 0 }));
    await until(() => app.notes.currentNote() === 'Field diary.md' || null, 'the new note', 5000, 10);
    expect(app.reader.currentSource).toBeNull();
    expect(await real.markdown('Field diary.md')).toBeDefined();
  });
});
