import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NoteFile } from '../../main/common/contract';
import { AUTOSAVE_DELAY_MS, NoteAutosave, type SaveState } from '../../renderer/src/notes/autosave';
import { FakeNotebook } from './notes-fake-api';
import { ARTICLE, seedSentence } from './notes-fixtures';

const PATH = 'Alexa.md';
const first = seedSentence(ARTICLE, 'For nearly a decade');
const second = seedSentence(ARTICLE, 'It never happened');

/** The editor as autosave sees it: text the user types, and what a reload puts there. */
function setup(initial = `# Alexa\n\n${first}\n`) {
  const notebook = new FakeNotebook({ [PATH]: initial });
  const editor = { text: initial };
  const conflicts: Array<{ disk: NoteFile | null; mine: string }> = [];
  const reloads: Array<NoteFile | null> = [];
  const states: SaveState['kind'][] = [];
  const file = { version: null as string | null, markdown: initial };
  const ready = notebook.api.readNote(PATH).then((f) => {
    file.version = f.version;
    return new NoteAutosave(PATH, file, {
      api: notebook.api,
      read: () => editor.text,
      reload: (disk) => {
        reloads.push(disk);
        editor.text = disk?.markdown ?? '';
      },
      showConflict: (disk, mine) => conflicts.push({ disk, mine }),
      onState: (s) => states.push(s.kind),
      retryMs: 1000,
    });
  });
  const type = (session: NoteAutosave, text: string) => {
    editor.text = text;
    session.changed();
  };
  return { notebook, editor, conflicts, reloads, states, ready, type };
}

describe('autosave', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('saves once typing pauses, with the last keystroke, not on every keystroke', async () => {
    const { notebook, ready, type } = setup();
    const session = await ready;
    const words = second.split(' ');
    for (let i = 1; i <= words.length; i++) {
      type(session, `# Alexa\n\n${first}\n\n${words.slice(0, i).join(' ')}\n`);
      await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS / 4);
    }
    expect(notebook.savesOf(PATH)).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(notebook.savesOf(PATH)).toHaveLength(1);
    expect(notebook.markdown(PATH)).toBe(`# Alexa\n\n${first}\n\n${second}\n`);
  });

  it('flush writes the last keystrokes at once, without waiting for the pause', async () => {
    const { notebook, ready, type } = setup();
    const session = await ready;
    type(session, `# Alexa\n\n${first} ${second}\n`);
    await session.flush();
    expect(notebook.markdown(PATH)).toBe(`# Alexa\n\n${first} ${second}\n`);
    // The pending debounce was replaced by the flush: nothing is written twice.
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    expect(notebook.savesOf(PATH)).toHaveLength(1);
  });

  it('names the version it edits, keeping the version each save returns', async () => {
    const { notebook, ready, type } = setup();
    const session = await ready;
    type(session, `# Alexa\n\n${first}\n\nOne.\n`);
    await session.flush();
    const afterFirst = session.version;
    type(session, `# Alexa\n\n${first}\n\nOne. Two.\n`);
    await session.flush();
    const saves = notebook.savesOf(PATH);
    expect(saves).toHaveLength(2);
    expect(saves[1]!.baseVersion).toBe(afterFirst);
    expect(saves[1]!.baseVersion).not.toBe(saves[0]!.baseVersion);
    expect(notebook.markdown(PATH)).toBe(`# Alexa\n\n${first}\n\nOne. Two.\n`);
  });

  it('keeps edits typed while a save is in flight and saves them next', async () => {
    const { notebook, ready, type } = setup();
    const session = await ready;
    let release!: () => void;
    notebook.saveGate = new Promise((r) => { release = r; });
    type(session, `# Alexa\n\nA\n`);
    const saving = session.flush();
    type(session, `# Alexa\n\nAB\n`);
    notebook.saveGate = null;
    release();
    await saving;
    await session.flush();
    expect(notebook.markdown(PATH)).toBe(`# Alexa\n\nAB\n`);
  });

  it('retries a failed save and loses nothing', async () => {
    const { notebook, ready, type, states } = setup();
    const session = await ready;
    notebook.failingSaves = 1;
    type(session, `# Alexa\n\n${second}\n`);
    await session.flush();
    expect(states).toContain('error');
    expect(notebook.markdown(PATH)).toBe(`# Alexa\n\n${first}\n`);
    await vi.advanceTimersByTimeAsync(1000);
    expect(notebook.markdown(PATH)).toBe(`# Alexa\n\n${second}\n`);
  });

  it('does not save when nothing changed', async () => {
    const { notebook, ready } = setup();
    const session = await ready;
    session.changed();
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    await session.flush();
    expect(notebook.savesOf(PATH)).toHaveLength(0);
  });
});

describe('a note changed by another program', () => {
  it('reloads from disk when the editor has no unsaved changes', async () => {
    const { notebook, ready, reloads, conflicts, editor } = setup();
    const session = await ready;
    notebook.externalWrite(PATH, `# Alexa\n\n${second}\n`);
    await session.externalChange(false);
    expect(reloads.map((r) => r?.markdown)).toEqual([`# Alexa\n\n${second}\n`]);
    expect(conflicts).toHaveLength(0);
    expect(editor.text).toBe(`# Alexa\n\n${second}\n`);
    expect(session.version).toBe((await notebook.api.readNote(PATH)).version);
  });

  it('ignores the echo of its own save', async () => {
    const { ready, reloads, conflicts, type } = setup();
    const session = await ready;
    type(session, 'mine\n');
    await session.flush();
    await session.externalChange(false);
    expect(reloads).toHaveLength(0);
    expect(conflicts).toHaveLength(0);
  });

  it('keeps both versions when both changed, and writes nothing until the user picks', async () => {
    const { notebook, ready, conflicts, reloads, type } = setup();
    const session = await ready;
    type(session, `# Alexa\n\nmine: ${second}\n`);
    notebook.externalWrite(PATH, `# Alexa\n\ntheirs: ${first}\n`);
    await session.externalChange(false);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.disk?.markdown).toBe(`# Alexa\n\ntheirs: ${first}\n`);
    expect(conflicts[0]!.mine).toBe(`# Alexa\n\nmine: ${second}\n`);
    expect(reloads).toHaveLength(0);
    // More typing and a flush (quit) still never overwrite the other program's text.
    type(session, `# Alexa\n\nmine, more: ${second}\n`);
    await session.flush();
    expect(notebook.markdown(PATH)).toBe(`# Alexa\n\ntheirs: ${first}\n`);
    expect(notebook.savesOf(PATH)).toHaveLength(0);
  });

  it('"Keep mine" saves the editor over the new disk version', async () => {
    const { notebook, ready, type } = setup();
    const session = await ready;
    type(session, 'mine\n');
    notebook.externalWrite(PATH, 'theirs\n');
    await session.externalChange(false);
    await session.keepMine();
    expect(notebook.markdown(PATH)).toBe('mine\n');
    expect(session.inConflict).toBe(false);
  });

  it('"Use theirs" loads the disk version into the editor', async () => {
    const { notebook, ready, type, editor } = setup();
    const session = await ready;
    type(session, 'mine\n');
    notebook.externalWrite(PATH, 'theirs\n');
    await session.externalChange(false);
    session.useTheirs();
    expect(editor.text).toBe('theirs\n');
    await session.flush();
    expect(notebook.savesOf(PATH)).toHaveLength(0);
    expect(notebook.markdown(PATH)).toBe('theirs\n');
  });

  it('turns a refused save into a side-by-side conflict when the watcher has not spoken yet', async () => {
    const { notebook, ready, conflicts, type } = setup();
    const session = await ready;
    notebook.files.set(PATH, { markdown: 'written elsewhere\n', modified: Date.now() }); // no event
    type(session, 'typed here\n');
    await session.flush();
    expect(conflicts.map((c) => c.disk?.markdown)).toEqual(['written elsewhere\n']);
    expect(notebook.markdown(PATH)).toBe('written elsewhere\n');
    expect(session.inConflict).toBe(true);
  });

  it('treats a save that meets identical text on disk as saved, not as a conflict', async () => {
    const { notebook, ready, conflicts, type } = setup();
    const session = await ready;
    notebook.files.set(PATH, { markdown: 'same\n', modified: Date.now() });
    type(session, 'same\n');
    await session.flush();
    expect(conflicts).toHaveLength(0);
    expect(session.inConflict).toBe(false);
    expect(session.hasUnsavedChanges()).toBe(false);
  });

  it('offers to keep the note when it was deleted on disk while edited', async () => {
    const { notebook, ready, conflicts, type } = setup();
    const session = await ready;
    type(session, 'unsaved words\n');
    notebook.externalDelete(PATH);
    await session.externalChange(true);
    expect(conflicts).toEqual([{ disk: null, mine: 'unsaved words\n' }]);
    await session.keepMine();
    expect(notebook.markdown(PATH)).toBe('unsaved words\n');
  });
});
