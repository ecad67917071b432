/**
 * Which versions of a note on disk are the notebook's own: the note watcher asks this when its
 * report of a change is read late, so our own writes are never taken for another program's.
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NoteStore } from '../../main/node/notebook/note-store';
import { tempDir } from './helpers';

const versionOf = (text: string) => createHash('sha256').update(text).digest('hex');

describe('a new note and its first save', () => {
  let root: string;
  beforeEach(async () => { root = await tempDir('sb-own-writes-'); });
  afterEach(async () => { await fsp.rm(root, { recursive: true, force: true }); });

  it('knows the empty file the note started as for its own while the first save is under way', async () => {
    // The first save is held just before its new bytes replace the empty file (a loaded machine).
    let reached!: () => void;
    const atFsync = new Promise<void>((r) => { reached = r; });
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    let holding = false;
    const store = new NoteStore(root, {
      io: {
        fsync: async (handle: FileHandle) => {
          if (holding) {
            holding = false;
            reached();
            await held;
          }
          await handle.sync();
        },
      },
    });
    const note = await store.create('Fresh');
    holding = true;
    const saving = store.save({ path: note.path, markdown: 'First words.\n', baseVersion: note.version });
    await atFsync;
    // What the watcher reads now is the empty file: ours, not another program's.
    expect(await fsp.readFile(`${root}/${note.path}`, 'utf8')).toBe('');
    expect(store.wroteLately(note.path, versionOf(''))).toBe(true);
    expect(store.wroteLately(note.path, versionOf('Written elsewhere.\n'))).toBe(false);
    release();
    await expect(saving).resolves.toMatchObject({ status: 'saved' });
  });
});
