/**
 * What a start cleans up after a crash of this or another process on the notebook:
 * - temp files of interrupted atomic writes whose writer is gone (fs/temp-sweep.ts);
 * - renames cut between link and unlink (the note under both names): finished;
 * - trash entries that say where a note was but hold no note (a crash in the middle of a
 *   delete, or of a restore after the note was back): removed.
 * Another live backend may be in the middle of any of these, so each is done under the lock
 * its writer holds, or only for writers that are dead.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { isAlive, readRegularFile, removeStaleTempFiles } from '../fs';
import { journalOwner, type JournalEntry } from './note-journal';
import type { PathLocks } from '../fs';
import type { NotebookLayout } from './layout';

/** What recovery needs of the note store (structural, so the store can import recovery). */
interface RecoverableStore {
  readonly root: string;
  readonly layout: NotebookLayout;
  readonly locks: PathLocks;
  keyOf(file: string): string;
}

export async function recoverNotebook(store: RecoverableStore): Promise<void> {
  await removeStaleTempFiles(store.root);
  await finishRenames(store);
  await removeStrayTrashEntries(store);
}

async function finishRenames(store: RecoverableStore): Promise<void> {
  const dir = store.layout.journal;
  for (const name of await fsp.readdir(dir).catch(() => [] as string[])) {
    const owner = journalOwner(name);
    if (owner === null || (owner !== process.pid && isAlive(owner))) continue;
    const file = path.join(dir, name);
    const entry = await readJson<JournalEntry>(file);
    if (entry?.op === 'rename' && typeof entry.from === 'string' && typeof entry.to === 'string') {
      await store.locks.with([store.keyOf(entry.from), store.keyOf(entry.to)], async () => {
        const [from, to] = await Promise.all([fsp.lstat(entry.from).catch(() => null), fsp.lstat(entry.to).catch(() => null)]);
        // Both names on one file: the link was made, the unlink not. Otherwise nothing or everything happened.
        if (from && to && from.ino === to.ino && from.dev === to.dev) await fsp.unlink(entry.from).catch(() => undefined);
      });
    }
    await fsp.unlink(file).catch(() => undefined);
  }
}

async function removeStrayTrashEntries(store: RecoverableStore): Promise<void> {
  const dir = store.layout.trash;
  const names = new Set(await fsp.readdir(dir).catch(() => [] as string[]));
  for (const name of names) {
    if (!name.endsWith('.json') || names.has(name.replace(/\.json$/, '.md'))) continue;
    const meta = await readJson<{ path?: unknown }>(path.join(dir, name));
    // A delete in progress holds the note's lock between writing this entry and moving the note.
    const keys = typeof meta?.path === 'string' ? [store.keyOf(path.join(store.root, meta.path))] : [];
    await store.locks.with(keys, async () => {
      if (await fsp.lstat(path.join(dir, name.replace(/\.json$/, '.md'))).catch(() => null)) return;
      await fsp.unlink(path.join(dir, name)).catch(() => undefined);
    });
  }
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    const read = await readRegularFile(file, 1_000_000);
    return read ? (JSON.parse(read.bytes.toString('utf8')) as T) : null;
  } catch {
    return null;
  }
}
