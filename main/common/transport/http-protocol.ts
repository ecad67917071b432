/**
 * The loopback HTTP transport, shared by the server and the renderer's client.
 *
 *   POST /api/<method>   body: JSON array of arguments → 200 {"result": …} | 4xx/5xx {"error": {code, message}}
 *   GET  /api/events     server-sent events, one JSON NotebookEvent per message
 *
 *   GET  /open?link=sourcebook://…   the app's page, opened at that quote or source (deep links)
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

export const httpStatusFor = {
  'bad-request': 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  internal: 500,
} as const;
