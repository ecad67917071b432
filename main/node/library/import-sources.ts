import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ImportFile, ImportResult } from '../../common/contract';
import { checkRelativePath, resolveInside, writeFileAtomic } from '../fs';
import { MAX_SOURCE_BYTES } from './decode';
import { sourceFormat } from './parse';
import { isSkippedName } from './scan';

const MAX_NAME_TRIES = 100;

/**
 * Copies dropped files into a library folder: each lands at its path relative to what was
 * dropped, inside the folder (never outside it, never hidden), and never over an existing file
 * (a taken name gets " (2)", " (3)"…). Only formats the library reads are taken; the watcher then
 * indexes them like any other new file. Every refusal comes back with its reason.
 */
export async function importSources(root: string, files: readonly ImportFile[]): Promise<ImportResult> {
  const result: ImportResult = { added: [], refused: [] };
  for (const file of files) {
    try {
      result.added.push(await importOne(root, file));
    } catch (error) {
      result.refused.push({ path: file.path, reason: (error as Error).message });
    }
  }
  return result;
}

async function importOne(root: string, file: ImportFile): Promise<string> {
  const relPath = file.path.replace(/\\/g, '/').replace(/^\/+/, '');
  let segments: string[];
  try {
    segments = checkRelativePath(relPath);
  } catch {
    throw new Error('not a plain file name');
  }
  if (segments.some(isSkippedName)) throw new Error('hidden files and dependency folders are not sources');
  if (!sourceFormat(relPath)) throw new Error('not a format the library reads');
  const bytes = Buffer.from(file.data, 'base64');
  if (bytes.length > MAX_SOURCE_BYTES) throw new Error(`larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MB`);
  const target = await resolveInside(root, segments.join('/'));
  await mkdir(path.dirname(target), { recursive: true });
  const ext = path.extname(target);
  const stem = target.slice(0, target.length - ext.length);
  for (let n = 1; n <= MAX_NAME_TRIES; n++) {
    const candidate = n === 1 ? target : `${stem} (${n})${ext}`;
    try {
      // Whole or not at all, and only where no file is (exclusive): an existing source is never replaced.
      await writeFileAtomic(candidate, bytes, { exclusive: true });
      return path.relative(root, candidate).split(path.sep).join('/');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error('too many files of that name');
}
