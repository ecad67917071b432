/**
 * `[[wikilinks]]` in the notes editor, against the real backend: a click opens the note the
 * backend lists the link as a backlink of, and following a link that had to be renamed to become
 * a file opens the note it made, however often it is clicked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mountNotes, type NotesController } from '../../renderer/src/notes';
import { openRealBackend, type RealBackend } from '../support/real-backend';
import { until } from '../support/until';

const open: Array<{ notes: NotesController; host: HTMLElement; real: RealBackend }> = [];

async function mount(notes: Record<string, string>) {
  const real = await openRealBackend({ notes });
  const host = document.createElement('div');
  document.body.append(host);
  const pane = mountNotes(host, { api: real.api, openAnnotation: () => {} });
  open.push({ notes: pane, host, real });
  const editor = () => host.querySelector<HTMLElement>('[role="textbox"][aria-label="Note"]')!;
  /** The link as the user sees it in the note: the text `[[…]]` they click. */
  const link = (text: string) => [...editor().querySelectorAll<HTMLElement>('span')].find((s) => s.textContent === text);
  return { real, pane, editor, link };
}

afterEach(async () => {
  for (const { notes, host, real } of open.splice(0)) {
    notes.dispose();
    host.remove();
    await real.close();
  }
});

describe('following a wikilink in a note', () => {
  it('opens the note in a folder that the backend lists the link as a backlink of, creating nothing', async () => {
    const { real, pane, link } = await mount({
      'Projects/Bedrock.md': '# Bedrock\n\nThe plan.\n',
      'Reading.md': 'See [[Projects/Bedrock]] for the plan.\n',
    });
    expect((await real.api.getNoteLinks('Projects/Bedrock.md')).backlinks.map((n) => n.path)).toEqual(['Reading.md']);
    await pane.openNote('Reading.md');
    link('[[Projects/Bedrock]]')!.click();
    await until(() => pane.currentNote() === 'Projects/Bedrock.md', 'the linked note to open', 5000, 10);
    expect((await real.api.listNotes()).map((n) => n.path).sort()).toEqual(['Projects/Bedrock.md', 'Reading.md']);
  });

  it('opens the one note a link with characters no file name may hold made, on every click', async () => {
    const { real, pane, link } = await mount({ 'Reading.md': 'Next: [[What: a plan?]]\n' });
    for (let click = 0; click < 3; click++) {
      await pane.openNote('Reading.md');
      link('[[What: a plan?]]')!.click();
      await until(() => pane.currentNote() !== 'Reading.md' && pane.currentNote(), 'the linked note to open', 5000, 10);
      expect(pane.currentNote()).toBe('What a plan.md');
    }
    expect((await real.api.listNotes()).map((n) => n.path).sort()).toEqual(['Reading.md', 'What a plan.md']);
    expect((await real.api.getNoteLinks('What a plan.md')).backlinks.map((n) => n.path)).toEqual(['Reading.md']);
  });
});
