/**
 * Notes as plain Markdown files in the notebook folder: listing, reading, saving with a
 * version check, creating, renaming, and deleting to a trash that can be restored.
 *
 * A note's version is the sha256 of its bytes on disk. A save names the version it edits and
 * is refused ("conflict", nothing written) if the file is different now, so a note changed by
 * another program is never silently overwritten. `known` remembers the version of every note
 * as this store last wrote it (or the watcher last reported it), which is how the watcher tells
 * our own writes apart. Reading does not count: a read that races the watcher must not swallow
 * the report of a change made by another program.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp, type Stats } from 'node:fs';
import path from 'node:path';
import { ApiError, type DeletedNote, type NoteFile, type NoteSummary, type SaveNoteRequest, type SaveNoteResult } from '../../common/contract';
import { moveNoClobber, PathEscapeError, resolveInside, writeFileAtomic } from '../fs';
import { contentHash } from '../content-hash';
import { DATA_DIR, isHiddenName, notebookLayout, type NotebookLayout } from './layout';
import { checkNoteSize, decodeNote, MAX_NOTE_BYTES } from './note-bytes';
import { notePathFor, numberedPaths, titleOfPath } from './note-names';

interface TrashEntry {
  path: string;
  deleted: string;
}

const TRASH_ID = /^[0-9]{13}-[0-9a-f]{8}$/;

export class NoteStore {
  readonly layout: NotebookLayout;
  /** Version (sha256) of each note as this store last wrote or read it, by note path. */
  readonly known = new Map<string, string>();

  constructor(readonly root: string, private readonly maxBytes = MAX_NOTE_BYTES) {
    this.layout = notebookLayout(root);
  }

  /** Absolute path of a note, refusing paths that leave the notebook or are not notes. */
  async resolve(notePath: string): Promise<string> {
    if (!/\.md$/i.test(notePath)) throw new ApiError('bad-request', `"${notePath}" is not a note (a note path ends in .md)`);
    if (notePath.split('/').some(isHiddenName)) throw new ApiError('forbidden', `"${notePath}" is inside a hidden folder, not a note`);
    try {
      return await resolveInside(this.root, notePath);
    } catch (err) {
      if (err instanceof PathEscapeError) throw new ApiError('forbidden', err.message);
      throw err;
    }
  }

  /** Every `.md` file in the notebook and its subfolders (hidden folders and symlinks skipped), sorted by path. */
  async list(): Promise<NoteSummary[]> {
    const notes: NoteSummary[] = [];
    const walk = async (dir: string, prefix: string): Promise<void> => {
      const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (isHiddenName(entry.name)) continue;
        const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
        if (entry.isDirectory()) await walk(path.join(dir, entry.name), rel);
        else if (entry.isFile() && /\.md$/i.test(entry.name)) {
          const stats = await fsp.stat(path.join(dir, entry.name)).catch(() => null);
          if (stats) notes.push(summaryOf(rel, stats));
        }
      }
    };
    await walk(this.root, '');
    return notes.sort((a, b) => a.path.localeCompare(b.path));
  }

  async read(notePath: string): Promise<NoteFile> {
    const file = await this.resolve(notePath);
    const disk = await this.readDisk(notePath, file);
    if (!disk) throw new ApiError('not-found', `there is no note "${notePath}"`);
    return disk;
  }

  /** Creates an empty note named after `title` ("Title 2.md" if "Title.md" exists). */
  async create(title: string, folder = ''): Promise<NoteFile> {
    for (const candidate of numberedPaths(title, folder)) {
      const file = await this.resolve(candidate);
      await fsp.mkdir(path.dirname(file), { recursive: true });
      const version = contentHash('');
      this.known.set(candidate, version);
      try {
        await writeFileAtomic(file, '', { exclusive: true });
      } catch (err) {
        this.known.delete(candidate);
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw err;
      }
      return { ...summaryOf(candidate, await fsp.stat(file)), markdown: '', version };
    }
    throw new Error('unreachable');
  }

  /**
   * Saves a note if it is still at `baseVersion` (null: it must not exist yet); otherwise
   * returns the conflict with what is on disk now, and writes nothing.
   */
  async save(request: SaveNoteRequest): Promise<SaveNoteResult> {
    const file = await this.resolve(request.path);
    const conflict = async (): Promise<SaveNoteResult> => ({ status: 'conflict', disk: await this.readDisk(request.path, file).catch(() => null) });
    const unchanged = async () => (await versionOnDisk(file)) === request.baseVersion;
    if (!(await unchanged())) return conflict();

    const bytes = Buffer.from(request.markdown, 'utf8');
    const version = contentHash(bytes);
    await fsp.mkdir(path.dirname(file), { recursive: true });
    const previous = this.known.get(request.path);
    this.known.set(request.path, version);
    try {
      await writeFileAtomic(file, bytes, {
        // Re-checked once the new bytes are safe in the temp file, just before they replace the note.
        beforeCommit: async () => {
          if (!(await unchanged())) throw new ConflictDuringSave();
        },
      });
    } catch (err) {
      if (previous === undefined) this.known.delete(request.path);
      else this.known.set(request.path, previous);
      if (err instanceof ConflictDuringSave) return conflict();
      throw err;
    }
    const stats = await fsp.stat(file);
    return { status: 'saved', version, modified: stats.mtimeMs };
  }

  /**
   * Renames a note within its folder; refuses if another note already has the new name.
   * Returns the new summary; the caller updates links.
   */
  async rename(notePath: string, newTitle: string): Promise<NoteSummary> {
    const from = await this.resolve(notePath);
    const fromStats = await fsp.stat(from).catch(() => null);
    if (!fromStats) throw new ApiError('not-found', `there is no note "${notePath}"`);
    const newPath = notePathFor(newTitle, path.posix.dirname(notePath));
    if (newPath === notePath) return summaryOf(notePath, fromStats);
    const to = await this.resolve(newPath);
    const existing = await fsp.stat(to).catch(() => null);
    // Same inode: a case-only rename on a case-insensitive file system.
    if (existing && !(existing.ino === fromStats.ino && existing.dev === fromStats.dev)) {
      throw new ApiError('conflict', `a note named "${titleOfPath(newPath)}" already exists`);
    }
    await fsp.rename(from, to);
    this.moveKnown(notePath, newPath);
    return summaryOf(newPath, await fsp.stat(to));
  }

  /** Moves a note into `.sourcebook/trash/`; `restore(trashId)` brings it back. */
  async delete(notePath: string): Promise<DeletedNote> {
    const file = await this.resolve(notePath);
    if (!(await fsp.stat(file).catch(() => null))?.isFile()) throw new ApiError('not-found', `there is no note "${notePath}"`);
    const trashId = `${Date.now()}-${randomBytes(4).toString('hex')}`;
    await fsp.mkdir(this.layout.trash, { recursive: true });
    const entry: TrashEntry = { path: notePath, deleted: new Date().toISOString() };
    await writeFileAtomic(path.join(this.layout.trash, `${trashId}.json`), JSON.stringify(entry, null, 2) + '\n');
    await fsp.rename(file, path.join(this.layout.trash, `${trashId}.md`));
    this.known.delete(notePath);
    return { trashId, path: notePath };
  }

  /**
   * Puts a deleted note back where it was; if a note of that name exists by now, the restored
   * one goes beside it as "Title (restored).md" rather than replacing it.
   */
  async restore(trashId: string): Promise<NoteSummary> {
    if (!TRASH_ID.test(trashId)) throw new ApiError('bad-request', `"${trashId}" is not a trash id`);
    const trashed = path.join(this.layout.trash, `${trashId}.md`);
    const metaFile = path.join(this.layout.trash, `${trashId}.json`);
    if (!(await fsp.stat(trashed).catch(() => null))) throw new ApiError('not-found', `nothing in the trash has id "${trashId}"`);
    const meta = await fsp.readFile(metaFile, 'utf8').then((s) => JSON.parse(s) as Partial<TrashEntry> | null).catch(() => null);
    if (typeof meta?.path !== 'string') {
      throw new ApiError('not-found', `the trash entry ${trashId} does not say where the note was; the note is kept as ${DATA_DIR}/trash/${trashId}.md`);
    }

    const candidates = [meta.path, ...take(numberedPaths(titleOfPath(meta.path), path.posix.dirname(meta.path), 'restored'), 100)];
    for (const candidate of candidates) {
      const target = await this.resolve(candidate);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      try {
        await moveNoClobber(trashed, target);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw err;
      }
      await fsp.unlink(metaFile).catch(() => undefined);
      this.known.set(candidate, await versionOnDisk(target) ?? '');
      return summaryOf(candidate, await fsp.stat(target));
    }
    throw new ApiError('conflict', `could not find a free name to restore "${meta.path}"`);
  }

  /** The note as on disk now, or null if it does not exist. */
  async readDisk(notePath: string, file: string): Promise<NoteFile | null> {
    let bytes: Buffer;
    let stats: Stats;
    try {
      stats = await fsp.stat(file);
      if (!stats.isFile()) return null;
      checkNoteSize(stats.size, notePath, this.maxBytes);
      bytes = await fsp.readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const markdown = decodeNote(bytes, notePath, this.maxBytes);
    const version = contentHash(bytes);
    return { ...summaryOf(notePath, stats), bytes: bytes.length, markdown, version };
  }

  private moveKnown(from: string, to: string): void {
    const version = this.known.get(from);
    this.known.delete(from);
    if (version !== undefined) this.known.set(to, version);
  }
}

class ConflictDuringSave extends Error {}

/** sha256 of a file's bytes, or null if there is no such file. */
async function versionOnDisk(file: string): Promise<string | null> {
  try {
    return contentHash(await fsp.readFile(file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export function summaryOf(notePath: string, stats: Stats): NoteSummary {
  return { path: notePath, title: titleOfPath(notePath), modified: stats.mtimeMs, bytes: stats.size };
}

function take<T>(items: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  for (const item of items) {
    if (out.length >= n) break;
    out.push(item);
  }
  return out;
}
