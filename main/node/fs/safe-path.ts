/**
 * Paths that come from outside (the renderer, HTTP, the command line, a file name in a note)
 * are resolved against a root folder and refused if they could leave it.
 *
 * Two layers: `checkRelativePath` is a pure policy on the string (no `..`, no absolute or
 * drive-letter paths, no backslashes, no NUL or control characters), and `resolveInside` adds
 * the file-system check that a symlink on the way does not lead out of the root.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';

export type PathRefusal =
  | 'empty' | 'too-long' | 'nul' | 'control-character' | 'backslash' | 'absolute' | 'drive-letter'
  | 'dot-segment' | 'empty-segment' | 'outside-root';

/** A path that was refused; `reason` is stable, `message` is for people. */
export class PathEscapeError extends Error {
  constructor(readonly reason: PathRefusal, readonly input: string, detail: string) {
    super(`refused path ${JSON.stringify(input.length > 200 ? input.slice(0, 200) + '…' : input)}: ${detail}`);
    this.name = 'PathEscapeError';
  }
}

const MAX_PATH_LENGTH = 4096;

/**
 * The policy on the string alone: returns the path's segments, or throws PathEscapeError.
 * Accepted: relative POSIX paths whose segments are plain names (`notes/Idea.md`).
 */
export function checkRelativePath(relPath: string): string[] {
  const refuse = (reason: PathRefusal, detail: string): never => {
    throw new PathEscapeError(reason, relPath, detail);
  };
  if (typeof relPath !== 'string' || relPath.length === 0) refuse('empty', 'the path is empty');
  if (relPath.length > MAX_PATH_LENGTH) refuse('too-long', `the path is longer than ${MAX_PATH_LENGTH} characters`);
  if (relPath.includes('\0')) refuse('nul', 'the path contains a NUL character');
  if (/[\u0001-\u001f\u007f]/.test(relPath)) refuse('control-character', 'the path contains a control character');
  if (relPath.includes('\\')) refuse('backslash', 'backslashes are not path separators here; use "/"');
  if (/^[a-zA-Z]:/.test(relPath)) refuse('drive-letter', 'the path names a drive');
  if (relPath.startsWith('/')) refuse('absolute', 'the path is absolute');
  const segments = relPath.split('/');
  for (const segment of segments) {
    if (segment === '..' || segment === '.') refuse('dot-segment', `"${segment}" segments are not allowed`);
    if (segment === '') refuse('empty-segment', 'the path has an empty segment ("//" or a trailing "/")');
    if (/^[a-zA-Z]:/.test(segment)) refuse('drive-letter', 'a segment starts like a drive name ("C:")');
  }
  return segments;
}

/** True when `child` is `parent` or lies below it (both absolute and normalised). */
export function isWithin(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  // "..notes" is a name below `parent`; only ".." itself (alone or as the first segment) leaves it.
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * Resolves `relPath` inside `root` and returns the absolute path (under the root's real path).
 * Refuses, with PathEscapeError, any path the policy rejects and any path whose nearest
 * existing ancestor (or the target itself, if it is a symlink) really lies outside the root.
 * The target need not exist.
 */
export async function resolveInside(root: string, relPath: string): Promise<string> {
  const segments = checkRelativePath(relPath);
  const realRoot = await fsp.realpath(root);
  const target = path.join(realRoot, ...segments);
  if (!isWithin(realRoot, target)) throw new PathEscapeError('outside-root', relPath, 'the path leaves its folder');

  // Walk up to the nearest existing ancestor and check where it really is: a symlinked
  // folder on the way would otherwise lead out of the root.
  let probe = target;
  for (;;) {
    try {
      const real = await fsp.realpath(probe);
      if (!isWithin(realRoot, real)) throw new PathEscapeError('outside-root', relPath, 'a symbolic link on the way leads out of the folder');
      break;
    } catch (err) {
      if (err instanceof PathEscapeError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      // A dangling symlink: realpath fails, but the link itself exists and must not be followed.
      const link = await fsp.lstat(probe).catch(() => null);
      if (link?.isSymbolicLink()) throw new PathEscapeError('outside-root', relPath, 'the path is a symbolic link to something that does not exist');
      const parent = path.dirname(probe);
      if (parent === probe) break;
      probe = parent;
    }
  }
  return target;
}
