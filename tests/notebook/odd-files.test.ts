/**
 * What other programs leave in a notebook folder: FIFOs named like notes, symlinked notes,
 * private files, text with control characters, names at the file system's limit. None of it
 * may hang a request, change what a save writes over, or be accepted and then refused.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openNotebook, type Notebook, type NotebookBackendEvent } from '../../main/node/notebook';
import { FakeSources, tempDir } from './helpers';
import { until } from '../support/until';

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

let root: string;
let notebook: Notebook;

beforeEach(async () => {
  root = await tempDir('sb-odd-');
  notebook = await openNotebook(root, new FakeSources(), { watch: true });
});
afterEach(async () => {
  await notebook.close();
  await fsp.rm(root, { recursive: true, force: true });
});

const mkfifo = (name: string) => execFileSync('mkfifo', [path.join(root, name)]);

/** Settles within `ms` or fails: a hang is a failure, not a test timeout. */
function within<T>(work: Promise<T>, ms = 3000): Promise<T> {
  return Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms))]);
}

describe('a FIFO named like a note', () => {
  it('is refused by save and read with a reason, at once, and leaves other notes working', async () => {
    for (const name of ['a.md', 'b.md', 'c.md', 'd.md', 'e.md']) mkfifo(name);
    const note = await notebook.createNote('Ordinary');
    // More FIFO saves than libuv has threads: before, these took the whole file-I/O pool.
    const saves = ['a.md', 'b.md', 'c.md', 'd.md', 'e.md'].map((p) => within(notebook.saveNote({ path: p, markdown: 'x', baseVersion: null }).then(
      () => 'saved', (err: { code: string; message: string }) => `${err.code}: ${err.message}`)));
    for (const result of await Promise.all(saves)) expect(result).toMatch(/^bad-request: ".\.md" is a named pipe \(FIFO\), not a note file/);
    await expect(within(notebook.readNote('a.md'))).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/named pipe/) });
    expect((await within(notebook.readNote(note.path))).markdown).toBe('');
    expect((await notebook.listNotes()).map((n) => n.path)).toEqual(['Ordinary.md']);
    expect((await fsp.lstat(path.join(root, 'a.md'))).isFIFO()).toBe(true);
  });

  it('does not stop the watcher from reporting changes made afterwards', async () => {
    const events: NotebookBackendEvent[] = [];
    notebook.subscribe((e) => events.push(e));
    mkfifo('pipe.md');
    await fsp.writeFile(path.join(root, 'Later.md'), 'written by another program\n');
    await until(() => events.some((e) => e.type === 'notes-changed' && e.external && e.changed.includes('Later.md')), 'the change after the FIFO', 5000, 25);
  });

  it('does not stop the notebook from closing', async () => {
    mkfifo('pipe.md');
    await notebook.saveNote({ path: 'pipe.md', markdown: 'x', baseVersion: null }).catch(() => undefined);
    await within(notebook.close());
  });
});

describe('saving over a file keeps what it is', () => {
  it('keeps the permission bits of a private note', async () => {
    const file = path.join(root, 'Private.md');
    await fsp.writeFile(file, 'secret\n');
    await fsp.chmod(file, 0o600);
    const saved = await notebook.saveNote({ path: 'Private.md', markdown: 'still secret\n', baseVersion: sha256Hex('secret\n') });
    expect(saved.status).toBe('saved');
    expect((await fsp.stat(file)).mode & 0o777).toBe(0o600);
    expect(await fsp.readFile(file, 'utf8')).toBe('still secret\n');
  });

  it('writes a symlinked note through to its target and keeps the link', async () => {
    await fsp.mkdir(path.join(root, 'Projects'));
    await fsp.writeFile(path.join(root, 'Projects', 'Real.md'), 'the real note\n');
    await fsp.symlink('Projects/Real.md', path.join(root, 'Alias.md'));
    expect((await notebook.listNotes()).map((n) => n.path)).toEqual(['Alias.md', 'Projects/Real.md']);
    const note = await notebook.readNote('Alias.md');
    const saved = await notebook.saveNote({ path: 'Alias.md', markdown: 'edited through the link\n', baseVersion: note.version });
    expect(saved.status).toBe('saved');
    expect((await fsp.lstat(path.join(root, 'Alias.md'))).isSymbolicLink()).toBe(true);
    expect(await fsp.readFile(path.join(root, 'Projects', 'Real.md'), 'utf8')).toBe('edited through the link\n');
    expect(await fsp.readdir(path.join(root, 'Projects'))).toEqual(['Real.md']);
  });

  it('refuses a symlinked note that leads out of the notebook', async () => {
    const outside = await tempDir('sb-outside-');
    await fsp.writeFile(path.join(outside, 'Elsewhere.md'), 'not in the notebook\n');
    await fsp.symlink(path.join(outside, 'Elsewhere.md'), path.join(root, 'Out.md'));
    await expect(notebook.saveNote({ path: 'Out.md', markdown: 'x', baseVersion: sha256Hex('not in the notebook\n') })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await fsp.readFile(path.join(outside, 'Elsewhere.md'), 'utf8')).toBe('not in the notebook\n');
    expect((await notebook.listNotes()).map((n) => n.path)).toEqual([]);
    await fsp.rm(outside, { recursive: true, force: true });
  });
});

describe('characters a note may hold', () => {
  it('refuses a NUL on save, so nothing is saved that reading would refuse', async () => {
    const note = await notebook.createNote('Binary');
    await expect(notebook.saveNote({ path: note.path, markdown: 'a\u0000b', baseVersion: note.version }))
      .rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/NUL/) });
    expect(await fsp.readFile(path.join(root, note.path), 'utf8')).toBe('');
    await expect(notebook.saveNote({ path: note.path, markdown: 'broken \ud800 half', baseVersion: note.version }))
      .rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/surrogate/) });
  });

  it('keeps other control characters on save and read alike', async () => {
    const note = await notebook.createNote('Controls');
    const markdown = 'bell \u0007, escape \u001b[1m, form feed \f, DEL \u007f\n';
    const saved = await notebook.saveNote({ path: note.path, markdown, baseVersion: note.version });
    expect(saved.status).toBe('saved');
    const read = await notebook.readNote(note.path);
    expect(read.markdown).toBe(markdown);
    expect(saved.status === 'saved' && saved.version).toBe(read.version);
  });
});

describe('names at the file system\'s limit', () => {
  it('refuses a 300-byte name with a message that does not give the notebook\'s place on disk', async () => {
    const long = `${'n'.repeat(297)}.md`;
    const error = await notebook.saveNote({ path: long, markdown: 'x', baseVersion: null }).catch((e: Error & { code: string }) => e);
    expect(error).toMatchObject({ code: 'bad-request', message: expect.stringMatching(/longer than the 255 bytes/) });
    expect((error as Error).message).not.toContain(root);
    await expect(notebook.readNote(long)).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('accepts a name of 255 bytes (temp files do not lengthen it)', async () => {
    const name = `${'é'.repeat(126)}.md`; // 252 + 3 bytes
    expect(Buffer.byteLength(name)).toBe(255);
    expect((await notebook.saveNote({ path: name, markdown: 'x', baseVersion: null })).status).toBe('saved');
    expect((await notebook.readNote(name)).markdown).toBe('x');
  });
});
