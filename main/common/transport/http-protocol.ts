/**
 * The loopback HTTP transport, shared by the server and the renderer's client.
 *
 *   POST /api/<method>   body: JSON array of arguments → 200 {"result": …} | 4xx/5xx {"error": {code, message}}
 *   GET  /api/events     server-sent events, one JSON NotebookEvent per message
 *
 *   GET  /open?link=sourcebook://…   the app's page, opened at that quote or source (deep links)
 *
 * A result holding bytes (`{…, bytes: Uint8Array}`, a PDF for the reader) is not JSON: the bytes
 * are the body (application/octet-stream) and the rest of the result is JSON, URI-encoded, in
 * the BINARY_RESULT_HEADER. Base64 in JSON made a 2.6 MB book 3.4 MB and cost half a second to
 * decode in the page.
 *
 * Every API request (calls and events) carries the per-launch token in the TOKEN_HEADER and
 * nowhere else: there is no cookie, because cookies are not port-scoped and would reach every
 * other program listening on a loopback port. The page takes the token from the printed URL's
 * `?token=`, removes it from the address bar and keeps it for its tab (renderer/src/api/page-token.ts).
 */
export const API_PREFIX = '/api/';
export const EVENTS_PATH = '/api/events';
export const OPEN_PATH = '/open';
export const TOKEN_HEADER = 'x-sourcebook-token';
export const BINARY_RESULT_HEADER = 'x-sourcebook-result';

/** A result that travels as raw bytes: an object with a `bytes` Uint8Array. */
export function binaryResult(result: unknown): { bytes: Uint8Array; rest: Record<string, unknown> } | null {
  if (typeof result !== 'object' || result === null || !((result as { bytes?: unknown }).bytes instanceof Uint8Array)) return null;
  const { bytes, ...rest } = result as { bytes: Uint8Array };
  return { bytes, rest };
}

export const httpStatusFor = {
  'bad-request': 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  internal: 500,
} as const;
