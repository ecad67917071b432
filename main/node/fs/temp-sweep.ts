/**
 * Cleaning up after a crash: temp files of atomic writes whose writer is gone. They are never
 * listed as notes (dot files), but 450 kills left 125 MB of them beside 4.4 MB of notes.
 *
 * A temp file is removed when the process named in it no longer exists, or when it is older
 * than any write takes (another backend on the same folder may be writing one right now).
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { isAtomicTempFile, tempFileOwner } from './atomic-write';
import { isAlive } from './file-lock';

/** Older than this, a temp file is abandoned whoever wrote it. */
const ABANDONED_MS = 10 * 60_000;
/** Temp files without a pid in their name (older versions) are left this long. */
const UNNAMED_MS = 60_000;

export interface SweepOptions {
  /** Folder names not entered (version control, dependencies). */
  skipDir?: (name: string) => boolean;
  /** Stop descending below this depth (a runaway tree is not worth a slow start). */
  maxDepth?: number;
}

/** Removes abandoned temp files under `root` (symlinks not followed); returns how many. */
export async function removeStaleTempFiles(root: string, options: SweepOptions = {}): Promise<number> {
  const skip = options.skipDir ?? ((name) => name === '.git' || name === 'node_modules');
  const maxDepth = options.maxDepth ?? 32;
  let removed = 0;
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skip(entry.name) && depth < maxDepth) await walk(full, depth + 1);
      } else if (entry.isFile() && isAtomicTempFile(entry.name) && (await isAbandoned(full, entry.name))) {
        await fsp.unlink(full).then(() => removed++, () => undefined);
      }
    }
  };
  await walk(root, 0);
  return removed;
}

async function isAbandoned(file: string, name: string): Promise<boolean> {
  const stats = await fsp.lstat(file).catch(() => null);
  if (!stats) return false;
  const age = Date.now() - stats.mtimeMs;
  const owner = tempFileOwner(name);
  if (owner === null) return age > UNNAMED_MS;
  // Our own pid: a write of ours in progress (two notebooks in one process), unless very old.
  if (owner === process.pid) return age > ABANDONED_MS;
  return !isAlive(owner) || age > ABANDONED_MS;
}
