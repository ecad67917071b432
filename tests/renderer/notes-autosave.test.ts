/**
 * Autosave of one note against the real backend: saves land in the notebook folder, name the
 * version they edit, and another program's write is never overwritten. Time is Vitest's clock
 * (only setTimeout is faked, so file I/O runs as it does); a save is awaited through the state
 * autosave reports, never through a sleep.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NoteFile, SaveNoteRequest } from '../../main/common/contract';
import { AUTOSAVE_DELAY_MS, NoteAutosave, type SaveState } from '../../renderer/src/notes/autosave';
import { openRealBackend, type RealBackend } from '../support/real-backend';

const PATH = 'Alexa.md';
const first = 'For nearly a decade, Amazon told a beautiful lie.';
const second = 'It never happened.';

const opened: RealBackend[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const real of opened.splice(0)) await real.close();
});

/** The editor as autosave sees it: text the user types, and what a reload puts there. */
async function setup(initial = `# Alexa\n\n${first}\n`, { fakeTime = false } = {}) {
  const real = await openRealBackend({ notes: { [PATH]: initial } });
  opened.push(real);
  const editor = { text: initial };
  const conflicts: Array<{ disk: NoteFile | null; mine: string }> = [];
  const reloads: Array<NoteFile | null> = [];
  const states: SaveState['kind'][] = [];
  const waiting: Array<{ kind: SaveState['kind']; resolve: () => void }> = [];
  const file = { version: (await real.api.readNote(PATH)).version as string | null, markdown: initial };
  if (fakeTime) vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const session = new NoteAutosave(PATH, file, {
    api: real.api,
    read: () => editor.text,
    reload: (disk) => {
      reloads.push(disk);
      editor.text = disk?.markdown ?? '';
    },
    showConflict: (disk, mine) => conflicts.push({ disk, mine }),
    onState: (s) => {
      states.push(s.kind);
      for (const w of waiting.filter((x) => x.kind === s.kind)) { waiting.splice(waiting.indexOf(w), 1); w.resolve(); }
    },
    retryMs: 1000,
    // On the real clock the pause is long, so only flush() saves: a watcher slower than the pause must not change the story.
    ...(fakeTime ? {} : { delayMs: 600_000 }),
  });
  const type = (text: string) => {
    editor.text = text;
    session.changed();
  };
  /** Resolves when autosave next reports `kind` (call before what causes it). */
  const next = (kind: SaveState['kind']) => new Promise<void>((resolve) => waiting.push({ kind, resolve }));
  const saves = () => real.requests.filter((r) => r.method === 'saveNote').map((r) => r.args[0] as SaveNoteRequest);
  /** Another program writes the note, and nobody has told the editor yet. */
  const writeBehindItsBack = (markdown: string) => writeFile(path.join(real.notebookDir, PATH), markdown);
  return { real, session, editor, conflicts, reloads, states, type, next, saves, writeBehindItsBack };
}

describe('autosave', () => {
  it('saves once typing pauses, with the last keystroke, not on every keystroke', async () => {
    const { real, type, next, saves } = await setup(undefined, { fakeTime: true });
    // Typed for longer than one pause in all, a word each quarter pause.
    const words = `${second} ${first}`.split(' ');
    for (let i = 1; i <= words.length; i++) {
      type(`# Alexa\n\n${first}\n\n${words.slice(0, i).join(' ')}\n`);
      await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS / 4);
    }
    expect(saves()).toHaveLength(0);
    const saved = next('saved');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    await saved;
    expect(saves()).toHaveLength(1);
    expect(await real.markdown(PATH)).toBe(`# Alexa\n\n${first}\n\n${second} ${first}\n`);
  });

  it('flush writes the last keystrokes at once, without waiting for the pause', async () => {
    const { real, session, type, saves } = await setup(undefined, { fakeTime: true });
    type(`# Alexa\n\n${first} ${second}\n`);
    await session.flush();
    expect(await real.markdown(PATH)).toBe(`# Alexa\n\n${first} ${second}\n`);
    // The pending debounce was replaced by the flush: nothing is written twice.
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    await session.flush();
    expect(saves()).toHaveLength(1);
  });

  it('names the version it edits, keeping the version each save returns', async () => {
    const { real, session, type, saves } = await setup();
    type(`# Alexa\n\n${first}\n\nOne.\n`);
    await session.flush();
    const afterFirst = session.version;
    expect(afterFirst).toBe((await real.api.readNote(PATH)).version);
    type(`# Alexa\n\n${first}\n\nOne. Two.\n`);
    await session.flush();
    expect(saves()).toHaveLength(2);
    expect(saves()[1]!.baseVersion).toBe(afterFirst);
    expect(saves()[1]!.baseVersion).not.toBe(saves()[0]!.baseVersion);
    expect(await real.markdown(PATH)).toBe(`# Alexa\n\n${first}\n\nOne. Two.\n`);
  });

  it('keeps edits typed while a save is in flight and saves them next', async () => {
    const { real, session, type } = await setup();
    const release = real.hold('saveNote');
    type(`# Alexa\n\nA\n`);
    const saving = session.flush();
    type(`# Alexa\n\nAB\n`);
    release();
    await saving;
    await session.flush();
    expect(await real.markdown(PATH)).toBe(`# Alexa\n\nAB\n`);
  });

  it('retries a failed save and loses nothing', async () => {
    const { real, session, type, states, next } = await setup(undefined, { fakeTime: true });
    real.failNext('saveNote', 'ENOSPC: no space left on device');
    type(`# Alexa\n\n${second}\n`);
    await session.flush();
    expect(states).toContain('error');
    expect(await real.markdown(PATH)).toBe(`# Alexa\n\n${first}\n`);
    const saved = next('saved');
    await vi.advanceTimersByTimeAsync(1000);
    await saved;
    expect(await real.markdown(PATH)).toBe(`# Alexa\n\n${second}\n`);
  });

  it('does not save when nothing changed', async () => {
    const { session, saves } = await setup(undefined, { fakeTime: true });
    session.changed();
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    await session.flush();
    expect(saves()).toHaveLength(0);
  });
});

describe('a note changed by another program', () => {
  it('reloads from disk when the editor has no unsaved changes', async () => {
    const { real, session, reloads, conflicts, editor } = await setup();
    await real.writeNoteOutside(PATH, `# Alexa\n\n${second}\n`);
    await session.externalChange(false);
    expect(reloads.map((r) => r?.markdown)).toEqual([`# Alexa\n\n${second}\n`]);
    expect(conflicts).toHaveLength(0);
    expect(editor.text).toBe(`# Alexa\n\n${second}\n`);
    expect(session.version).toBe((await real.api.readNote(PATH)).version);
  });

  it('ignores the echo of its own save', async () => {
    const { session, reloads, conflicts, type } = await setup();
    type('mine\n');
    await session.flush();
    await session.externalChange(false);
    expect(reloads).toHaveLength(0);
    expect(conflicts).toHaveLength(0);
  });

  it('keeps both versions when both changed, and writes nothing until the user picks', async () => {
    const { real, session, conflicts, reloads, type, saves } = await setup();
    type(`# Alexa\n\nmine: ${second}\n`);
    await real.writeNoteOutside(PATH, `# Alexa\n\ntheirs: ${first}\n`);
    await session.externalChange(false);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.disk?.markdown).toBe(`# Alexa\n\ntheirs: ${first}\n`);
    expect(conflicts[0]!.mine).toBe(`# Alexa\n\nmine: ${second}\n`);
    expect(reloads).toHaveLength(0);
    // More typing and a flush (quit) still never overwrite the other program's text.
    type(`# Alexa\n\nmine, more: ${second}\n`);
    await session.flush();
    expect(await real.markdown(PATH)).toBe(`# Alexa\n\ntheirs: ${first}\n`);
    expect(saves()).toHaveLength(0);
  });

  it('"Keep mine" saves the editor over the new disk version', async () => {
    const { real, session, type } = await setup();
    type('mine\n');
    await real.writeNoteOutside(PATH, 'theirs\n');
    await session.externalChange(false);
    await session.keepMine();
    expect(await real.markdown(PATH)).toBe('mine\n');
    expect(session.inConflict).toBe(false);
  });

  it('"Use theirs" loads the disk version into the editor', async () => {
    const { real, session, type, editor, saves } = await setup();
    type('mine\n');
    await real.writeNoteOutside(PATH, 'theirs\n');
    await session.externalChange(false);
    session.useTheirs();
    expect(editor.text).toBe('theirs\n');
    await session.flush();
    expect(saves()).toHaveLength(0);
    expect(await real.markdown(PATH)).toBe('theirs\n');
  });

  it('turns a refused save into a side-by-side conflict when the watcher has not spoken yet', async () => {
    const { real, session, conflicts, type, writeBehindItsBack } = await setup();
    await writeBehindItsBack('written elsewhere\n');
    type('typed here\n');
    await session.flush();
    expect(conflicts.map((c) => c.disk?.markdown)).toEqual(['written elsewhere\n']);
    expect(await real.markdown(PATH)).toBe('written elsewhere\n');
    expect(session.inConflict).toBe(true);
  });

  it('treats a save that meets identical text on disk as saved, not as a conflict', async () => {
    const { session, conflicts, type, writeBehindItsBack } = await setup();
    await writeBehindItsBack('same\n');
    type('same\n');
    await session.flush();
    expect(conflicts).toHaveLength(0);
    expect(session.inConflict).toBe(false);
    expect(session.hasUnsavedChanges()).toBe(false);
  });

  it('offers to keep the note when it was deleted on disk while edited', async () => {
    const { real, session, conflicts, type } = await setup();
    type('unsaved words\n');
    await real.deleteNoteOutside(PATH);
    await session.externalChange(true);
    expect(conflicts).toEqual([{ disk: null, mine: 'unsaved words\n' }]);
    await session.keepMine();
    expect(await real.markdown(PATH)).toBe('unsaved words\n');
  });
});
