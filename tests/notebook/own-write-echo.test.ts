/**
 * The note watcher reads a file some time after it changed. What it reads then may be our own
 * earlier write (a create, then the first save), which must not be reported as another program's:
 * the contract suite saw that report under load, before every save's own event.
 */
import { promises as fsp } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentHash } from '../../main/node/content-hash';
import { NoteStore } from '../../main/node/notebook/note-store';
import { tempDir } from './helpers';

let root: string;
let releaseRename: (() => void) | undefined;
let renameHeld: Promise<void>;
let store: NoteStore;

beforeEach(async () => {
  root = await tempDir('sb-own-echo-');
  releaseRename = undefined;
  let heldNow: () => void = () => undefined;
  renameHeld = new Promise((resolve) => { heldNow = resolve; });
  store = new NoteStore(root, {
    io: {
      rename: async (from, to) => {
        if (to.endsWith('.md') && releaseRename === undefined) {
          await new Promise<void>((resolve) => { releaseRename = resolve; heldNow(); });
        }
        await fsp.rename(from, to);
      },
    },
  });
});
afterEach(async () => {
  releaseRename?.();
  await fsp.rm(root, { recursive: true, force: true });
});

describe('a watcher report of our own earlier write', () => {
  it('is ours when the note\'s first save is under way while the created empty file is read', async () => {
    const note = await store.create('Chatbot');
    const mark = store.writes.mark(note.path);
    const saving = store.save({ path: note.path, markdown: 'first words\n', baseVersion: note.version });
    await renameHeld;
    expect(await fsp.readFile(`${root}/${note.path}`, 'utf8')).toBe('');
    expect(store.writes.wroteLately(note.path, contentHash(''), mark)).toBe(true);
    expect(store.writes.wroteLately(note.path, contentHash('Written elsewhere.\n'), mark)).toBe(false);
    releaseRename!();
    await expect(saving).resolves.toMatchObject({ status: 'saved' });
  });

  it('is ours when the save that overtook the read has already ended', async () => {
    const note = await store.create('Chatbot');
    const mark = store.writes.mark(note.path);
    const saving = store.save({ path: note.path, markdown: 'first words\n', baseVersion: note.version });
    await renameHeld;
    releaseRename!();
    await saving;
    expect(store.writes.wroteLately(note.path, contentHash(''), mark)).toBe(true);
  });

  it('is another program\'s change when our old version is put back after our saves ended', async () => {
    const note = await store.create('Chatbot');
    const saving = store.save({ path: note.path, markdown: 'first words\n', baseVersion: note.version });
    await renameHeld;
    releaseRename!();
    await saving;
    const mark = store.writes.mark(note.path);
    expect(store.writes.wroteLately(note.path, contentHash(''), mark)).toBe(false);
  });
});
