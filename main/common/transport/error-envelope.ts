import { ApiError, type ApiErrorCode } from '../contract/api';

export interface PublicError {
  code: ApiErrorCode;
  message: string;
}

/** File-system failures a request can cause by what it asks for: the caller's error, not ours. */
const ERRNO: Record<string, { code: ApiErrorCode; message: string }> = {
  ENAMETOOLONG: { code: 'bad-request', message: 'the name is too long for the file system' },
  ENOENT: { code: 'not-found', message: 'no such file' },
  EEXIST: { code: 'conflict', message: 'a file of that name already exists' },
  ENOTDIR: { code: 'bad-request', message: 'a part of the path is not a folder' },
  EISDIR: { code: 'bad-request', message: 'that is a folder, not a file' },
  EINVAL: { code: 'bad-request', message: 'the file system refused the name' },
  EILSEQ: { code: 'bad-request', message: 'the file system refused the name' },
  EACCES: { code: 'forbidden', message: 'permission denied by the file system' },
  EPERM: { code: 'forbidden', message: 'permission denied by the file system' },
  EROFS: { code: 'forbidden', message: 'the folder is read-only' },
  ENOSPC: { code: 'internal', message: 'the disk is full' },
};

// An absolute POSIX or Windows path with at least one separator after the root ("/home/ann/x").
const ABSOLUTE_PATH = /(?<![\w.~:/-])(?:[A-Za-z]:[\\/]|\\\\|\/)(?:[^\s'"`<>|\\/]+[\\/])*[^\s'"`<>|\\/]*/g;

/** Removes absolute paths (where the user's files live, or where the code is installed) from a message. */
export function withoutAbsolutePaths(message: string): string {
  return message.replace(ABSOLUTE_PATH, (match) => (match.length <= 1 ? match : '(path)'));
}

/**
 * What a transport may tell the caller about a failure: a stable code and a message for people,
 * never a stack trace and never an absolute path. ApiErrors keep their code; file-system errors
 * get the code their errno means (ENAMETOOLONG is the caller's fault, so a 4xx); anything else is
 * `internal`, prefixed with the method's name.
 */
export function toPublicError(method: string, error: unknown): PublicError {
  if (error instanceof ApiError) return { code: error.code, message: withoutAbsolutePaths(error.message) };
  const errno = (error as { code?: unknown } | null)?.code;
  if (typeof errno === 'string' && ERRNO[errno]) return { ...ERRNO[errno]!, message: `${method}: ${ERRNO[errno]!.message}` };
  const message = error instanceof Error && error.message ? error.message : String(error);
  return { code: 'internal', message: `${method} failed: ${withoutAbsolutePaths(message)}` };
}
