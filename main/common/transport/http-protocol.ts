/**
 * The loopback HTTP transport, shared by the server and the renderer's client.
 *
 *   POST /api/<method>   body: JSON array of arguments → 200 {"result": …} | 4xx/5xx {"error": {code, message}}
 *   GET  /api/events     server-sent events, one JSON NotebookEvent per message
 *
 * Every request must carry the per-launch token: the `?token=` of the printed URL sets an
 * HttpOnly, SameSite=Strict cookie on the first page load, and the API also accepts the
 * token in the TOKEN_HEADER (for tests and the CLI).
 */
export const API_PREFIX = '/api/';
export const EVENTS_PATH = '/api/events';
export const TOKEN_COOKIE = 'sourcebook_token';
export const TOKEN_HEADER = 'x-sourcebook-token';

export const httpStatusFor = {
  'bad-request': 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  internal: 500,
} as const;
