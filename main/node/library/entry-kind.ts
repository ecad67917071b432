import type { Dirent, Stats } from 'node:fs';

export interface SkipReason {
  reason: 'symlink' | 'special-file';
  message: string;
}

export const SYMLINK_SKIPPED: SkipReason = { reason: 'symlink', message: 'a symbolic link; links are not followed, so nothing outside the library folder is read' };

/**
 * Why an entry that is neither a regular file nor a folder is left out, or null for those two.
 * Symlinks are not followed: one could lead out of the library (or into a loop); pipes, sockets
 * and devices would block a read or never end.
 */
export function skipReasonOf(entry: Dirent | Stats): SkipReason | null {
  if (entry.isSymbolicLink()) return SYMLINK_SKIPPED;
  if (entry.isFIFO()) return { reason: 'special-file', message: 'a named pipe (FIFO), not a regular file' };
  if (entry.isSocket()) return { reason: 'special-file', message: 'a socket, not a regular file' };
  if (entry.isBlockDevice() || entry.isCharacterDevice()) return { reason: 'special-file', message: 'a device, not a regular file' };
  return null;
}
