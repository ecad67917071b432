import path from 'node:path';
import { APP_HOST, APP_SCHEME, parseUrl } from './app-origin';
import { mimeTypeFor } from './mime-types';

/** Where an `app://sourcebook/…` request leads: a file inside the renderer folder, or a refusal. */
export type AppRequestResolution =
  | { readonly ok: true; readonly filePath: string; readonly mimeType: string }
  | { readonly ok: false; readonly status: 400 | 403 | 404 | 405; readonly reason: string };

const READ_METHODS = new Set(['GET', 'HEAD']);
// After percent-decoding, a segment may hold none of these: separators (an encoded `/` or `\` would
// smuggle a `..` past the URL parser), NUL and other control characters, and `:` (Windows drive
// letters and NTFS alternate data streams such as `index.html::$DATA`) and `%` (a name that still
// holds an escape after one decoding is a double-encoding trick; the build never makes one).
const FORBIDDEN_IN_SEGMENT = /[/\\:%\u0000-\u001f\u007f]/u;
const MAX_SEGMENTS = 32;

/**
 * The custom protocol's path policy: maps `app://sourcebook/<path>` to a file under `rendererRoot`
 * (the built `out/renderer` folder) or refuses it. `/` means `index.html`. The query and fragment
 * are ignored (they never take part in choosing the file). Refused: other schemes and hosts,
 * credentials or ports, methods other than GET/HEAD, `.`/`..` segments however encoded, encoded
 * slashes and backslashes, NUL, drive letters, dot-files, and anything that would resolve outside
 * `rendererRoot`. Pure: it does not touch the disk (the handler also checks symlinks with realpath).
 */
export function resolveAppRequest(rawUrl: unknown, rendererRoot: string, method = 'GET'): AppRequestResolution {
  if (!READ_METHODS.has(method.toUpperCase())) return refuse(405, `method ${method} is not allowed`);
  const url = parseUrl(rawUrl);
  if (!url) return refuse(400, 'not a valid URL');
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname.toLowerCase() !== APP_HOST) return refuse(403, 'not our origin');
  if (url.port !== '' || url.username !== '' || url.password !== '') return refuse(403, 'not our origin');

  const rawSegments = url.pathname.split('/').slice(1);
  if (rawSegments.length === 1 && rawSegments[0] === '') rawSegments[0] = 'index.html';
  if (rawSegments.length > MAX_SEGMENTS) return refuse(400, 'path too deep');

  const segments: string[] = [];
  for (const raw of rawSegments) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return refuse(400, 'malformed percent-encoding');
    }
    if (segment === '') return refuse(404, 'empty path segment (directories are not listed)');
    if (segment === '.' || segment === '..') return refuse(403, 'dot segments are not allowed');
    if (FORBIDDEN_IN_SEGMENT.test(segment)) return refuse(403, 'forbidden character in path');
    if (segment.startsWith('.')) return refuse(404, 'hidden files are not served');
    segments.push(segment);
  }

  const root = path.resolve(rendererRoot);
  const filePath = path.resolve(root, ...segments);
  if (!isInside(root, filePath)) return refuse(403, 'path escapes the renderer folder');
  return { ok: true, filePath, mimeType: mimeTypeFor(filePath) };
}

/** True when `candidate` is `root` itself or lies below it (both absolute and normalised). */
export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

function refuse(status: 400 | 403 | 404 | 405, reason: string): AppRequestResolution {
  return { ok: false, status, reason };
}
