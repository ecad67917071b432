/**
 * What a crash leaves behind, cleaned at the next start, and what must survive a power cut
 * (each move followed by an fsync of the folders it changed).
 */
import { spawn } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AtomicWriteIo } from '../../main/node/fs';
import { openNotebook, type Notebook } from '../../main/node/notebook';
import { FakeSources, readSeed, spanOf, tempDir } from './helpers';

let root: string;
const open: Notebook[] = [];

beforeEach(async () => {
  root = await tempDir('sb-recovery-');
});
afterEach(async () => {
  for (const notebook of open.splice(0)) await notebook.close();
  await fsp.rm(root, { recursive: true, force: true });
});

async function openHere(options: { io?: Partial<AtomicWriteIo> } = {}): Promise<Notebook> {
  const sources = new FakeSources();
  sources.set('src', await readSeed('confession'), 'Amazon AI');
  const notebook = await openNotebook(root, sources, { watch: false, ...options });
  open.push(notebook);
  return notebook;
}

/** The pid of a process that has exited (so nothing it left is in use). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe('temp files of interrupted writes', () => {
  it('are removed at start when their writer is gone, and kept while it runs', async () => {
    await fsp.mkdir(path.join(root, 'Projects'), { recursive: true });
    await fsp.mkdir(path.join(root, '.sourcebook', 'annotations'), { recursive: true });
    const dead = await deadPid();
    const abandoned = [`.sb-${dead}-0123456789ab.sb-tmp`, `Projects/.sb-${dead}-ba9876543210.sb-tmp`, `.sourcebook/annotations/.sb-${dead}-aaaaaaaaaaaa.sb-tmp`];
    const live = `.sb-${process.ppid}-cccccccccccc.sb-tmp`; // a writer that is still running
    for (const name of [...abandoned, live]) await fsp.writeFile(path.join(root, name), 'half a note');
    await fsp.writeFile(path.join(root, 'Kept.md'), 'a note\n');

    const notebook = await openHere();
    for (const name of abandoned) await expect(fsp.stat(path.join(root, name)), name).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await fsp.readFile(path.join(root, live), 'utf8')).toBe('half a note');
    expect((await notebook.listNotes()).map((n) => n.path)).toEqual(['Kept.md']);
  });
});

describe('the trash after a crash', () => {
  it('loses entries that say where a note was but hold no note, and keeps whole ones', async () => {
    const notebook = await openHere();
    const note = await notebook.createNote('Gone');
    const deleted = await notebook.deleteNote(note.path);
    const trash = path.join(root, '.sourcebook', 'trash');
    // A delete killed after writing where the note was, before moving it.
    await fsp.writeFile(path.join(trash, '1700000000000-deadbeef.json'), JSON.stringify({ path: 'Never moved.md', deleted: '2026-01-01T00:00:00Z' }));
    await openHere();
    expect((await fsp.readdir(trash)).sort()).toEqual([`${deleted.trashId}.json`, `${deleted.trashId}.md`]);
    expect((await notebook.restoreNote(deleted.trashId)).path).toBe('Gone.md');
  });
});

describe('a rename cut between making the new name and removing the old', () => {
  it('is finished at the next start, so the note is not listed twice', async () => {
    await fsp.writeFile(path.join(root, 'Old.md'), 'the note\n');
    await fsp.link(path.join(root, 'Old.md'), path.join(root, 'New.md'));
    const journal = path.join(root, '.sourcebook', 'journal');
    await fsp.mkdir(journal, { recursive: true });
    await fsp.writeFile(path.join(journal, `rename-${await deadPid()}-00ff00ff00ff.json`),
      JSON.stringify({ op: 'rename', from: path.join(root, 'Old.md'), to: path.join(root, 'New.md') }));
    const notebook = await openHere();
    expect((await notebook.listNotes()).map((n) => n.path)).toEqual(['New.md']);
    expect(await fsp.readFile(path.join(root, 'New.md'), 'utf8')).toBe('the note\n');
    expect(await fsp.readdir(journal)).toEqual([]);
  });
});

describe('moves survive a power cut', () => {
  /** Records each folder fsynced, with what it held at that moment. */
  function recordingIo() {
    const synced: { dir: string; entries: string[] }[] = [];
    const io: Partial<AtomicWriteIo> = {
      syncDir: async (dir) => { synced.push({ dir: path.relative(root, dir) || '.', entries: (await fsp.readdir(dir)).sort() }); },
    };
    return { io, synced, clear: () => synced.splice(0) };
  }
  const syncedDirs = (synced: { dir: string }[]) => [...new Set(synced.map((s) => s.dir))].sort();

  it('a rename syncs the note\'s folder once both names are settled', async () => {
    const { io, synced, clear } = recordingIo();
    const notebook = await openHere({ io });
    const note = await notebook.createNote('Before');
    clear();
    await notebook.renameNote(note.path, 'After');
    expect(synced.filter((s) => s.dir === '.').at(-1)?.entries).toEqual(['.sourcebook', 'After.md']);
  });

  it('delete and restore sync the trash and the note\'s folder after each move', async () => {
    const { io, synced, clear } = recordingIo();
    const notebook = await openHere({ io });
    const note = await notebook.createNote('Doomed');
    clear();
    const { trashId } = await notebook.deleteNote(note.path);
    expect(synced.find((s) => s.dir === '.sourcebook/trash' && s.entries.includes(`${trashId}.md`))).toBeTruthy();
    expect(synced.find((s) => s.dir === '.' && !s.entries.includes('Doomed.md'))).toBeTruthy();
    clear();
    await notebook.restoreNote(trashId);
    expect(synced.find((s) => s.dir === '.' && s.entries.includes('Doomed.md'))).toBeTruthy();
    expect(synced.find((s) => s.dir === '.sourcebook/trash' && !s.entries.includes(`${trashId}.md`))).toBeTruthy();
  });

  it('deleting an annotation syncs the annotations folder', async () => {
    const { io, synced, clear } = recordingIo();
    const notebook = await openHere({ io });
    const seed = await readSeed('confession');
    const a = await notebook.createAnnotation({ kind: 'highlight', sourceId: 'src', ...spanOf(seed, 'Alexa') });
    clear();
    await notebook.deleteAnnotation(a.id);
    expect(synced.find((s) => s.dir === '.sourcebook/annotations' && !s.entries.includes(`${a.id}.json`))).toBeTruthy();
  });

  it('a note saved into new folders syncs each new folder and the one it was made in', async () => {
    const { io, synced, clear } = recordingIo();
    const notebook = await openHere({ io });
    clear();
    await notebook.saveNote({ path: 'Projects/2026/Plan.md', markdown: 'plan\n', baseVersion: null });
    expect(syncedDirs(synced)).toEqual(['.', 'Projects', 'Projects/2026']);
    expect(synced.find((s) => s.dir === '.')?.entries).toContain('Projects');
    expect(synced.find((s) => s.dir === 'Projects')?.entries).toContain('2026');
  });
});
