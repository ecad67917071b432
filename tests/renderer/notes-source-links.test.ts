import { afterEach, describe, expect, it } from 'vitest';
import { mountNotes, type NotesController } from '../../renderer/src/notes';
import { FakeNotebook } from './notes-fake-api';
import { until } from '../support/until';

const mounted: Array<{ notes: NotesController; host: HTMLElement }> = [];
afterEach(() => { for (const { notes, host } of mounted.splice(0)) { notes.dispose(); host.remove(); } });

function mount(notebook: FakeNotebook, sources: string[]) {
  const host = document.createElement('div');
  document.body.append(host);
  const openedSources: string[] = [];
  const notes = mountNotes(host, {
    api: notebook.api,
    openAnnotation: () => {},
    suggestLinks: (q) => [...notebook.files.keys()].map((p) => p.replace(/\.md$/, '')).concat(sources).filter((t) => t.toLowerCase().includes(q.toLowerCase())),
    openLinkedSource: async (target) => {
      const found = sources.find((s) => s.toLowerCase() === target.toLowerCase());
      if (found) openedSources.push(found);
      return Boolean(found);
    },
  });
  mounted.push({ notes, host });
  return { notes, host, openedSources };
}

describe('[[links]] to sources in a note', () => {
  it('opens the source a [[link]] names instead of making an empty note', async () => {
    const notebook = new FakeNotebook({ 'Plan.md': 'Read [[Saltmarsh restoration]] first.\n' });
    const { notes, host, openedSources } = mount(notebook, ['Saltmarsh restoration']);
    await notes.openNote('Plan.md');
    const link = await until(() => host.querySelector<HTMLElement>('.sb-wikilink'), 'the wikilink', 3000, 10);
    link.dispatchEvent(new MouseEvent('click', { bubbles: true, button: 0 }));
    await until(() => openedSources.length > 0 || null, 'the source opened', 3000, 10);
    expect(openedSources).toEqual(['Saltmarsh restoration']);
    expect(notebook.calls.some((c) => c.method === 'createNote')).toBe(false);
    expect(notes.currentNote()).toBe('Plan.md');
  });

  it('still makes the note when neither a note nor a source has the name', async () => {
    const notebook = new FakeNotebook({ 'Plan.md': 'See [[Field diary]].\n' });
    const { notes, host } = mount(notebook, ['Saltmarsh restoration']);
    await notes.openNote('Plan.md');
    const link = await until(() => host.querySelector<HTMLElement>('.sb-wikilink'), 'the wikilink', 3000, 10);
    link.dispatchEvent(new MouseEvent('click', { bubbles: true, button: 0 }));
    await until(() => notes.currentNote() === 'Field diary.md' || null, 'the new note', 3000, 10);
  });
});
