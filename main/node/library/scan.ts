import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { skipReasonOf, type SkipReason } from './entry-kind';
import { formatOfName as sourceFormat } from './formats/names';

export interface SourceFile {
  id: string;
  absPath: string;
  /** Relative to its folder, POSIX slashes. */
  relPath: string;
  folder: number;
  size: number;
  mtimeMs: number;
}

/** Folders a library never descends into: dependencies (hidden ones, ours and version control's, start with a dot). */
const SKIP_DIRS = new Set(['node_modules']);

/** Whether a file or folder name is left out of a library: hidden, or a folder of dependencies. Scanning and watching share it. */
export function isSkippedName(name: string): boolean {
  return name.startsWith('.') || SKIP_DIRS.has(name);
}

export function sourceIdFor(folder: number, relPath: string): string {
  return folder === 0 ? relPath : `${folder}:${relPath}`;
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** An entry a library never opens, with the reason the problems list gives for it. */
export interface SkippedEntry extends SkipReason {
  folder: number;
  relPath: string;
}

/**
 * Every source file below the library folders (hidden files and folders skipped), sorted by id.
 * Symlinks, pipes, sockets and devices are never opened; `onSkipped` hears of each.
 */
export async function scanFolders(folders: string[], onSkipped?: (entry: SkippedEntry) => void): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  const walk = async (folder: number, dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // An unreadable sub-folder is skipped; the root's own failure is reported by the caller.
    }
    await Promise.all(entries.map(async (entry) => {
      if (isSkippedName(entry.name)) return;
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(folder, abs);
        return;
      }
      const relPath = toPosix(path.relative(folders[folder]!, abs));
      const skipped = skipReasonOf(entry);
      if (skipped) onSkipped?.({ folder, relPath, ...skipped });
      if (!entry.isFile() || !sourceFormat(entry.name)) return;
      try {
        const info = await stat(abs);
        files.push({ id: sourceIdFor(folder, relPath), absPath: abs, relPath, folder, size: info.size, mtimeMs: info.mtimeMs });
      } catch {
        files.push({ id: sourceIdFor(folder, relPath), absPath: abs, relPath, folder, size: -1, mtimeMs: 0 });
      }
    }));
  };
  for (let i = 0; i < folders.length; i++) await walk(i, folders[i]!);
  return files.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Changes when any file is added, removed, resized or touched: the key of the persisted index. */
export function fingerprintOf(folders: string[], files: SourceFile[], formatVersion: string): string {
  const h = createHash('sha256').update(formatVersion).update('\0').update(folders.join('\0'));
  for (const f of files) h.update(`\0${f.id}\0${f.size}\0${Math.round(f.mtimeMs)}`);
  return h.digest('hex');
}
