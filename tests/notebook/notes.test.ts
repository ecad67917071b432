import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotebookEvents, type NotebookBackendEvent } from '../../main/node/notebook/events';
import { NoteStore } from '../../main/node/notebook/note-store';
import { Notes } from '../../main/node/notebook/notes';
import { paragraphWith, readSeed, tempDir, waitFor } from './helpers';

let root: string;
let notes: Notes;
let events: NotebookBackendEvent[];

beforeEach(async () => {
  root = await tempDir('sb-notes-');
  const emitter = new NotebookEvents();
  events = [];
  emitter.subscribe((e) => events.push(e));
  notes = new Notes(new NoteStore(root), emitter);
});
afterEach(async () => {
  await notes.close();
  await fsp.rm(root, { recursive: true, force: true });
});

const seedParagraph = async () => paragraphWith(await readSeed('confession'), 'Alexa Delusion');

describe('notes are Markdown files in the notebook folder', () => {
  it('creates a note named after its title and saves Markdown readable by any editor', async () => {
    const created = await notes.createNote('Alexa strategy');
    expect(created.path).toBe('Alexa strategy.md');
    const markdown = `# Alexa strategy\n\n${await seedParagraph()}\n`;
    const saved = await notes.saveNote({ path: created.path, markdown, baseVersion: created.version });
    expect(saved.status).toBe('saved');
    expect(await fsp.readFile(path.join(root, 'Alexa strategy.md'), 'utf8')).toBe(markdown);
    const read = await notes.readNote(created.path);
    expect(read.markdown).toBe(markdown);
    expect(saved.status === 'saved' && saved.version).toBe(read.version);
  });

  it('cleans titles into safe file names and never replaces a note of the same name', async () => {
    expect((await notes.createNote('What: is / this? <AI>')).path).toBe('What is this AI.md');
    expect((await notes.createNote('../../etc/passwd')).path).toBe('etc passwd.md');
    expect((await notes.createNote('CON')).path).toBe('CON_.md');
    expect((await notes.createNote('Ideas')).path).toBe('Ideas.md');
    expect((await notes.createNote('Ideas')).path).toBe('Ideas 2.md');
  });

  it('lists notes in subfolders but not the app data, hidden folders or other files', async () => {
    await fsp.mkdir(path.join(root, 'Projects', 'Alexa'), { recursive: true });
    await fsp.mkdir(path.join(root, '.obsidian'));
    await fsp.writeFile(path.join(root, 'Projects', 'Alexa', 'Echo.md'), 'echo');
    await fsp.writeFile(path.join(root, '.obsidian', 'workspace.md'), 'x');
    await fsp.writeFile(path.join(root, 'picture.png'), 'x');
    await notes.createNote('Top');
    await notes.deleteNote((await notes.createNote('Gone')).path);
    expect((await notes.listNotes()).map((n) => n.path)).toEqual(['Projects/Alexa/Echo.md', 'Top.md']);
  });

  it('refuses note paths that leave the notebook', async () => {
    for (const bad of ['../outside.md', '/etc/passwd.md', 'a/../../b.md', '.sourcebook/review.md', 'C:/x.md', 'a\\..\\b.md']) {
      await expect(notes.readNote(bad)).rejects.toMatchObject({ code: 'forbidden' });
      await expect(notes.saveNote({ path: bad, markdown: 'x', baseVersion: null })).rejects.toMatchObject({ code: 'forbidden' });
    }
  });
});

describe('a note edited by another program', () => {
  it('is detected and not overwritten by a save from the stale version', async () => {
    const note = await notes.createNote('Claims');
    const first = await notes.saveNote({ path: note.path, markdown: 'my draft\n', baseVersion: note.version });
    if (first.status !== 'saved') throw new Error('first save failed');
    const theirs = `their edit\n\n${await seedParagraph()}\n`;
    await fsp.writeFile(path.join(root, note.path), theirs);

    const second = await notes.saveNote({ path: note.path, markdown: 'my later draft\n', baseVersion: first.version });
    expect(second.status).toBe('conflict');
    expect(second.status === 'conflict' && second.disk?.markdown).toBe(theirs);
    expect(await fsp.readFile(path.join(root, note.path), 'utf8')).toBe(theirs);
  });

  it('refuses to create over a note that appeared meanwhile', async () => {
    await fsp.writeFile(path.join(root, 'Race.md'), 'written elsewhere');
    const result = await notes.saveNote({ path: 'Race.md', markdown: 'mine', baseVersion: null });
    expect(result).toMatchObject({ status: 'conflict', disk: { markdown: 'written elsewhere' } });
    expect(await fsp.readFile(path.join(root, 'Race.md'), 'utf8')).toBe('written elsewhere');
  });

  it('is reported as an external change, while our own saves are not', async () => {
    await notes.watch();
    const note = await notes.createNote('Watched');
    await notes.saveNote({ path: note.path, markdown: 'saved by us\n', baseVersion: note.version });
    await fsp.writeFile(path.join(root, 'Watched.md'), 'edited in another editor\n');
    await waitFor(() => events.some((e) => e.type === 'notes-changed' && e.external));
    await fsp.rm(path.join(root, 'Watched.md'));
    await waitFor(() => events.some((e) => e.type === 'notes-changed' && e.external && e.removed.length > 0));
    // The watcher reports in order: an echo of our own save would have come before the outside edit.
    expect(events.filter((e) => e.type === 'notes-changed' && e.external)).toEqual([
      { type: 'notes-changed', changed: ['Watched.md'], removed: [], external: true, annotations: [] },
      { type: 'notes-changed', changed: [], removed: ['Watched.md'], external: true, annotations: [] },
    ]);
  });

  it('that is binary, not UTF-8 or huge gives a clear error and stays as it was', async () => {
    const cases: [string, Buffer, RegExp][] = [
      ['Binary.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01]), /binary/],
      ['Latin1.md', Buffer.from('Caf\xe9 cr\xe8me', 'latin1'), /not valid UTF-8/],
    ];
    for (const [name, bytes, message] of cases) {
      await fsp.writeFile(path.join(root, name), bytes);
      await expect(notes.readNote(name)).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(message) });
      expect(await fsp.readFile(path.join(root, name))).toEqual(bytes);
    }
    const small = new Notes(new NoteStore(root, { maxBytes: 1000 }), new NotebookEvents());
    await fsp.writeFile(path.join(root, 'Huge.md'), (await readSeed('confession')));
    await expect(small.readNote('Huge.md')).rejects.toMatchObject({ message: expect.stringMatching(/more than the 1 kB/) });
    expect((await notes.listNotes()).map((n) => n.path)).toEqual(['Binary.md', 'Huge.md', 'Latin1.md']);
  });
});

describe('delete and restore', () => {
  it('moves a deleted note to the trash and restores it with its text', async () => {
    const note = await notes.createNote('Bedrock');
    const markdown = paragraphWith(await readSeed('confession'), 'Bedrock');
    await notes.saveNote({ path: note.path, markdown, baseVersion: note.version });
    const { trashId } = await notes.deleteNote(note.path);
    expect(await fsp.stat(path.join(root, 'Bedrock.md')).catch(() => null)).toBeNull();
    expect((await notes.listNotes())).toEqual([]);

    const restored = await notes.restoreNote(trashId);
    expect(restored.path).toBe('Bedrock.md');
    expect((await notes.readNote('Bedrock.md')).markdown).toBe(markdown);
    await expect(notes.restoreNote(trashId)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('restores beside a new note of the same name instead of replacing it', async () => {
    const old = await notes.createNote('Echo');
    await notes.saveNote({ path: old.path, markdown: 'old text', baseVersion: old.version });
    const { trashId } = await notes.deleteNote(old.path);
    const fresh = await notes.createNote('Echo');
    await notes.saveNote({ path: fresh.path, markdown: 'new text', baseVersion: fresh.version });

    const restored = await notes.restoreNote(trashId);
    expect(restored.path).toBe('Echo (restored).md');
    expect((await notes.readNote('Echo.md')).markdown).toBe('new text');
    expect((await notes.readNote('Echo (restored).md')).markdown).toBe('old text');
  });

  it('says where the note is when its trash entry is damaged, and leaves it in the trash', async () => {
    const note = await notes.createNote('Bedrock');
    await notes.saveNote({ path: note.path, markdown: 'kept text', baseVersion: note.version });
    const { trashId } = await notes.deleteNote(note.path);
    const trash = path.join(root, '.sourcebook', 'trash');
    await fsp.writeFile(path.join(trash, `${trashId}.json`), '{"deleted": "2026-01-01T00:00:00Z"}');

    await expect(notes.restoreNote(trashId)).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining(`.sourcebook/trash/${trashId}.md`) });
    expect(await fsp.readFile(path.join(trash, `${trashId}.md`), 'utf8')).toBe('kept text');
  });

  it('refuses trash ids that are not ours', async () => {
    await expect(notes.restoreNote('../../etc/passwd')).rejects.toMatchObject({ code: 'bad-request' });
  });
});

describe('links between notes', () => {
  it('lists the notes whose wikilinks name a note as its backlinks', async () => {
    const target = await notes.createNote('Amazon Echo');
    for (const [title, text] of [['Devices', 'The [[amazon  echo]] launched in 2014.'], ['Timeline', 'See [[Amazon Echo#Launch|the Echo]].'], ['Other', 'Nothing here about [[Alexa]].']]) {
      const n = await notes.createNote(title!);
      await notes.saveNote({ path: n.path, markdown: text!, baseVersion: n.version });
    }
    const links = await notes.getNoteLinks(target.path);
    expect(links.backlinks.map((n) => n.title)).toEqual(['Devices', 'Timeline']);
  });

  it('renames a note and rewrites the links that named it, keeping headings and shown text', async () => {
    const target = await notes.createNote('Echo');
    const linking = await notes.createNote('Devices');
    await notes.saveNote({ path: linking.path, markdown: 'See [[Echo]] and [[echo#Launch|the launch]].', baseVersion: linking.version });
    const renamed = await notes.renameNote(target.path, 'Amazon Echo');
    expect(renamed.path).toBe('Amazon Echo.md');
    expect((await notes.readNote('Devices.md')).markdown).toBe('See [[Amazon Echo]] and [[Amazon Echo#Launch|the launch]].');
    expect((await notes.getNoteLinks('Amazon Echo.md')).backlinks.map((n) => n.path)).toEqual(['Devices.md']);
    await expect(notes.renameNote('Devices.md', 'Amazon Echo')).rejects.toMatchObject({ code: 'conflict' });
  });
});
