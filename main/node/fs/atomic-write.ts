/**
 * Atomic file replacement: the target holds either its old bytes or the new ones, never a
 * mixture, whatever happens to the process or the machine in between.
 *
 * Steps: write a temp file in the same directory (a rename is only atomic within one file
 * system), fsync it (so the new bytes are on disk before the name points at them), rename it
 * over the target, then fsync the directory (so the rename itself survives a power cut).
 * Temp files are named `.sb-<pid>-<random>.sb-tmp`: dot files that note listings and watchers
 * skip, so one left behind by a killed process is never mistaken for user data, and whose pid
 * tells a later start whether their writer is still alive (`removeStaleTempFiles`). They do
 * not repeat the target's name, so a note may have any name the file system allows.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { readRegularFile } from './regular-file';

/** The file operations an atomic write uses; tests swap one to simulate a crash at that step. */
export interface AtomicWriteIo {
  open(file: string, flags: string, mode: number): Promise<FileHandle>;
  write(handle: FileHandle, data: Uint8Array): Promise<void>;
  fsync(handle: FileHandle): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Hard-links `from` to `to`, failing with EEXIST when `to` exists (used for no-clobber creates). */
  link(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
  syncDir(dir: string): Promise<void>;
}

export const defaultAtomicWriteIo: AtomicWriteIo = {
  open: (file, flags, mode) => fsp.open(file, flags, mode),
  write: async (handle, data) => {
    let offset = 0;
    while (offset < data.length) {
      const { bytesWritten } = await handle.write(data, offset, data.length - offset);
      offset += bytesWritten;
    }
  },
  fsync: (handle) => handle.sync(),
  rename: (from, to) => fsp.rename(from, to),
  link: (from, to) => fsp.link(from, to),
  unlink: (file) => fsp.unlink(file),
  syncDir: async (dir) => {
    // Directories cannot be opened for fsync on Windows and some network file systems; the
    // rename is still atomic there, only its durability across a power cut is weaker.
    let handle: FileHandle | undefined;
    try {
      handle = await fsp.open(dir, 'r');
      await handle.sync();
    } catch (err) {
      if (!isIgnorableDirSyncError(err)) throw err;
    } finally {
      await handle?.close().catch(() => undefined);
    }
  },
};

function isIgnorableDirSyncError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException)?.code;
  return code === 'EISDIR' || code === 'EPERM' || code === 'EINVAL' || code === 'EBADF' || code === 'EACCES';
}

export interface AtomicWriteOptions {
  /** Fail with an EEXIST error instead of replacing an existing target. */
  exclusive?: boolean;
  /**
   * Runs after the new bytes are safely in the temp file and just before they replace the
   * target; throwing aborts the write and leaves the target untouched. Used to re-check that
   * nobody changed the target meanwhile, which keeps the race window to a few microseconds.
   */
  beforeCommit?: () => Promise<void> | void;
  /**
   * fsync the folder after the rename (default true). A caller writing many files into one
   * folder may pass false and call `syncDirectory` once at the end.
   */
  syncDir?: boolean;
  /**
   * Commit only if the target's bytes pass this check, with the check made on the very file
   * the rename replaces and repeated after it (see `replaceGuarded`); a failure throws
   * TargetChangedError and leaves whatever another program wrote in place.
   */
  unchangedIf?: (bytes: Uint8Array) => boolean;
  /** Permission bits of the new file (default: 0o666 less the umask). Saves pass the old file's. */
  mode?: number;
  /** Replacement file operations (tests). */
  io?: Partial<AtomicWriteIo>;
}

/** Suffix of the temp files an atomic write creates; listings and watchers skip them. */
export const TEMP_SUFFIX = '.sb-tmp';

export function isAtomicTempFile(name: string): boolean {
  return path.basename(name).startsWith('.') && name.endsWith(TEMP_SUFFIX);
}

/** The pid that wrote a temp file, or null for names without one (older versions). */
export function tempFileOwner(name: string): number | null {
  const match = /^\.sb-(\d+)-[0-9a-f]+\.sb-tmp$/.exec(path.basename(name));
  return match ? Number(match[1]) : null;
}

/** A temp file name for a write into `dir`. */
export function tempNameIn(dir: string): string {
  return path.join(dir, `.sb-${process.pid}-${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
}

/** Writes `data` to `file` atomically (see the module comment). Strings are written as UTF-8. */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const io: AtomicWriteIo = { ...defaultAtomicWriteIo, ...options.io };
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const dir = path.dirname(file);
  const temp = tempNameIn(dir);

  let handle: FileHandle | undefined;
  let committed = false;
  try {
    handle = await io.open(temp, 'wx', options.mode ?? 0o666);
    // The umask applies to open's mode; an explicit mode (the old file's) is set as it was.
    if (options.mode !== undefined) await handle.chmod(options.mode);
    await io.write(handle, bytes);
    await io.fsync(handle);
    await handle.close();
    handle = undefined;
    await options.beforeCommit?.();
    if (options.exclusive) await linkOrRenameExclusive(io, temp, file);
    else if (options.unchangedIf) await replaceGuarded(io, temp, file, options.unchangedIf, () => { committed = true; });
    else await io.rename(temp, file);
    committed = true;
    if (options.syncDir !== false) await io.syncDir(dir);
  } finally {
    if (handle) await handle.close().catch(() => undefined);
    if (!committed) await fsp.unlink(temp).catch(() => undefined);
  }
}

/** The target was not the version the caller expected (before the rename, or, caught after it, another program wrote into it). */
export class TargetChangedError extends Error {
  readonly code = 'ECHANGED';
  constructor(file: string) {
    super(`${path.basename(file)} changed on disk while it was being replaced`);
    this.name = 'TargetChangedError';
  }
}

/**
 * Replaces `file` with `temp` only if `file` is still the expected version, closing most of
 * the window a check-then-rename leaves to programs that take no lock of ours:
 * 1. `link(file, aside)`: a second, hidden name for the exact file about to be replaced;
 * 2. check the bytes of `aside`, and that `file` still names the same inode;
 * 3. `rename(temp, file)`;
 * 4. check `aside` again: an editor that had the file open and wrote into it after step 2
 *    (a plain in-place save) wrote into the inode we just replaced. Then its version is put
 *    back (ours was never acknowledged) and the caller gets a conflict.
 * The target always exists under its name (no moment without it), and a crash leaves at worst
 * a hidden second name of an old version, removed at the next start like any temp file. What
 * remains unguarded is another program's own atomic rename landing between steps 2 and 3.
 * File systems without hard links fall back to check, then rename.
 */
async function replaceGuarded(io: AtomicWriteIo, temp: string, file: string, unchangedIf: (bytes: Uint8Array) => boolean, onCommit: () => void): Promise<void> {
  const aside = tempNameIn(path.dirname(file));
  const sameFile = (a: Stats | null, b: Stats | null) => Boolean(a && b && a.ino === b.ino && a.dev === b.dev);
  try {
    await io.link(file, aside);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new TargetChangedError(file);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS' && code !== 'EXDEV') throw err;
    const current = await readRegularFile(file);
    if (!current || !unchangedIf(current.bytes)) throw new TargetChangedError(file);
    await io.rename(temp, file);
    return;
  }
  try {
    const before = await readRegularFile(aside);
    if (!before || !unchangedIf(before.bytes) || !sameFile(await fsp.lstat(file).catch(() => null), before.stats)) throw new TargetChangedError(file);
    const ours = await fsp.lstat(temp);
    await io.rename(temp, file);
    onCommit();
    const after = await readRegularFile(aside).catch(() => null);
    if (after && !unchangedIf(after.bytes)) {
      // Written into after our check: theirs goes back, unless something newer replaced ours already.
      if (sameFile(await fsp.lstat(file).catch(() => null), ours)) {
        await io.rename(aside, file);
        await io.syncDir(path.dirname(file));
      }
      throw new TargetChangedError(file);
    }
  } finally {
    await fsp.unlink(aside).catch(() => undefined);
  }
}

/**
 * Moves `temp` to `file` unless `file` exists. `link` makes that check atomic; file systems
 * without hard links (FAT, some network shares) fall back to check-then-rename.
 */
async function linkOrRenameExclusive(io: AtomicWriteIo, temp: string, file: string): Promise<void> {
  try {
    await io.link(temp, file);
    await io.unlink(temp).catch(() => undefined);
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
  }
  if (await fsp.lstat(file).catch(() => null)) throw Object.assign(new Error(`EEXIST: file already exists, ${file}`), { code: 'EEXIST' });
  await io.rename(temp, file);
}

/**
 * Moves `from` to `to` within one file system, failing with EEXIST instead of replacing `to`;
 * both folders are fsynced afterwards (pass `sync: false` to sync them yourself).
 */
export async function moveNoClobber(from: string, to: string, options: { sync?: boolean; io?: Partial<AtomicWriteIo> } = {}): Promise<void> {
  const io: AtomicWriteIo = { ...defaultAtomicWriteIo, ...options.io };
  await linkOrRenameExclusive(io, from, to);
  if (options.sync !== false) await syncDirs(io, [path.dirname(to), path.dirname(from)]);
}

/** fsync a folder, so renames into it survive a power cut (a no-op where folders cannot be synced). */
export function syncDirectory(dir: string, io: Partial<AtomicWriteIo> = {}): Promise<void> {
  return (io.syncDir ?? defaultAtomicWriteIo.syncDir)(dir);
}

/** fsyncs each distinct folder once. */
export async function syncDirs(io: Partial<AtomicWriteIo>, dirs: string[]): Promise<void> {
  for (const dir of new Set(dirs)) await syncDirectory(dir, io);
}

/**
 * `mkdir -p` that survives a power cut: every folder it creates is fsynced, and so is the
 * folder it was created in (a new folder's name is an entry in its parent).
 */
export async function mkdirDurable(dir: string, io: Partial<AtomicWriteIo> = {}): Promise<void> {
  const first = await fsp.mkdir(dir, { recursive: true });
  if (first === undefined) return; // it existed
  const created: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    created.push(d);
    if (d === first || path.dirname(d) === d) break;
  }
  await syncDirs(io, [...created, path.dirname(first)]);
}
