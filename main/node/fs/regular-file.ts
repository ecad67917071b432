/**
 * Reading a file that anything may have put in a user's folder without ever blocking on it.
 *
 * A FIFO named `x.md` blocks `open()` for reading until a writer appears, and a blocked open
 * holds one of libuv's four threads for good: four of them stall every file operation of the
 * process, and even exit (libuv joins its threads). So: `lstat` first, open with O_NONBLOCK
 * (a FIFO then opens at once), confirm with `fstat` on the handle that it is a regular file
 * (the name may have been swapped in between), and read at most the size we allow.
 */
import { constants, promises as fsp, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

/** The file is there but is not a regular file (a FIFO, socket, device or folder). */
export class NotRegularFileError extends Error {
  readonly code = 'ENOTREG';
  constructor(readonly kind: string) {
    super(`it is a ${kind}, not a regular file`);
    this.name = 'NotRegularFileError';
  }
}

/** The file is larger than the reader allows; nothing was read. */
export class FileTooLargeError extends Error {
  readonly code = 'EFBIG';
  constructor(readonly size: number, readonly limit: number) {
    super(`it is ${size} bytes, more than the ${limit} allowed`);
    this.name = 'FileTooLargeError';
  }
}

export interface RegularFile {
  bytes: Buffer;
  /** fstat of the handle the bytes were read through. */
  stats: Stats;
}

export function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'named pipe (FIFO)';
  if (stats.isSocket()) return 'socket';
  if (stats.isDirectory()) return 'folder';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'device';
  if (stats.isSymbolicLink()) return 'symbolic link';
  return 'special file';
}

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * The bytes of `file` if it is a regular file (symlinks followed: callers check where they
 * lead), or null if there is nothing at that name. Throws NotRegularFileError or
 * FileTooLargeError instead of opening what it must not read.
 */
export async function readRegularFile(file: string, maxBytes = Number.MAX_SAFE_INTEGER): Promise<RegularFile | null> {
  let first: Stats;
  try {
    first = await fsp.stat(file);
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
  if (!first.isFile()) throw new NotRegularFileError(kindOf(first));
  if (first.size > maxBytes) throw new FileTooLargeError(first.size, maxBytes);
  let handle: FileHandle;
  try {
    handle = await fsp.open(file, OPEN_FLAGS);
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new NotRegularFileError(kindOf(stats));
    if (stats.size > maxBytes) throw new FileTooLargeError(stats.size, maxBytes);
    // Read to the end, not to `stats.size`: another program may be appending.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.max(64 * 1024, Math.min(stats.size - total + 1, 8 * 1024 * 1024)));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw new FileTooLargeError(total, maxBytes);
      chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
    }
    return { bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total), stats };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Identity of a file's current version as the file system sees it (a rename gives a new inode). */
export function statKey(stats: Stats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

/** Rejects with `onTimeout()` if `work` has not settled within `ms` (the work itself cannot be cancelled). */
export function bounded<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
    timer.unref?.();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
