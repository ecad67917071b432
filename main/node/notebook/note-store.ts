/**
 * Notes as plain Markdown files in the notebook folder: listing, reading, saving with a
 * version check, creating, renaming, and deleting to a trash that can be restored.
 *
 * Every write is conditional and serialised per file. It runs under the note's lock (in this
 * process and across processes, `PathLocks`), re-reads the file's content hash under it, and
 * commits only if the file is still the version the caller read; the hash is compared once
 * more right before the rename, which leaves programs that take no lock (editors, sync tools)
 * a window of one rename. A rename never replaces a note: the new name is made with `link`,
 * which fails if it exists. `writes` (own-writes.ts) remembers what this store wrote, which is
 * how the note watcher tells our own writes from another program's.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp, type Stats } from 'node:fs';
import path from 'node:path';
import { ApiError, type DeletedNote, type NoteFile, type NoteSummary, type SaveNoteRequest, type SaveNoteResult } from '../../common/contract';
import {
  bounded, FileTooLargeError, isWithin, LockTimeoutError, mkdirDurable, moveNoClobber, NotRegularFileError, PathEscapeError, PathLocks,
  readRegularFile, resolveInside, syncDirs, TargetChangedError, writeFileAtomic, type AtomicWriteIo,
} from '../fs';
import { contentHash } from '../content-hash';
import { DATA_DIR, isHiddenName, notebookLayout, type NotebookLayout } from './layout';
import { checkNoteSize, checkNoteText, clip, decodeNote, MAX_NOTE_BYTES } from './note-bytes';
import { linkExclusive, RenameJournal } from './note-journal';
import { notePathFor, numberedPaths, titleOfPath } from './note-names';
import { recoverNotebook } from './note-recovery';
import { OwnWrites } from './own-writes';

interface TrashEntry {
  path: string;
  deleted: string;
}

const TRASH_ID = /^[0-9]{13}-[0-9a-f]{8}$/;
/** A file name longer than this (in bytes) cannot exist on the common file systems. */
const MAX_SEGMENT_BYTES = 255;
/** No note operation takes longer than this, whatever the file system does. */
const OPERATION_MS = 30_000;

export interface NoteStoreOptions {
  /** Largest note file that is opened (default 50 MB). */
  maxBytes?: number;
  /** Replacement file operations (tests check what is fsynced). */
  io?: Partial<AtomicWriteIo>;
  /** Locks shared with the notebook's other stores (default: `.sourcebook/locks`). */
  locks?: PathLocks;
}

export class NoteStore {
  readonly layout: NotebookLayout;
  /** What this store wrote: each note's version, for the note watcher. */
  readonly writes = new OwnWrites();
  readonly locks: PathLocks;
  readonly io: Partial<AtomicWriteIo>;
  private readonly maxBytes: number;
  private readonly journal: RenameJournal;

  constructor(readonly root: string, options: NoteStoreOptions = {}) {
    this.layout = notebookLayout(root);
    this.maxBytes = options.maxBytes ?? MAX_NOTE_BYTES;
    this.io = options.io ?? {};
    this.locks = options.locks ?? new PathLocks(this.layout.locks);
    this.journal = new RenameJournal(this.layout.journal, this.io);
  }

  /** Absolute path of a note, refusing paths that leave the notebook or are not notes. */
  async resolve(notePath: string): Promise<string> {
    if (!/\.md$/i.test(notePath)) throw new ApiError('bad-request', `"${clip(notePath)}" is not a note (a note path ends in .md)`);
    if (notePath.split('/').some(isHiddenName)) throw new ApiError('forbidden', `"${clip(notePath)}" is inside a hidden folder, not a note`);
    if (notePath.split('/').some((segment) => Buffer.byteLength(segment) > MAX_SEGMENT_BYTES)) {
      throw new ApiError('bad-request', `a name in "${clip(notePath)}" is longer than the ${MAX_SEGMENT_BYTES} bytes a file name may have`);
    }
    try {
      return await resolveInside(this.root, notePath);
    } catch (err) {
      if (err instanceof PathEscapeError) throw new ApiError('forbidden', err.message);
      throw err;
    }
  }

  /**
   * Every note in the notebook and its subfolders, sorted by path: regular `.md` files, and
   * symlinks to regular files inside the notebook. Hidden folders, FIFOs, sockets and symlinked
   * folders (which could loop) are skipped.
   */
  async list(): Promise<NoteSummary[]> {
    const notes: NoteSummary[] = [];
    const realRoot = await fsp.realpath(this.root);
    const walk = async (dir: string, prefix: string): Promise<void> => {
      const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (isHiddenName(entry.name)) continue;
        const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full, rel);
        else if (!/\.md$/i.test(entry.name)) continue;
        else if (entry.isFile()) {
          const stats = await fsp.stat(full).catch(() => null);
          if (stats?.isFile()) notes.push(summaryOf(rel, stats));
        } else if (entry.isSymbolicLink()) {
          const real = await fsp.realpath(full).catch(() => null);
          const stats = real && isWithin(realRoot, real) ? await fsp.stat(real).catch(() => null) : null;
          if (stats?.isFile()) notes.push(summaryOf(rel, stats));
        }
      }
    };
    await walk(this.root, '');
    return notes.sort((a, b) => a.path.localeCompare(b.path));
  }

  async read(notePath: string): Promise<NoteFile> {
    const file = await this.resolve(notePath);
    const disk = await bounded(this.readDisk(notePath, file), OPERATION_MS, () => stalled(notePath));
    if (!disk) throw new ApiError('not-found', `there is no note "${clip(notePath)}"`);
    return disk;
  }

  /** Creates an empty note named after `title` ("Title 2.md" if "Title.md" exists). */
  async create(title: string, folder = ''): Promise<NoteFile> {
    for (const candidate of numberedPaths(title, folder)) {
      const file = await this.resolve(candidate);
      const created = await this.locked(candidate, [file], async () => {
        await mkdirDurable(path.dirname(file), this.io);
        const version = contentHash('');
        // The empty file is ours too: its watcher report may be read while the first save is under way.
        const end = this.writes.begin(candidate, version);
        try {
          await writeFileAtomic(file, '', { exclusive: true, io: this.io });
          end(true);
        } catch (err) {
          end(false);
          if ((err as NodeJS.ErrnoException).code === 'EEXIST') return null;
          throw err;
        }
        return { ...summaryOf(candidate, await fsp.stat(file)), markdown: '', version };
      });
      if (created) return created;
    }
    throw new Error('unreachable');
  }

  /**
   * Saves a note if it is still at `baseVersion` (null: it must not exist yet); otherwise
   * returns the conflict with what is on disk now, and writes nothing. The file keeps its
   * permission bits; a symlinked note is written through to its target (the link stays).
   */
  async save(request: SaveNoteRequest): Promise<SaveNoteResult> {
    checkNoteText(request.markdown, request.path);
    const file = await this.resolve(request.path);
    const target = await this.writeTarget(file);
    return this.locked(request.path, [target], () => this.saveLocked(request.path, file, target, request.markdown, request.baseVersion));
  }

  /**
   * Rewrites a note with `edit` (null: leave it) as one locked read-modify-write, so nothing
   * saved in between is lost; returns the new note, or null if unchanged or unreadable.
   */
  async rewrite(notePath: string, edit: (markdown: string) => string | null): Promise<NoteFile | null> {
    const file = await this.resolve(notePath);
    const target = await this.writeTarget(file);
    return this.locked(notePath, [target], async () => {
      const note = await this.readDisk(notePath, file).catch(() => null);
      if (!note) return null;
      const markdown = edit(note.markdown);
      if (markdown === null) return null;
      // Under the lock no Sourcebook writer can come between; the version check still catches other programs.
      const result = await this.saveLocked(notePath, file, target, markdown, note.version);
      return result.status === 'saved' ? { ...note, markdown, version: result.version, modified: result.modified, bytes: Buffer.byteLength(markdown) } : null;
    });
  }

  /**
   * Renames a note within its folder; refuses if another note already has the new name (the
   * new name is created with `link`, so a note that appears meanwhile is not replaced either).
   * Returns the new summary; the caller updates links.
   */
  async rename(notePath: string, newTitle: string): Promise<NoteSummary> {
    const from = await this.resolve(notePath);
    const newPath = notePathFor(newTitle, path.posix.dirname(notePath));
    const to = newPath === notePath ? from : await this.resolve(newPath);
    return this.locked(notePath, [from, to], async () => {
      const fromStats = await fsp.lstat(from).catch(() => null);
      if (!fromStats || !(fromStats.isFile() || fromStats.isSymbolicLink())) throw new ApiError('not-found', `there is no note "${clip(notePath)}"`);
      if (newPath === notePath) return summaryOf(notePath, await fsp.stat(from));
      const entry = await this.journal.begin(from, to);
      let how: 'linked' | 'renamed';
      try {
        how = await linkExclusive(from, to, fromStats, this.io);
      } catch (err) {
        await entry.done();
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new ApiError('conflict', `a note named "${titleOfPath(newPath)}" already exists`);
        throw err;
      }
      if (how === 'linked') await fsp.unlink(from);
      await syncDirs(this.io, [path.dirname(to), path.dirname(from)]);
      await entry.done();
      this.writes.move(notePath, newPath);
      return summaryOf(newPath, await fsp.stat(to));
    });
  }

  /** Moves a note into `.sourcebook/trash/`; `restore(trashId)` brings it back. */
  async delete(notePath: string): Promise<DeletedNote> {
    const file = await this.resolve(notePath);
    return this.locked(notePath, [file], async () => {
      const stats = await fsp.lstat(file).catch(() => null);
      if (!stats || !(stats.isFile() || stats.isSymbolicLink())) throw new ApiError('not-found', `there is no note "${clip(notePath)}"`);
      const trashId = `${Date.now()}-${randomBytes(4).toString('hex')}`;
      await mkdirDurable(this.layout.trash, this.io);
      const entry: TrashEntry = { path: notePath, deleted: new Date().toISOString() };
      // Where it was goes first: a crash after it leaves a note in place and a stray entry the next start removes.
      await writeFileAtomic(path.join(this.layout.trash, `${trashId}.json`), JSON.stringify(entry, null, 2) + '\n', { io: this.io, syncDir: false });
      await fsp.rename(file, path.join(this.layout.trash, `${trashId}.md`));
      await syncDirs(this.io, [this.layout.trash, path.dirname(file)]);
      this.writes.known.delete(notePath);
      return { trashId, path: notePath };
    });
  }

  /**
   * Puts a deleted note back where it was; if a note of that name exists by now, the restored
   * one goes beside it as "Title (restored).md" rather than replacing it.
   */
  async restore(trashId: string): Promise<NoteSummary> {
    if (typeof trashId !== 'string' || !TRASH_ID.test(trashId)) throw new ApiError('bad-request', `"${clip(String(trashId))}" is not a trash id`);
    const trashed = path.join(this.layout.trash, `${trashId}.md`);
    const metaFile = path.join(this.layout.trash, `${trashId}.json`);
    return this.locked(trashId, [trashed], async () => {
      if (!(await fsp.lstat(trashed).catch(() => null))) throw new ApiError('not-found', `nothing in the trash has id "${trashId}"`);
      const meta = await readRegularFile(metaFile, 1_000_000).then((f) => f && JSON.parse(f.bytes.toString('utf8')) as Partial<TrashEntry> | null).catch(() => null);
      const where = typeof meta?.path === 'string' ? await this.resolve(meta.path).then(() => meta.path as string, () => null) : null;
      if (!where) {
        throw new ApiError('not-found', `the trash entry ${trashId} does not say where the note was; the note is kept as ${DATA_DIR}/trash/${trashId}.md`);
      }
      const candidates = [where, ...take(numberedPaths(titleOfPath(where), path.posix.dirname(where), 'restored'), 100)];
      for (const candidate of candidates) {
        const target = await this.resolve(candidate);
        const restored = await this.locks.with([this.keyOf(target)], async () => {
          await mkdirDurable(path.dirname(target), this.io);
          try {
            await moveNoClobber(trashed, target, { io: this.io });
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
            throw err;
          }
          return true;
        });
        if (!restored) continue;
        await fsp.unlink(metaFile).catch(() => undefined);
        this.writes.known.set(candidate, (await this.versionOf(candidate, target).catch(() => null))?.version ?? '');
        return summaryOf(candidate, await fsp.stat(target));
      }
      throw new ApiError('conflict', `could not find a free name to restore "${clip(where)}"`);
    });
  }

  /** The note as on disk now, or null if it does not exist. Never blocks on a FIFO. */
  async readDisk(notePath: string, file: string): Promise<NoteFile | null> {
    const read = await this.readFile(notePath, file);
    if (!read) return null;
    const markdown = decodeNote(read.bytes, notePath, this.maxBytes);
    const version = contentHash(read.bytes);
    return { ...summaryOf(notePath, read.stats), bytes: read.bytes.length, markdown, version };
  }

  /** Cleans what a crash (of this or another process on the notebook) left behind: see note-recovery.ts. */
  recover(): Promise<void> {
    return recoverNotebook(this);
  }

  /** The lock key of a file: its path in the notebook, case-folded (two spellings may be one file). */
  keyOf(file: string): string {
    return path.relative(this.root, file).normalize('NFC').toLowerCase();
  }

  /** The conditional write itself; the caller holds the note's lock. */
  private async saveLocked(notePath: string, file: string, target: string, markdown: string, baseVersion: string | null): Promise<SaveNoteResult> {
    const conflict = async (): Promise<SaveNoteResult> => ({ status: 'conflict', disk: await this.readDisk(notePath, file).catch(() => null) });
    const current = await this.versionOf(notePath, target);
    if ((current?.version ?? null) !== baseVersion) return conflict();
    const bytes = Buffer.from(markdown, 'utf8');
    const version = contentHash(bytes);
    if (!current) await mkdirDurable(path.dirname(target), this.io);
    const end = this.writes.begin(notePath, version);
    try {
      await writeFileAtomic(target, bytes, {
        // A new note is created with link(), so a note that appeared meanwhile is not replaced.
        exclusive: current === null,
        ...(current ? { mode: current.mode } : {}),
        io: this.io,
        // Re-checked once the new bytes are safe in the temp file, on the very file the rename
        // replaces, and once more after it (an editor writing into the old file just then).
        unchangedIf: (bytes) => contentHash(bytes) === baseVersion,
      });
      end(true);
    } catch (err) {
      end(false);
      if (err instanceof TargetChangedError || (err as NodeJS.ErrnoException).code === 'EEXIST') return conflict();
      throw err;
    }
    return { status: 'saved', version, modified: (await fsp.stat(target)).mtimeMs };
  }

  /** Runs a write under the locks of `files`, bounded in time; lock waits that run out are conflicts. */
  private async locked<T>(notePath: string, files: string[], task: () => Promise<T>): Promise<T> {
    try {
      return await bounded(this.locks.with(files.map((f) => this.keyOf(f)), task), OPERATION_MS, () => stalled(notePath));
    } catch (err) {
      if (err instanceof LockTimeoutError) throw new ApiError('conflict', `"${clip(notePath)}" is being changed by another window or program; try again`);
      throw err;
    }
  }

  /** Where a save of `file` writes: the file, or for a symlinked note the file it points to. */
  private async writeTarget(file: string): Promise<string> {
    const stats = await fsp.lstat(file).catch(() => null);
    if (!stats?.isSymbolicLink()) return file;
    // resolveInside already refused links that lead out of the notebook.
    return fsp.realpath(file);
  }

  /** Content hash and permission bits of the note at `file` now, or null if there is none. */
  private async versionOf(notePath: string, file: string): Promise<{ version: string; mode: number } | null> {
    const read = await this.readFile(notePath, file);
    return read && { version: contentHash(read.bytes), mode: read.stats.mode & 0o7777 };
  }

  private async readFile(notePath: string, file: string) {
    try {
      return await readRegularFile(file, this.maxBytes);
    } catch (err) {
      if (err instanceof NotRegularFileError) {
        throw new ApiError('bad-request', `"${clip(notePath)}" is ${article(err.kind)}, not a note file; it was left as it is`);
      }
      if (err instanceof FileTooLargeError) checkNoteSize(err.size, notePath, this.maxBytes);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') throw new ApiError('forbidden', `"${clip(notePath)}" cannot be read (permission denied)`);
      if (code === 'ELOOP') throw new ApiError('bad-request', `"${clip(notePath)}" is a symbolic link that loops`);
      throw err;
    }
  }

}

/** A file system that stopped answering (a network share gone away): the request ends, with a reason. */
function stalled(notePath: string): ApiError {
  return new ApiError('internal', `the notebook folder did not answer within ${OPERATION_MS / 1000} s for "${clip(notePath)}"`);
}

export function summaryOf(notePath: string, stats: Stats): NoteSummary {
  return { path: notePath, title: titleOfPath(notePath), modified: stats.mtimeMs, bytes: stats.size };
}

function article(kind: string): string {
  return `${/^[aeiou]/i.test(kind) ? 'an' : 'a'} ${kind}`;
}

function take<T>(items: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  for (const item of items) {
    if (out.length >= n) break;
    out.push(item);
  }
  return out;
}
