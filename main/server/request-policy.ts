import { API_PREFIX, TOKEN_HEADER } from '../common/transport/http-protocol';

export interface RequestFacts {
  method: string;
  /** Path and query as received, e.g. "/api/search" or "/?token=…". */
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

export type RequestVerdict =
  | { allow: true; kind: 'api' | 'page' }
  | { allow: false; status: 400 | 403 | 405 | 421; reason: string; kind: 'api' | 'page' };

const header = (h: RequestFacts['headers'], name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Length-independent comparison, so the token cannot be guessed a character at a time. */
function sameToken(a: string | null | undefined, b: string): boolean {
  if (typeof a !== 'string' || a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Decides whether the loopback server answers a request. Only this machine's loopback names on
 * our port (no DNS rebinding). The renderer's own files (the page, its script and stylesheet)
 * hold no user data and are served to any such request, so a link into the app works from
 * anywhere. The API (calls and events) needs our own origin (no cross-site calls from a page
 * the user happens to visit) and this launch's token **in the TOKEN_HEADER, and nowhere else**:
 * never a cookie (cookies are not port-scoped, so one would reach every other program on a
 * loopback port, and a page on another port could shadow it), never the query string.
 */
export function checkRequest(req: RequestFacts, expected: { token: string; port: number }): RequestVerdict {
  let url: URL;
  try {
    url = new URL(req.url, 'http://127.0.0.1');
  } catch {
    return { allow: false, status: 400, reason: 'malformed URL', kind: 'page' };
  }
  const kind = url.pathname.startsWith(API_PREFIX) ? 'api' : 'page';
  const host = header(req.headers, 'host');
  const allowedHosts = [`127.0.0.1:${expected.port}`, `localhost:${expected.port}`, `[::1]:${expected.port}`];
  if (!host || !allowedHosts.includes(host.toLowerCase())) return { allow: false, status: 421, reason: 'unexpected Host', kind };

  if (kind === 'page') {
    if (req.method !== 'GET' && req.method !== 'HEAD') return { allow: false, status: 405, reason: 'the page is only read (GET)', kind };
    return { allow: true, kind };
  }
  const origin = header(req.headers, 'origin');
  if (origin !== undefined && !allowedHosts.map((h) => `http://${h}`).includes(origin.toLowerCase())) {
    return { allow: false, status: 403, reason: 'cross-origin request', kind };
  }
  const site = header(req.headers, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return { allow: false, status: 403, reason: 'cross-site request', kind };
  if (sameToken(header(req.headers, TOKEN_HEADER), expected.token)) return { allow: true, kind };
  return {
    allow: false, status: 403, kind,
    reason: header(req.headers, TOKEN_HEADER) === undefined
      ? 'this page has no key for this Sourcebook server: open the address `sourcebook serve` printed (it ends in ?token=…)'
      : 'wrong key for this Sourcebook server (it changes at every launch): open the address `sourcebook serve` printed this time',
  };
}
