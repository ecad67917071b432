/**
 * Renames that never replace a note. Node has no rename-without-replace, so a rename is
 * `link(from, to)` (fails if `to` exists) then `unlink(from)`. A crash between the two would
 * leave the note under both names; the journal entry written first lets the next start finish
 * the rename (note-recovery.ts).
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp, type Stats } from 'node:fs';
import path from 'node:path';
import { mkdirDurable, writeFileAtomic, type AtomicWriteIo } from '../fs';

export interface JournalEntry {
  op: 'rename';
  /** Absolute paths. */
  from: string;
  to: string;
}

export class RenameJournal {
  constructor(readonly dir: string, private readonly io: Partial<AtomicWriteIo> = {}) {}

  /** Records a rename about to happen; `done()` removes the record. */
  async begin(from: string, to: string): Promise<{ done(): Promise<void> }> {
    await mkdirDurable(this.dir, this.io);
    const file = path.join(this.dir, `rename-${process.pid}-${randomBytes(6).toString('hex')}.json`);
    const entry: JournalEntry = { op: 'rename', from, to };
    await writeFileAtomic(file, JSON.stringify(entry) + '\n', { io: this.io });
    return { done: () => fsp.unlink(file).catch(() => undefined) };
  }
}

/** The pid that wrote a journal entry (from its name), or null. */
export function journalOwner(name: string): number | null {
  const match = /^rename-(\d+)-[0-9a-f]+\.json$/.exec(name);
  return match ? Number(match[1]) : null;
}

/**
 * Makes `to` a second name of `from`, failing with EEXIST if `to` exists. A case-only rename on
 * a case-insensitive file system (`to` is `from`) and file systems without hard links fall back
 * to rename (returned as 'renamed'); the caller holds both names' locks, so no Sourcebook writer can come between.
 */
export async function linkExclusive(from: string, to: string, fromStats: Stats, io: Partial<AtomicWriteIo> = {}): Promise<'linked' | 'renamed'> {
  try {
    await (io.link ?? fsp.link)(from, to);
    return 'linked';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      const existing = await fsp.lstat(to).catch(() => null);
      if (!existing || existing.ino !== fromStats.ino || existing.dev !== fromStats.dev) throw err;
    } else if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') {
      throw err;
    } else if (await fsp.lstat(to).catch(() => null)) {
      throw Object.assign(new Error('EEXIST: file already exists'), { code: 'EEXIST' });
    }
  }
  // Same file under another spelling, or no hard links here: a plain rename. (The caller must
  // not unlink `from` then: on a case-insensitive disk it names the renamed note.)
  await fsp.rename(from, to);
  return 'renamed';
}
